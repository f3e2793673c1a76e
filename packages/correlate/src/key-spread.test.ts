import { describe, expect, it } from 'vitest';
import { noteKey, pruneSpread, spreadOf, spreadWeight, type KeySpread } from './key-spread.js';

const MIN = 60_000;

describe('spreadWeight', () => {
  it.each([
    [0, 1],
    [4, 1],
    [16, 0],
    [500, 0],
  ])('%i other entities -> %f', (n, w) => expect(spreadWeight(n, 4, 16)).toBe(w));
  it('falls monotonically between rare and hub, and is off with hub 0', () => {
    const ws = [5, 8, 12, 15].map((n) => spreadWeight(n, 4, 16));
    for (let i = 1; i < ws.length; i++) expect(ws[i]).toBeLessThan(ws[i - 1] as number);
    expect(spreadWeight(1000, 4, 0)).toBe(1);
  });
});

describe('spreadOf', () => {
  const build = (onsets: number[]): KeySpread => {
    const s: KeySpread = new Map();
    onsets.forEach((t, i) => noteKey(s, 'k3:ns', `e${i}`, t));
    return s;
  };
  it.each([
    ['background: ten entities spread over the hour count', Array.from({ length: 10 }, (_, i) => i * 5 * MIN), 60 * MIN, 9],
    ['a burst: ten entities within the last minutes do not count (a common cause)', Array.from({ length: 10 }, (_, i) => 58 * MIN + i * 1000), 60 * MIN, 0],
    ['outside the window: not counted', [0, MIN], 120 * MIN, 0],
  ])('%s', (_why, onsets, t, n) => expect(spreadOf(build(onsets), 'k3:ns', 'e0', t, 60 * MIN, 5 * MIN)).toBe(n));
  it('does not count the asking entity, and prune drops old entries', () => {
    const s = build([0, 10 * MIN]);
    expect(spreadOf(s, 'k3:ns', 'e1', 10 * MIN, 60 * MIN)).toBe(1);
    pruneSpread(s, 65 * MIN, 60 * MIN);
    expect(s.get('k3:ns')?.size).toBe(1);
    pruneSpread(s, 200 * MIN, 60 * MIN);
    expect(s.size).toBe(0);
  });
});
