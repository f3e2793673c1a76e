export {
  eventRow,
  alertRow,
  dlqRow,
  incidentRow,
  incidentEventRow,
  runbookResultRow,
  changeRow,
  cmdbRow,
  cmdbTombstone,
  problemRow,
  groupRow,
  TABLE_BINDINGS,
  RETENTION_DAYS,
} from './rows.js';
export type { Row, TableBinding } from './rows.js';
export { ReportFilter, incidentWhere, alertWhere } from './filter.js';
export { KPI_DEFINITIONS, kpiSql, kpisFromRow } from './kpi.js';
export type { KpiName, KpiValue, KpiRow } from './kpi.js';
export { REPORTS, reportNames, findReport, runReport, reportSql, toCsv } from './reports.js';
export type { Column, ColumnType, ReportRow, ReportResult, Query } from './reports.js';
