import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clickhouseConfig, createClickHouse, loadMigrations, migrate, type ClickHouse } from '@aiops/clickhouse';
import { incidentEventRow, incidentRow } from '@aiops/analytics';
import { Incident, type IncidentEvent } from '@aiops/model';
import { silentTelemetry } from '@aiops/telemetry';
import { stackEnv, uniqueName } from '@aiops/testkit';
import { readArchived } from './archive.js';

// The console's read of an evicted incident runs on the real ClickHouse 18.16, against the rows the
// analytics writer stores (incidentRow / incidentEventRow), not a stub: FINAL, the payload column and the
// id-or-number lookup must all hold on the old server.
const db = uniqueName('conarch');
const T0 = Date.UTC(2026, 10, 1);
let ch: ClickHouse;

function incident(version: number, state: Incident['state'], title: string): Incident {
  return Incident.parse({
    id: 'inc-7f3a', number: 'INC-00000042', version, origin: 'monitoring', groupId: 'grp-1', title, description: "db-1 it's down",
    state, severity: 'critical', impact: 'high', urgency: 'high', priority: 'P1', priorityReason: 'p', major: false,
    category: 'database', subcategory: 'availability', categoryConfidence: 0.9, categoryApplied: true,
    assignmentGroup: 'dba', assignee: '', affectedCis: ['db-1'], affectedServices: ['shop'], rootCauseCi: 'db-1',
    alertIds: ['a1'], problemId: '', detectedAt: T0, occurredAt: T0, updatedAt: T0 + version * 60_000, reassignments: 0, reopenCount: 0,
    ...(state === 'closed' ? { resolvedAt: T0 + 60_000, closedAt: T0 + 120_000 } : {}),
  });
}

function event(version: number, type: string): IncidentEvent {
  return { id: `e${version}`, incidentId: 'inc-7f3a', version, at: T0 + version * 60_000, actor: { kind: 'system', id: 'incident-manager' }, type, reason: `step ${version}`, data: { note: "it's fine" } };
}

beforeAll(async () => {
  ch = createClickHouse(clickhouseConfig.parse({ url: stackEnv().clickhouseUrl, database: db }), silentTelemetry('c'));
  await migrate(ch, loadMigrations(resolve(import.meta.dirname, '../../../../deploy/clickhouse/migrations')));
  await ch.insert('incidents', [incidentRow(incident(1, 'new', 'first title')), incidentRow(incident(3, 'closed', 'last title'))]);
  await ch.insert('incident_events', [event(1, 'created'), event(2, 'state_changed'), event(3, 'state_changed')].map(incidentEventRow));
});

afterAll(async () => {
  await ch?.exec(`DROP DATABASE IF EXISTS ${db}`).catch(() => undefined);
  await ch?.close();
});

describe('readArchived on ClickHouse 18.16', () => {
  it('returns the last snapshot and the whole timeline, by id and by INC number', async () => {
    for (const key of ['inc-7f3a', 'INC-00000042']) {
      const found = await readArchived(ch, key);
      expect(found?.incident).toMatchObject({ id: 'inc-7f3a', version: 3, state: 'closed', title: 'last title' });
      expect(found?.timeline.map((e) => [e.version, e.type, e.at])).toEqual([[1, 'created', T0 + 60_000], [2, 'state_changed', T0 + 120_000], [3, 'state_changed', T0 + 180_000]]);
      expect(found?.timeline[0]).toMatchObject({ incidentId: 'inc-7f3a', actor: { kind: 'system', id: 'incident-manager' }, data: { note: "it's fine" } });
    }
  });

  it('returns null for an unknown key, and a quote in the key is a value, not SQL', async () => {
    expect(await readArchived(ch, 'INC-99999999')).toBeNull();
    expect(await readArchived(ch, "x' OR 1=1 OR id='")).toBeNull();
  });
});

describe('readArchived where the analytics writer never wrote', () => {
  it('a database that does not exist is "not archived" (null, a 404 for the API), not an outage', async () => {
    const none = createClickHouse(clickhouseConfig.parse({ url: stackEnv().clickhouseUrl, database: uniqueName('conarchnone') }), silentTelemetry('c'));
    try {
      expect(await readArchived(none, 'INC-00000042')).toBeNull();
    } finally {
      await none.close();
    }
  });

  it('an unreachable server still fails, so the API answers 503 rather than a wrong 404', async () => {
    const down = createClickHouse(clickhouseConfig.parse({ url: 'http://127.0.0.1:9', database: db, requestTimeoutMs: 2000 }), silentTelemetry('c'));
    try {
      await expect(readArchived(down, 'INC-00000042')).rejects.toMatchObject({ code: 'AIOPS_ERR_CLICKHOUSE_UNAVAILABLE' });
    } finally {
      await down.close();
    }
  });
});
