import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentTelemetry } from '@aiops/telemetry';
import { stackEnv, uniqueName } from '@aiops/testkit';
import { clickhouseConfig, createClickHouse, loadMigrations, migrate, sqlString, type ClickHouse } from './index.js';

const db = uniqueName('chint');
let ch: ClickHouse;

beforeAll(() => {
  ch = createClickHouse(clickhouseConfig.parse({ url: stackEnv().clickhouseUrl, database: db }), silentTelemetry('ch-int'));
});
afterAll(async () => {
  await ch.exec(`DROP DATABASE IF EXISTS ${db}`).catch(() => undefined);
  await ch.close();
});

describe('ClickHouse adapter on the real server', () => {
  it('probes the version once and derives features', async () => {
    const v = await ch.serverVersion();
    expect(v.major).toBeGreaterThan(0);
    const f = await ch.features();
    // the CI server is 18.16: no TTL, no LowCardinality, no query parameters
    if (v.major === 18) expect(f).toMatchObject({ ttl: false, lowCardinality: false, queryParams: false });
    expect(await ch.ping()).toBe(true);
  });

  it('migrates from empty, then a re-run applies nothing and keeps the data', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mig-'));
    writeFileSync(
      join(dir, '0001_t.sql'),
      '-- a comment; with a semicolon\nCREATE TABLE IF NOT EXISTS {{db}}.t (id String, kind {{lc String}}) ENGINE = ReplacingMergeTree() ORDER BY id {{ttl_settings}};\n',
    );
    writeFileSync(join(dir, '0002_u.sql'), 'CREATE TABLE IF NOT EXISTS {{db}}.u (id String) ENGINE = MergeTree() ORDER BY id;\nCREATE TABLE IF NOT EXISTS {{db}}.v (id String) ENGINE = MergeTree() ORDER BY id;\n');
    writeFileSync(join(dir, 'README.md'), 'not a migration');
    const migrations = loadMigrations(dir);
    expect(migrations.map((m) => m.version)).toEqual([1, 2]);
    expect(await migrate(ch, migrations)).toEqual([1, 2]);
    await ch.insert('t', [{ id: 'a', kind: 'x' }]);
    expect(await migrate(ch, migrations)).toEqual([]);
    const rows = await ch.query<{ id: string }>('SELECT id FROM t');
    expect(rows).toEqual([{ id: 'a' }]);
    const tables = await ch.query<{ name: string }>(`SELECT name FROM system.tables WHERE database = ${sqlString(db)} ORDER BY name`);
    expect(tables.map((t) => t.name)).toEqual(['schema_migrations', 't', 'u', 'v']);
  });

  it('round-trips hostile strings through sqlString and through JSONEachRow inserts', async () => {
    const hostile = ["O'Brien", 'back\\slash', "\\'; DROP TABLE t; --", 'tab\tnl\ncr\rnul\0', 'bell\x07 del\x7f', '✓ 日本 😀', "''", '\\'];
    for (const s of hostile) {
      const r = await ch.query<{ s: string }>(`SELECT ${sqlString(s)} AS s`);
      expect(r[0]?.s).toBe(s);
    }
    await ch.insert('u', hostile.map((id) => ({ id })));
    const back = await ch.query<{ id: string }>('SELECT id FROM u');
    expect(back.map((r) => r.id).sort()).toEqual([...hostile].sort());
  });

  it('classifies refused rows as rejected (not retryable) and a dead server as unavailable (retryable)', async () => {
    await expect(ch.insert('t', [{ id: 'b', kind: { nested: true } }])).rejects.toMatchObject({ code: 'AIOPS_ERR_CLICKHOUSE_REJECTED', retryable: false });
    await ch.exec(`CREATE TABLE IF NOT EXISTS ${db}.n (n UInt32) ENGINE = MergeTree() ORDER BY n`);
    await expect(ch.insert('n', [{ n: -1 }])).rejects.toMatchObject({ code: 'AIOPS_ERR_CLICKHOUSE_REJECTED' });
    await expect(ch.insert('n', [{ n: 'x' }])).rejects.toMatchObject({ code: 'AIOPS_ERR_CLICKHOUSE_REJECTED' });
    await expect(ch.query('SELEC 1')).rejects.toMatchObject({ code: 'AIOPS_ERR_CLICKHOUSE_QUERY', retryable: false });
    const dead = createClickHouse(clickhouseConfig.parse({ url: 'http://127.0.0.1:1', database: db, requestTimeoutMs: 2000 }), silentTelemetry('dead'));
    await expect(dead.insert('n', [{ n: 1 }])).rejects.toMatchObject({ code: 'AIOPS_ERR_CLICKHOUSE_UNAVAILABLE', retryable: true });
    expect(await dead.ping()).toBe(false);
    await dead.close();
  });
});

describe('retention without TTL', () => {
  it('drops whole monthly partitions older than the retention, keeps the rest', async () => {
    const { dropExpiredPartitions } = await import('./retention.js');
    await ch.exec(`CREATE TABLE IF NOT EXISTS ${db}.r (at DateTime, id String) ENGINE = MergeTree() PARTITION BY toYYYYMM(at) ORDER BY id`);
    const ts = (iso: string) => Math.floor(Date.parse(iso) / 1000);
    await ch.insert('r', [
      { at: ts('2026-01-15T00:00:00Z'), id: 'jan' },
      { at: ts('2026-08-31T23:00:00Z'), id: 'aug' },
      { at: ts('2026-09-01T00:00:00Z'), id: 'sep' },
      { at: ts('2026-11-20T00:00:00Z'), id: 'nov' },
    ]);
    // keep 70 days from 2026-11-23: cutoff 2026-09-14, so January and August go, September stays
    expect(await dropExpiredPartitions(ch, 'r', 70, Date.parse('2026-11-23T00:00:00Z'))).toEqual(['202601', '202608']);
    expect((await ch.query<{ id: string }>('SELECT id FROM r ORDER BY id')).map((x) => x.id)).toEqual(['nov', 'sep']);
  });
});
