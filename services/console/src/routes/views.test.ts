/**
 * Component tests of the group/alert view (routes/groups.ts) and the CMDB routes (routes/cmdb.ts):
 * the real console app (buildApp + app.inject) over the shared in-memory KafkaClient of @aiops/testkit
 * (a log: consumers read from the beginning, then live; the producer appends and delivers; records are
 * stamped with the clock's time when appended, as a broker stamps them when produced).
 */
import { describe, expect, it } from 'vitest';
import { type Alert, type CorrelationGroup, type GroupMember } from '@aiops/model';
import { TokenAuth, sha256Hex } from '@aiops/http';
import type { OutRecord } from '@aiops/kafka';
import { createMemoryKafka, type MemoryKafka } from '@aiops/testkit';
import { silentTelemetry } from '@aiops/telemetry';
import { ManualClock } from '@aiops/pipeline';
import { buildApp } from '../app.js';
import { serviceConfig } from '../config.js';

const T0 = 1_700_000_000_000;
const HOUR = 3600_000;

const tokens = { viewer: 'v'.repeat(24), responder: 'r'.repeat(24), admin: 'a'.repeat(24) };
const auth = new TokenAuth([
  { name: 'vera', sha256: sha256Hex(tokens.viewer), roles: ['viewer'] },
  { name: 'rui', sha256: sha256Hex(tokens.responder), roles: ['responder'] },
  { name: 'ada', sha256: sha256Hex(tokens.admin), roles: ['admin'] },
]);

async function until<T>(what: string, fn: () => Promise<T | undefined> | T | undefined): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const v = await fn();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** setup starts a console; `history` fills the topics before (a restart), with the clock it will run on. */
async function setup(consoleCfg: Record<string, unknown> = {}, history?: (mk: MemoryKafka, clock: ManualClock) => Promise<void>) {
  const clock = new ManualClock(T0);
  const mk = createMemoryKafka({ now: () => clock.now() });
  if (history !== undefined) await history(mk, clock);
  const config = serviceConfig.parse({ kafka: { brokers: ['x:1'] }, http: { port: 0 }, console: consoleCfg });
  const app = buildApp(config, { telemetry: silentTelemetry(), clock, auth, kafka: mk, extras: { kafka: mk } });
  await app.start();
  const call = async (method: 'GET' | 'POST' | 'DELETE', url: string, role: keyof typeof tokens | null, payload?: string | object, contentType?: string) => {
    const headers: Record<string, string> = {};
    if (role) headers.authorization = `Bearer ${tokens[role]}`;
    if (contentType) headers['content-type'] = contentType;
    const r = await app.http.app.inject({ method, url, headers, ...(payload !== undefined ? { payload } : {}) });
    return { status: r.statusCode, body: r.json() as Record<string, any> };
  };
  // the views start in the background: wait until they consume
  await until('views consuming', async () => ((await call('GET', '/api/v1/view-stats', 'viewer')).body.consuming ? true : undefined));
  return { app, mk, call, clock };
}

const member = (alertId: string, ciId: string, rule: GroupMember['rule'], at: number, evidence: GroupMember['evidence'] = {}): GroupMember => ({
  alertId, fingerprint: `fp-${alertId}`, title: `${ciId} down`, template: `${ciId} down`, severity: 'critical', status: 'firing', ciId, service: 'bs-shop',
  firstSeen: at, lastSeen: at, joinedAt: at, rule, evidence, suppressed: false, flapping: false,
});

function group(id: string, openedAt: number, members: GroupMember[], over: Partial<CorrelationGroup> = {}): CorrelationGroup {
  return {
    id, domain: 'global', status: 'open', change: 'opened', version: 1, openedAt, updatedAt: openedAt, members,
    rootCause: { ciId: members[0]!.ciId!, score: 0.9, reason: 'covers the group' },
    candidates: [{ ciId: members[0]!.ciId!, score: 0.9, reason: 'covers the group' }, { ciId: 'vm-db', score: 0.4, reason: 'no alert on it' }],
    services: ['bs-shop'], cis: [...new Set(members.map((m) => m.ciId!))], maxSeverity: 'critical', firingCount: members.length, ...over,
  };
}

function alert(id: string, ciId: string | null, at: number, over: Partial<Alert> = {}): Alert {
  return {
    id, fingerprint: `fp-${id}`, source: 'alertmanager', status: 'firing', severity: 'critical', title: `${ciId} down`, description: '', labels: {}, annotations: {}, resource: {},
    firstSeen: at, lastSeen: at, count: 1, episode: 1, flapping: false, suppressedBy: null, ci: ciId === null ? null : { id: ciId, method: 'explicit_id' }, service: ciId === null ? null : 'bs-shop',
    domain: 'global', template: 'x down', change: 'opened', lastEventId: `ev-${id}`, version: 1, at, ...over,
  };
}

const rec = (topic: string, key: string, v: unknown): OutRecord => ({ topic, key, value: JSON.stringify(v) });

describe('groups and alerts API', () => {
  it('materialises the latest version per group and alert, filters, pages newest first, and links alerts to groups', async () => {
    const { app, mk, call } = await setup();
    const { topics } = mk;
    const g1v1 = group('grp_1', T0, [member('al_db', 'db-shop', 'seed', T0)]);
    const g1v2 = group('grp_1', T0, [member('al_db', 'db-shop', 'seed', T0), member('al_app', 'app-cart', 'topology', T0 + 100, { path: ['app-cart', 'db-shop'], hops: 1, score: 0.9 })], { version: 2, change: 'alert_added', updatedAt: T0 + 100 });
    const g2 = group('grp_2', T0 + HOUR, [member('al_web', 'app-web', 'seed', T0 + HOUR)], { services: ['bs-web'] });
    const g3 = group('grp_3', T0 + 2 * HOUR, [member('al_q', 'mq', 'seed', T0 + 2 * HOUR)], { status: 'closed', change: 'closed', closedAt: T0 + 2 * HOUR + 5, closeReason: 'resolved_quiet', version: 3 });
    await mk.append([rec(topics.groups, 'grp_1', g1v2), rec(topics.groups, 'grp_1', g1v1), rec(topics.groups, 'grp_2', g2), rec(topics.groups, 'grp_3', g3)]);
    await mk.append([
      rec(topics.alerts, 'global', alert('al_db', 'db-shop', T0)),
      rec(topics.alerts, 'global', alert('al_app', 'app-cart', T0 + 100, { version: 2, count: 3, lastSeen: T0 + 300 })),
      rec(topics.alerts, 'global', alert('al_app', 'app-cart', T0 + 100)), // an older version arriving late loses
      rec(topics.alerts, 'global', alert('al_web', 'app-web', T0 + HOUR, { service: 'bs-web' })),
      rec(topics.alerts, 'global', alert('al_q', 'mq', T0 + 2 * HOUR, { status: 'resolved', resolvedAt: T0 + 2 * HOUR + 1, version: 2 })),
      rec(topics.alerts, 'global', 'not an alert'),
    ]);

    expect((await call('GET', '/api/v1/groups', null)).status).toBe(401);
    const all = await call('GET', '/api/v1/groups', 'viewer');
    expect(all.status).toBe(200);
    expect(all.body).toMatchObject({ total: 3, limit: 50, offset: 0, caughtUp: true });
    expect(all.body.items.map((g: any) => g.id)).toEqual(['grp_3', 'grp_2', 'grp_1']);
    expect(all.body.items[2]).toMatchObject({ id: 'grp_1', version: 2, size: 2, rootCause: { ciId: 'db-shop' }, title: 'db-shop down', status: 'open' });
    expect((await call('GET', '/api/v1/groups?status=open', 'viewer')).body.items.map((g: any) => g.id)).toEqual(['grp_2', 'grp_1']);
    expect((await call('GET', '/api/v1/groups?status=closed', 'viewer')).body.items.map((g: any) => g.id)).toEqual(['grp_3']);
    expect((await call('GET', '/api/v1/groups?service=bs-web', 'viewer')).body.items.map((g: any) => g.id)).toEqual(['grp_2']);
    expect((await call('GET', '/api/v1/groups?ci=app-cart', 'viewer')).body.items.map((g: any) => g.id)).toEqual(['grp_1']);
    expect((await call('GET', '/api/v1/groups?minSize=2', 'viewer')).body.items.map((g: any) => g.id)).toEqual(['grp_1']);
    expect((await call('GET', `/api/v1/groups?since=${T0 + 1}&until=${T0 + HOUR}`, 'viewer')).body.items.map((g: any) => g.id)).toEqual(['grp_2']);
    const page = await call('GET', '/api/v1/groups?limit=1&offset=1', 'viewer');
    expect(page.body).toMatchObject({ total: 3, limit: 1, offset: 1 });
    expect(page.body.items.map((g: any) => g.id)).toEqual(['grp_2']);
    expect((await call('GET', '/api/v1/groups?status=pending', 'viewer')).status).toBe(400);
    const typo = await call('GET', '/api/v1/groups?min_size=2', 'viewer');
    expect(typo.status).toBe(400);
    expect(typo.body.error.message).toMatch(/min_size/);

    const one = await call('GET', '/api/v1/groups/grp_1', 'viewer');
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ id: 'grp_1', version: 2, size: 2, rootCause: { ciId: 'db-shop' }, candidates: [{ ciId: 'db-shop' }, { ciId: 'vm-db', reason: 'no alert on it' }] });
    expect(one.body.members[1]).toMatchObject({ alertId: 'al_app', rule: 'topology', evidence: { path: ['app-cart', 'db-shop'], hops: 1 }, alert: { status: 'firing', count: 3, lastSeen: T0 + 300 } });
    expect((await call('GET', '/api/v1/groups/grp_nope', 'viewer')).status).toBe(404);

    const alerts = await call('GET', '/api/v1/alerts', 'viewer');
    expect(alerts.body.total).toBe(4);
    expect(alerts.body.items.map((a: any) => a.id)).toEqual(['al_q', 'al_web', 'al_app', 'al_db']);
    expect(alerts.body.items[2]).toMatchObject({ id: 'al_app', version: 2, count: 3, groupId: 'grp_1', groupIds: ['grp_1'] });
    expect((await call('GET', '/api/v1/alerts?status=resolved', 'viewer')).body.items.map((a: any) => a.id)).toEqual(['al_q']);
    expect((await call('GET', '/api/v1/alerts?status=firing&groupId=grp_1', 'viewer')).body.items.map((a: any) => a.id)).toEqual(['al_app', 'al_db']);
    expect((await call('GET', '/api/v1/alerts?fingerprint=fp-al_web', 'viewer')).body.items.map((a: any) => a.id)).toEqual(['al_web']);
    expect((await call('GET', '/api/v1/alerts?service=bs-web', 'viewer')).body.total).toBe(1);
    expect((await call('GET', '/api/v1/alerts?ci=db-shop', 'viewer')).body.items.map((a: any) => a.id)).toEqual(['al_db']);
    expect((await call('GET', '/api/v1/alerts?limit=2&offset=2', 'viewer')).body.items.map((a: any) => a.id)).toEqual(['al_app', 'al_db']);
    const a1 = await call('GET', '/api/v1/alerts/al_db', 'viewer');
    expect(a1.body).toMatchObject({ id: 'al_db', groupId: 'grp_1', ci: { id: 'db-shop' } });
    expect((await call('GET', '/api/v1/alerts/al_nope', 'viewer')).status).toBe(404);

    // live: a new group version arriving after start moves an alert
    await mk.append([rec(topics.groups, 'grp_4', group('grp_4', T0 + 3 * HOUR, [member('al_q', 'mq', 'seed', T0 + 3 * HOUR)]))]);
    expect((await call('GET', '/api/v1/alerts/al_q', 'viewer')).body).toMatchObject({ groupId: 'grp_4', groupIds: ['grp_4', 'grp_3'] });
    await app.stop();
  });

  it('drops closed groups and resolved alerts past the retention (after arrival, whatever their event time) and caps the counts', async () => {
    const { app, mk, call, clock } = await setup({ viewRetentionMs: HOUR, maxGroups: 3 });
    const { topics } = mk;
    const closed = (id: string, at: number) => group(id, at, [member(`al_${id}`, 'db', 'seed', at)], { status: 'closed', change: 'closed', closedAt: at + 10, updatedAt: at + 10 });
    const YEAR = 365 * 24 * HOUR;
    // a replayed storm from a year ago: its closed group stays readable after it arrived
    await mk.append([rec(topics.groups, 'old', closed('old', T0 - YEAR)), rec(topics.alerts, 'g', alert('al_old', 'db', T0 - YEAR, { status: 'resolved', resolvedAt: T0 - YEAR + 5 }))]);
    await mk.append([rec(topics.groups, 'now', group('now', T0, [member('al_now', 'db', 'seed', T0)]))]);
    expect((await call('GET', '/api/v1/groups', 'viewer')).body.total).toBe(2);
    expect((await call('GET', '/api/v1/alerts/al_old', 'viewer')).body.groupId).toBe('old');
    // two hours later (console clock): the closed group and the resolved alert are gone; open ones stay
    clock.advance(2 * HOUR);
    await mk.append([rec(topics.groups, 'new', group('new', T0 + 2 * HOUR, [member('al_new', 'db', 'seed', T0 + 2 * HOUR)])), rec(topics.alerts, 'g', alert('al_new', 'db', T0 + 2 * HOUR))]);
    expect((await call('GET', '/api/v1/groups', 'viewer')).body.items.map((g: any) => g.id)).toEqual(['new', 'now']);
    expect((await call('GET', '/api/v1/alerts', 'viewer')).body.items.map((a: any) => a.id)).toEqual(['al_new']);
    // cap 3: the oldest closed go first, open ones are kept
    const t = T0 + 2 * HOUR;
    await mk.append([rec(topics.groups, 'c1', closed('c1', t + 1)), rec(topics.groups, 'c2', closed('c2', t + 2)), rec(topics.groups, 'c3', closed('c3', t + 3))]);
    const left = (await call('GET', '/api/v1/groups', 'viewer')).body.items.map((g: any) => g.id);
    expect(left).toEqual(['c3', 'new', 'now']);
    expect((await call('GET', '/api/v1/view-stats', 'viewer')).body).toMatchObject({ groups: 3, evictedGroups: 3, evictedAlerts: 1 });
    await app.stop();
  });
});

describe('groups and alerts API after a restart', () => {
  it('does not hold again the closed groups and resolved alerts sent longer than the retention ago; open ones and recent ones are back', async () => {
    const closed = (id: string, at: number) => group(id, at, [member(`al_${id}`, 'db', 'seed', at)], { status: 'closed', change: 'closed', closedAt: at + 10, updatedAt: at + 10, version: 2 });
    const { app, call } = await setup({ viewRetentionMs: 24 * HOUR }, async (mk, clock) => {
      const { topics } = mk;
      // six days of history on the topics (7-day retention), sent as it happened
      clock.set(T0 - 6 * 24 * HOUR);
      await mk.append([rec(topics.groups, 'old', group('old', clock.now(), [member('al_old', 'db', 'seed', clock.now())])), rec(topics.alerts, 'g', alert('al_old', 'db', clock.now()))]);
      await mk.append([rec(topics.groups, 'stuck', group('stuck', clock.now(), [member('al_stuck', 'db', 'seed', clock.now())]))]);
      clock.set(T0 - 5 * 24 * HOUR);
      await mk.append([rec(topics.groups, 'old', closed('old', clock.now())), rec(topics.alerts, 'g', alert('al_old', 'db', clock.now(), { status: 'resolved', resolvedAt: clock.now(), version: 2 }))]);
      clock.set(T0 - HOUR);
      await mk.append([rec(topics.groups, 'recent', closed('recent', clock.now())), rec(topics.alerts, 'g', alert('al_recent', 'db', clock.now(), { status: 'resolved', resolvedAt: clock.now() }))]);
      clock.set(T0);
    });
    expect((await call('GET', '/api/v1/groups', 'viewer')).body.items.map((g: any) => g.id)).toEqual(['recent', 'stuck']);
    expect((await call('GET', '/api/v1/groups/old', 'viewer')).status).toBe(404);
    expect((await call('GET', '/api/v1/alerts', 'viewer')).body.items.map((a: any) => a.id)).toEqual(['al_recent']);
    expect((await call('GET', '/api/v1/view-stats', 'viewer')).body).toMatchObject({ groups: 2, evictedGroups: 1, alerts: 1, evictedAlerts: 1 });
    await app.stop();
  });
});

const CI = (id: string, type: string, relations: Array<{ type: string; target: string }> = []) => ({ id, name: id, type, relations });

describe('CMDB API', () => {
  it('admin uploads JSON; viewers read it; a viewer or responder cannot upload', async () => {
    const { app, mk, call } = await setup();
    const body = JSON.stringify([CI('bs-shop', 'business_service'), CI('db-shop', 'database'), CI('app-cart', 'application', [{ type: 'depends_on', target: 'db-shop' }, { type: 'part_of', target: 'bs-shop' }, { type: 'runs_on', target: 'vm-9' }])], null, 2);
    expect((await call('POST', '/api/v1/cmdb/items', null, body, 'application/json')).status).toBe(401);
    expect((await call('POST', '/api/v1/cmdb/items', 'viewer', body, 'application/json')).status).toBe(403);
    expect((await call('POST', '/api/v1/cmdb/items', 'responder', body, 'application/json')).status).toBe(403);
    expect(mk.sent).toHaveLength(0);
    const up = await call('POST', '/api/v1/cmdb/items', 'admin', body, 'application/json');
    expect(up.status).toBe(202);
    expect(up.body).toMatchObject({ format: 'json', mode: 'merge', upserted: 3, deleted: 0 });
    expect(up.body.warnings).toEqual([expect.objectContaining({ field: 'relations.2.target', message: expect.stringMatching(/vm-9/) })]);
    expect(mk.sent.map((r) => [r.topic, r.key])).toEqual([[mk.topics.cmdb, 'bs-shop'], [mk.topics.cmdb, 'db-shop'], [mk.topics.cmdb, 'app-cart']]);
    const list = await call('GET', '/api/v1/cmdb/items', 'viewer');
    expect(list.body).toMatchObject({ total: 3, items: [{ id: 'app-cart' }, { id: 'bs-shop' }, { id: 'db-shop' }] });
    expect((await call('GET', '/api/v1/cmdb/items?type=database', 'viewer')).body.items.map((c: any) => c.id)).toEqual(['db-shop']);
    expect((await call('GET', '/api/v1/cmdb/items?q=CART&limit=1', 'viewer')).body).toMatchObject({ total: 1, limit: 1 });
    const db = await call('GET', '/api/v1/cmdb/items/db-shop', 'viewer');
    expect(db.body).toMatchObject({ item: { id: 'db-shop', type: 'database', aliases: [] }, dependents: [{ id: 'app-cart', relations: ['depends_on'] }] });
    expect((await call('GET', '/api/v1/cmdb/items/nope', 'viewer')).status).toBe(404);
    // an object form {items: [...]} is accepted too, and a JSON body sent as text/plain is sniffed
    expect((await call('POST', '/api/v1/cmdb/items', 'admin', JSON.stringify({ items: [CI('mq', 'queue')] }), 'application/json')).body).toMatchObject({ upserted: 1 });
    expect((await call('POST', '/api/v1/cmdb/items', 'admin', JSON.stringify([CI('mq2', 'queue')]), 'text/plain')).body).toMatchObject({ format: 'json', upserted: 1 });
    expect((await call('POST', '/api/v1/cmdb/items?format=csv', 'admin', 'id,name,type\nmq3,mq3,queue\n', 'application/octet-stream')).body).toMatchObject({ format: 'csv', upserted: 1 });
    await app.stop();
  });

  it('refuses a bad CSV or JSON upload with 400 listing every problem by line and field, publishing nothing', async () => {
    const { app, mk, call } = await setup();
    const csv = ['id,name,type,criticality,relations', 'db-1,db-1,database,high,', 'app-1,app-1,Application,high,depends_on:db-1', ',nameless,host,low,', 'app-2,app-2,application,urgent,depends_on:db-1'].join('\n');
    const bad = await call('POST', '/api/v1/cmdb/items', 'admin', csv, 'text/csv');
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('AIOPS_ERR_CONSOLE_CMDB_UPLOAD_INVALID');
    const problems = bad.body.error.problems as Array<{ line: number; field: string }>;
    expect(problems.map((p) => [p.line, p.field])).toEqual(expect.arrayContaining([[3, 'type'], [4, 'id'], [5, 'criticality']]));
    expect(problems).toHaveLength(3);
    expect(bad.body.error.message).toMatch(/nothing published/);
    const unknownColumn = await call('POST', '/api/v1/cmdb/items', 'admin', 'id,name,type,colour\nx,x,host,red\n', 'text/csv; charset=utf-8');
    expect(unknownColumn.status).toBe(400);
    expect(unknownColumn.body.error.problems[0].message).toMatch(/colour/);
    const json = JSON.stringify([CI('ok', 'host'), { id: 'x', type: 'host' }, CI('ok', 'host')], null, 2);
    const badJson = await call('POST', '/api/v1/cmdb/items', 'admin', json, 'application/json');
    expect(badJson.status).toBe(400);
    expect(badJson.body.error.problems).toEqual([expect.objectContaining({ index: 1, field: 'name' }), expect.objectContaining({ index: 2, field: 'id', message: expect.stringMatching(/duplicate/) })]);
    const notJson = await call('POST', '/api/v1/cmdb/items', 'admin', '[{"id": "a",\n oops]', 'application/json');
    expect(notJson.status).toBe(400);
    expect(notJson.body.error.problems[0].message).toMatch(/not valid JSON/);
    expect((await call('POST', '/api/v1/cmdb/items', 'admin', '[]', 'application/json')).status).toBe(400);
    expect((await call('POST', '/api/v1/cmdb/items', 'admin', 'id: x', 'application/yaml')).status).toBe(415);
    // without a useful content type (curl --data-binary) the format is sniffed: this CSV has a bad type
    const sniffed = await call('POST', '/api/v1/cmdb/items', 'admin', 'id,name,type\nx,x,Host\n', 'application/x-www-form-urlencoded');
    expect(sniffed.body.error.problems).toEqual([expect.objectContaining({ line: 2, field: 'type' })]);
    expect(mk.sent).toHaveLength(0);
    await app.stop();
  });

  it('accepts CSV; replace mode and DELETE publish tombstones; a 20k-CI upload fits', async () => {
    const { app, mk, call } = await setup();
    const csv = 'id,name,type,relations,attr.fqdn\ndb-1,db-1,database,,db-1.example.org\n"app-1","app-1",application,"depends_on:db-1",app-1.example.org\nold-1,old-1,host,,\n';
    const up = await call('POST', '/api/v1/cmdb/items', 'admin', csv, 'text/csv');
    expect(up).toMatchObject({ status: 202, body: { format: 'csv', upserted: 3, deleted: 0 } });
    expect((await call('GET', '/api/v1/cmdb/items/db-1', 'viewer')).body.item.attributes).toEqual({ fqdn: 'db-1.example.org' });
    expect((await call('DELETE', '/api/v1/cmdb/items/app-1', 'viewer')).status).toBe(403);
    const del = await call('DELETE', '/api/v1/cmdb/items/app-1', 'admin');
    expect(del).toMatchObject({ status: 202, body: { id: 'app-1', deleted: true, known: true } });
    expect(mk.sent.at(-1)).toEqual({ topic: mk.topics.cmdb, key: 'app-1', value: null });
    expect((await call('GET', '/api/v1/cmdb/items/app-1', 'viewer')).status).toBe(404);
    // replace: db-1 stays, new-1 arrives, old-1 (on the topic, not in the upload) is tombstoned; app-1 is already deleted
    const rep = await call('POST', '/api/v1/cmdb/items?mode=replace', 'admin', JSON.stringify([CI('db-1', 'database'), CI('new-1', 'host')]), 'application/json');
    expect(rep).toMatchObject({ status: 202, body: { mode: 'replace', upserted: 2, deleted: 1, deletedIds: ['old-1'] } });
    expect(mk.sent.slice(-3)).toEqual([expect.objectContaining({ key: 'db-1' }), expect.objectContaining({ key: 'new-1' }), { topic: mk.topics.cmdb, key: 'old-1', value: null }]);
    expect((await call('GET', '/api/v1/cmdb/items', 'viewer')).body.items.map((c: any) => c.id)).toEqual(['db-1', 'new-1']);
    expect((await call('POST', '/api/v1/cmdb/items?mode=wipe', 'admin', '[]', 'application/json')).status).toBe(400);

    // 20k CIs as CSV (~1.3 MB): above the default 256 KiB body limit of the other routes
    const lines = ['id,name,type,relations'];
    for (let i = 0; i < 20_000; i++) lines.push(`host-${i},host-${i}.example.org,host,${i > 0 ? `connected_to:host-${i - 1}` : ''}`);
    const before = mk.sent.length;
    const big = await call('POST', '/api/v1/cmdb/items', 'admin', lines.join('\n'), 'text/csv');
    expect(big).toMatchObject({ status: 202, body: { upserted: 20_000 } });
    expect(mk.sent.length - before).toBe(20_000);
    expect((await call('GET', '/api/v1/cmdb/items?limit=1', 'viewer')).body.total).toBe(20_002);
    await app.stop();
  });

  it('answers 503 and no 202 when Kafka does not take the upload', async () => {
    const { app, mk, call } = await setup();
    mk.failNextSend();
    const r = await call('POST', '/api/v1/cmdb/items', 'admin', JSON.stringify([CI('db-1', 'database')]), 'application/json');
    expect(r.status).toBe(503);
    expect(r.body.error.code).toBe('AIOPS_ERR_KAFKA_UNAVAILABLE');
    expect((await call('GET', '/api/v1/cmdb/items', 'viewer')).body.total).toBe(0);
    await app.stop();
  });
});
