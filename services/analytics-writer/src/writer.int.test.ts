import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { clickhouseConfig, createClickHouse, type ClickHouse } from '@aiops/clickhouse';
import { createKafkaClient, kafkaConfig, type ConsumedBatch, type DlqEntry, type KafkaClient, type Producer } from '@aiops/kafka';
import type { Alert, Event } from '@aiops/model';
import { silentTelemetry } from '@aiops/telemetry';
import { stackEnv, uniqueName, waitFor } from '@aiops/testkit';
import { buildApp } from './app.js';
import { serviceConfig } from './config.js';
import { createTableWriter } from './writer.js';

const ns = uniqueName('aw');
const db = `${ns}_db`;
let kafka: KafkaClient;
let producer: Producer;
let ch: ClickHouse;
let app: ReturnType<typeof buildApp>;

const t0 = Date.UTC(2026, 10, 20, 8, 0, 0);

function event(i: number): Event {
  return {
    id: `ev-${i}`,
    source: 'test',
    fingerprint: `fp-${i % 7}`,
    status: 'firing',
    severity: 'major',
    title: `it's "quoted" \\ ${i}`,
    description: 'line1\nline2',
    labels: { alertname: 'A', i: String(i) },
    annotations: {},
    resource: { host: `h-${i % 3}`, service: 'shop' },
    occurredAt: t0 + i * 1000,
    receivedAt: t0 + i * 1000 + 5,
  };
}

function alert(fp: string, version: number, count: number): Alert {
  return {
    id: `al-${fp}`,
    fingerprint: fp,
    source: 'test',
    status: 'firing',
    severity: 'major',
    title: 'Disk full',
    description: '',
    labels: {},
    annotations: {},
    resource: {},
    firstSeen: t0,
    lastSeen: t0 + version * 1000,
    count,
    episode: 1,
    flapping: false,
    suppressedBy: null,
    ci: { id: 'db-1', method: 'hostname' },
    service: 'shop',
    domain: 'shop',
    template: 'Disk full',
    change: version === 1 ? 'opened' : 'repeated',
    lastEventId: `ev-${version}`,
    version,
    at: t0 + version * 1000,
  };
}

beforeAll(async () => {
  const env = stackEnv();
  const config = serviceConfig.parse({
    kafka: { brokers: env.kafkaBrokers, namespace: ns, partitions: 3 },
    clickhouse: { url: env.clickhouseUrl, database: db },
    http: { port: 0 },
    writer: { maxDelayMs: 200 },
  });
  kafka = createKafkaClient(kafkaConfig.parse({ brokers: env.kafkaBrokers, namespace: ns, partitions: 3 }), silentTelemetry('aw-test'));
  await kafka.ensureTopics();
  producer = await kafka.producer();
  ch = createClickHouse(clickhouseConfig.parse({ url: env.clickhouseUrl, database: db }), silentTelemetry('aw-test-ch'));
  app = buildApp(config, { telemetry: silentTelemetry('analytics-writer') });
  await app.start();
});

afterAll(async () => {
  await app?.stop();
  await producer?.disconnect();
  await kafka?.close();
  await ch?.exec(`DROP DATABASE IF EXISTS ${db}`).catch(() => undefined);
  await ch?.close();
});

describe('analytics-writer on real Kafka and ClickHouse', () => {
  it('stores events and alert changes, counts a replayed record once, and sends poison records to the DLQ', async () => {
    const events = Array.from({ length: 300 }, (_, i) => event(i));
    const records = events.map((e) => ({ topic: kafka.topics.events, key: e.fingerprint, value: JSON.stringify(e) }));
    await producer.send(records);
    await producer.send(records.slice(0, 100)); // a replay of the first 100
    await producer.send([
      { topic: kafka.topics.events, key: 'x', value: '{not json' },
      { topic: kafka.topics.events, key: 'x', value: JSON.stringify({ ...event(999), severity: 'catastrophic' }) },
    ]);
    const alerts = [alert('fp-a', 1, 1), alert('fp-a', 2, 2), alert('fp-a', 3, 3), alert('fp-b', 1, 1)];
    await producer.send(alerts.map((a) => ({ topic: kafka.topics.alerts, key: a.domain, value: JSON.stringify(a) })));
    await producer.send([{ topic: kafka.topics.alerts, key: 'shop', value: JSON.stringify(alerts[2]) }]); // replayed state change

    const n = await waitFor('300 distinct events', async () => {
      const r = await ch.query<{ n: string; rows: string }>('SELECT uniqExact(id) AS n, count() AS rows FROM events');
      return Number(r[0]?.rows) >= 400 ? r[0] : undefined;
    }, 30_000);
    expect(Number(n.n)).toBe(300);
    const ev = await ch.query<{ title: string; description: string; host: string }>("SELECT title, description, host FROM events FINAL WHERE id = 'ev-5'");
    expect(ev).toEqual([{ title: `it's "quoted" \\ 5`, description: 'line1\nline2', host: 'h-2' }]);

    const latest = await waitFor('alert changes', async () => {
      const r = await ch.query<{ fingerprint: string; c: number; v: number }>(
        'SELECT fingerprint, argMax(count, version) AS c, max(version) AS v FROM alerts GROUP BY fingerprint ORDER BY fingerprint',
      );
      return r.length === 2 && Number(r[0]?.v) === 3 ? r : undefined;
    }, 30_000);
    expect(latest.map((r) => [r.fingerprint, Number(r.c)])).toEqual([
      ['fp-a', 3],
      ['fp-b', 1],
    ]);
    const changes = await ch.query<{ n: string }>("SELECT count() AS n FROM alerts FINAL WHERE fingerprint = 'fp-a'");
    expect(Number(changes[0]?.n)).toBe(3);

    // the two poison records are on the DLQ topic with stage analytics-writer, and land in the dlq table too
    const dlq = await waitFor('dlq rows', async () => {
      const r = await ch.query<{ stage: string; error_code: string; payload: string; origin_topic: string }>(
        "SELECT stage, error_code, payload, origin_topic FROM dlq FINAL WHERE stage = 'analytics-writer' ORDER BY error_code",
      );
      return r.length === 2 ? r : undefined;
    }, 30_000);
    expect(dlq.map((d) => d.error_code)).toEqual(['AIOPS_ERR_DECODE_JSON', 'AIOPS_ERR_DECODE_SCHEMA']);
    expect(dlq[0]?.payload).toBe('{not json');
    expect(dlq[0]?.origin_topic).toBe(kafka.topics.events);

    // offsets are committed once the rows are stored
    const groupId = `${ns}.analytics-writer`;
    await waitFor('committed offsets at the end of the events topic', async () => {
      const ends = await kafka.topicOffsets(kafka.topics.events);
      const committed = await kafka.groupOffsets(groupId, kafka.topics.events);
      return ends.every((e) => committed.find((c) => c.partition === e.partition)?.offset === e.high) ? true : undefined;
    }, 30_000);
  });
});

describe('the other pipeline topics', () => {
  it('stores incidents (latest version wins), CMDB items and their tombstones, changes and groups', async () => {
    const inc = (version: number, state: string) => ({
      id: 'inc-1', number: 'INC-1', version, origin: 'monitoring', groupId: null, title: 'Disk full', description: '', state, severity: 'major', impact: 'medium',
      urgency: 'medium', priority: 'P2', priorityReason: 'm', major: false, category: 'disk', subcategory: null, categoryConfidence: null, categoryApplied: true,
      assignmentGroup: 'dba', assignee: null, affectedCis: ['db-1'], affectedServices: ['shop'], rootCauseCi: 'db-1', alertIds: ['a'], problemId: null,
      detectedAt: t0, occurredAt: t0, updatedAt: t0 + version, reassignments: 0, reopenCount: 0,
    });
    await producer.send([
      { topic: kafka.topics.incidents, key: 'inc-1', value: JSON.stringify(inc(2, 'acknowledged')) },
      { topic: kafka.topics.incidents, key: 'inc-1', value: JSON.stringify(inc(1, 'new')) },
      { topic: kafka.topics.cmdb, key: 'app-1', value: JSON.stringify({ id: 'app-1', name: 'app-1', type: 'application', relations: [{ type: 'depends_on', target: 'db-1' }] }) },
      { topic: kafka.topics.cmdb, key: 'old-1', value: JSON.stringify({ id: 'old-1', name: 'old-1', type: 'host' }) },
      { topic: kafka.topics.cmdb, key: 'old-1', value: null },
      { topic: kafka.topics.changes, key: 'chg-1', value: JSON.stringify({ id: 'chg-1', ciId: 'db-1', startedAt: t0 }) },
      {
        topic: kafka.topics.groups, key: 'g-1',
        value: JSON.stringify({ id: 'g-1', domain: 'shop', status: 'open', change: 'opened', version: 1, openedAt: t0, updatedAt: t0, members: [], rootCause: null, candidates: [], services: ['shop'], cis: [], maxSeverity: 'major', firingCount: 0 }),
      },
    ]);
    const inc1 = await waitFor('the incident', async () => {
      const r = await ch.query<{ state: string; version: number }>("SELECT state, version FROM incidents FINAL WHERE id = 'inc-1'");
      return r.length === 1 && r[0]?.version === 2 ? r : undefined;
    }, 30_000);
    expect(inc1[0]?.state).toBe('acknowledged');
    const cmdb = await waitFor('the CMDB rows', async () => {
      const r = await ch.query<{ id: string; deleted: number; depends_on: string[] }>('SELECT id, deleted, depends_on FROM cmdb FINAL ORDER BY id');
      return r.length === 2 && r[1]?.deleted === 1 ? r : undefined;
    }, 30_000);
    expect(cmdb).toEqual([
      { id: 'app-1', deleted: 0, depends_on: ['db-1'] },
      { id: 'old-1', deleted: 1, depends_on: [] },
    ]);
    await waitFor('the change and the group', async () => {
      const c = await ch.query<{ n: string }>("SELECT count() AS n FROM changes FINAL WHERE id = 'chg-1'");
      const g = await ch.query<{ n: string }>("SELECT count() AS n FROM groups FINAL WHERE id = 'g-1'");
      return Number(c[0]?.n) === 1 && Number(g[0]?.n) === 1 ? true : undefined;
    }, 30_000);
  });
});

describe('createTableWriter isolates rows the server refuses', () => {
  it('bisects a refused insert: good rows are stored, bad ones go to the DLQ with their bytes', async () => {
    await ch.exec(`CREATE TABLE IF NOT EXISTS ${db}.nums (id String, n UInt32) ENGINE = ReplacingMergeTree() ORDER BY id`);
    const Rec = z.object({ id: z.string(), n: z.number() });
    const dlqd: DlqEntry[] = [];
    const writer = createTableWriter({
      ch,
      bindings: [{ topic: 'events', table: 'nums', schema: Rec, toRow: (r) => ({ id: (r as z.output<typeof Rec>).id, n: (r as z.output<typeof Rec>).n }) }],
      topicOf: () => 'nums-topic',
      dlq: { write: async (entries) => void dlqd.push(...entries) },
      telemetry: silentTelemetry('tw'),
      maxRows: 1000,
      maxDelayMs: 50,
    });
    const values = Array.from({ length: 40 }, (_, i) => JSON.stringify({ id: `r${i}`, n: i === 7 || i === 31 ? -1 : i }));
    const batch: ConsumedBatch = {
      topic: 'nums-topic',
      partition: 0,
      highWatermark: '40',
      heartbeat: async () => undefined,
      isStale: () => false,
      records: values.map((v, i) => ({ topic: 'nums-topic', partition: 0, offset: String(i), key: null, value: Buffer.from(v), headers: {}, timestamp: 0 })),
    };
    await writer.handle(batch);
    const stored = await ch.query<{ n: string }>('SELECT count() AS n FROM nums');
    expect(Number(stored[0]?.n)).toBe(38);
    expect(dlqd.map((d) => [d.errorCode, String(d.payload), d.origin?.offset])).toEqual([
      ['AIOPS_ERR_CLICKHOUSE_REJECTED', values[7], '7'],
      ['AIOPS_ERR_CLICKHOUSE_REJECTED', values[31], '31'],
    ]);
  });
});
