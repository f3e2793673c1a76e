import { describe, expect, it } from 'vitest';
import { hasId, packIds, rememberId, unpackIds } from './recent-ids.js';

describe('recent ids', () => {
  it.each([
    [[]],
    [[0]],
    [[1, 0xffffffff, 0x80000000, 0x7fffffff, 0x0001ffff]],
    [[2166136261, 123456789]],
  ])('packs and unpacks %j unchanged', (hashes) => {
    expect(unpackIds(packIds(hashes))).toEqual(hashes);
  });

  it('finds only the hashes it holds (both halves must match)', () => {
    const r = packIds([0x00010002, 0xffff0000]);
    expect(hasId(r, 0x00010002)).toBe(true);
    expect(hasId(r, 0xffff0000)).toBe(true);
    expect(hasId(r, 0x00020001)).toBe(false);
    expect(hasId(r, 0x0002ffff)).toBe(false); // straddles two hashes
    expect(hasId(packIds([]), 0)).toBe(false);
  });

  it('appends and drops the oldest past max, like concat + shift on the number array', () => {
    let r = packIds([]);
    const ref: number[] = [];
    for (const h of [5, 0xdeadbeef, 7, 0x80000001, 9]) {
      r = rememberId(r, h, 3);
      ref.push(h);
      if (ref.length > 3) ref.shift();
      expect(unpackIds(r)).toEqual(ref);
    }
  });
});
