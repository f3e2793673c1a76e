/**
 * Incidents end to end, as real processes on the real Kafka:
 * aiops.events.v1 -> correlator -> aiops.groups.v1 -> incident-manager -> aiops.incidents.v1 /
 * aiops.incident-events.v1 -> console API. A storm over four business services becomes four
 * prioritised incidents; an SRE acknowledges one through the API (and is refused an invalid
 * transition); a user report is registered and linked; alerts resolve and the incident auto-resolves;
 * the incident manager is killed with SIGKILL mid-run and restarted: nothing lost, nothing doubled.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKafkaClient, kafkaConfig, type KafkaClient, type Producer } from '@aiops/kafka';
import { sha256Hex } from '@aiops/http';
import { silentTelemetry } from '@aiops/telemetry';
import { topicDefinitions, type ChangeRecord, type ConfigurationItem, type Event, type Incident, type IncidentEvent } from '@aiops/model';
import { freePort, stackEnv, startService, uniqueName, waitFor, type ServiceProcess } from '@aiops/testkit';

const PARTITIONS = 4;
const ns = uniqueName('inc');
const tokens = { viewer: randomBytes(20).toString('hex'), responder: randomBytes(20).toString('hex'), admin: randomBytes(20).toString('hex') };
let kafka: KafkaClient;
let producer: Producer;
const procs: ServiceProcess[] = [];
let consoleProc: ServiceProcess;
let imPort: number;
let common: Record<string, string>;

function ci(id: string, type: string, rel: Array<[string, string]> = [], x: Partial<ConfigurationItem> = {}): ConfigurationItem {
  return { id, name: id, type, aliases: [], attributes: {}, relations: rel.map(([t, target]) => ({ type: t as 'depends_on', target })), ...x };
}

const SERVICES: Array<Partial<ConfigurationItem>> = [
  { criticality: 'critical', users: 20000, slaClass: 'gold' },
  { criticality: 'high', users: 800, slaClass: 'silver' },
  { criticality: 'medium', users: 40, slaClass: 'silver' },
  { criticality: 'low', users: 10, slaClass: 'bronze' },
];

function shop(): ConfigurationItem[] {
  const out: ConfigurationItem[] = [];
  for (let s = 0; s < 4; s++) {
    out.push(ci(`bs-${s}`, 'business_service', [], { supportGroup: `team-${s}`, ...SERVICES[s] }));
    out.push(ci(`db-${s}`, 'database', [['runs_on', `dbhost-${s}`]], { supportGroup: `dba-${s}`, location: { site: `site-${s}`, region: 'eu', cluster: `pg-${s}` } }));
    out.push(ci(`dbhost-${s}`, 'host'));
    for (let a = 0; a < 3; a++) {
      out.push(ci(`app-${s}-${a}`, 'application', [['part_of', `bs-${s}`], ['depends_on', `db-${s}`], ['runs_on', `apphost-${s}-${a}`]]));
      out.push(ci(`apphost-${s}-${a}`, 'host'));
    }
  }
  return out;
}

let seq = 0;
function event(fp: string, ciId: string, at: number, status: 'firing' | 'resolved' = 'firing'): Event {
  return {
    id: `ev-${fp}-${seq++}`, source: 'test', fingerprint: fp, status,
    severity: ciId.startsWith('db') ? 'critical' : 'major',
    title: ciId.startsWith('db') ? `${ciId} replication broken` : `${ciId} error rate high`,
    description: '', labels: { alertname: fp.split('-')[0] ?? 'x' }, annotations: {}, resource: { ci: ciId }, occurredAt: at, receivedAt: at,
  };
}

function serviceStorm(s: number, base: number, status: 'firing' | 'resolved' = 'firing'): Event[] {
  const out = [event(`dbdown-${s}`, `db-${s}`, base, status)];
  for (let a = 0; a < 3; a++) out.push(event(`apperr-${s}-${a}`, `app-${s}-${a}`, base + 100 + a * 50, status));
  return out;
}

async function send(events: readonly Event[]): Promise<void> {
  await producer.send(events.map((e) => ({ topic: `${ns}.aiops.events.v1`, key: e.fingerprint, value: JSON.stringify(e) })));
}

async function api<T = unknown>(method: string, path: string, role: keyof typeof tokens | null, body?: unknown): Promise<{ status: number; body: T }> {
  const headers: Record<string, string> = {};
  if (role !== null) headers.authorization = `Bearer ${tokens[role]}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const r = await fetch(`${consoleProc.baseUrl}${path}`, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  return { status: r.status, body: (await r.json()) as T };
}

interface Detail { incident: Incident; timeline: IncidentEvent[] }
type Summary = { id: string; number: string; priority: string; state: string; origin: string; affectedServices: string[]; major: boolean };

async function list(query = ''): Promise<Summary[]> {
  const r = await api<{ items: Summary[] }>('GET', `/api/v1/incidents?limit=100${query}`, 'viewer');
  expect(r.status).toBe(200);
  return r.body.items;
}

async function incidentOf(service: string): Promise<Detail> {
  const item = (await list(`&origin=monitoring&service=${service}`))[0];
  if (!item) throw new Error(`no incident for ${service}`);
  return (await api<Detail>('GET', `/api/v1/incidents/${item.id}`, 'viewer')).body;
}

async function startIm(): Promise<ServiceProcess> {
  const p = await startService('incident-manager', { port: imPort, env: { ...common, AIOPS_INCIDENT_MANAGER_PORT: String(imPort), AIOPS_INCIDENT_MANAGER_TICK_MS: '300', AIOPS_INCIDENT_MANAGER_QUIET_MS: '2500', AIOPS_INCIDENT_MANAGER_SESSION_TIMEOUT_MS: '6000' } });
  procs.push(p);
  return p;
}

beforeAll(async () => {
  const env = stackEnv();
  kafka = createKafkaClient(kafkaConfig.parse({ brokers: env.kafkaBrokers, namespace: ns, partitions: PARTITIONS }), silentTelemetry('incidents-e2e'));
  await kafka.ensureTopics(topicDefinitions(ns, PARTITIONS));
  producer = await kafka.producer();
  await producer.send(shop().map((c) => ({ topic: `${ns}.aiops.cmdb.v1`, key: c.id, value: JSON.stringify(c) })));
  const now = Date.now();
  const change: ChangeRecord = { id: 'CHG-42', ciId: 'dbhost-0', startedAt: now - 20 * 60_000, endedAt: now - 10 * 60_000, description: 'kernel upgrade', risk: 'high', status: 'completed' };
  await producer.send([{ topic: `${ns}.aiops.changes.v1`, key: change.id, value: JSON.stringify(change) }]);
  common = {
    AIOPS_KAFKA_BROKERS: env.kafkaBrokers.join(','),
    AIOPS_KAFKA_NAMESPACE: ns,
    AIOPS_KAFKA_PARTITIONS: String(PARTITIONS),
    AIOPS_LOG_LEVEL: 'warn',
    AIOPS_API_TOKENS: JSON.stringify((Object.keys(tokens) as Array<keyof typeof tokens>).map((r) => ({ name: `${r}-token`, sha256: sha256Hex(tokens[r]), roles: [r] }))),
  };
  const [pc, pk] = [await freePort(), await freePort()];
  imPort = await freePort();
  procs.push(await startService('correlator', { port: pc, env: { ...common, AIOPS_CORRELATOR_PORT: String(pc), AIOPS_CORRELATOR_ADVANCE_INTERVAL_MS: '300' } }));
  await startIm();
  consoleProc = await startService('console', { port: pk, env: { ...common, AIOPS_CONSOLE_PORT: String(pk) } });
  procs.push(consoleProc);
});

afterAll(async () => {
  for (const p of procs.reverse()) await p.kill();
  await producer?.disconnect();
  await kafka?.close();
});

describe('incidents on real Kafka: correlator -> incident-manager -> console', () => {
  it('guards every route with a role', async () => {
    expect((await api('GET', '/api/v1/incidents', null)).status).toBe(401);
    expect((await api('POST', '/api/v1/incidents', 'viewer', { description: 'x' })).status).toBe(403);
    expect((await api('GET', '/api/v1/incidents/nope', 'viewer')).status).toBe(404);
  });

  it('turns a storm into prioritised incidents, survives a SIGKILL of the incident manager, and serves ack, user report and auto-resolve', async () => {
    const base = Date.now();
    await send([...serviceStorm(0, base), ...serviceStorm(1, base + 200)]);
    await waitFor('first incidents', async () => (await list()).length >= 1, 60_000, 300);

    // crash the incident manager mid-run (the next wave is arriving while it dies), then restart it
    await send([...serviceStorm(2, Date.now()), ...serviceStorm(3, Date.now() + 200)]);
    await new Promise((r) => setTimeout(r, 400));
    await procs.find((p) => p.name === 'incident-manager')!.kill();
    await startIm();

    const all = await waitFor('four monitoring incidents with four alerts each', async () => {
      const items = await list('&origin=monitoring');
      if (items.length < 4) return null;
      const details = await Promise.all(items.map(async (i) => (await api<Detail>('GET', `/api/v1/incidents/${i.id}`, 'viewer')).body));
      return details.every((d) => d.incident.alertIds.length === 4) ? details : null;
    }, 90_000, 500);

    // nothing doubled: one incident per group and per service, unique numbers, gap-free timelines
    expect(all).toHaveLength(4);
    expect(new Set(all.map((d) => d.incident.groupId)).size).toBe(4);
    expect(new Set(all.map((d) => d.incident.number)).size).toBe(4);
    expect(all.map((d) => d.incident.affectedServices[0]).sort()).toEqual(['bs-0', 'bs-1', 'bs-2', 'bs-3']);
    for (const d of all) {
      expect(d.timeline.map((e) => e.version)).toEqual(Array.from({ length: d.incident.version }, (_, i) => i + 1));
      expect(d.timeline[0]!.type).toBe('created');
      expect(d.incident.number).toMatch(/^INC-\d{8}$/);
    }
    const snapshots = await kafka.readAll(`${ns}.aiops.incidents.v1`);
    expect(new Set(snapshots.map((r) => r.key)).size).toBe(4);

    // priorities from the CMDB: critical gold service → P1 and major; low bronze service → lower
    const s0 = await incidentOf('bs-0');
    expect(s0.incident).toMatchObject({ priority: 'P1', impact: 'high', urgency: 'high', major: true, rootCauseCi: 'db-0', assignmentGroup: 'dba-0' });
    expect(s0.incident.priorityReason).toContain('criticality critical');
    expect(s0.incident.changeSuspects.map((c) => c.changeId)).toEqual(['CHG-42']);
    expect(s0.incident.record).toMatchObject({ failingCi: { id: 'db-0', type: 'database' }, location: { site: 'site-0', cluster: 'pg-0' }, impactedUsers: 20000 });
    expect(s0.incident.record!.similarCis).toEqual(['db-1', 'db-2', 'db-3'].filter((x) => s0.incident.record!.similarCis.includes(x)));
    expect(s0.incident.record!.sequence[0]).toMatchObject({ kind: 'change', ref: 'CHG-42' });
    const s3 = await incidentOf('bs-3');
    // bs-1 high criticality → P1; bs-2 medium → P2; bs-3 low, 3 dependents of db-3, bronze SLA → P3
    expect(Object.fromEntries(all.map((d) => [d.incident.affectedServices[0], d.incident.priority]))).toEqual({ 'bs-0': 'P1', 'bs-1': 'P1', 'bs-2': 'P2', 'bs-3': 'P3' });
    expect(s3.incident).toMatchObject({ impact: 'medium', urgency: 'medium', major: false });
    expect(s3.incident.priorityReason).toContain('SLA class bronze -1');

    // an acknowledgement through the API returns the new state; an invalid transition is refused with 409
    const ack = await api<{ incident: Incident }>('POST', `/api/v1/incidents/${s3.incident.id}/actions`, 'responder', { action: 'acknowledge', reason: 'on it' });
    expect(ack.status).toBe(200);
    expect(ack.body.incident).toMatchObject({ state: 'acknowledged', assignee: 'responder-token' });
    const refused = await api<{ error: { code: string; message: string } }>('POST', `/api/v1/incidents/${s3.incident.id}/actions`, 'responder', { action: 'close' });
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toContain('acknowledged -> closed');
    expect((await api('POST', `/api/v1/incidents/${s3.incident.id}/actions`, 'viewer', { action: 'comment', params: { text: 'x' } })).status).toBe(403);
    const s3after = await waitFor('ack and refusal on the timeline', async () => {
      const d = (await api<Detail>('GET', `/api/v1/incidents/${s3.incident.id}`, 'viewer')).body;
      return d.timeline.some((e) => e.type === 'command_rejected') ? d : null;
    }, 10_000, 200);
    expect(s3after.timeline.map((e) => e.type)).toEqual(expect.arrayContaining(['created', 'state_changed', 'command_rejected']));
    expect(s3after.timeline.find((e) => e.type === 'state_changed')).toMatchObject({ actor: { kind: 'user', id: 'responder-token' }, reason: 'on it' });

    // a user reports the bs-1 disruption; a responder links the report to the monitoring incident
    const s1 = await incidentOf('bs-1');
    const rep = await api<{ incident: Incident }>('POST', '/api/v1/incidents', 'responder', { description: 'Customers cannot log in to bs-1', service: 'bs-1', reporter: 'carol' });
    expect(rep.status).toBe(201);
    expect(rep.body.incident).toMatchObject({ origin: 'user', reporter: 'carol', affectedServices: ['bs-1'] });
    const link = await api<{ incident: Incident }>('POST', `/api/v1/incidents/${rep.body.incident.id}/actions`, 'responder', { action: 'link_to', params: { targetId: s1.incident.id } });
    expect(link.status).toBe(200);
    expect(link.body.incident).toMatchObject({ state: 'closed', closeCode: 'linked', mergedInto: s1.incident.id });
    const linked = await waitFor('user report on the monitoring incident', async () => {
      const d = (await api<Detail>('GET', `/api/v1/incidents/${s1.incident.id}`, 'viewer')).body;
      return d.incident.userReportedAt !== undefined ? d : null;
    }, 20_000, 300);
    expect(linked.incident.userReports[0]).toMatchObject({ reporter: 'carol', incidentId: rep.body.incident.id });
    expect(linked.incident.detectedAt).toBeLessThanOrEqual(linked.incident.userReportedAt!);

    // the bs-2 alerts resolve; after the quiet period the incident resolves by itself
    await send(serviceStorm(2, Date.now(), 'resolved'));
    const s2 = await waitFor('auto-resolve of the bs-2 incident', async () => {
      const d = await incidentOf('bs-2');
      return d.incident.state === 'resolved' ? d : null;
    }, 60_000, 500);
    expect(s2.incident).toMatchObject({ resolvedBy: 'auto_resolve', resolutionCode: 'auto_resolved' });
    expect(s2.timeline.map((e) => e.type)).toEqual(expect.arrayContaining(['alert_resolved', 'state_changed']));
    expect(s2.timeline.at(-1)!.data).toMatchObject({ to: 'resolved', action: 'auto_resolve' });
  });

  it('a replay of every group change creates nothing new, and poison records go to the DLQ', async () => {
    const before = new Map((await list('&origin=monitoring')).map((i) => [i.id, i] as const));
    const versions = async () => new Map((await Promise.all([...before.keys()].map(async (id) => (await api<Detail>('GET', `/api/v1/incidents/${id}`, 'viewer')).body.incident))).map((i) => [i.id, i.version] as const));
    const v0 = await versions();
    const groups = await kafka.readAll(`${ns}.aiops.groups.v1`);
    await producer.send(groups.map((r) => ({ topic: r.topic, key: r.key, value: r.value })));
    await producer.send([
      { topic: `${ns}.aiops.groups.v1`, key: 'x', value: '{"not":"a group"' },
      { topic: `${ns}.aiops.incident-commands.v1`, key: 'inc_x', value: JSON.stringify({ id: 'c', incidentId: 'inc_x', at: 1, actor: { kind: 'user', id: 'u' } }) },
    ]);
    const dlq = await waitFor('two DLQ records from the incident manager', async () => {
      const recs = (await kafka.readAll(`${ns}.aiops.dlq.v1`)).map((r) => JSON.parse(String(r.value)) as { stage: string; errorCode: string; reason: string; payload: string });
      const mine = recs.filter((r) => r.stage === 'incident-manager');
      return mine.length >= 2 ? mine : null;
    }, 30_000, 300);
    expect(dlq.map((r) => r.errorCode).sort()).toEqual(['AIOPS_ERR_DECODE_JSON', 'AIOPS_ERR_DECODE_SCHEMA']);
    expect(dlq.find((r) => r.errorCode === 'AIOPS_ERR_DECODE_SCHEMA')!.reason).toContain('action');
    // wait until the router consumed the replayed groups, then until the owner consumed every command
    const consumed = (topic: string, group: string) => waitFor(`${group} at the end of ${topic}`, async () => {
      const [high, done] = await Promise.all([kafka.topicOffsets(topic), kafka.groupOffsets(group, topic)]);
      return high.every((p) => (done.find((d) => d.partition === p.partition)?.offset ?? '-1') === p.high || p.high === p.low);
    }, 30_000, 300);
    await consumed(`${ns}.aiops.groups.v1`, `${ns}.incident-manager-router`);
    const commandsHigh = (await kafka.topicOffsets(`${ns}.aiops.incident-commands.v1`)).reduce((n, p) => n + Number(p.high), 0);
    expect(commandsHigh).toBeGreaterThanOrEqual(groups.length * 2); // every group change was routed twice
    await consumed(`${ns}.aiops.incident-commands.v1`, `${ns}.incident-manager`);
    expect((await list('&origin=monitoring')).map((i) => i.id).sort()).toEqual([...before.keys()].sort());
    expect(await versions()).toEqual(v0);
  });
});
