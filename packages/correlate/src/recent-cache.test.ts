import { describe, expect, it } from 'vitest';
import { createRecentCache } from './recent-cache.js';

describe('recent cache', () => {
  it.each([
    { name: 'keeps entries of the current generation', sets: ['a', 'b'], gets: { a: 'A', b: 'B' } },
    { name: 'keeps the previous generation', sets: ['a', 'b', 'c', 'd'], gets: { a: 'A', c: 'C', d: 'D' } },
    { name: 'drops entries two generations old', sets: ['a', 'b', 'c', 'd', 'e'], gets: { a: undefined, b: undefined, c: 'C', e: 'E' } },
  ])('$name', ({ sets, gets }) => {
    const c = createRecentCache<string>(2);
    for (const k of sets) c.set(k, k.toUpperCase());
    for (const [k, v] of Object.entries(gets)) expect(c.get(k)).toBe(v);
  });
  it('a hit in the old generation keeps the entry one generation longer', () => {
    const c = createRecentCache<string>(2);
    c.set('a', 'A');
    c.set('b', 'B');
    c.set('c', 'C'); // a, b now old
    expect(c.get('a')).toBe('A'); // moved to the young generation (c, a)
    c.set('d', 'D'); // c, a old; b dropped
    expect([c.get('a'), c.get('b')]).toEqual(['A', undefined]);
  });
});
