/**
 * The modern schema variant on a current ClickHouse engine, in process (chDB, npm `chdb`): the same
 * migrations render with LowCardinality and TTL there, and the same report SQL gives the same KPI
 * values as on the CI's 18.16 server (reports.int.test.ts). Fails, never skips, when chdb is missing.
 */
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { featuresOf, loadMigrations, migrate, parseVersion, type ClickHouse, type ServerVersion } from '@aiops/clickhouse';
import { alertRow, incidentRow } from './rows.js';
import { runReport } from './reports.js';
import { alert, KPI_EXPECTED, kpiFixture, T0 } from './fixture.test-support.js';

interface ChdbSession {
  query(sql: string, format?: string): string;
  cleanup(): void;
}

const MIGRATIONS = resolve(import.meta.dirname, '../../../deploy/clickhouse/migrations');
const db = 'aiops_chdb';
let session: ChdbSession;
let ch: ClickHouse;

/** chdbClickHouse adapts a chDB session to the ClickHouse interface the migrations and reports use. */
function chdbClickHouse(s: ChdbSession, database: string): ClickHouse {
  let version: ServerVersion | undefined;
  const rows = <T>(sql: string): T[] =>
    s
      .query(sql, 'JSONEachRow')
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l) as T);
  return {
    database,
    ping: async () => true,
    async serverVersion() {
      version ??= parseVersion(rows<{ v: string }>('SELECT version() AS v')[0]?.v ?? '0');
      return version;
    },
    async features() {
      return featuresOf(await this.serverVersion());
    },
    exec: async (sql) => void s.query(sql),
    query: async <T>(sql: string) => rows<T>(sql),
    insert: async (table, data) => void s.query(`INSERT INTO ${database}.${table} FORMAT JSONEachRow ${data.map((r) => JSON.stringify(r)).join('\n')}`),
    close: async () => undefined,
  };
}

beforeAll(async () => {
  let mod: { Session: new (path?: string) => ChdbSession };
  try {
    mod = (await import('chdb')) as unknown as typeof mod;
  } catch (err) {
    throw new Error(`npm package chdb is not installed (npm install --no-save chdb@3.4.0): ${(err as Error).message}`);
  }
  session = new mod.Session();
  ch = chdbClickHouse(session, db);
});

afterAll(() => session?.cleanup());

describe('modern schema variant on chDB', () => {
  it('renders LowCardinality and TTL on a current engine and applies the migrations once', async () => {
    const v = await ch.serverVersion();
    expect(v.major).toBeGreaterThanOrEqual(20);
    expect(await ch.features()).toMatchObject({ ttl: true, lowCardinality: true });
    const applied = await migrate(ch, loadMigrations(MIGRATIONS));
    expect(applied).toEqual([1, 2, 3]);
    expect(await migrate(ch, loadMigrations(MIGRATIONS))).toEqual([]);
    const [t] = await ch.query<{ q: string }>(`SELECT create_table_query AS q FROM system.tables WHERE database = '${db}' AND name = 'incidents'`);
    expect(t?.q).toMatch(/LowCardinality\(String\)/);
    expect(t?.q).toMatch(/TTL detected_at \+ toIntervalDay\(730\)/);
    expect(t?.q).toMatch(/ttl_only_drop_parts = 1/);
  });

  it('gives the same KPI values as the 18.16 server from the same SQL', async () => {
    for (const i of kpiFixture()) await ch.insert('incidents', [incidentRow(i)]);
    const r = await runReport(ch.query.bind(ch), db, 'kpis', { from: T0, to: T0 + 86_400_000 });
    expect(Object.fromEntries(r.rows.map((row) => [row.name as string, row.value]))).toEqual(KPI_EXPECTED);
  });

  it('runs every trend report', async () => {
    await ch.insert('alerts', [alertRow(alert('a1', 1, { ci: 'db-1', template: 'Disk <n>% full', count: 3, at: T0 + 1000, change: 'flapping_started' }))]);
    const period = { from: T0, to: T0 + 86_400_000 };
    expect((await runReport(ch.query.bind(ch), db, 'incidents-over-time', { ...period, by: 'team', bucket: 'week' })).rows.length).toBeGreaterThan(0);
    expect((await runReport(ch.query.bind(ch), db, 'noisy-templates', period)).rows).toEqual([{ template: 'Disk <n>% full', events: 3, alerts: 1, cis: 1 }]);
    expect((await runReport(ch.query.bind(ch), db, 'flapping-leaders', period)).rows).toEqual([{ ci: 'db-1', template: 'Disk <n>% full', flapping_starts: 1, alerts: 1 }]);
    expect((await runReport(ch.query.bind(ch), db, 'alerts-over-time', { ...period, by: 'severity', bucket: 'hour' })).rows).toHaveLength(1);
    expect((await runReport(ch.query.bind(ch), db, 'sla-breaches-by-team', period)).rows.map((x) => x.team)).toEqual(['net', 'dba']);
    expect((await runReport(ch.query.bind(ch), db, 'change-related-incidents', period)).rows.map((x) => x.id)).toEqual(['i2']);
    expect((await runReport(ch.query.bind(ch), db, 'events-over-time', period)).rows).toEqual([]);
    expect((await runReport(ch.query.bind(ch), db, 'noisy-cis', period)).rows.map((x) => x.ci)).toEqual(['db-1']);
    expect((await runReport(ch.query.bind(ch), db, 'problem-backlog', {})).rows).toEqual([]);
    const trend = await runReport(ch.query.bind(ch), db, 'kpis-over-time', { from: T0 - 86_400_000, to: T0 + 86_400_000, bucket: 'day' });
    expect(trend.rows.map((x) => [x.incidents, x.mttr_s])).toEqual([
      [1, 6400],
      [4, 4200],
    ]);
  });
});
