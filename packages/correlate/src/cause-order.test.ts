import { describe, expect, it } from 'vitest';
import { pickCause, type CauseCandidate } from './cause-order.js';

const c = (id: string, on: number, score = 0.95, openedAt = 0, first = false): CauseCandidate & { first: boolean } => ({ on, score, grp: { id, openedAt }, first });

describe('pickCause', () => {
  it.each([
    ['the most recent cause', [c('a', 10), c('b', 20)], false, 'b'],
    ['equal onsets: the higher score', [c('a', 10, 0.9), c('b', 10, 0.95)], false, 'b'],
    ['equal onsets and scores: the older group', [c('a', 10, 0.95, 5), c('b', 10, 0.95, 3)], false, 'b'],
    ['all equal: the smaller id', [c('b', 10), c('a', 10)], false, 'a'],
    ['a preferred cause before a more recent one', [c('a', 10, 0.95, 0, true), c('b', 20)], true, 'a'],
    ['the most recent among the preferred', [c('a', 10, 0.95, 0, true), c('b', 20), c('c', 15, 0.95, 0, true)], true, 'c'],
    ['no rule: recency only', [c('a', 10, 0.95, 0, true), c('b', 20)], null, 'b'],
  ] as const)('%s', (_why, cands, rule, expected) => {
    const first = rule === null ? null : (x: { first: boolean }) => x.first;
    expect(pickCause(cands, first).grp.id).toBe(expected);
  });
});
