import { describe, expect, it } from 'vitest';
import { groupsOf, holds, newCandidateIndex, NO_POSTINGS, post, postingSize, unpost, unpostAll, type Posting } from './postings.js';

interface G { id: string; indexed: readonly Posting[] }
const group = (id: string): G => ({ id, indexed: NO_POSTINGS });
const ids = (s: Iterable<G> | undefined): string[] => [...(s ?? [])].map((g) => g.id);

describe('candidate postings', () => {
  it('keeps groups in insertion order and posts each group once per key', () => {
    const ix = newCandidateIndex();
    const [a, b] = [group('a'), group('b')];
    post(b, ix.r, 'ci1');
    post(a, ix.r, 'ci1');
    post(b, ix.r, 'ci1');
    expect(ids(groupsOf<G>(ix.r, 'ci1'))).toEqual(['b', 'a']);
    expect(holds(ix.r, 'ci1', a)).toBe(true);
    expect(b.indexed).toHaveLength(1);
    expect(NO_POSTINGS).toHaveLength(0);
  });
  it('keeps kinds apart: the same key in two kinds is two postings', () => {
    const ix = newCandidateIndex();
    const a = group('a');
    post(a, ix.m, 'ci1');
    expect(postingSize(ix.m, 'ci1')).toBe(1);
    expect(postingSize(ix.r, 'ci1')).toBe(0);
  });
  it.each([
    ['unpost one key', (g: G, ix: ReturnType<typeof newCandidateIndex>) => unpost(g, ix.o, 'x'), ['y']],
    ['unpost all', (g: G) => unpostAll(g), []],
  ] as const)('%s: an emptied posting leaves its map', (_name, drop, left) => {
    const ix = newCandidateIndex();
    const a = group('a');
    post(a, ix.o, 'x');
    post(a, ix.O, 'y');
    drop(a, ix);
    expect([...ix.o.keys(), ...ix.O.keys()]).toEqual(left);
    expect(a.indexed.map((p) => p.key)).toEqual(left);
  });
  it('a posting another group still holds stays', () => {
    const ix = newCandidateIndex();
    const [a, b] = [group('a'), group('b')];
    post(a, ix.t, 'disk');
    post(b, ix.t, 'disk');
    unpostAll(a);
    expect(ids(groupsOf<G>(ix.t, 'disk'))).toEqual(['b']);
    expect(holds(ix.t, 'disk', a)).toBe(false);
  });
});
