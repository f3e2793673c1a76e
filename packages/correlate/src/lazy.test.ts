import { describe, expect, it } from 'vitest';
import { EMPTY_MAP, EMPTY_SET, own, ownSet, sharedEmptiesIntact } from './lazy.js';

describe('shared empty group indexes', () => {
  it('read as empty', () => {
    expect(EMPTY_MAP.size).toBe(0);
    expect(EMPTY_MAP.get('x')).toBeUndefined();
    expect([...EMPTY_MAP.keys()]).toEqual([]);
    expect(EMPTY_SET.has('x')).toBe(false);
    expect(sharedEmptiesIntact()).toBe(true);
  });
  it('own/ownSet give a fresh writable map for the empty one and the map itself otherwise', () => {
    const m: Map<string, number> = own(EMPTY_MAP);
    expect(m).not.toBe(EMPTY_MAP);
    m.set('a', 1);
    expect(own(m)).toBe(m);
    const s = ownSet(EMPTY_SET);
    s.add('a');
    expect(ownSet(s)).toBe(s);
    expect(sharedEmptiesIntact()).toBe(true);
  });
});
