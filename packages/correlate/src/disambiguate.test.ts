import { describe, expect, it } from 'vitest';
import { pickDuplicate } from './disambiguate.js';

describe('pickDuplicate (several CIs under one key)', () => {
  it.each([
    ['no duplicates: the match', 'a', [], {}, 'a'],
    ['no evidence anywhere: the matcher\'s choice', 'a', ['b', 'c'], {}, 'a'],
    ['the duplicate with evidence', 'a', ['b', 'c'], { b: 0.95 }, 'b'],
    ['the best evidence wins', 'a', ['b', 'c'], { a: 0.75, b: 0.9, c: 0.95 }, 'c'],
    ['a tie keeps the match', 'a', ['b'], { a: 0.9, b: 0.9 }, 'a'],
  ] as const)('%s', (_name, matched, dups, scores, want) => {
    expect(pickDuplicate(matched, dups, (id) => (scores as Record<string, number>)[id] ?? 0)).toBe(want);
  });
});
