/**
 * The one escaping function family for values that must appear inside SQL text (ClickHouse 18.16 has no
 * server-side query parameters). Everything from alerts or users goes through these; nothing else
 * concatenates values into SQL.
 */

const STRING_ESCAPES: Record<string, string> = {
  '\\': '\\\\',
  "'": "\\'",
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\0': '\\0',
  '\b': '\\b',
  '\f': '\\f',
};

/** sqlString quotes a string literal: backslash, quote and control characters are escaped. */
export function sqlString(value: string): string {
  // eslint-disable-next-line no-control-regex
  return `'${value.replace(/[\\'\n\r\t\0\b\f\x01-\x07\x0b\x0e-\x1f\x7f]/g, (c) => STRING_ESCAPES[c] ?? `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`)}'`;
}

/** sqlIdentifier quotes a database, table or column name with backquotes. */
export function sqlIdentifier(name: string): string {
  if (name.length === 0) throw new Error('empty SQL identifier');
  if (/[\0\n\r]/.test(name)) throw new Error('SQL identifier contains a control character');
  return `\`${name.replace(/\\/g, '\\\\').replace(/`/g, '\\`')}\``;
}

/** sqlValue renders a literal of any supported type: string, finite number, boolean, null, Date, array. */
export function sqlValue(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'string') return sqlString(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`cannot render ${value} as SQL`);
    return String(value);
  }
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'boolean') return value ? '1' : '0';
  if (value instanceof Date) return `toDateTime(${Math.floor(value.getTime() / 1000)})`;
  if (Array.isArray(value)) return `[${value.map(sqlValue).join(', ')}]`;
  throw new Error(`cannot render a ${typeof value} as SQL`);
}
