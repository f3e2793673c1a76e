import { z } from 'zod';
import { sqlString } from '@aiops/clickhouse';

/**
 * ReportFilter selects the incidents (or alerts/events) a KPI or report is computed over: a period of
 * detection time plus optional equality filters (R106: by type of incident, service, team and period).
 */
/** Time accepts epoch ms (number or digits) or an ISO-8601 date, as query strings and CLIs send them. */
const Time = z.preprocess(
  (v) => (typeof v === 'string' ? (/^\d+$/.test(v) ? Number(v) : Date.parse(v)) : v),
  z.number({ error: 'expected epoch ms or an ISO-8601 date' }).int().nonnegative(),
);

export const ReportFilter = z.strictObject({
  from: Time.describe('start of the period, epoch ms or ISO date (inclusive)'),
  to: Time.describe('end of the period, epoch ms or ISO date (exclusive)'),
  service: z.string().min(1).optional(),
  ci: z.string().min(1).optional(),
  category: z.string().min(1).optional(),
  priority: z.string().min(1).optional(),
  assignmentGroup: z.string().min(1).optional(),
});
export type ReportFilter = z.infer<typeof ReportFilter>;

const sec = (ms: number) => Math.floor(ms / 1000);

/** incidentWhere renders the WHERE clause over the incidents table; every value goes through sqlString. */
export function incidentWhere(f: ReportFilter): string {
  const parts = [`detected_at >= toDateTime(${sec(f.from)})`, `detected_at < toDateTime(${sec(f.to)})`];
  if (f.service !== undefined) parts.push(`has(services, ${sqlString(f.service)})`);
  if (f.ci !== undefined) parts.push(`has(cis, ${sqlString(f.ci)})`);
  if (f.category !== undefined) parts.push(`category = ${sqlString(f.category)}`);
  if (f.priority !== undefined) parts.push(`priority = ${sqlString(f.priority)}`);
  if (f.assignmentGroup !== undefined) parts.push(`assignment_group = ${sqlString(f.assignmentGroup)}`);
  return parts.join(' AND ');
}

/** alertWhere renders the WHERE clause over the alerts table (time of the state change; service; CI). */
export function alertWhere(f: ReportFilter, timeColumn = 'at'): string {
  const parts = [`${timeColumn} >= toDateTime(${sec(f.from)})`, `${timeColumn} < toDateTime(${sec(f.to)})`];
  if (f.service !== undefined) parts.push(`service = ${sqlString(f.service)}`);
  if (f.ci !== undefined) parts.push(`ci_id = ${sqlString(f.ci)}`);
  return parts.join(' AND ');
}
