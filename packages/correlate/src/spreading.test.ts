import { describe, expect, it } from 'vitest';
import { openedWith, stillSpreading } from './spreading.js';

const MIN = 60_000;
const T = 100 * MIN;

describe('a symptom still spreading (no CMDB)', () => {
  it.each([
    ['inside the no-topology window: other evidence decides, not this rule', 4 * MIN, T - 30_000, false],
    ['past it, its look-alike started 2 min ago: the same spread', 8 * MIN, T - 2 * MIN, true],
    ['past it, its look-alike last started 6 min ago: the spread is over', 8 * MIN, T - 6 * MIN, false],
    ['past it, the group never raised that symptom', 8 * MIN, undefined, false],
    ['past the general join window too: closed', 16 * MIN, T - 30_000, false],
  ])('%s', (_why, age: number, sameTemplateAt: number | undefined, expected) => {
    expect(stillSpreading({ age, noTopologyWindowMs: 5 * MIN, windowMs: 15 * MIN, sameTemplateAt, t: T, recentMs: 5 * MIN })).toBe(expected);
  });

  const grp = { members: [{ fp: 'a' }, { fp: 'b' }, { fp: 'c' }] };
  const tpl: Record<string, string> = { a: 'StatusCheckFailed on <host>', b: 'p99 latency above <n>s', c: 'Pod <pod> not ready' };
  it.each([
    ['the symptom the group opened with', 'StatusCheckFailed on <host>', 1, true],
    ['a later member\'s symptom, only the first counts', 'p99 latency above <n>s', 1, false],
    ['a later member\'s symptom within the first two', 'p99 latency above <n>s', 2, true],
    ['a symptom no member raised', 'disk full on <host>', 3, false],
  ])('opened with: %s', (_why, template: string, n: number, expected) => {
    expect(openedWith(grp, template, n, (fp) => tpl[fp])).toBe(expected);
  });
});
