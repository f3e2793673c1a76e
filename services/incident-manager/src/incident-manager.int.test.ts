/**
 * The incident manager in process (buildApp) on the real Kafka, with a manual clock: a group below the
 * open policy waits in the changelog, survives a restart and opens when its delay has passed; the INC
 * sequence continues after the restart from the restored snapshots. A closed incident past its
 * retention leaves memory, its snapshot is tombstoned, and after a restart its number is not reused,
 * a late change of its group opens nothing and a command for it is refused as unknown.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKafkaClient, kafkaConfig, type KafkaClient, type Producer } from '@aiops/kafka';
import { silentTelemetry } from '@aiops/telemetry';
import { ManualClock } from '@aiops/pipeline';
import { stableId, topicDefinitions, type CorrelationGroup, type Incident, type IncidentCommand, type IncidentEvent, type Severity } from '@aiops/model';
import { incidentIdForGroup, parseIncidentNumber } from '@aiops/incident';
import { stackEnv, uniqueName, waitFor } from '@aiops/testkit';
import { buildApp, type App } from './app.js';
import { serviceConfig } from './config.js';

const PARTITIONS = 2;
const ns = uniqueName('im');
let admin: KafkaClient;
let producer: Producer;
const clock = new ManualClock(Date.now());

function group(id: string, severity: Severity, version = 1): CorrelationGroup {
  const t = clock.now();
  return {
    id, domain: 'd', status: 'open', change: 'opened', version, openedAt: t, updatedAt: t, rootCause: null, candidates: [], services: [], cis: ['host-1'], maxSeverity: severity, firingCount: 1,
    members: [{ alertId: `${id}-a`, fingerprint: id, title: `${id} disk filling`, template: 'disk filling', severity, status: 'firing', ciId: 'host-1', service: null, firstSeen: t, lastSeen: t, joinedAt: t, rule: 'seed', evidence: {}, suppressed: false, flapping: false }],
  };
}

const DAY = 86_400_000;

function app(manager: Record<string, unknown> = {}): App {
  const config = serviceConfig.parse({ kafka: { brokers: stackEnv().kafkaBrokers, namespace: ns, partitions: PARTITIONS }, http: { port: 0 }, manager: { tickMs: 100, sessionTimeoutMs: 6000, ...manager }, policy: { open: { delayMs: 60_000 } } });
  return buildApp(config, { telemetry: silentTelemetry('im-int'), clock });
}

/** latest: the last record per key of a compacted topic (null value = tombstone), with its partition. */
async function latest(topic: string): Promise<Map<string, { partition: number; value: string | null }>> {
  const out = new Map<string, { partition: number; value: string | null }>();
  for (const r of await admin.readAll(`${ns}.${topic}`)) if (r.key) out.set(r.key, { partition: r.partition, value: r.value === null ? null : String(r.value) });
  return out;
}

async function snapshots(): Promise<Map<string, Incident>> {
  const out = new Map<string, Incident>();
  for (const r of await admin.readAll(`${ns}.aiops.incidents.v1`)) if (r.key && r.value) out.set(r.key, JSON.parse(String(r.value)) as Incident);
  return out;
}

beforeAll(async () => {
  admin = createKafkaClient(kafkaConfig.parse({ brokers: stackEnv().kafkaBrokers, namespace: ns, partitions: PARTITIONS }), silentTelemetry('im-int'));
  await admin.ensureTopics(topicDefinitions(ns, PARTITIONS));
  producer = await admin.producer();
});

afterAll(async () => {
  await producer?.disconnect();
  await admin?.close();
});

describe('incident manager state across a restart (real Kafka)', () => {
  it('keeps a pending group in the changelog, opens it after the delay after a restart, and continues the INC sequence', async () => {
    const send = (g: CorrelationGroup) => producer.send([{ topic: `${ns}.aiops.groups.v1`, key: g.id, value: JSON.stringify(g) }]);
    let a = app();
    await a.start();
    await send(group('g-crit', 'critical'));
    await send(group('g-warn', 'warning'));
    const first = await waitFor('the critical group opens at once', async () => (await snapshots()).get(incidentIdForGroup('g-crit')), 30_000, 200);
    await waitFor('the warning group waits in the changelog', async () => {
      const recs = await admin.readAll(`${ns}.aiops.incident-manager.changelog.v1`);
      return recs.some((r) => r.key === incidentIdForGroup('g-warn') && r.value !== null);
    }, 30_000, 200);
    expect((await snapshots()).has(incidentIdForGroup('g-warn'))).toBe(false);
    await a.stop();

    clock.advance(61_000);
    a = app();
    await a.start();
    const opened = await waitFor('the pending group opens after its delay', async () => (await snapshots()).get(incidentIdForGroup('g-warn')), 30_000, 200);
    expect(opened.description).toContain('still firing');
    await send(group('g-crit-2', 'critical'));
    const third = await waitFor('a third incident', async () => (await snapshots()).get(incidentIdForGroup('g-crit-2')), 30_000, 200);
    await a.stop();

    const all = [first, opened, third].map((i) => parseIncidentNumber(i.number)!);
    expect(new Set([first.number, opened.number, third.number]).size).toBe(3);
    // per partition, sequences continue from the restored maximum
    for (const p of new Set(all.map((n) => n.partition))) {
      const seqs = all.filter((n) => n.partition === p).map((n) => n.seq);
      expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
    }
    const log = (await admin.readAll(`${ns}.aiops.incident-manager.changelog.v1`)).filter((r) => r.key === incidentIdForGroup('g-warn'));
    expect(log.at(-1)!.value).toBeNull(); // tombstoned once opened
  });

  it('evicts a closed incident after its retention: snapshot tombstoned, number not reused after a restart, late inputs open nothing', async () => {
    const send = (g: CorrelationGroup) => producer.send([{ topic: `${ns}.aiops.groups.v1`, key: g.id, value: JSON.stringify(g) }]);
    const command = (incidentId: string, action: string, params: Record<string, unknown> = {}) => {
      const c: IncidentCommand = { id: `cmd-${incidentId}-${action}-${clock.now()}`, incidentId, at: clock.now(), actor: { kind: 'user', id: 'alice' }, action, reason: action, params };
      return producer.send([{ topic: `${ns}.aiops.incident-commands.v1`, key: incidentId, value: JSON.stringify(c) }]).then(() => c);
    };
    const id = incidentIdForGroup('g-old');
    let a = app({ retainClosedMs: DAY });
    await a.start();
    await send(group('g-old', 'critical'));
    const opened = await waitFor('the incident opens', async () => (await snapshots()).get(id), 30_000, 200);
    await command(id, 'set_category', { category: 'storage', subcategory: 'capacity' });
    await command(id, 'resolve', { code: 'fixed' });
    await command(id, 'close');
    await waitFor('the incident is closed', async () => (await snapshots()).get(id)?.state === 'closed', 30_000, 200);
    const held = async () => ((await a.http.app.inject({ method: 'GET', url: '/api/incident-manager/stats' })).json() as { partitions: Array<{ incidents: number }> }).partitions.reduce((n, p) => n + p.incidents, 0);
    const before = await held();
    // not yet past the retention: still held
    clock.advance(DAY - 60_000);
    await new Promise((r) => setTimeout(r, 1000));
    expect((await latest('aiops.incidents.v1')).get(id)?.value).not.toBeNull();

    clock.advance(120_000);
    await waitFor('the snapshot is tombstoned', async () => (await latest('aiops.incidents.v1')).get(id)?.value === null, 30_000, 200);
    await waitFor('the incident leaves memory', async () => (await held()) === before - 1, 10_000, 100);
    const changelog = await latest('aiops.incident-manager.changelog.v1');
    const number = parseIncidentNumber(opened.number)!;
    const home = (await latest('aiops.incidents.v1')).get(id)!.partition;
    expect(home).toBe(number.partition);
    const watermark = [...(await admin.readAll(`${ns}.aiops.incident-manager.changelog.v1`, { partitions: [home] }))].filter((r) => r.key === '__seq__').at(-1);
    expect(JSON.parse(String(watermark!.value)).seq).toBeGreaterThanOrEqual(number.seq);
    // the validated category still trains the classifier; the eviction is remembered
    expect(JSON.parse(changelog.get(`example:${id}`)!.value!)).toMatchObject({ v: 1, example: { label: 'storage/capacity' } });
    expect(JSON.parse(changelog.get(`evicted:${id}`)!.value!)).toMatchObject({ v: 1 });
    await a.stop();

    a = app({ retainClosedMs: DAY });
    await a.start();
    // a replay of the group's first version (open, critical) and its last change (closed at max
    // lifetime, still firing) open nothing under the evicted incident's id
    await send(group('g-old', 'critical', 1));
    await send({ ...group('g-old', 'critical', 2), status: 'closed', change: 'closed', closeReason: 'max_lifetime', closedAt: clock.now() });
    const routed = stableId('cmd_grp_', 'g-old', 2);
    await waitFor('the late group changes are routed', async () => (await admin.readAll(`${ns}.aiops.incident-commands.v1`)).some((r) => r.key === id && r.value !== null && (JSON.parse(String(r.value)) as IncidentCommand).id === routed), 30_000, 200);
    // a command for it, behind the group change on the same partition, is refused as unknown (timeline topic)
    const comment = await command(id, 'comment', { text: 'late' });
    const refusal = await waitFor('the comment is refused', async () => {
      const recs = await admin.readAll(`${ns}.aiops.incident-events.v1`);
      const r = recs.find((x) => x.key === id && x.value !== null && (JSON.parse(String(x.value)) as IncidentEvent).id === `${id}:rejected:${comment.id}`);
      return r ? (JSON.parse(String(r.value)) as IncidentEvent) : undefined;
    }, 30_000, 200);
    expect(refusal.data).toMatchObject({ statusCode: 404 });
    expect((await latest('aiops.incidents.v1')).get(id)?.value).toBeNull();
    // new incidents on the evicted one's partition continue after its number
    let fresh: Incident | undefined;
    for (let k = 0; k < 20 && fresh === undefined; k++) {
      const gid = `g-new-${k}`;
      await send(group(gid, 'critical'));
      const inc = await waitFor(`incident of ${gid}`, async () => (await snapshots()).get(incidentIdForGroup(gid)), 30_000, 200);
      if (parseIncidentNumber(inc.number)!.partition === home) fresh = inc;
    }
    await a.stop();
    expect(fresh).toBeDefined();
    expect(parseIncidentNumber(fresh!.number)!.seq).toBeGreaterThan(number.seq);
  });
});
