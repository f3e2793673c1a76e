import { describe, expect, it } from 'vitest';
import { ManualClock, sequence, stageFn, isRejected, rejected } from './index.js';

describe('sequence', () => {
  const ctx = { clock: new ManualClock(1000) };
  it('runs stages in order and names the chain', async () => {
    const double = stageFn('double', (b: readonly number[]) => b.map((x) => x * 2));
    const str = stageFn('str', (b: readonly number[]) => b.map(String));
    const s = sequence(double, str);
    expect(s.name).toBe('double>str');
    expect(await s.process([1, 2], ctx)).toEqual(['2', '4']);
  });
  it('short-circuits on an empty intermediate batch', async () => {
    let called = false;
    const none = stageFn('none', () => [] as number[]);
    const spy = stageFn('spy', (b: readonly number[]) => {
      called = true;
      return b;
    });
    expect(await sequence(none, spy).process([1], ctx)).toEqual([]);
    expect(called).toBe(false);
  });
  it('marks rejected records', () => {
    expect(isRejected(rejected('x', 'AIOPS_ERR_X', 'bad'))).toBe(true);
    expect(isRejected({ rejected: false })).toBe(false);
  });
});
