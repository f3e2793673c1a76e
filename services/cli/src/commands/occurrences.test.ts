import { describe, expect, it } from 'vitest';
import { keysByGroup, noteMemberships, occurrencesOf, placeOccurrences, type Memberships, type OccurrenceRow } from './occurrences.js';

const H = 3_600_000;
const row = (fingerprint: string, at: number, group: string | null): OccurrenceRow => ({ fingerprint, at, group });
const root = (g: string): string | null => (g === 'A' ? 'db01' : null);

describe('occurrencesOf', () => {
  it.each([
    { why: 'one incident, repeated rows: one occurrence keyed by the fingerprint', rows: [row('w', 0, 'A'), row('w', 60_000, 'A')], want: [['w', 0, 60_000, 'A']] },
    { why: 'the same alert in another incident later: a second occurrence', rows: [row('w', 0, 'A'), row('w', 3 * H, 'B')], want: [['w', 0, 0, 'A'], ['w#2', 3 * H, 3 * H, 'B']] },
    { why: 'rows out of file order are read by time', rows: [row('w', 3 * H, 'B'), row('w', 0, 'A')], want: [['w', 0, 0, 'A'], ['w#2', 3 * H, 3 * H, 'B']] },
    { why: 'a noise row continues the occurrence; noise first takes the incident a later row names', rows: [row('w', 0, null), row('w', 60_000, 'A'), row('w', 120_000, null)], want: [['w', 0, 120_000, 'A']] },
    { why: 'noise only', rows: [row('n', 0, null)], want: [['n', 0, 0, null]] },
  ])('$why', ({ rows, want }) => {
    expect(occurrencesOf(rows, root).map((o) => [o.key, o.from, o.to, o.truth?.failureId ?? null])).toEqual(want);
  });

  it('gives each occurrence its incident\'s root', () => {
    expect(occurrencesOf([row('w', 0, 'A'), row('w', 3 * H, 'B')], root).map((o) => o.truth?.rootCauseCi ?? null)).toEqual(['db01', null]);
  });
});

describe('placeOccurrences', () => {
  const occ = occurrencesOf([row('w', 0, 'A'), row('w', 3 * H, 'B'), row('d', 0, 'A')], root);
  const ms = (list: Array<[string, string, number]>): Memberships => {
    const m: Memberships = new Map();
    for (const [fp, group, joinedAt] of list) noteMemberships(m, { id: group, members: [{ fingerprint: fp, joinedAt }] });
    return m;
  };
  it.each([
    { why: 'the recurrence went to another group: each occurrence where it landed', m: [['w', 'g1', 0], ['w', 'g2', 3 * H], ['d', 'g1', 0]], live: ['g1', 'g2'], want: { w: 'g1', 'w#2': 'g2', d: 'g1' } },
    { why: 'the alert stayed in one group: both occurrences there', m: [['w', 'g1', 0], ['d', 'g1', 0]], live: ['g1'], want: { w: 'g1', 'w#2': 'g1', d: 'g1' } },
    { why: 'moved within its first occurrence: counted where it moved', m: [['w', 'g0', 0], ['w', 'g1', 120_000], ['w', 'g2', 3 * H], ['d', 'g1', 0]], live: ['g0', 'g1', 'g2'], want: { w: 'g1', 'w#2': 'g2', d: 'g1' } },
    { why: 'a group merged away is not reported: its members count where they went', m: [['w', 'gm', 0], ['w', 'g1', 60_000], ['w', 'g2', 3 * H], ['d', 'g1', 0]], live: ['g1', 'g2'], want: { w: 'g1', 'w#2': 'g2', d: 'g1' } },
    { why: 'in no reported group', m: [['w', 'g1', 0]], live: ['g1'], want: { w: 'g1', 'w#2': 'g1', d: null } },
  ] as Array<{ why: string; m: Array<[string, string, number]>; live: string[]; want: Record<string, string | null> }>)('$why', ({ m, live, want }) => {
    const placed = placeOccurrences(occ, ms(m), (id) => live.includes(id));
    expect(Object.fromEntries(placed)).toEqual(want);
    expect([...keysByGroup(occ, placed).values()].flat().length).toBe(Object.values(want).filter((g) => g !== null).length);
  });
});
