import { describe, expect, it } from 'vitest';
import type { CiMatch } from '@aiops/model';
import { createEvidenceSharer, createInterner, createListSharer, createMatchSharer, createSharer } from './intern.js';

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

describe('createSharer', () => {
  it('returns the first of equal values, and each distinct value as given even when the hashes collide', () => {
    const share = createSharer<{ v: string }>(10, () => 7, (x, y) => x.v === y.v);
    const a = { v: 'a' };
    const b = { v: 'b' };
    expect(share(a)).toBe(a);
    expect(share(b)).toBe(b);
    expect(share({ v: 'a' })).toBe(a);
    expect(share({ v: 'b' })).toBe(b);
  });

  it('stops remembering new hashes past its bound', () => {
    const share = createSharer<{ v: string }>(1, (x) => x.v.length, (x, y) => x.v === y.v);
    share({ v: 'a' });
    const bb = { v: 'bb' };
    expect(share(bb)).toBe(bb);
    expect(share({ v: 'bb' })).not.toBe(bb);
  });
});

describe('createListSharer', () => {
  it('shares equal lists only (order and split matter)', () => {
    const share = createListSharer(10);
    const l = ['ci:db-1', 'kn:db'];
    expect(share(l)).toBe(l);
    expect(share(['ci:db-1', 'kn:db'])).toBe(l);
    expect(share(['kn:db', 'ci:db-1'])).not.toBe(l);
    expect(share(['ci:db-1k', 'n:db'])).not.toBe(l);
    expect(share(['ci:db-1'])).not.toBe(l);
  });
});

describe('createEvidenceSharer', () => {
  it('shares evidence with the same fields in the same order and equal values (paths by content)', () => {
    const share = createEvidenceSharer<Record<string, unknown>>(10);
    const e = { hops: 2, path: ['a', 'b', 'c'], detail: 'a depends on c' };
    expect(share(e)).toBe(e);
    expect(share({ hops: 2, path: ['a', 'b', 'c'], detail: 'a depends on c' })).toBe(e);
    expect(share({ path: ['a', 'b', 'c'], hops: 2, detail: 'a depends on c' })).not.toBe(e); // another key order serialises differently
    expect(share({ hops: 2, path: ['a', 'x', 'c'], detail: 'a depends on c' })).not.toBe(e);
    expect(share({ hops: 3, path: ['a', 'b', 'c'], detail: 'a depends on c' })).not.toBe(e);
    expect(share({ hops: 2, path: ['a', 'b', 'c'], detail: 'a depends on c', score: 1 })).not.toBe(e);
    const s = { score: 0.6, detail: 'same name family: tmp' };
    expect(share(s)).toBe(s);
    expect(share({ score: 0.6, detail: 'same name family: tmp' })).toBe(s);
    expect(share({ score: '0.6', detail: 'same name family: tmp' })).not.toBe(s);
  });
});
