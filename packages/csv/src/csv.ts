/** CsvRecord: one record's fields and the (1-based) line it starts on. */
export interface CsvRecord {
  readonly line: number;
  readonly fields: string[];
  /** set when the record is malformed (an unterminated quote): the fields are then unusable */
  readonly error?: string;
}

/**
 * parseCsv reads RFC 4180 CSV: fields in double quotes may hold the delimiter, newlines and doubled
 * quotes (""); CRLF or LF line ends; a leading BOM is dropped; blank lines are skipped. Lenient where
 * real exports are sloppy (a quote inside an unquoted field is kept as text; text after a closing quote is
 * appended) and strict only where the rest of the file would be misread (an unterminated quote).
 */
export function* parseCsv(text: string, delimiter = ','): Generator<CsvRecord> {
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  const n = text.length;
  while (i < n) {
    const start = line;
    const fields: string[] = [];
    let field = '';
    let quoted = false;
    let inQuotes = false;
    let ended = false;
    for (; i < n; i++) {
      const c = text[i] as string;
      if (inQuotes) {
        if (c === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i++;
          } else inQuotes = false;
        } else {
          if (c === '\n') line++;
          field += c;
        }
      } else if (c === '"' && field === '' && !quoted) {
        inQuotes = true;
        quoted = true;
      } else if (c === delimiter) {
        fields.push(field);
        field = '';
        quoted = false;
      } else if (c === '\n' || c === '\r') {
        if (c === '\r' && text[i + 1] === '\n') i++;
        i++;
        line++;
        ended = true;
        break;
      } else field += c;
    }
    fields.push(field);
    if (inQuotes) {
      yield { line: start, fields, error: 'unterminated quoted field (a " opened and never closed)' };
      return;
    }
    if (fields.length === 1 && fields[0] === '' && !quoted) {
      if (!ended) return;
      continue;
    }
    yield { line: start, fields };
  }
}

/** sniffDelimiter: comma unless the header line has none and has tabs or semicolons. */
export function sniffDelimiter(text: string): string {
  const first = text.slice(0, Math.max(0, text.indexOf('\n')) || text.length);
  if (first.includes(',')) return ',';
  if (first.includes('\t')) return '\t';
  if (first.includes(';')) return ';';
  return ',';
}
