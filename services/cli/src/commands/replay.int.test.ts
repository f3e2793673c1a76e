import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clickhouseConfig, createClickHouse, loadMigrations, migrate, type ClickHouse } from '@aiops/clickhouse';
import { eventRow } from '@aiops/analytics';
import type { ConfigurationItem, Event } from '@aiops/model';
import { silentTelemetry } from '@aiops/telemetry';
import { stackEnv, uniqueName } from '@aiops/testkit';
import { replayCommand } from './replay.js';

const MIGRATIONS = resolve(import.meta.dirname, '../../../../deploy/clickhouse/migrations');
const T0 = Date.UTC(2026, 10, 2, 9, 0, 0);
const db = uniqueName('replay');
const dir = mkdtempSync(join(tmpdir(), 'replay-'));
let ch: ClickHouse;

const ci = (id: string, type: string, rel: Array<[string, string]> = []): ConfigurationItem => ({ id, name: id, type, aliases: [], attributes: {}, relations: rel.map(([t, target]) => ({ type: t as 'depends_on', target })) });
const ev = (fp: string, ciId: string, at: number): Event => ({
  id: `ev-${fp}-${at}`, source: 'test', fingerprint: fp, status: 'firing', severity: 'major', title: `${fp} on ${ciId}`, description: '',
  labels: { alertname: fp }, annotations: {}, resource: { ci: ciId }, occurredAt: at, receivedAt: at,
});

beforeAll(async () => {
  ch = createClickHouse(clickhouseConfig.parse({ url: stackEnv().clickhouseUrl, database: db }), silentTelemetry('replay'));
  await migrate(ch, loadMigrations(MIGRATIONS));
  const events = [ev('dbdown', 'db', T0), ev('apperr1', 'app1', T0 + 20_000), ev('apperr2', 'app2', T0 + 40_000), ev('disk', 'other', T0 + 60_000)];
  await ch.insert('events', events.map(eventRow));
  await ch.insert('events', events.slice(0, 2).map(eventRow)); // written twice (a writer replay): read once
  await ch.insert('events', [eventRow(ev('old', 'db', T0 - 2 * 3_600_000))]); // outside the window
  writeFileSync(join(dir, 'cmdb.json'), JSON.stringify([ci('db', 'database'), ci('app1', 'application', [['depends_on', 'db']]), ci('app2', 'application', [['depends_on', 'db']]), ci('other', 'host')]));
  writeFileSync(join(dir, 'truth.json'), JSON.stringify({ dbdown: { failureId: 'f1', rootCauseCi: 'db' }, apperr1: { failureId: 'f1', rootCauseCi: 'db' }, apperr2: { failureId: 'f1', rootCauseCi: 'db' }, disk: null }));
});

afterAll(async () => {
  await ch?.exec(`DROP DATABASE IF EXISTS ${db}`).catch(() => undefined);
  await ch?.close();
});

describe('aiops replay --events clickhouse', () => {
  it('backtests the history stored in ClickHouse for a time window, each event once', async () => {
    process.env.AIOPS_CLICKHOUSE_URL = stackEnv().clickhouseUrl;
    process.env.AIOPS_CLICKHOUSE_DATABASE = db;
    const out = join(dir, 'report.json');
    const rc = await replayCommand.run(['--events', 'clickhouse', '--from', new Date(T0 - 60_000).toISOString(), '--to', String(T0 + 3_600_000),
      '--cmdb', join(dir, 'cmdb.json'), '--truth', join(dir, 'truth.json'), '--out', out]);
    expect(rc).toBe(0);
    const report = JSON.parse(readFileSync(out, 'utf8')) as { events: number; invalid: number; groups: Array<{ members: Array<{ fingerprint: string }>; rootCause: { ciId: string } | null }>; evaluation: { f1: number; rootCauseTop1: number } };
    expect(report.events).toBe(4);
    expect(report.invalid).toBe(0);
    const groups = report.groups.map((g) => g.members.map((m) => m.fingerprint).sort()).sort();
    expect(groups).toEqual([['apperr1', 'apperr2', 'dbdown'], ['disk']]);
    expect(report.evaluation.f1).toBe(1);
    expect(report.evaluation.rootCauseTop1).toBe(1);
  });

  it('refuses a bad time with a clear message', async () => {
    expect(await replayCommand.run(['--events', 'clickhouse', '--from', 'yesterday-ish'])).toBe(2);
  });
});
