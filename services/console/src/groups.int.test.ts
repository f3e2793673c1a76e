/**
 * The console's groups/alerts view and CMDB upload on the real stack, as an outside client sees it:
 * a CMDB uploaded through the console API (-> aiops.cmdb.v1), events posted to the REAL gateway, the
 * REAL correlator grouping them with that topology, and the groups and alerts read back through the
 * console API. A database outage and its dependent applications must come back as one group naming
 * the database as root cause, each member with its join rule and evidence; an unrelated host problem
 * is a group of its own. Needs `npx tsc -b services/console services/correlator services/gateway`.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, stackEnv, startService, uniqueName, waitFor, type ServiceProcess } from '@aiops/testkit';

const FIXTURES = resolve(import.meta.dirname, '../../../packages/normalize/fixtures');
const ns = uniqueName('console-views');
const token = randomBytes(24).toString('hex');
const services: ServiceProcess[] = [];
let console_: ServiceProcess;
let gateway: ServiceProcess | undefined;

async function api(base: string, method: string, path: string, body?: string, contentType = 'application/json', auth = token) {
  const r = await fetch(`${base}${path}`, { method, headers: { authorization: `Bearer ${auth}`, ...(body !== undefined ? { 'content-type': contentType } : {}) }, ...(body !== undefined ? { body } : {}) });
  return { status: r.status, body: (await r.json()) as any };
}

const CMDB_CSV = [
  'id,name,type,criticality,supportGroup,relations',
  'bs-shop,shop,business_service,critical,team-shop,',
  'vm-db-shop,vm-db-shop,vm,high,ops,',
  'db-shop,db-shop,database,critical,dba,runs_on:vm-db-shop;part_of:bs-shop',
  'app-cart,cart,application,high,team-web,depends_on:db-shop;part_of:bs-shop',
  'app-checkout,checkout,application,high,team-web,depends_on:db-shop;part_of:bs-shop',
  'app-search,search,application,medium,team-web,depends_on:db-shop;part_of:bs-shop',
  'mail-1,mail-1,host,low,ops,',
].join('\n');

beforeAll(async () => {
  const env = stackEnv();
  const tokenFile = join(mkdtempSync(join(tmpdir(), 'console-views-')), 'token');
  writeFileSync(tokenFile, token);
  const common = {
    AIOPS_KAFKA_BROKERS: env.kafkaBrokers.join(','),
    AIOPS_KAFKA_NAMESPACE: ns,
    AIOPS_KAFKA_PARTITIONS: '2',
    AIOPS_API_TOKEN_FILE: tokenFile,
    AIOPS_LOG_LEVEL: process.env.VIEWS_DEBUG ? 'info' : 'warn',
  };
  const [pc, pr, pg] = [await freePort(), await freePort(), await freePort()];
  console_ = await startService('console', { port: pc, env: { ...common, AIOPS_CONSOLE_PORT: String(pc) } });
  services.push(console_);
  // the CMDB goes in through the console before the correlator starts (it reads the topic at start)
  const up = await api(console_.baseUrl, 'POST', '/api/v1/cmdb/items', CMDB_CSV, 'text/csv');
  expect(up.status).toBe(202);
  expect(up.body).toMatchObject({ format: 'csv', upserted: 7, deleted: 0, warnings: [] });
  services.push(await startService('correlator', { port: pr, env: { ...common, AIOPS_CORRELATOR_PORT: String(pr) } }));
  gateway = await startService('gateway', { port: pg, env: { ...common, AIOPS_GATEWAY_PORT: String(pg) } });
  services.push(gateway);
}, 120_000);

afterAll(async () => {
  if (process.env.VIEWS_DEBUG) for (const s of services) console.log(s.name, s.output().slice(-3000));
  for (const s of services.reverse()) await s.stop();
});

describe('console groups/alerts/CMDB API on the real pipeline', () => {
  it('refuses a bad upload with every problem and reads the CMDB back', async () => {
    const bad = await api(console_.baseUrl, 'POST', '/api/v1/cmdb/items', 'id,name,type\nok,ok,host\n,x,host\ny,y,Bad Type\n', 'text/csv');
    expect(bad.status).toBe(400);
    expect(bad.body.error.problems.map((p: any) => [p.line, p.field])).toEqual([[3, 'id'], [4, 'type']]);
    const items = await waitFor('the uploaded CIs in the console view', async () => {
      const r = await api(console_.baseUrl, 'GET', '/api/v1/cmdb/items');
      return r.body.total === 7 ? r.body : undefined;
    }, 20_000);
    expect(items.items.map((c: any) => c.id)).toContain('db-shop');
    expect((await api(console_.baseUrl, 'GET', '/api/v1/cmdb/items/db-shop')).body.dependents.map((d: any) => d.id).sort()).toEqual(['app-cart', 'app-checkout', 'app-search']);
  });

  it('a db outage and its apps come back as one group with the db as root cause, with evidence per member', async () => {
    const t0 = Date.now();
    const ev = (fp: string, title: string, labels: Record<string, string>, dt: number, severity = 'major') => ({ title, severity, fingerprint: fp, labels, occurredAt: t0 + dt });
    const storm = [
      ev('pg-down', 'PostgreSQL down on db-shop', { alertname: 'PostgresDown', host: 'db-shop' }, 0, 'critical'),
      ev('cart-5xx', 'cart: error rate 12%', { alertname: 'HighErrorRate', service: 'cart' }, 200),
      ev('checkout-5xx', 'checkout: error rate 30%', { alertname: 'HighErrorRate', service: 'checkout' }, 300),
      ev('search-latency', 'search: p99 latency 4s', { alertname: 'HighLatency', service: 'search' }, 400),
      ev('mail-disk', 'Disk /var 93% full on mail-1', { alertname: 'DiskFull', host: 'mail-1' }, 500, 'warning'),
    ];
    const r = await fetch(`${gateway!.baseUrl}/api/v1/events/generic`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(storm) });
    expect(r.status).toBe(202);
    // and a repeat of the db alert: same alert, count 2
    expect((await fetch(`${gateway!.baseUrl}/api/v1/events/generic`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(ev('pg-down', 'PostgreSQL down on db-shop', { alertname: 'PostgresDown', host: 'db-shop' }, 600, 'critical')) })).status).toBe(202);

    const groups = await waitFor('the db group with its 4 members in the console', async () => {
      const g = await api(console_.baseUrl, 'GET', '/api/v1/groups?ci=db-shop');
      return g.body.items?.[0]?.size === 4 ? g.body : undefined;
    }, 40_000);
    expect(groups.total).toBe(1);
    const summary = groups.items[0];
    expect(summary).toMatchObject({ status: 'open', size: 4, rootCause: { ciId: 'db-shop' }, services: ['bs-shop'] });

    const full = (await api(console_.baseUrl, 'GET', `/api/v1/groups/${summary.id}`)).body;
    expect(full.rootCause.ciId).toBe('db-shop');
    expect(full.candidates[0].ciId).toBe('db-shop');
    const byFp = new Map<string, any>(full.members.map((m: any) => [m.fingerprint, m]));
    expect([...byFp.keys()].sort()).toEqual(['cart-5xx', 'checkout-5xx', 'pg-down', 'search-latency']);
    expect(byFp.get('pg-down')).toMatchObject({ rule: 'seed', ciId: 'db-shop' });
    for (const [fp, ci] of [['cart-5xx', 'app-cart'], ['checkout-5xx', 'app-checkout'], ['search-latency', 'app-search']] as const) {
      const m = byFp.get(fp);
      expect(m).toMatchObject({ ciId: ci, rule: 'topology' });
      expect(m.evidence.path[0]).toBe(ci);
      expect(m.evidence.path.at(-1)).toBe('db-shop');
    }

    // the unrelated host problem is a group of its own
    const others = await waitFor('the mail-1 group', async () => {
      const g = await api(console_.baseUrl, 'GET', '/api/v1/groups?ci=mail-1');
      return g.body.total === 1 ? g.body : undefined;
    }, 20_000);
    expect(others.items[0].id).not.toBe(summary.id);
    expect((await api(console_.baseUrl, 'GET', '/api/v1/groups?status=open&minSize=2')).body.items.map((g: any) => g.id)).toEqual([summary.id]);

    // each alert says which group it is in
    const inGroup = await waitFor('the 4 alerts of the group', async () => {
      const a = await api(console_.baseUrl, 'GET', `/api/v1/alerts?groupId=${summary.id}`);
      return a.body.total === 4 && a.body.items.some((x: any) => x.fingerprint === 'pg-down' && x.count === 2) ? a.body : undefined;
    }, 20_000);
    for (const a of inGroup.items) expect(a.groupId).toBe(summary.id);
    const pg = (await api(console_.baseUrl, 'GET', '/api/v1/alerts?fingerprint=pg-down')).body.items[0];
    expect(pg).toMatchObject({ status: 'firing', count: 2, ci: { id: 'db-shop' }, service: 'bs-shop', groupId: summary.id });
    expect((await api(console_.baseUrl, 'GET', `/api/v1/alerts/${pg.id}`)).body.groupId).toBe(summary.id);
    expect((await api(console_.baseUrl, 'GET', '/api/v1/alerts?ci=mail-1')).body.items[0].groupId).toBe(others.items[0].id);
  });

  it('a real Alertmanager webhook (2019 startsAt, no matching CI): its alerts and groups are readable, each alert names its group', async () => {
    const body = readFileSync(join(FIXTURES, 'alertmanager', '03-alertmonitor-firing-3-alerts.json'), 'utf8');
    const r = await fetch(`${gateway!.baseUrl}/api/v1/events/alertmanager`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body });
    expect(r.status).toBe(202);
    const alerts = await waitFor('the 3 Alertmanager alerts, each in a group', async () => {
      const a = await api(console_.baseUrl, 'GET', '/api/v1/alerts?source=alertmanager');
      return a.body.total === 3 && a.body.items.every((x: any) => x.groupId !== null) ? a.body.items : undefined;
    }, 30_000);
    for (const a of alerts) {
      expect(a.labels.alertname).toBe('ICMP ping failed');
      const g = await api(console_.baseUrl, 'GET', `/api/v1/groups/${a.groupId}`);
      expect(g.status).toBe(200);
      expect(g.body.members.map((m: any) => m.alertId)).toContain(a.id);
    }
  });

  it('roles: a viewer-less request is refused; DELETE publishes a tombstone that the view applies', async () => {
    expect((await api(console_.baseUrl, 'GET', '/api/v1/groups', undefined, 'application/json', 'wrong-token-wrong-token')).status).toBe(401);
    const del = await api(console_.baseUrl, 'DELETE', '/api/v1/cmdb/items/mail-1');
    expect(del).toMatchObject({ status: 202, body: { id: 'mail-1', deleted: true, known: true } });
    await waitFor('mail-1 gone from the view', async () => ((await api(console_.baseUrl, 'GET', '/api/v1/cmdb/items/mail-1')).status === 404 ? true : undefined), 20_000);
  });
});
