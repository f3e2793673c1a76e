import { describe, expect, it } from 'vitest';
import { EMPTY_MAP, EMPTY_SET, own, ownSet } from './lazy.js';

describe('shared empty group indexes', () => {
  it('read as empty', () => {
    expect(EMPTY_MAP.size).toBe(0);
    expect(EMPTY_MAP.get('x')).toBeUndefined();
    expect([...EMPTY_MAP.keys()]).toEqual([]);
    expect(EMPTY_SET.has('x')).toBe(false);
    expect(EMPTY_SET.delete('x')).toBe(false);
  });
  it('refuse writes, so one group can never write into another group\'s index', () => {
    expect(() => EMPTY_MAP.set('x', undefined as never)).toThrow(/shared empty/);
    expect(() => EMPTY_SET.add('x')).toThrow(/shared empty/);
    expect(EMPTY_MAP.size).toBe(0);
  });
  it('own/ownSet give a fresh writable map for the empty one and the map itself otherwise', () => {
    const m: Map<string, number> = own(EMPTY_MAP);
    expect(m).not.toBe(EMPTY_MAP);
    m.set('a', 1);
    expect(own(m)).toBe(m);
    expect(EMPTY_MAP.size).toBe(0);
    const s = ownSet(EMPTY_SET);
    s.add('a');
    expect(ownSet(s)).toBe(s);
    expect(EMPTY_SET.size).toBe(0);
  });
});
