import { describe, expect, it } from 'vitest';
import { heapPop, heapPush, heapSize, heapTopAt, newDeadlineHeap } from './deadline-heap.js';

describe('deadline heap', () => {
  it.each([
    ['as given', [[5, 'b'], [1, 'z'], [5, 'a'], [3, 'c'], [1, 'y'], [9, 'a']]],
    ['reversed', [[9, 'a'], [1, 'y'], [3, 'c'], [5, 'a'], [1, 'z'], [5, 'b']]],
    ['times that are not small integers', [[1_733_500_000_005.5, 'b'], [1_733_500_000_001, 'z'], [1_733_500_000_005.5, 'a'], [1_733_500_000_003, 'c'], [1_733_500_000_001, 'y'], [Infinity, 'a']]],
  ] as Array<[string, Array<[number, string]>]>)('pops by time, then by id, whatever the push order (%s)', (_name, items) => {
    const h = newDeadlineHeap();
    for (const [at, id] of items) heapPush(h, at, id);
    const out: Array<[number, string]> = [];
    while (heapSize(h) > 0) {
      const at = heapTopAt(h);
      out.push([at, heapPop(h) as string]);
    }
    expect(out).toEqual([...items].sort((x, y) => x[0] - y[0] || (x[1] < y[1] ? -1 : 1)));
  });
  it('an empty heap pops nothing', () => {
    expect(heapPop(newDeadlineHeap())).toBeUndefined();
  });
});
