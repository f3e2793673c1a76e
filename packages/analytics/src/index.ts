export { eventRow, alertRow, dlqRow, TABLE_BINDINGS } from './rows.js';
export type { Row, TableBinding } from './rows.js';
