import { describe, expect, it } from 'vitest';
import { createInterner } from './intern.js';

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
