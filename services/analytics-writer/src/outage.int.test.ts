/**
 * ClickHouse goes away mid-stream and comes back: nothing is lost, nothing is counted twice.
 *
 * The shared ClickHouse at :8123 is used by everyone, so it is not stopped: a TCP proxy in front of it is
 * cut instead (listener closed, every open connection destroyed), which is what the writer sees when the
 * server dies: refused and reset connections. While it is cut the writer's handler fails, the consumer
 * retries the same batch with backoff and commits nothing (it fetches nothing new, so memory stays bounded).
 */
import { createServer, connect, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clickhouseConfig, createClickHouse, type ClickHouse } from '@aiops/clickhouse';
import { createKafkaClient, kafkaConfig, type KafkaClient, type Producer } from '@aiops/kafka';
import type { Event } from '@aiops/model';
import { silentTelemetry } from '@aiops/telemetry';
import { freePort, stackEnv, uniqueName, waitFor } from '@aiops/testkit';
import { buildApp } from './app.js';
import { serviceConfig } from './config.js';

/** createCutProxy forwards a local port to a target; cut() makes the target unreachable, restore() brings it back. */
function createCutProxy(port: number, target: URL) {
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  const listen = () =>
    new Promise<void>((res, rej) => {
      server = createServer((client) => {
        const upstream = connect({ host: target.hostname, port: Number(target.port) });
        for (const s of [client, upstream]) {
          sockets.add(s);
          s.on('close', () => sockets.delete(s));
          s.on('error', () => s.destroy());
        }
        client.pipe(upstream).pipe(client);
      });
      server.once('error', rej);
      server.listen(port, '127.0.0.1', () => res());
    });
  return {
    listen,
    async cut() {
      await new Promise<void>((res) => {
        server?.close(() => res());
        for (const s of sockets) s.destroy();
      });
    },
    restore: listen,
  };
}

const ns = uniqueName('awout');
const db = `${ns}_db`;
let kafka: KafkaClient;
let producer: Producer;
let ch: ClickHouse;
let app: ReturnType<typeof buildApp>;
let proxy: ReturnType<typeof createCutProxy>;
const t0 = Date.UTC(2026, 10, 21, 0, 0, 0);

function event(i: number): Event {
  return { id: `ev-${i}`, source: 'test', fingerprint: `fp-${i % 11}`, status: 'firing', severity: 'minor', title: `e ${i}`, description: '', labels: {}, annotations: {}, resource: { service: `s${i % 3}` }, occurredAt: t0 + i, receivedAt: t0 + i };
}

async function send(from: number, to: number): Promise<void> {
  const recs = [];
  for (let i = from; i < to; i++) recs.push({ topic: kafka.topics.events, key: `fp-${i % 11}`, value: JSON.stringify(event(i)) });
  await producer.send(recs);
}

const distinct = async () => Number((await ch.query<{ n: string }>('SELECT uniqExact(id) AS n FROM events'))[0]?.n ?? 0);

beforeAll(async () => {
  const env = stackEnv();
  const port = await freePort();
  proxy = createCutProxy(port, new URL(env.clickhouseUrl));
  await proxy.listen();
  kafka = createKafkaClient(kafkaConfig.parse({ brokers: env.kafkaBrokers, namespace: ns, partitions: 3 }), silentTelemetry('out'));
  await kafka.ensureTopics();
  producer = await kafka.producer();
  ch = createClickHouse(clickhouseConfig.parse({ url: env.clickhouseUrl, database: db }), silentTelemetry('out-ch'));
  const config = serviceConfig.parse({
    kafka: { brokers: env.kafkaBrokers, namespace: ns, partitions: 3 },
    clickhouse: { url: `http://127.0.0.1:${port}`, database: db, requestTimeoutMs: 3000 },
    http: { port: 0 },
    writer: { maxRows: 200, maxDelayMs: 100, retryBackoffMs: 200, maxRetryBackoffMs: 1000 },
  });
  app = buildApp(config, { telemetry: silentTelemetry('analytics-writer') });
  await app.start();
});

afterAll(async () => {
  await proxy?.restore().catch(() => undefined);
  await app?.stop();
  await producer?.disconnect();
  await kafka?.close();
  await ch?.exec(`DROP DATABASE IF EXISTS ${db}`).catch(() => undefined);
  await ch?.close();
});

describe('analytics-writer through a ClickHouse outage', () => {
  it('pauses without committing while ClickHouse is unreachable, then stores every record exactly once', async () => {
    await send(0, 1000);
    await waitFor('the first 1000 events', async () => ((await distinct()) === 1000 ? true : undefined), 30_000);

    await proxy.cut();
    await send(1000, 3000);
    await new Promise((r) => setTimeout(r, 3000)); // the writer retries against a dead server meanwhile
    expect(await distinct()).toBe(1000);
    const ends = await kafka.topicOffsets(kafka.topics.events);
    const committed = await kafka.groupOffsets(`${ns}.analytics-writer`, kafka.topics.events);
    const behind = ends.reduce((s, e) => s + (Number(e.high) - Number(committed.find((c) => c.partition === e.partition)?.offset ?? 0)), 0);
    expect(behind).toBeGreaterThan(0); // nothing committed for what was not stored

    await proxy.restore();
    await waitFor('all 3000 events after the restart', async () => ((await distinct()) === 3000 ? true : undefined), 45_000);
    // replayed batches may add duplicate rows before merges; the reports' FINAL / uniqExact count each once
    const r = await ch.query<{ n: string }>('SELECT count() AS n FROM events FINAL');
    expect(Number(r[0]?.n)).toBe(3000);
    await waitFor('offsets committed to the end', async () => {
      const e = await kafka.topicOffsets(kafka.topics.events);
      const c = await kafka.groupOffsets(`${ns}.analytics-writer`, kafka.topics.events);
      return e.every((x) => c.find((y) => y.partition === x.partition)?.offset === x.high) ? true : undefined;
    }, 30_000);
  });
});
