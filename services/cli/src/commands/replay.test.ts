import { describe, expect, it } from 'vitest';
import { historySql, parseTime } from './replay.js';

describe('replay history window', () => {
  it.each([
    ['1767225600000', 1767225600000],
    ['2026-01-01T00:00:00Z', 1767225600000],
  ])('parses %s', (v, ms) => {
    expect(parseTime(v, '--from')).toBe(ms);
  });
  it('says what it expected for anything else', () => {
    expect(() => parseTime('yesterday', '--from')).toThrow(/--from: expected epoch milliseconds or an ISO-8601 time, got "yesterday"/);
  });
  it('selects each stored event once (FINAL), in arrival order, with the database quoted as an identifier', () => {
    expect(historySql('aiops', 1000, 2000.7)).toBe('SELECT payload FROM `aiops`.events FINAL WHERE received_ms >= 1000 AND received_ms < 2000 ORDER BY received_ms, id');
  });
});
