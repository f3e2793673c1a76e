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
  TABLE_BINDINGS,
} from './rows.js';
export type { Row, TableBinding } from './rows.js';
