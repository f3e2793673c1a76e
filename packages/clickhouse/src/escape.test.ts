import { describe, expect, it } from 'vitest';
import { sqlIdentifier, sqlString, sqlValue } from './escape.js';

describe('sqlString', () => {
  it.each([
    ['plain', "'plain'"],
    ["O'Brien", "'O\\'Brien'"],
    ['back\\slash', "'back\\\\slash'"],
    ["\\'; DROP TABLE x; --", "'\\\\\\'; DROP TABLE x; --'"],
    ['line\nbreak\r\ttab\0nul', "'line\\nbreak\\r\\ttab\\0nul'"],
    ['bell\x07', "'bell\\x07'"],
    ['unicode ✓ 日本', "'unicode ✓ 日本'"],
  ])('%j', (input, expected) => {
    expect(sqlString(input)).toBe(expected);
  });
  it('never leaves an unescaped quote inside the literal', () => {
    const hostile = "a'b\\'c\\\\'d''";
    const lit = sqlString(hostile);
    const inner = lit.slice(1, -1);
    // every quote inside is preceded by an odd number of backslashes
    for (let i = 0; i < inner.length; i++) {
      if (inner[i] !== "'") continue;
      let n = 0;
      for (let j = i - 1; j >= 0 && inner[j] === '\\'; j--) n++;
      expect(n % 2).toBe(1);
    }
  });
});

describe('sqlIdentifier and sqlValue', () => {
  it('quotes identifiers', () => {
    expect(sqlIdentifier('events')).toBe('`events`');
    expect(sqlIdentifier('we`ird')).toBe('`we\\`ird`');
    expect(() => sqlIdentifier('')).toThrow();
    expect(() => sqlIdentifier('a\nb')).toThrow();
  });
  it('renders values', () => {
    expect(sqlValue(null)).toBe('NULL');
    expect(sqlValue(12.5)).toBe('12.5');
    expect(sqlValue(true)).toBe('1');
    expect(sqlValue(['a', "b'"])).toBe("['a', 'b\\'']");
    expect(() => sqlValue(Number.NaN)).toThrow();
    expect(() => sqlValue({})).toThrow();
  });
});
