import { describe, expect, it } from 'vitest';
import { pickDuplicate } from './disambiguate.js';

describe('pickDuplicate (several CIs under one key)', () => {
  const neighbours: Record<string, string[]> = { a: ['pod-a1', 'pod-a2'], b: ['pod-b1', 'caller-b'], c: ['pod-c1'] };
  it.each([
    ['no duplicates: the match', 'a', [], [] as string[], 'a'],
    ['nothing alerting: the matcher\'s choice', 'a', ['b', 'c'], [], 'a'],
    ['the duplicate whose neighbours alert', 'a', ['b', 'c'], ['pod-b1', 'caller-b'], 'b'],
    ['most alerting neighbours wins', 'a', ['b', 'c'], ['pod-a1', 'pod-b1', 'caller-b'], 'b'],
    ['a tie keeps the match', 'a', ['b'], ['pod-a1', 'pod-b1'], 'a'],
  ])('%s', (_name, matched, dups, alerting, want) => {
    const on = new Set(alerting);
    expect(pickDuplicate(matched, dups, (id) => neighbours[id] ?? [], (id) => on.has(id))).toBe(want);
  });
});
