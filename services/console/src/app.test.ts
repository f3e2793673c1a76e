import { describe, expect, it } from 'vitest';
import { createCmdbGraph } from '@aiops/cmdb';
import { createClassifier } from '@aiops/classify';
import { createIncidentReducer, defaultPolicy, formatIncidentNumber, noChanges, noRunbooks } from '@aiops/incident';
import { type ConfigurationItem, type CorrelationGroup, type Incident, type IncidentCommand } from '@aiops/model';
import { TokenAuth, sha256Hex } from '@aiops/http';
import type { OutRecord } from '@aiops/kafka';
import { createMemoryKafka } from '@aiops/testkit';
import { silentTelemetry } from '@aiops/telemetry';
import { ManualClock } from '@aiops/pipeline';
import { buildApp } from './app.js';
import { serviceConfig } from './config.js';

const T0 = 1_700_000_000_000;
const ci = (x: Partial<ConfigurationItem> & { id: string; type: string }): ConfigurationItem => ({ name: x.id, aliases: [], attributes: {}, relations: [], ...x });
const cmdb = createCmdbGraph([
  ci({ id: 'shop', type: 'business_service', criticality: 'high', users: 3000, supportGroup: 'team-shop' }),
  ci({ id: 'shop-db', type: 'database', supportGroup: 'dba', relations: [{ type: 'part_of', target: 'shop' }] }),
]);

/**
 * fakeStack is the shared in-memory KafkaClient with the incident manager's pure reducer consuming the
 * command topic: a command published by the console comes back as a snapshot and timeline events on the
 * topics the console materialises.
 */
function fakeStack(opts: { silent?: boolean } = {}) {
  let now = T0;
  const kafka = createMemoryKafka({ now: () => now });
  const { topics } = kafka;
  const reducer = createIncidentReducer(defaultPolicy());
  const classifier = createClassifier();
  const incidents = new Map<string, Incident>();
  let seq = 0;
  const ctx = () => ({ now, cmdb, classifier, runbooks: noRunbooks, changes: noChanges, allocateNumber: () => formatIncidentNumber(0, ++seq) });
  function step(r: ReturnType<typeof reducer.applyCommand>, cmd?: IncidentCommand): OutRecord[] {
    const out: OutRecord[] = [];
    if (r.incident !== null && r.events.length > 0) incidents.set(r.incident.id, r.incident);
    for (const e of r.events) out.push({ topic: topics.incidentEvents, key: e.incidentId, value: JSON.stringify(e) });
    if (r.incident !== null && r.events.length > 0) out.push({ topic: topics.incidents, key: r.incident.id, value: JSON.stringify(r.incident) });
    if (r.rejected && r.incident === null && cmd) out.push({ topic: topics.incidentEvents, key: cmd.incidentId, value: JSON.stringify({ id: `${cmd.incidentId}:rejected:${cmd.id}`, incidentId: cmd.incidentId, version: 1, at: now, actor: cmd.actor, type: 'command_rejected', reason: r.rejected.message, data: { commandId: cmd.id, code: r.rejected.code, statusCode: r.rejected.statusCode } }) });
    for (const c of r.commands) out.push(...step(reducer.applyCommand(incidents.get(c.incidentId), c, ctx()), c));
    return out;
  }
  const manager = kafka.consumer({
    groupId: 'incident-manager',
    topics: [topics.incidentCommands],
    handler: async (batch) => {
      if (opts.silent) return;
      const out: OutRecord[] = [];
      for (const r of batch.records) {
        if (r.value === null) continue;
        const cmd = JSON.parse(r.value.toString('utf8')) as IncidentCommand;
        out.push(...step(reducer.applyCommand(incidents.get(cmd.incidentId), cmd, ctx()), cmd));
      }
      await kafka.append(out);
    },
  });
  async function openGroup(members: number): Promise<Incident> {
    const g: CorrelationGroup = {
      id: `g-${seq}`, domain: 'shop', status: 'open', change: 'opened', version: 1, openedAt: now, updatedAt: now, rootCause: { ciId: 'shop-db', score: 1, reason: 'db' }, candidates: [],
      members: Array.from({ length: members }, (_, i) => ({ alertId: `a${seq}-${i}`, fingerprint: `f${i}`, title: 'shop-db replication broken', template: 'shop-db replication broken', severity: 'critical' as const, status: 'firing' as const, ciId: 'shop-db', service: 'shop', firstSeen: now, lastSeen: now, joinedAt: now, rule: 'seed' as const, evidence: {}, suppressed: false, flapping: false })),
      services: ['shop'], cis: ['shop-db'], maxSeverity: 'critical', firingCount: members,
    };
    const r = reducer.applyGroup(undefined, g, ctx());
    await kafka.append(step(r));
    return r.incident!;
  }
  /** evict: the incident manager tombstones a snapshot after its retention (the console's incident stays in ClickHouse). */
  const evict = (id: string) => kafka.append([{ topic: topics.incidents, key: id, value: null }]);
  return { kafka, manager, openGroup, evict, advance: (ms: number) => (now += ms) };
}

const tokens = { viewer: 'v'.repeat(24), responder: 'r'.repeat(24) };
const auth = new TokenAuth([
  { name: 'vera', sha256: sha256Hex(tokens.viewer), roles: ['viewer'] },
  { name: 'rui', sha256: sha256Hex(tokens.responder), roles: ['responder'] },
]);

async function setup(opts: { silent?: boolean; extras?: Record<string, unknown> } = {}) {
  const stack = fakeStack(opts);
  const config = serviceConfig.parse({ kafka: { brokers: ['x:1'] }, http: { port: 0 }, console: { actionTimeoutMs: opts.silent ? 200 : 5000 } });
  const app = buildApp(config, { telemetry: silentTelemetry(), clock: new ManualClock(T0), auth, kafka: stack.kafka, extras: { kafka: stack.kafka, ...opts.extras } });
  await stack.manager.start();
  await app.start();
  await stack.kafka.idle();
  const call = async (method: 'GET' | 'POST', url: string, role: keyof typeof tokens | null, payload?: unknown) => {
    const r = await app.http.app.inject({ method, url, headers: role ? { authorization: `Bearer ${tokens[role]}` } : {}, ...(payload !== undefined ? { payload: payload as object } : {}) });
    return { status: r.statusCode, body: r.json() as Record<string, any> };
  };
  return { app, stack, call };
}

describe('console API', () => {
  it('lists, filters and pages the materialised incidents; every route needs a role', async () => {
    const { app, stack, call } = await setup();
    await stack.openGroup(2);
    await stack.openGroup(1);
    expect((await call('GET', '/api/v1/incidents', null)).status).toBe(401);
    const all = await call('GET', '/api/v1/incidents', 'viewer');
    expect(all.status).toBe(200);
    expect(all.body.total).toBe(2);
    expect(all.body.items[0]).toMatchObject({ priority: 'P1', state: 'new', origin: 'monitoring', assignmentGroup: 'dba', affectedServices: ['shop'] });
    expect((await call('GET', '/api/v1/incidents?limit=1&offset=1', 'viewer')).body).toMatchObject({ total: 2, limit: 1, offset: 1, items: [expect.anything()] });
    expect((await call('GET', '/api/v1/incidents?state=resolved', 'viewer')).body.total).toBe(0);
    expect((await call('GET', '/api/v1/incidents?service=shop&priority=P1,P2&ci=shop-db&assignmentGroup=dba', 'viewer')).body.total).toBe(2);
    expect((await call('GET', '/api/v1/incidents?limit=abc', 'viewer')).status).toBe(400);
    const one = await call('GET', `/api/v1/incidents/${all.body.items[0].number}`, 'viewer');
    expect(one.body).toMatchObject({ incident: { id: all.body.items[0].id }, rootCause: { ciId: 'shop-db' }, cis: ['shop-db'], timeline: expect.arrayContaining([expect.objectContaining({ type: 'created', version: 1 })]) });
    expect(one.body.alerts.length).toBeGreaterThan(0);
    await app.stop();
  });

  it('applies an action and returns the new state; refuses invalid transitions with 409 and bad input with 400', async () => {
    const { app, stack, call } = await setup();
    const inc = await stack.openGroup(2);
    expect((await call('POST', `/api/v1/incidents/${inc.id}/actions`, 'viewer', { action: 'acknowledge' })).status).toBe(403);
    const ack = await call('POST', `/api/v1/incidents/${inc.id}/actions`, 'responder', { action: 'acknowledge', reason: 'mine' });
    expect(ack.status).toBe(200);
    expect(ack.body.incident).toMatchObject({ state: 'acknowledged', assignee: 'rui' });
    const again = await call('POST', `/api/v1/incidents/${inc.id}/actions`, 'responder', { action: 'acknowledge' });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: 'AIOPS_ERR_INCIDENT_TRANSITION_REFUSED', message: 'cannot acknowledge: transition acknowledged -> acknowledged is not allowed' });
    const bad = await call('POST', `/api/v1/incidents/${inc.id}/actions`, 'responder', { action: 'resolve' });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'AIOPS_ERR_INCIDENT_COMMAND_INVALID', field: 'params.code' });
    expect((await call('POST', `/api/v1/incidents/${inc.id}/actions`, 'responder', { action: 'group_change' })).status).toBe(400);
    expect((await call('POST', '/api/v1/incidents/inc_nope/actions', 'responder', { action: 'acknowledge' })).status).toBe(404);
    await app.stop();
  });

  it('registers a user report with a suggested category and links it to the monitoring incident', async () => {
    const { app, stack, call } = await setup();
    const mon = await stack.openGroup(2);
    stack.advance(5 * 60_000);
    const rep = await call('POST', '/api/v1/incidents', 'responder', { description: 'Shop checkout is unreachable, DNS errors', service: 'shop', reporter: 'dana', requestId: 'req-123456' });
    expect(rep.status).toBe(201);
    expect(rep.body.incident).toMatchObject({ origin: 'user', reporter: 'dana', affectedServices: ['shop'], categoryApplied: false, category: 'infrastructure', subcategory: 'network', assignmentGroup: 'team-shop' });
    const same = await call('POST', '/api/v1/incidents', 'responder', { description: 'Shop checkout is unreachable, DNS errors', service: 'shop', requestId: 'req-123456' });
    expect(same.body.incident.id).toBe(rep.body.incident.id);
    expect((await call('GET', '/api/v1/incidents?origin=user', 'viewer')).body.total).toBe(1);
    const link = await call('POST', `/api/v1/incidents/${rep.body.incident.id}/actions`, 'responder', { action: 'link_to', params: { targetId: mon.id } });
    expect(link.status).toBe(200);
    const after = await call('GET', `/api/v1/incidents/${mon.id}`, 'viewer');
    expect(after.body.incident.userReportedAt).toBe(rep.body.incident.userReportedAt);
    expect(after.body.incident.userReports).toEqual([expect.objectContaining({ reporter: 'dana' })]);
    expect(after.body.timeline.map((e: { type: string }) => e.type)).toContain('user_report_linked');
    expect((await call('POST', '/api/v1/incidents', 'responder', { description: '' })).status).toBe(400);
    const stats = await call('GET', '/api/v1/incident-stats', 'viewer');
    expect(stats.body).toMatchObject({ total: 1, detectedByMonitoringPct: 100, resolvedBeforeUserReportPct: null, byPriority: { P1: 1 } });
    await app.stop();
  });

  it('answers 504 when the incident manager does not apply the command in time', async () => {
    const { app, call } = await setup({ silent: true });
    const r = await call('POST', '/api/v1/incidents', 'responder', { description: 'anything' });
    expect(r.status).toBe(504);
    expect(r.body.error.code).toBe('AIOPS_ERR_CONSOLE_ACTION_TIMEOUT');
    await app.stop();
  });

  it('an incident evicted by the incident manager (snapshot tombstone) leaves memory and is served read-only from ClickHouse, by id or number', async () => {
    const stored = new Map<string, Incident>();
    const queries: string[] = [];
    // ClickHouse as the analytics writer left it: the last snapshot (payload) and the timeline
    const clickhouse = {
      database: 'aiops',
      async query(sql: string) {
        queries.push(sql);
        if (sql.includes('.incidents FINAL')) return [...stored.values()].filter((i) => sql.includes(`'${i.id}'`) || sql.includes(`'${i.number}'`)).map((i) => ({ payload: JSON.stringify(i) }));
        if (sql.includes('.incident_events FINAL')) return [{ id: 'e1', version: '1', at_ms: String(T0), actor_kind: 'system', actor_id: 'incident-manager', type: 'created', reason: 'x', data: '{}' }];
        return [];
      },
    };
    const { app, stack, call } = await setup({ extras: { clickhouse } });
    const inc = await stack.openGroup(2);
    stored.set(inc.id, inc);
    expect((await call('GET', `/api/v1/incidents/${inc.number}`, 'viewer')).body).toMatchObject({ archived: false });
    expect(queries).toEqual([]); // held incidents never touch ClickHouse
    await stack.evict(inc.id);
    expect(app.store.get(inc.id)).toBeUndefined();
    expect((await call('GET', '/api/v1/incidents', 'viewer')).body.total).toBe(0);
    for (const key of [inc.id, inc.number]) {
      const old = await call('GET', `/api/v1/incidents/${key}`, 'viewer');
      expect(old.status).toBe(200);
      expect(old.body).toMatchObject({ archived: true, incident: { id: inc.id, number: inc.number }, timeline: [{ id: 'e1', type: 'created', version: 1, at: T0 }] });
    }
    expect((await call('GET', `/api/v1/incidents/${inc.id}/timeline`, 'viewer')).body).toMatchObject({ archived: true, items: [{ id: 'e1' }] });
    expect((await call('GET', '/api/v1/incidents/INC-99999999', 'viewer')).status).toBe(404);
    // read-only: an action on it is refused as unknown
    expect((await call('POST', `/api/v1/incidents/${inc.id}/actions`, 'responder', { action: 'comment', params: { text: 'x' } })).status).toBe(404);
    await app.stop();
  });

  it('without ClickHouse an evicted incident is a 404 that says where it went', async () => {
    const { app, stack, call } = await setup();
    const inc = await stack.openGroup(1);
    await stack.evict(inc.id);
    const r = await call('GET', `/api/v1/incidents/${inc.id}`, 'viewer');
    expect(r.status).toBe(404);
    expect(r.body.error.message).toContain('ClickHouse');
    await app.stop();
  });
});
