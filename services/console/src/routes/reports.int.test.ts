import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clickhouseConfig, createClickHouse, loadMigrations, migrate, type ClickHouse } from '@aiops/clickhouse';
import { createHttpServer, type HttpServer } from '@aiops/http';
import type { OutRecord } from '@aiops/kafka';
import { Problem, topicNames } from '@aiops/model';
import { ManualClock } from '@aiops/pipeline';
import { reconcile } from '@aiops/problems';
import { problemRow } from '@aiops/analytics';
import { silentTelemetry } from '@aiops/telemetry';
import { stackEnv, uniqueName } from '@aiops/testkit';
import type { RouteContext } from './context.js';
import { problemRoutes } from './problems.js';
import { reportRoutes } from './reports.js';

const db = uniqueName('conrep');
const T0 = Date.UTC(2026, 10, 1);
let ch: ClickHouse;
let http: HttpServer;
const sent: OutRecord[] = [];
const roles: string[] = [];

beforeAll(async () => {
  ch = createClickHouse(clickhouseConfig.parse({ url: stackEnv().clickhouseUrl, database: db }), silentTelemetry('c'));
  await migrate(ch, loadMigrations(resolve(import.meta.dirname, '../../../../deploy/clickhouse/migrations')));
  await ch.insert('incidents', [
    { id: 'i1', version: 2, number: 'INC-1', title: 'Disk full', state: 'resolved', category: 'disk', priority: 'P2', assignment_group: 'dba', service: 'shop', services: ['shop'], ci: 'db-1', cis: ['db-1'], detected_at: T0 / 1000 + 60, detected_ms: T0 + 60_000, resolved_ms: T0 + 660_000, origin: 'monitoring', alert_count: 4 },
    { id: 'i2', version: 1, number: 'INC-2', title: 'Disk full again', state: 'new', category: 'disk', priority: 'P2', assignment_group: 'dba', service: 'shop', services: ['shop'], ci: 'db-1', cis: ['db-1'], detected_at: T0 / 1000 + 7200, detected_ms: T0 + 7_200_000, origin: 'user' },
  ]);
  const [p] = reconcile(
    [{ pattern: 'recurrence', key: 'ci=db-1|category=disk', title: "Recurring disk on db-1, it's bad", incidentIds: ['i1', 'i2'], ciIds: ['db-1'], services: ['shop'], evidence: { count: 2 } }],
    new Map(),
    T0,
  ) as [Problem];
  await ch.insert('problems', [problemRow(p)]);
  http = createHttpServer({ telemetry: silentTelemetry('console-test') });
  const ctx = {
    topics: topicNames('t'),
    clock: new ManualClock(T0 + 86_400_000),
    telemetry: silentTelemetry(),
    publish: async (r: readonly OutRecord[]) => void sent.push(...r),
    requireRole: (role: string) => async (req: { principal?: unknown }) => {
      roles.push(role);
      req.principal = { name: 'pm-alice' };
    },
    extras: { clickhouse: ch },
  } as unknown as RouteContext;
  await http.app.register(reportRoutes, ctx);
  await http.app.register(problemRoutes, ctx);
});

afterAll(async () => {
  await http?.close();
  await ch?.exec(`DROP DATABASE IF EXISTS ${db}`).catch(() => undefined);
  await ch?.close();
});

describe('console report routes', () => {
  it('lists the reports and runs one as JSON and as CSV', async () => {
    const list = await http.app.inject({ method: 'GET', url: '/api/v1/reports' });
    expect(list.json().reports.map((r: { name: string }) => r.name)).toContain('kpis');
    const from = new Date(T0).toISOString();
    const r = await http.app.inject({ method: 'GET', url: `/api/v1/reports/kpis?from=${from}&to=${T0 + 86_400_000}&service=shop` });
    expect(r.statusCode).toBe(200);
    const kpis = Object.fromEntries(r.json().rows.map((x: { name: string; value: number }) => [x.name, x.value]));
    expect(kpis).toMatchObject({ incidents: 2, resolved: 1, mttr_s: 600, detected_by_monitoring_pct: 50, alerts_per_incident: 2 });
    const csv = await http.app.inject({ method: 'GET', url: `/api/v1/reports/incidents-over-time?from=${T0}&to=${T0 + 86_400_000}&by=ci`, headers: { accept: 'text/csv' } });
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.body).toBe(`bucket,key,incidents,major,breached\r\n${new Date(T0).toISOString()},db-1,2,0,0\r\n`);
    expect(roles.every((x) => x === 'viewer')).toBe(true);
  });

  it('answers 400 naming the parameter, 404 for an unknown report', async () => {
    const bad = await http.app.inject({ method: 'GET', url: `/api/v1/reports/incidents-over-time?from=${T0}&to=${T0 + 1}&bucket=fortnight` });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe('bucket');
    expect((await http.app.inject({ method: 'GET', url: `/api/v1/reports/nope?from=1&to=2` })).statusCode).toBe(404);
  });

  it('defaults the period to the last 30 days up to now', async () => {
    const r = await http.app.inject({ method: 'GET', url: '/api/v1/reports/kpis?service=shop' });
    expect(r.statusCode).toBe(200);
    const explicit = await http.app.inject({ method: 'GET', url: `/api/v1/reports/kpis?service=shop&from=${T0 + 86_400_000 - 30 * 86_400_000}&to=${T0 + 86_400_000}` });
    expect(r.json()).toEqual(explicit.json());
  });
});

describe('console problem routes', () => {
  it('lists, searches and shows a problem with its incidents', async () => {
    const l = await http.app.inject({ method: 'GET', url: '/api/v1/problems?state=new&ci=db-1' });
    expect(l.json().problems.map((p: Problem) => p.patternKey)).toEqual(['ci=db-1|category=disk']);
    expect((await http.app.inject({ method: 'GET', url: `/api/v1/problems?q=${encodeURIComponent("it's BAD")}` })).json().problems).toHaveLength(1);
    expect((await http.app.inject({ method: 'GET', url: `/api/v1/problems?q=${encodeURIComponent("x' OR 1=1 --")}` })).json().problems).toHaveLength(0);
    const id = l.json().problems[0].id as string;
    const d = await http.app.inject({ method: 'GET', url: `/api/v1/problems/${id}` });
    expect(d.json().incidents.map((i: { id: string }) => i.id)).toEqual(['i1', 'i2']);
    expect(d.json().problem.evidence).toEqual({ count: 2 });
    expect((await http.app.inject({ method: 'GET', url: '/api/v1/problems/prb_missing' })).statusCode).toBe(404);
  });

  it('applies a manager action as a new version on the problems topic; refuses an illegal transition with 409', async () => {
    const id = (await http.app.inject({ method: 'GET', url: '/api/v1/problems' })).json().problems[0].id as string;
    const r = await http.app.inject({ method: 'POST', url: `/api/v1/problems/${id}/actions`, payload: { action: 'set_root_cause', rootCause: 'no log rotation', method: '5_whys' } });
    expect(r.statusCode).toBe(202);
    expect(r.json().problem).toMatchObject({ version: 2, rootCause: 'no log rotation', updatedBy: 'pm-alice' });
    expect(sent.map((s) => [s.topic, s.key])).toEqual([['t.aiops.problems.v1', id]]);
    const bad = await http.app.inject({ method: 'POST', url: `/api/v1/problems/${id}/actions`, payload: { action: 'set_state', state: 'resolved' } });
    expect(bad.statusCode).toBe(409);
    const invalid = await http.app.inject({ method: 'POST', url: `/api/v1/problems/${id}/actions`, payload: { action: 'set_state', state: 'done' } });
    expect(invalid.statusCode).toBe(400);
    expect(roles).toContain('responder');
  });
});
