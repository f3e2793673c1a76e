import { sqlIdentifier } from '@aiops/clickhouse';
import { incidentWhere, type ReportFilter } from './filter.js';

/**
 * KPI_DEFINITIONS are the key metrics of the incident-management practice guide (REQUIREMENTS §13,
 * 004 Table 2.2) as this pipeline computes them. "Resolved" means state resolved or closed with a
 * resolution time; means are over the incidents where both timestamps exist. Every KPI reads the latest
 * version of each incident (FINAL), so a replayed snapshot never counts twice.
 */
export const KPI_DEFINITIONS = [
  { name: 'incidents', unit: 'count', definition: 'incidents detected in the period (matching the filter)' },
  { name: 'resolved', unit: 'count', definition: 'of those, incidents now resolved or closed' },
  { name: 'occurrence_to_detection_s', unit: 's', definition: 'mean(detected_at − occurred_at): time from the first symptom (event start) to the incident' },
  { name: 'detected_by_monitoring_pct', unit: '%', definition: 'incidents with origin = monitoring ÷ all incidents' },
  { name: 'mtta_s', unit: 's', definition: 'MTTA: mean(acknowledged_at − detected_at), over acknowledged incidents' },
  { name: 'diagnosis_s', unit: 's', definition: 'time of diagnosis: mean(resolved_at − acknowledged_at − time on hold), over resolved acknowledged incidents' },
  { name: 'mttr_s', unit: 's', definition: 'MTTR: mean(resolved_at − detected_at), over resolved incidents' },
  { name: 'reassignments_avg', unit: 'count', definition: 'mean number of reassignments (assignment-group changes after the first) per incident' },
  { name: 'waiting_pct', unit: '%', definition: 'time on_hold ÷ (closed_at, else resolved_at, − detected_at), summed over resolved incidents' },
  { name: 'first_time_resolution_pct', unit: '%', definition: 'resolved with 0 reassignments ÷ resolved' },
  { name: 'sla_met_pct', unit: '%', definition: 'resolved within the agreed resolution time ÷ resolved incidents that had a resolution target (SLA breach rate = 100 − this)' },
  { name: 'resolved_automatically_pct', unit: '%', definition: 'resolved by automation (runbook) or auto-resolve ÷ resolved' },
  { name: 'resolved_before_users_pct', unit: '%', definition: 'monitoring-detected incidents resolved before any user report (or never reported) ÷ resolved' },
  { name: 'resolved_with_model_pct', unit: '%', definition: 'resolved using an incident model (model_id set: runbook or known error) ÷ resolved' },
  { name: 'reopen_pct', unit: '%', definition: 'resolved incidents that were reopened at least once ÷ resolved' },
  { name: 'alerts_per_incident', unit: 'ratio', definition: 'noise reduction: alerts linked to the incidents ÷ incidents' },
] as const;

export type KpiName = (typeof KPI_DEFINITIONS)[number]['name'];

export interface KpiValue {
  readonly name: KpiName;
  readonly value: number | null;
  readonly unit: string;
  /** how many incidents the value is computed over (the denominator) */
  readonly n: number;
  readonly definition: string;
}

const RESOLVED = "(state IN ('resolved', 'closed') AND resolved_ms > 0)";

/** kpiSql is one scan over the latest incident versions: sums and counts only; ratios are taken in kpisFromRow. */
export function kpiSql(database: string, f: ReportFilter, bucket?: string): string {
  const d = (a: string, b: string) => `(toInt64(${a}) - toInt64(${b}))`;
  return `SELECT${bucket ? `\n  ${bucket} AS bucket,` : ''}
  count() AS incidents,
  countIf(${RESOLVED}) AS resolved,
  sumIf(${d('detected_ms', 'occurred_ms')}, occurred_ms > 0 AND detected_ms >= occurred_ms) AS detect_sum,
  countIf(occurred_ms > 0 AND detected_ms >= occurred_ms) AS detect_n,
  countIf(origin = 'monitoring') AS by_monitoring,
  sumIf(${d('acknowledged_ms', 'detected_ms')}, acknowledged_ms > 0 AND acknowledged_ms >= detected_ms) AS ack_sum,
  countIf(acknowledged_ms > 0 AND acknowledged_ms >= detected_ms) AS ack_n,
  sumIf(greatest(${d('resolved_ms', 'acknowledged_ms')} - toInt64(on_hold_ms), toInt64(0)), ${RESOLVED} AND acknowledged_ms > 0 AND resolved_ms >= acknowledged_ms) AS diag_sum,
  countIf(${RESOLVED} AND acknowledged_ms > 0 AND resolved_ms >= acknowledged_ms) AS diag_n,
  sumIf(${d('resolved_ms', 'detected_ms')}, ${RESOLVED} AND resolved_ms >= detected_ms) AS resolve_sum,
  countIf(${RESOLVED} AND resolved_ms >= detected_ms) AS resolve_n,
  sum(reassignments) AS reassign_sum,
  sumIf(on_hold_ms, ${RESOLVED}) AS hold_sum,
  sumIf(${d('if(closed_ms > 0, closed_ms, resolved_ms)', 'detected_ms')}, ${RESOLVED}) AS handling_sum,
  countIf(${RESOLVED} AND reassignments = 0) AS first_time,
  countIf(${RESOLVED} AND sla_resolution_target_ms > 0) AS sla_n,
  countIf(${RESOLVED} AND sla_resolution_target_ms > 0 AND sla_resolution_breached = 0) AS sla_met,
  countIf(${RESOLVED} AND resolved_by IN ('automation', 'auto_resolve')) AS automatic,
  countIf(${RESOLVED} AND origin = 'monitoring' AND (user_reported_ms = 0 OR resolved_ms < user_reported_ms)) AS before_users,
  countIf(${RESOLVED} AND model_id != '') AS with_model,
  countIf(${RESOLVED} AND reopen_count > 0) AS reopened,
  sum(alert_count) AS alerts
FROM ${sqlIdentifier(database)}.incidents FINAL
WHERE ${incidentWhere(f)}${bucket ? '\nGROUP BY bucket ORDER BY bucket' : ''}`;
}

/** KpiRow is what kpiSql returns (64-bit integers arrive as strings from ClickHouse). */
export type KpiRow = Record<string, string | number | null>;

/** kpisFromRow turns the sums into the KPI list; a KPI with no incidents to compute over is null, not 0. */
export function kpisFromRow(row: KpiRow): KpiValue[] {
  const n = (k: string) => Number(row[k] ?? 0);
  const mean = (sum: string, cnt: string) => (n(cnt) > 0 ? n(sum) / n(cnt) / 1000 : null);
  const pct = (num: string, den: string) => (n(den) > 0 ? (100 * n(num)) / n(den) : null);
  const values: Record<KpiName, [number | null, number]> = {
    incidents: [n('incidents'), n('incidents')],
    resolved: [n('resolved'), n('incidents')],
    occurrence_to_detection_s: [mean('detect_sum', 'detect_n'), n('detect_n')],
    detected_by_monitoring_pct: [pct('by_monitoring', 'incidents'), n('incidents')],
    mtta_s: [mean('ack_sum', 'ack_n'), n('ack_n')],
    diagnosis_s: [mean('diag_sum', 'diag_n'), n('diag_n')],
    mttr_s: [mean('resolve_sum', 'resolve_n'), n('resolve_n')],
    reassignments_avg: [n('incidents') > 0 ? n('reassign_sum') / n('incidents') : null, n('incidents')],
    waiting_pct: [pct('hold_sum', 'handling_sum'), n('resolved')],
    first_time_resolution_pct: [pct('first_time', 'resolved'), n('resolved')],
    sla_met_pct: [pct('sla_met', 'sla_n'), n('sla_n')],
    resolved_automatically_pct: [pct('automatic', 'resolved'), n('resolved')],
    resolved_before_users_pct: [pct('before_users', 'resolved'), n('resolved')],
    resolved_with_model_pct: [pct('with_model', 'resolved'), n('resolved')],
    reopen_pct: [pct('reopened', 'resolved'), n('resolved')],
    alerts_per_incident: [n('incidents') > 0 ? n('alerts') / n('incidents') : null, n('incidents')],
  };
  return KPI_DEFINITIONS.map((d) => {
    const [value, count] = values[d.name];
    return { name: d.name, value: value === null ? null : Math.round(value * 1000) / 1000, unit: d.unit, n: count, definition: d.definition };
  });
}
