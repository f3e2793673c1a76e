import { describe, expect, it } from 'vitest';
import { createBatchWriter } from './batch-writer.js';
import { featuresOf, parseVersion, serverErrorCode } from './client.js';
import { renderMigration, splitStatements } from './migrate.js';

describe('version probe and features', () => {
  it('parses versions and decides features by version', () => {
    expect(parseVersion('18.16.1')).toMatchObject({ major: 18, minor: 16, patch: 1 });
    expect(featuresOf(parseVersion('18.16.1'))).toEqual({ ttl: false, lowCardinality: false, queryParams: false, dateTime64: false });
    expect(featuresOf(parseVersion('19.6.2.11'))).toMatchObject({ ttl: true, lowCardinality: false });
    expect(featuresOf(parseVersion('26.7.2.1'))).toEqual({ ttl: true, lowCardinality: true, queryParams: true, dateTime64: true });
  });

  it('reads the server error code from both the 18.16 and the modern message format', () => {
    expect(serverErrorCode(new Error('Code: 27, e.displayText() = DB::Exception: Cannot parse input'))).toBe('27');
    expect(serverErrorCode(Object.assign(new Error('x'), { code: '60' }))).toBe('60');
    expect(serverErrorCode(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))).toBeUndefined();
    expect(serverErrorCode(new Error('<html>502 Bad Gateway</html>'))).toBeUndefined();
  });
});

describe('migration rendering', () => {
  const sql = 'CREATE TABLE {{db}}.t (a {{lc String}}) ENGINE = MergeTree() ORDER BY a {{ttl at + INTERVAL 9 DAY}} SETTINGS index_granularity = 8192 {{ttl_settings}};';
  it('renders plain types and no TTL on 18.16', () => {
    expect(renderMigration(sql, 'aiops', featuresOf(parseVersion('18.16.1')))).toBe(
      'CREATE TABLE `aiops`.t (a String) ENGINE = MergeTree() ORDER BY a  SETTINGS index_granularity = 8192 ;',
    );
  });
  it('renders LowCardinality and TTL on a current engine', () => {
    expect(renderMigration(sql, 'aiops', featuresOf(parseVersion('26.7.2')))).toBe(
      'CREATE TABLE `aiops`.t (a LowCardinality(String)) ENGINE = MergeTree() ORDER BY a TTL at + INTERVAL 9 DAY SETTINGS index_granularity = 8192 , ttl_only_drop_parts = 1;',
    );
  });
  it('splits statements and drops comment lines', () => {
    expect(splitStatements('-- c; d\nSELECT 1;\n\nSELECT 2;\n')).toEqual(['SELECT 1', 'SELECT 2']);
  });
});

describe('createBatchWriter', () => {
  it('flushes by size and by time, and resolves callers only after the insert', async () => {
    const inserts: number[][] = [];
    const w = createBatchWriter<number>({ insert: async (rows) => void inserts.push(rows), maxRows: 3, maxDelayMs: 20 });
    await Promise.all([w.write([1, 2]), w.write([3])]);
    expect(inserts).toEqual([[1, 2, 3]]);
    const t = Date.now();
    await w.write([4]);
    expect(Date.now() - t).toBeGreaterThanOrEqual(15);
    expect(inserts).toEqual([[1, 2, 3], [4]]);
  });
  it('rejects every caller of a failed insert, so each retries its own records', async () => {
    const w = createBatchWriter<number>({ insert: async () => Promise.reject(new Error('down')), maxRows: 10, maxDelayMs: 5 });
    const results = await Promise.allSettled([w.write([1]), w.write([2])]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(w.pending).toBe(0);
  });
});
