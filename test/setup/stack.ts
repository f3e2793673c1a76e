/**
 * Global setup of the integration project: find a real Kafka and a real ClickHouse, or start the local
 * stack (deploy/local), or fail with a message that says how to start them. Never a silent skip.
 */
import { execFileSync } from 'node:child_process';
import { connect } from 'node:net';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');

function tcpReachable(hostPort: string, timeoutMs = 1500): Promise<boolean> {
  const idx = hostPort.lastIndexOf(':');
  const host = hostPort.slice(0, idx) || '127.0.0.1';
  const port = Number(hostPort.slice(idx + 1));
  return new Promise((res) => {
    const s = connect({ host, port });
    const done = (ok: boolean) => {
      s.destroy();
      res(ok);
    };
    s.setTimeout(timeoutMs, () => done(false));
    s.once('connect', () => done(true));
    s.once('error', () => done(false));
  });
}

async function clickhouseReachable(url: string): Promise<boolean> {
  try {
    const r = await fetch(new URL('/ping', url), { signal: AbortSignal.timeout(2000) });
    return r.ok;
  } catch {
    return false;
  }
}

export default async function setup(): Promise<void | (() => Promise<void>)> {
  const explicit = process.env.AIOPS_KAFKA_BROKERS !== undefined || process.env.AIOPS_CLICKHOUSE_URL !== undefined;
  const brokers = process.env.AIOPS_KAFKA_BROKERS ?? `127.0.0.1:${process.env.AIOPS_KAFKA_PORT ?? '9092'}`;
  const chUrl = process.env.AIOPS_CLICKHOUSE_URL ?? `http://127.0.0.1:${process.env.AIOPS_CLICKHOUSE_HTTP_PORT ?? '8123'}`;
  const firstBroker = brokers.split(',')[0] ?? brokers;

  let kafkaUp = await tcpReachable(firstBroker);
  let chUp = await clickhouseReachable(chUrl);
  if ((!kafkaUp || !chUp) && !explicit) {
    if (dockerEngineAvailable()) {
      // Where a Docker engine exists, testcontainers provides the same servers (never on our CI machines).
      const started = await startContainers();
      process.env.AIOPS_KAFKA_BROKERS = started.brokers;
      process.env.AIOPS_CLICKHOUSE_URL = started.clickhouseUrl;
      return started.stop;
    }
    // Start the local stack (idempotent). It needs `npm run stack:install` to have run once.
    try {
      execFileSync('bash', [resolve(root, 'deploy/local/up.sh')], { stdio: 'inherit', cwd: root });
    } catch {
      // fall through to the clear error below
    }
    kafkaUp = await tcpReachable(firstBroker);
    chUp = await clickhouseReachable(chUrl);
  }
  const missing: string[] = [];
  if (!kafkaUp) missing.push(`Kafka at ${brokers}`);
  if (!chUp) missing.push(`ClickHouse at ${chUrl}`);
  if (missing.length > 0) {
    throw new Error(
      `integration tests need a real ${missing.join(' and ')}, which did not answer.\n` +
        `Start the local stack with:  npm run stack:install && npm run stack:up\n` +
        `or point the tests at running servers with AIOPS_KAFKA_BROKERS=host:port and AIOPS_CLICKHOUSE_URL=http://host:port`,
    );
  }
  process.env.AIOPS_KAFKA_BROKERS = brokers;
  process.env.AIOPS_CLICKHOUSE_URL = chUrl;
}

function dockerEngineAvailable(): boolean {
  try {
    execFileSync('docker', ['info', '--format', '{{.ServerVersion}}'], { stdio: 'pipe', timeout: 5000 });
    return true;
  } catch {
    return false;
  }
}

async function startContainers(): Promise<{ brokers: string; clickhouseUrl: string; stop: () => Promise<void> }> {
  const { GenericContainer, Wait } = await import('testcontainers');
  const kafkaPort = 19092;
  const kafka = await new GenericContainer('apache/kafka:4.1.1')
    .withExposedPorts({ container: kafkaPort, host: kafkaPort })
    .withEnvironment({
      KAFKA_NODE_ID: '1',
      KAFKA_PROCESS_ROLES: 'broker,controller',
      KAFKA_LISTENERS: `PLAINTEXT://:${kafkaPort},CONTROLLER://:9093`,
      KAFKA_ADVERTISED_LISTENERS: `PLAINTEXT://127.0.0.1:${kafkaPort}`,
      KAFKA_CONTROLLER_LISTENER_NAMES: 'CONTROLLER',
      KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: 'CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
      KAFKA_CONTROLLER_QUORUM_VOTERS: '1@localhost:9093',
      KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: '1',
      KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: '1',
      KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: '1',
      KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: '0',
      KAFKA_AUTO_CREATE_TOPICS_ENABLE: 'false',
    })
    .withWaitStrategy(Wait.forLogMessage(/Kafka Server started/))
    .start();
  const ch = await new GenericContainer(process.env.AIOPS_CLICKHOUSE_IMAGE ?? 'clickhouse/clickhouse-server:24.8')
    .withExposedPorts(8123)
    .withWaitStrategy(Wait.forHttp('/ping', 8123))
    .start();
  return {
    brokers: `127.0.0.1:${kafkaPort}`,
    clickhouseUrl: `http://${ch.getHost()}:${ch.getMappedPort(8123)}`,
    stop: async () => {
      await Promise.allSettled([kafka.stop(), ch.stop()]);
    },
  };
}
