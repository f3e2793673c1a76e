import { serverErrorCode, sqlIdentifier, sqlString, type ClickHouse } from '@aiops/clickhouse';
import { Incident, type IncidentEvent } from '@aiops/model';

/**
 * readArchived reads an incident the console no longer holds from ClickHouse: the incident manager
 * evicts closed incidents after its retention (manager.retainClosedMs) and the console forgets them
 * with the snapshot tombstone, but the analytics writer keeps the last snapshot (`payload`) and the
 * timeline. An old INC number in a ticket or a chat still opens, read-only. Null when unknown there too.
 */
export async function readArchived(ch: ClickHouse, idOrNumber: string): Promise<{ incident: Incident; timeline: IncidentEvent[] } | null> {
  const db = sqlIdentifier(ch.database);
  const key = sqlString(idOrNumber);
  const rows = await neverArchived(ch.query<{ payload: string }>(`SELECT payload FROM ${db}.incidents FINAL WHERE id = ${key} OR number = ${key} ORDER BY version DESC LIMIT 1`));
  const row = rows[0];
  if (row === undefined) return null;
  const parsed = Incident.safeParse(JSON.parse(row.payload));
  if (!parsed.success) return null;
  const incident = parsed.data;
  const events = await ch.query<{ id: string; version: number | string; at_ms: number | string; actor_kind: string; actor_id: string; type: string; reason: string; data: string }>(
    `SELECT id, version, at_ms, actor_kind, actor_id, type, reason, data FROM ${db}.incident_events FINAL WHERE incident_id = ${sqlString(incident.id)} ORDER BY version, at_ms, id`,
  );
  const timeline = events.map((e): IncidentEvent => ({
    id: e.id, incidentId: incident.id, version: Number(e.version), at: Number(e.at_ms),
    actor: { kind: e.actor_kind as IncidentEvent['actor']['kind'], id: e.actor_id }, type: e.type, reason: e.reason, data: JSON.parse(e.data) as Record<string, unknown>,
  }));
  return { incident, timeline };
}

// UNKNOWN_TABLE 60, UNKNOWN_DATABASE 81: the analytics writer never stored anything there, so nothing was
// archived and an unknown id is a 404; an unreachable server still fails (503: we cannot tell).
const NEVER_WRITTEN = new Set(['60', '81']);

async function neverArchived<T>(rows: Promise<T[]>): Promise<T[]> {
  try {
    return await rows;
  } catch (err) {
    const code = serverErrorCode((err as { cause?: unknown }).cause ?? err);
    if (code !== undefined && NEVER_WRITTEN.has(code)) return [];
    throw err;
  }
}
