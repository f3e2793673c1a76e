import { describe, expect, it } from 'vitest';
import { createCounterparts, isNameKey } from './counterpart.js';

describe('createCounterparts', () => {
  it.each([
    ['km:pg-orders', 'kn:pg-orders'],
    ['kn:web-1', 'km:web-1'],
    ['km:', 'kn:'],
  ])('%s <-> %s', (k, other) => {
    const of = createCounterparts(10);
    expect(of(k)).toBe(other);
    expect(of(k)).toBe(other); // from the cache
    expect(of(other)).toBe(k);
  });
  it('past its bound still answers, without keeping', () => {
    const of = createCounterparts(1);
    expect(of('km:a')).toBe('kn:a');
    expect(of('km:b')).toBe('kn:b');
    expect(of('km:b')).toBe('kn:b');
  });
  it.each([
    ['kn:x', true], ['km:x', true], ['kh:x', false], ['ci:x', false], ['k:km:x', false],
  ])('isNameKey(%s) = %s', (k, want) => expect(isNameKey(k)).toBe(want));
});
