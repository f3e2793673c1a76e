import { describe, expect, it } from 'vitest';
import { latestOf, NO_LATEST, setLatest, type Latest } from './latest.js';

describe('latest onset per key', () => {
  it.each([
    ['empty', [] as Array<[string, number]>, 'a', undefined],
    ['one key', [['a', 5]] as Array<[string, number]>, 'a', 5],
    ['raised in place', [['a', 5], ['b', 6], ['a', 9]] as Array<[string, number]>, 'a', 9],
    ['other key', [['a', 5]] as Array<[string, number]>, 'b', undefined],
    ['past the flat size (a map)', Array.from({ length: 20 }, (_, i): [string, number] => [`k${i}`, i * 10]), 'k17', 170],
    ['map keeps raising', [...Array.from({ length: 12 }, (_, i): [string, number] => [`k${i}`, i]), ['k3', 99]] as Array<[string, number]>, 'k3', 99],
  ])('%s', (_name, writes, key, want) => {
    let l: Latest = NO_LATEST;
    for (const [k, t] of writes) l = setLatest(l, k, t);
    expect(latestOf(l, key)).toBe(want);
    for (const [k] of writes) expect(latestOf(l, k)).toBeDefined();
  });
  it('never writes into the shared empty', () => {
    const l = setLatest(NO_LATEST, 'a', 1);
    expect(l).not.toBe(NO_LATEST);
    expect(NO_LATEST).toHaveLength(0);
  });
});
