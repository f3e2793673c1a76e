import { describe, expect, it } from 'vitest';
import type { CiMatch } from '@aiops/model';
import { createInterner, createMatchSharer } from './intern.js';

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

describe('createMatchSharer', () => {
  it('returns the first of equal matches, and distinct objects for another method or hint', () => {
    const share = createMatchSharer(10);
    const first: CiMatch = { id: 'db-1', method: 'hostname', hint: 'db-1' };
    expect(share(first)).toBe(first);
    expect(share({ id: 'db-1', method: 'hostname', hint: 'db-1' })).toBe(first);
    const other: CiMatch = { id: 'db-1', method: 'alias', hint: 'db-1' };
    expect(share(other)).toBe(other);
    expect(share({ id: 'db-1', method: 'alias', hint: 'db-1' })).toBe(other);
    const noHint: CiMatch = { id: 'db-1', method: 'hostname' };
    expect(share(noHint)).toBe(noHint);
    expect(share({ id: 'db-1', method: 'hostname' })).not.toBe(noHint);
  });

  it('stops remembering new CIs past its bound', () => {
    const share = createMatchSharer(1);
    share({ id: 'a', method: 'hostname', hint: 'a' });
    const b: CiMatch = { id: 'b', method: 'hostname', hint: 'b' };
    expect(share(b)).toBe(b);
    expect(share({ id: 'b', method: 'hostname', hint: 'b' })).not.toBe(b);
  });
});
