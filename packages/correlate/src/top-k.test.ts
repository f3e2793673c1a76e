import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { topK } from './top-k.js';

describe('topK', () => {
  it('is the stable sort cut to k, ties in input order', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ v: fc.integer({ min: 0, max: 5 }), id: fc.nat() })), fc.integer({ min: 0, max: 8 }), (items, k) => {
        const order = (a: { v: number }, b: { v: number }) => a.v - b.v;
        expect(topK(items, k, order)).toEqual([...items].sort(order).slice(0, k));
      }),
    );
  });

  it('keeps the 5 best of many', () => {
    const xs = Array.from({ length: 100 }, (_, i) => (i * 37) % 100);
    expect(topK(xs, 5, (a, b) => b - a)).toEqual([99, 98, 97, 96, 95]);
  });
});
