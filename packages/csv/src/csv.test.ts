import { describe, expect, it } from 'vitest';
import { parseCsv, sniffDelimiter } from './csv.js';

const csv = (text: string) => [...parseCsv(text)].map((r) => ({ line: r.line, fields: r.fields, ...(r.error === undefined ? {} : { error: r.error }) }));

describe('parseCsv (RFC 4180)', () => {
  it('splits plain fields, CRLF or LF, and skips blank lines', () => {
    expect(csv('a,b\r\n1,2\n\n3,\n')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['1', '2'] },
      { line: 4, fields: ['3', ''] },
    ]);
  });
  it('keeps delimiters, doubled quotes and newlines inside quoted fields, and counts lines across them', () => {
    expect(csv('a,b\n"x, y","say ""hi"""\n"two\nlines",z\nlast,"",\n')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['x, y', 'say "hi"'] },
      { line: 3, fields: ['two\nlines', 'z'] },
      { line: 5, fields: ['last', '', ''] },
    ]);
  });
  it('reads a last record without a newline and drops a BOM', () => {
    expect(csv('\uFEFFa\n"q"')).toEqual([
      { line: 1, fields: ['a'] },
      { line: 2, fields: ['q'] },
    ]);
  });
  it('keeps a quote inside an unquoted field as text', () => {
    expect(csv('5" disk,x')[0]?.fields).toEqual(['5" disk', 'x']);
  });
  it('reports an unterminated quote at the line it opened and stops there', () => {
    expect(csv('a,b\n1,"open\n2,3\n')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['1', 'open\n2,3\n'], error: expect.stringMatching(/unterminated/) as string },
    ]);
  });
  it('takes tab or semicolon when the header has no comma', () => {
    expect(sniffDelimiter('a\tb\n1\t2')).toBe('\t');
    expect(sniffDelimiter('a;b\n')).toBe(';');
    expect(sniffDelimiter('a,b;c\n')).toBe(',');
  });
});
