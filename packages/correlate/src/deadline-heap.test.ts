import { describe, expect, it } from 'vitest';
import { heapPop, heapPush, type Deadline } from './deadline-heap.js';

describe('deadline heap', () => {
  it('pops by time, then by id, whatever the push order', () => {
    const items: Deadline[] = [{ at: 5, id: 'b' }, { at: 1, id: 'z' }, { at: 5, id: 'a' }, { at: 3, id: 'c' }, { at: 1, id: 'y' }, { at: 9, id: 'a' }];
    for (const order of [items, [...items].reverse()]) {
      const h: Deadline[] = [];
      for (const x of order) heapPush(h, { ...x });
      const out: string[] = [];
      for (let x = heapPop(h); x; x = heapPop(h)) out.push(`${x.at}${x.id}`);
      expect(out).toEqual(['1y', '1z', '3c', '5a', '5b', '9a']);
    }
  });
  it('an empty heap pops nothing', () => {
    expect(heapPop([])).toBeUndefined();
  });
});
