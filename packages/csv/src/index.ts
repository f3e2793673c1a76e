export { parseCsv, sniffDelimiter, type CsvRecord } from './csv.js';
