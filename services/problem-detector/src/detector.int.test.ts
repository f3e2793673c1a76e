import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clickhouseConfig, createClickHouse, type ClickHouse } from '@aiops/clickhouse';
import { createKafkaClient, kafkaConfig, type KafkaClient, type Producer } from '@aiops/kafka';
import { IncidentCommand, Problem } from '@aiops/model';
import { ManualClock } from '@aiops/pipeline';
import { applyProblemAction } from '@aiops/problems';
import { silentTelemetry } from '@aiops/telemetry';
import { stackEnv, uniqueName } from '@aiops/testkit';
import { buildApp } from './app.js';
import { serviceConfig } from './config.js';

const ns = uniqueName('pd');
const db = `${ns}_db`;
const H = 3_600_000;
const D = 24 * H;
const NOW = Date.UTC(2026, 10, 20, 12, 0, 0);
const clock = new ManualClock(NOW);
let kafka: KafkaClient;
let producer: Producer;
let ch: ClickHouse;
let app: ReturnType<typeof buildApp>;

function incidentRow(id: string, at: number, ci: string, category: string, title: string, problemId = '') {
  return { id, version: 3, number: `INC-${id}`, title, template: title, state: 'resolved', category, service: `svc-${ci}`, services: [`svc-${ci}`], ci, cis: [ci], problem_id: problemId, detected_at: Math.floor(at / 1000), detected_ms: at, payload: '{}' };
}

async function problemsOnTopic(): Promise<Problem[]> {
  return (await kafka.readAll(kafka.topics.problems)).map((r) => Problem.parse(JSON.parse(r.value!.toString())));
}

beforeAll(async () => {
  const env = stackEnv();
  kafka = createKafkaClient(kafkaConfig.parse({ brokers: env.kafkaBrokers, namespace: ns, partitions: 2 }), silentTelemetry('pd-test'));
  await kafka.ensureTopics();
  producer = await kafka.producer();
  ch = createClickHouse(clickhouseConfig.parse({ url: env.clickhouseUrl, database: db }), silentTelemetry('pd-ch'));
  const config = serviceConfig.parse({ kafka: { brokers: env.kafkaBrokers, namespace: ns, partitions: 2 }, clickhouse: { url: env.clickhouseUrl, database: db }, http: { port: 0 } });
  app = buildApp(config, { telemetry: silentTelemetry('problem-detector'), clock });
  await app.start({ schedule: false }); // applies the migrations
});

afterAll(async () => {
  await app?.stop();
  await producer?.disconnect();
  await kafka?.close();
  await ch?.exec(`DROP DATABASE IF EXISTS ${db}`).catch(() => undefined);
  await ch?.close();
});

describe('problem-detector on real ClickHouse and Kafka', () => {
  it('finds nothing in unrelated incidents', async () => {
    await ch.insert('incidents', ['cert expired', 'queue backlog', 'cron missed', 'replica lag'].map((t, i) => incidentRow(`n${i}`, NOW - (i + 1) * 10 * H, `ci-${i}`, 'app', t)));
    expect((await app.runOnce()).problems).toEqual([]);
  });

  it('publishes a recurring problem and a change-correlated one once, even on re-runs', async () => {
    await ch.insert('incidents', [1, 2, 3].map((d) => incidentRow(`r${d}`, NOW - d * D, 'db-1', 'disk', `Disk /var ${90 + d}% full on db-1`)));
    await ch.insert('incidents', [incidentRow('c1', NOW - 2 * D + 50 * 60_000, 'app-9', 'app', 'HTTP 500 rate high on checkout')]);
    await ch.insert('changes', [{ id: 'chg-1', ci_id: 'db-9', started_at: Math.floor((NOW - 2 * D) / 1000), started_ms: NOW - 2 * D, ended_ms: NOW - 2 * D + 20 * 60_000, description: "schema 'migration'", ingested_ms: 1 }]);
    await ch.insert('cmdb', [{ id: 'app-9', name: 'app-9', type: 'application', depends_on: ['db-9'], ingested_ms: 1 }]);
    const r1 = await app.runOnce();
    expect(r1.problems.map((p) => [p.pattern, p.patternKey, p.incidentIds])).toEqual([
      ['recurrence', 'ci=db-1|category=disk', ['r1', 'r2', 'r3']],
      ['change_correlation', 'change=chg-1', ['c1']],
    ]);
    expect((await app.runOnce()).problems).toEqual([]);
    await ch.insert('incidents', [incidentRow('r1', NOW - 1 * D, 'db-1', 'disk', 'Disk /var 91% full on db-1')]); // replayed snapshot
    clock.advance(60_000);
    expect((await app.runOnce()).problems).toEqual([]);
    const onTopic = await problemsOnTopic();
    expect(onTopic).toHaveLength(2);
  });

  it('links a new incident that matches a known error, with its workaround', async () => {
    const rec = (await problemsOnTopic()).find((p) => p.pattern === 'recurrence')!;
    let p = applyProblemAction(rec, { action: 'set_state', state: 'investigating', reason: '' }, 'pm', NOW);
    p = applyProblemAction(p, { action: 'set_root_cause', rootCause: 'logrotate disabled', reason: '' }, 'pm', NOW);
    p = applyProblemAction(p, { action: 'set_workaround', workaround: 'logrotate -f /etc/logrotate.conf', reason: '' }, 'pm', NOW);
    p = applyProblemAction(p, { action: 'set_state', state: 'known_error', reason: '' }, 'pm', NOW);
    await producer.send([{ topic: kafka.topics.problems, key: p.id, value: JSON.stringify(p) }]);
    clock.advance(H);
    await ch.insert('incidents', [incidentRow('r4', clock.now() - 60_000, 'db-1', 'disk', 'Disk /var 97% full on db-1')]);
    const r = await app.runOnce();
    expect(r.linked).toEqual([{ incidentId: 'r4', problemId: p.id }]);
    // the grown problem keeps the manager's state and fields
    expect(r.problems.map((x) => [x.pattern, x.patternKey])).toEqual([['recurrence', 'ci=db-1|category=disk']]);
    expect(r.problems[0]).toMatchObject({ id: p.id, state: 'known_error', version: p.version + 1, workaround: 'logrotate -f /etc/logrotate.conf' });
    const cmds = (await kafka.readAll(kafka.topics.incidentCommands)).map((x) => IncidentCommand.parse(JSON.parse(x.value!.toString())));
    expect(cmds).toHaveLength(1);
    expect(cmds[0]).toMatchObject({ incidentId: 'r4', action: 'link_problem', params: { problemId: p.id, workaround: 'logrotate -f /etc/logrotate.conf' } });
  });

  it('finds a cluster of the same symptom worded differently on five CIs, from the facts in ClickHouse', async () => {
    const pool = ['JDBC connection pool exhausted orders-api', 'connection pool exhausted payments worker', 'DB connection pool exhausted inventory', 'connection pool exhausted cart service', 'connection pool exhausted search indexer'];
    const categories = ['app', 'db', 'other', 'perf', 'app2'];
    await ch.insert('incidents', pool.map((t, i) => incidentRow(`p${i}`, clock.now() - (i + 2) * 11 * H, `app-${i + 20}`, categories[i] as string, t)));
    clock.advance(60_000);
    const r = await app.runOnce();
    const clusters = r.problems.filter((x) => x.pattern === 'cluster');
    expect(clusters).toHaveLength(1);
    expect([...clusters[0]!.ciIds].sort()).toEqual(['app-20', 'app-21', 'app-22', 'app-23', 'app-24']);
    expect((await problemsOnTopic()).filter((x) => x.pattern === 'cluster')).toHaveLength(1);
    clock.advance(60_000);
    expect((await app.runOnce()).problems.filter((x) => x.pattern === 'cluster')).toEqual([]); // not created twice
  });
});
