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

export default async function setup(): Promise<void> {
  const explicit = process.env.AIOPS_KAFKA_BROKERS !== undefined || process.env.AIOPS_CLICKHOUSE_URL !== undefined;
  const brokers = process.env.AIOPS_KAFKA_BROKERS ?? `127.0.0.1:${process.env.AIOPS_KAFKA_PORT ?? '9092'}`;
  const chUrl = process.env.AIOPS_CLICKHOUSE_URL ?? `http://127.0.0.1:${process.env.AIOPS_CLICKHOUSE_HTTP_PORT ?? '8123'}`;
  const firstBroker = brokers.split(',')[0] ?? brokers;

  let kafkaUp = await tcpReachable(firstBroker);
  let chUp = await clickhouseReachable(chUrl);
  if ((!kafkaUp || !chUp) && !explicit) {
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
