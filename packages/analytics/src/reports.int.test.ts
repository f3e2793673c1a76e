import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clickhouseConfig, createClickHouse, loadMigrations, migrate, type ClickHouse } from '@aiops/clickhouse';
import { silentTelemetry } from '@aiops/telemetry';
import { stackEnv, uniqueName } from '@aiops/testkit';
import { alertRow, eventRow, incidentRow } from './rows.js';
import { runReport, toCsv } from './reports.js';
import { alert, event, KPI_EXPECTED, kpiFixture, T0 } from './fixture.test-support.js';

const MIGRATIONS = resolve(import.meta.dirname, '../../../deploy/clickhouse/migrations');
const db = uniqueName('rep');
let ch: ClickHouse;
const q = <T>(sql: string) => ch.query<T>(sql);
const DAY = 86_400_000;
const period = { from: T0, to: T0 + DAY };

beforeAll(async () => {
  ch = createClickHouse(clickhouseConfig.parse({ url: stackEnv().clickhouseUrl, database: db }), silentTelemetry('rep'));
  await migrate(ch, loadMigrations(MIGRATIONS));
  // each record in its own insert, like batches arriving over time (FINAL must still pick the latest)
  for (const i of kpiFixture()) await ch.insert('incidents', [incidentRow(i)]);
  const alerts = [
    alert('a1', 1, { ci: 'db-1', template: 'Disk <n>% full', count: 1, at: T0 + 100_000, change: 'opened' }),
    alert('a1', 2, { ci: 'db-1', template: 'Disk <n>% full', count: 7, at: T0 + 200_000 }),
    alert('a1', 2, { ci: 'db-1', template: 'Disk <n>% full', count: 7, at: T0 + 200_000 }), // replay
    alert('a2', 1, { ci: 'db-2', template: 'Disk <n>% full', count: 2, at: T0 + 300_000 }),
    alert('a3', 1, { ci: 'lb-1', template: 'Link down', count: 3, at: T0 + 400_000, change: 'flapping_started' }),
    alert('a3', 2, { ci: 'lb-1', template: 'Link down', count: 6, at: T0 + 500_000, change: 'flapping_started' }),
    alert('a3', 2, { ci: 'lb-1', template: 'Link down', count: 6, at: T0 + 500_000, change: 'flapping_started' }), // replay
    alert('a4', 1, { ci: 'db-1', template: 'Disk <n>% full', count: 50, at: T0 - DAY }), // outside the period
  ];
  await ch.insert('alerts', alerts.map(alertRow));
  const events = [0, 1, 2, 3, 4, 5].map((i) => event(i, T0 + i * 3_600_000, i < 4 ? 'shop' : 'pay'));
  await ch.insert('events', events.map(eventRow));
  await ch.insert('events', events.slice(0, 3).map(eventRow)); // replayed
});

afterAll(async () => {
  await ch?.exec(`DROP DATABASE IF EXISTS ${db}`).catch(() => undefined);
  await ch?.close();
});

describe('KPIs on the real ClickHouse', () => {
  it('match the hand-computed values of the fixture (latest versions, replays counted once)', async () => {
    const r = await runReport(q, db, 'kpis', period);
    const got = Object.fromEntries(r.rows.map((row) => [row.name as string, row.value]));
    expect(got).toEqual(KPI_EXPECTED);
    for (const row of r.rows) expect(String(row.definition).length).toBeGreaterThan(10);
  });

  it('per period bucket (kpis-over-time), to compare one period with the next', async () => {
    const r = await runReport(q, db, 'kpis-over-time', { from: T0 - DAY, to: T0 + DAY, bucket: 'day' });
    expect(r.rows.map((x) => [x.bucket, x.incidents, x.mttr_s, x.sla_met_pct, x.alerts_per_incident])).toEqual([
      [new Date(T0 - DAY).toISOString(), 1, 6400, null, 9],
      [new Date(T0).toISOString(), 4, 4200, 66.667, 2.5],
    ]);
  });

  it('slice by service, category, priority, team and CI', async () => {
    const kpi = async (f: Record<string, string>) =>
      Object.fromEntries((await runReport(q, db, 'kpis', { ...period, ...f })).rows.map((row) => [row.name as string, row.value]));
    expect(await kpi({ service: 'pay' })).toMatchObject({ incidents: 2, resolved: 1, mttr_s: 1800, detected_by_monitoring_pct: 50 });
    expect(await kpi({ category: 'network' })).toMatchObject({ incidents: 1, mttr_s: 7200, sla_met_pct: 0, reopen_pct: 100 });
    expect(await kpi({ priority: 'P3', assignmentGroup: 'dba' })).toMatchObject({ incidents: 2, alerts_per_incident: 1 });
    expect(await kpi({ ci: 'db-1' })).toMatchObject({ incidents: 1, mtta_s: 300 });
    // a hostile filter value is a literal, not SQL
    expect(await kpi({ service: "x' OR 1=1 --" })).toMatchObject({ incidents: 0, mttr_s: null });
  });
});

describe('trend reports on the real ClickHouse', () => {
  it('incidents over time by category and SLA breaches by team', async () => {
    const r = await runReport(q, db, 'incidents-over-time', { ...period, by: 'category', bucket: 'day' });
    expect(r.rows).toEqual([
      { bucket: new Date(T0).toISOString(), key: 'disk', incidents: 3, major: 0, breached: 0 },
      { bucket: new Date(T0).toISOString(), key: 'network', incidents: 1, major: 1, breached: 1 },
    ]);
    const s = await runReport(q, db, 'sla-breaches-by-team', period);
    expect(s.rows.map((x) => [x.team, x.incidents, x.resolution_breaches])).toEqual([
      ['net', 1, 1],
      ['dba', 3, 0],
    ]);
  });

  it('noisy templates and CIs, flapping leaders, change-related incidents', async () => {
    const t = await runReport(q, db, 'noisy-templates', { ...period, limit: '5' });
    expect(t.rows).toEqual([
      { template: 'Disk <n>% full', events: 9, alerts: 2, cis: 2 },
      { template: 'Link down', events: 6, alerts: 1, cis: 1 },
    ]);
    const c = await runReport(q, db, 'noisy-cis', period);
    expect(c.rows.map((x) => [x.ci, x.events])).toEqual([
      ['db-1', 7],
      ['lb-1', 6],
      ['db-2', 2],
    ]);
    const f = await runReport(q, db, 'flapping-leaders', period);
    expect(f.rows).toEqual([{ ci: 'lb-1', template: 'Link down', flapping_starts: 2, alerts: 1 }]);
    const ch2 = await runReport(q, db, 'change-related-incidents', period);
    expect(ch2.rows.map((x) => [x.id, x.change_ids])).toEqual([['i2', ['chg-9']]]);
  });

  it('events and alerts over time from the rollups count a replayed record once', async () => {
    const e = await runReport(q, db, 'events-over-time', { ...period, by: 'service', bucket: 'day' });
    expect(e.rows.map((x) => [x.key, x.events])).toEqual([
      ['pay', 2],
      ['shop', 4],
    ]);
    const a = await runReport(q, db, 'alerts-over-time', { ...period, by: 'ci', bucket: 'day' });
    expect(a.rows.map((x) => [x.key, x.alerts, x.changes])).toEqual([
      ['db-1', 1, 2],
      ['db-2', 1, 1],
      ['lb-1', 1, 2],
    ]);
  });

  it('renders CSV with quoting and formula neutralisation', async () => {
    const r = await runReport(q, db, 'noisy-templates', period);
    const csv = toCsv({ ...r, rows: [...r.rows, { template: '=HYPERLINK("x")', events: 1, alerts: 1, cis: 0 }] });
    expect(csv.split('\r\n')[0]).toBe('template,events,alerts,cis');
    expect(csv).toContain('Disk <n>% full,9,2,2');
    expect(csv).toContain(`"'=HYPERLINK(""x"")",1,1,0`);
  });

  it('refuses bad parameters with the field named', async () => {
    await expect(runReport(q, db, 'incidents-over-time', { ...period, by: 'nope' })).rejects.toThrow(/by/);
    await expect(runReport(q, db, 'kpis', { from: 'yesterday', to: T0 })).rejects.toThrow(/from|epoch/);
  });
});
