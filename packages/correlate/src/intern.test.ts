import { describe, expect, it } from 'vitest';
import { createInterner, createSharer } from './intern.js';

describe('createInterner', () => {
  it('returns the first copy of equal strings', () => {
    const intern = createInterner(10);
    const first = ['ci:', 'db-1'].join('');
    expect(intern(first)).toBe(first);
    expect(intern(['ci:d', 'b-1'].join(''))).toBe(first);
    expect(intern('k0:db-1')).toBe('k0:db-1');
  });

  it('stops remembering past its bound but still returns the string', () => {
    const intern = createInterner(1);
    expect(intern('a')).toBe('a');
    expect(intern('b')).toBe('b');
    expect(intern('a')).toBe('a');
  });
});

describe('createSharer', () => {
  it('returns the first of equal objects, and distinct objects for different keys', () => {
    const share = createSharer<{ id: string; n: number }>(10, (x) => `${x.id}\u0000${x.n}`);
    const first = { id: 'db-1', n: 1 };
    expect(share(first)).toBe(first);
    expect(share({ id: 'db-1', n: 1 })).toBe(first);
    const other = { id: 'db-1', n: 2 };
    expect(share(other)).toBe(other);
  });

  it('stops remembering past its bound', () => {
    const share = createSharer<{ id: string }>(1, (x) => x.id);
    share({ id: 'a' });
    const b = { id: 'b' };
    expect(share(b)).toBe(b);
    expect(share({ id: 'b' })).not.toBe(b);
  });
});
