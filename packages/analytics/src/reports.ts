import { z } from 'zod';
import { sqlIdentifier } from '@aiops/clickhouse';
import { alertWhere, incidentWhere, ReportFilter } from './filter.js';
import { kpiSql, kpisFromRow, type KpiRow } from './kpi.js';

/**
 * Trend reports for problem managers (R85, R110, R111). Each report is SQL written once for ClickHouse
 * 18.16 and current engines (functions present in both; no query parameters: values go through
 * sqlString), reading latest versions (FINAL) or replay-safe aggregates (uniqExact / argMax / max).
 */

export type ColumnType = 'string' | 'number' | 'time' | 'strings';
export interface Column {
  readonly name: string;
  readonly type: ColumnType;
}
export type ReportRow = Record<string, string | number | readonly string[] | null>;
export interface ReportResult {
  readonly report: string;
  readonly params: Record<string, unknown>;
  readonly columns: readonly Column[];
  readonly rows: readonly ReportRow[];
}

/** Query is the one thing a report needs from storage: run a SELECT, get JSON rows. */
export type Query = <T>(sql: string) => Promise<T[]>;

const Bucket = z.enum(['hour', 'day', 'week', 'month']).default('day');
const Limit = z.coerce.number().int().positive().max(1000).default(20);
const filterShape = ReportFilter.shape;

function bucketExpr(bucket: z.infer<typeof Bucket>, col: string): string {
  switch (bucket) {
    case 'hour':
      return `toUInt32(toStartOfHour(${col}, 'UTC'))`;
    case 'day':
      return `toUInt32(toStartOfDay(${col}, 'UTC'))`;
    case 'week':
      return `toUInt32(toDateTime(toMonday(${col}, 'UTC'), 'UTC'))`;
    case 'month':
      return `toUInt32(toDateTime(toStartOfMonth(${col}, 'UTC'), 'UTC'))`;
  }
}

interface ReportDef<P extends z.ZodType> {
  readonly name: string;
  readonly description: string;
  readonly params: P;
  readonly columns: readonly Column[];
  readonly sql?: (db: string, p: z.output<P>) => string;
  readonly run?: (db: string, p: z.output<P>, query: Query) => Promise<ReportRow[]>;
}

function def<P extends z.ZodType>(d: ReportDef<P>): ReportDef<z.ZodType> {
  return d as unknown as ReportDef<z.ZodType>;
}

const num = (name: string): Column => ({ name, type: 'number' });
const str = (name: string): Column => ({ name, type: 'string' });

const KPI_TREND = ['incidents', 'mtta_s', 'mttr_s', 'sla_met_pct', 'first_time_resolution_pct', 'resolved_automatically_pct', 'reopen_pct', 'alerts_per_incident'] as const;
const INCIDENT_DIMS = { service: 'service', ci: 'ci', category: 'category', priority: 'priority', team: 'assignment_group' } as const;
const ALERT_DIMS = { service: 'service', ci: 'ci_id', severity: 'severity' } as const;
const EVENT_DIMS = { service: 'service', severity: 'severity', source: 'source' } as const;

export const REPORTS: readonly ReportDef<z.ZodType>[] = [
  def({
    name: 'kpis',
    description: 'incident-management KPIs over the period and filter (definitions in the definition column)',
    params: z.strictObject(filterShape),
    columns: [str('name'), num('value'), str('unit'), num('n'), str('definition')],
    run: async (db, p, query) => {
      const rows = await query<KpiRow>(kpiSql(db, p));
      return kpisFromRow(rows[0] ?? {}).map((k) => ({ ...k }));
    },
  }),
  def({
    name: 'kpis-over-time',
    description: 'the main KPIs per period bucket, to see them improve or degrade (R106 "improvement over time", R115 baselines)',
    params: z.strictObject({ ...filterShape, bucket: z.enum(['day', 'week', 'month']).default('month') }),
    columns: [{ name: 'bucket', type: 'time' }, ...KPI_TREND.map(num)],
    run: async (db, p, query) => {
      const rows = await query<KpiRow>(kpiSql(db, p, bucketExpr(p.bucket, 'detected_at')));
      return rows.map((row) => {
        const k = Object.fromEntries(kpisFromRow(row).map((x) => [x.name, x.value]));
        return { bucket: row.bucket ?? null, ...Object.fromEntries(KPI_TREND.map((n) => [n, k[n] ?? null])) };
      });
    },
  }),
  def({
    name: 'incidents-over-time',
    description: 'incidents detected per period bucket, by service, CI, category, priority or team',
    params: z.strictObject({ ...filterShape, by: z.enum(['service', 'ci', 'category', 'priority', 'team']).default('service'), bucket: Bucket }),
    columns: [{ name: 'bucket', type: 'time' }, str('key'), num('incidents'), num('major'), num('breached')],
    sql: (db, p) => `SELECT ${bucketExpr(p.bucket, 'detected_at')} AS bucket, toString(${INCIDENT_DIMS[p.by]}) AS key,
  count() AS incidents, countIf(major = 1) AS major, countIf(sla_resolution_breached = 1) AS breached
FROM ${sqlIdentifier(db)}.incidents FINAL WHERE ${incidentWhere(p)}
GROUP BY bucket, key ORDER BY bucket, key`,
  }),
  def({
    name: 'alerts-over-time',
    description: 'distinct alerts active per bucket (hourly rollup), by service, CI or severity',
    params: z.strictObject({ ...filterShape, by: z.enum(['service', 'ci', 'severity']).default('service'), bucket: Bucket }),
    columns: [{ name: 'bucket', type: 'time' }, str('key'), num('alerts'), num('changes')],
    sql: (db, p) => `SELECT ${bucketExpr(p.bucket, 'hour')} AS bucket, ${ALERT_DIMS[p.by]} AS key, uniqMerge(alerts) AS alerts, uniqMerge(changes) AS changes
FROM ${sqlIdentifier(db)}.alerts_hourly WHERE ${alertWhere(p, 'hour')}
GROUP BY bucket, key ORDER BY bucket, key`,
  }),
  def({
    name: 'events-over-time',
    description: 'distinct events per bucket (hourly rollup), by service, severity or source',
    params: z.strictObject({ ...filterShape, by: z.enum(['service', 'severity', 'source']).default('service'), bucket: Bucket }),
    columns: [{ name: 'bucket', type: 'time' }, str('key'), num('events')],
    sql: (db, p) => `SELECT ${bucketExpr(p.bucket, 'hour')} AS bucket, ${EVENT_DIMS[p.by]} AS key, uniqMerge(events) AS events
FROM ${sqlIdentifier(db)}.events_hourly WHERE ${alertWhere({ ...p, ci: undefined }, 'hour')}
GROUP BY bucket, key ORDER BY bucket, key`,
  }),
  def({
    name: 'noisy-templates',
    description: 'alert templates with the most events (occurrences folded into alerts) in the period',
    params: z.strictObject({ ...filterShape, limit: Limit }),
    columns: [str('template'), num('events'), num('alerts'), num('cis')],
    sql: (db, p) => `SELECT template, sum(c) AS events, count() AS alerts, uniqExact(ci_id) AS cis
FROM (SELECT alert_id, any(template) AS template, any(ci_id) AS ci_id, max(count) AS c
      FROM ${sqlIdentifier(db)}.alerts WHERE ${alertWhere(p)} GROUP BY alert_id)
GROUP BY template ORDER BY events DESC, template LIMIT ${p.limit}`,
  }),
  def({
    name: 'noisy-cis',
    description: 'CIs with the most alert events in the period',
    params: z.strictObject({ ...filterShape, limit: Limit }),
    columns: [str('ci'), num('events'), num('alerts'), num('templates')],
    sql: (db, p) => `SELECT ci_id AS ci, sum(c) AS events, count() AS alerts, uniqExact(template) AS templates
FROM (SELECT alert_id, any(template) AS template, any(ci_id) AS ci_id, max(count) AS c
      FROM ${sqlIdentifier(db)}.alerts WHERE ${alertWhere(p)} GROUP BY alert_id)
WHERE ci_id != '' GROUP BY ci ORDER BY events DESC, ci LIMIT ${p.limit}`,
  }),
  def({
    name: 'flapping-leaders',
    description: 'CI and template pairs whose alerts started flapping most often',
    params: z.strictObject({ ...filterShape, limit: Limit }),
    columns: [str('ci'), str('template'), num('flapping_starts'), num('alerts')],
    sql: (db, p) => `SELECT ci_id AS ci, template, uniqExact(alert_id, version) AS flapping_starts, uniqExact(alert_id) AS alerts
FROM ${sqlIdentifier(db)}.alerts WHERE ${alertWhere(p)} AND change = 'flapping_started'
GROUP BY ci, template ORDER BY flapping_starts DESC, ci, template LIMIT ${p.limit}`,
  }),
  def({
    name: 'sla-breaches-by-team',
    description: 'incidents, resolution and response SLA breaches per assignment group',
    params: z.strictObject(filterShape),
    columns: [str('team'), num('incidents'), num('resolution_breaches'), num('response_breaches'), num('breach_pct')],
    sql: (db, p) => `SELECT toString(assignment_group) AS team, count() AS incidents,
  countIf(sla_resolution_breached = 1) AS resolution_breaches, countIf(sla_response_breached = 1) AS response_breaches,
  round(100 * countIf(sla_resolution_breached = 1) / count(), 2) AS breach_pct
FROM ${sqlIdentifier(db)}.incidents FINAL WHERE ${incidentWhere(p)}
GROUP BY team ORDER BY resolution_breaches DESC, team`,
  }),
  def({
    name: 'change-related-incidents',
    description: 'incidents that started soon after a change on their CI or a CI it depends on',
    params: z.strictObject({ ...filterShape, limit: Limit }),
    columns: [str('number'), str('id'), str('title'), str('service'), str('ci'), str('priority'), { name: 'change_ids', type: 'strings' }, { name: 'detected_at', type: 'time' }],
    sql: (db, p) => `SELECT number, id, title, service, ci, toString(priority) AS priority, change_ids, toUInt32(detected_at) AS detected_at
FROM ${sqlIdentifier(db)}.incidents FINAL WHERE ${incidentWhere(p)} AND change_suspect = 1
ORDER BY detected_at DESC, id LIMIT ${p.limit}`,
  }),
  def({
    name: 'problem-backlog',
    description: 'open problems by state and pattern, with the age of the oldest (R94)',
    params: z.strictObject({ now: z.coerce.number().int().positive().optional() }),
    columns: [str('state'), str('pattern'), num('problems'), num('incidents'), num('oldest_age_days')],
    sql: (db, p) => `SELECT toString(state) AS state, toString(pattern) AS pattern, count() AS problems, sum(length(incident_ids)) AS incidents,
  round((${p.now ?? 'toUnixTimestamp(now()) * 1000'} - min(detected_ms)) / 86400000, 1) AS oldest_age_days
FROM ${sqlIdentifier(db)}.problems FINAL WHERE state != 'closed'
GROUP BY state, pattern ORDER BY state, pattern`,
  }),
];

export function reportNames(): string[] {
  return REPORTS.map((r) => r.name);
}

/** findReport returns a report definition by name, or undefined. */
export function findReport(name: string): ReportDef<z.ZodType> | undefined {
  return REPORTS.find((r) => r.name === name);
}

function convert(v: unknown, t: ColumnType): string | number | readonly string[] | null {
  if (v === null || v === undefined) return null;
  switch (t) {
    case 'number': {
      const n = Number(v);
      return Number.isFinite(n) ? n : null;
    }
    case 'time':
      return new Date(Number(v) * 1000).toISOString();
    case 'strings':
      return Array.isArray(v) ? v.map(String) : [String(v)];
    default:
      return String(v);
  }
}

/**
 * runReport validates the parameters (throws a ZodError naming the field), runs the report and converts
 * ClickHouse's JSON (64-bit integers as strings, times as unix seconds) into typed rows.
 */
export async function runReport(query: Query, database: string, name: string, rawParams: Record<string, unknown>): Promise<ReportResult> {
  const r = findReport(name);
  if (!r) throw new Error(`unknown report ${name}`);
  const params = r.params.parse(rawParams) as Record<string, unknown>;
  const rows = r.run ? await r.run(database, params, query) : await query<Record<string, unknown>>((r.sql as (db: string, p: unknown) => string)(database, params));
  const out = rows.map((row) => {
    const o: ReportRow = {};
    for (const c of r.columns) o[c.name] = convert((row as Record<string, unknown>)[c.name], c.type);
    return o;
  });
  return { report: name, params, columns: r.columns, rows: out };
}

/** reportSql renders a report's SQL without running it (benchmarks, chDB, debugging). */
export function reportSql(database: string, name: string, rawParams: Record<string, unknown>): string | undefined {
  const r = findReport(name);
  if (!r) throw new Error(`unknown report ${name}`);
  const params = r.params.parse(rawParams);
  return r.sql ? r.sql(database, params) : name === 'kpis' ? kpiSql(database, params as ReportFilter) : undefined;
}

const FORMULA_START = /^[=+\-@\t\r]/;

function csvCell(v: string | number | readonly string[] | null): string {
  if (v === null) return '';
  if (typeof v === 'number') return String(v);
  let s = Array.isArray(v) ? v.join(';') : (v as string);
  // a cell starting with = + - @ is a formula in spreadsheets: neutralise it (CSV injection)
  if (FORMULA_START.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** toCsv renders a report as RFC 4180 CSV with a header line. */
export function toCsv(result: ReportResult): string {
  const lines = [result.columns.map((c) => csvCell(c.name)).join(',')];
  for (const row of result.rows) lines.push(result.columns.map((c) => csvCell(row[c.name] ?? null)).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
