import { describe, expect, it } from 'vitest';
import { createOnsetBuckets } from './onset-buckets.js';

/** what the weak-hub check scanned before: every CI whose latest onset is in [from, to]. */
function scan(latest: Map<string, number>, from: number, to: number): string[] {
  return [...latest].filter(([, on]) => on >= from && on <= to).map(([ci]) => ci).sort();
}

describe('onset buckets', () => {
  const W = 1000;
  it.each([
    { name: 'CIs whose latest onset is in the range', onsets: [['a', 100], ['b', 900], ['c', 2500]], from: 0, to: 1000, want: ['a', 'b'] },
    { name: 'range ends are inclusive', onsets: [['a', 1000], ['b', 2000], ['c', 2001]], from: 1000, to: 2000, want: ['a', 'b'] },
    { name: 'a later onset moves a CI out of an old range', onsets: [['a', 100], ['a', 3100]], from: 0, to: 1000, want: [] },
    { name: 'a later onset in the same bucket stays found', onsets: [['a', 100], ['a', 300]], from: 250, to: 400, want: ['a'] },
    { name: 'an earlier onset does not move a CI back', onsets: [['a', 3100], ['a', 100]], from: 3000, to: 4000, want: ['a'] },
    { name: 'negative times and an empty range', onsets: [['a', -500]], from: -1000, to: -400, want: ['a'] },
  ] as Array<{ name: string; onsets: Array<[string, number]>; from: number; to: number; want: string[] }>)('$name', ({ onsets, from, to, want }) => {
    const latest = new Map<string, number>();
    const b = createOnsetBuckets(W, latest);
    for (const [ci, on] of onsets) {
      const prev = latest.get(ci);
      if (prev !== undefined && on <= prev) continue; // the engine keeps the latest only
      latest.set(ci, on);
      b.moved(ci, prev, on);
    }
    const seen: string[] = [];
    expect(b.some(from, to, (ci) => (seen.push(ci), false))).toBe(false);
    expect(seen.sort()).toEqual(want);
    expect(seen).toEqual(scan(latest, from, to));
  });

  it('stops at the first visit that returns true, and starts from an existing map (restore)', () => {
    const latest = new Map([['a', 10], ['b', 20], ['c', 5000]]);
    const b = createOnsetBuckets(W, latest);
    let n = 0;
    expect(b.some(0, 100, () => ++n >= 1)).toBe(true);
    expect(n).toBe(1);
    expect(b.some(4500, 5500, (ci) => ci === 'c')).toBe(true);
    expect(b.some(200, 100, () => true)).toBe(false);
  });
});
