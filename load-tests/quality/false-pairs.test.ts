import { describe, expect, it } from 'vitest';
import { attributeFalsePairs, joinKind, type MemberLike } from './false-pairs.js';

const m = (fingerprint: string, rule: string, detail = '', hops?: number): MemberLike => ({ fingerprint, rule, evidence: { detail, hops } });

describe('joinKind', () => {
  it.each([
    [m('a', 'seed', 'opened the group'), 'seed'],
    [m('a', 'same_ci', 'same ci: x'), 'same_ci'],
    [m('a', 'topology', "c1 depends on the group's suspected root c2", 2), 'topology: depends on the suspected (silent) root'],
    [m('a', 'topology', 'c1 depends on c2', 2), 'topology: depends on a member (2 hops)'],
    [m('a', 'topology', 'merged from g1: c1 is upstream of its root candidate c2'), 'topology (merged: the alert explains its root)'],
    [m('a', 'topology', 'merged from g1: its root candidate c1 needs c2, the root candidate of g2'), 'topology (merged: root chain)'],
    [m('a', 'seed', 'merged from g1: al_1 belongs to both (similarity: similar to "x")'), 'seed (merged: an alert linked both)'],
    [m('a', 'topology', 'c1 and c3 both need c2, whose dependents are alerting together: c2 suspected'), 'topology: siblings of a suspected CI'],
  ])('%#: %s', (member, kind) => {
    expect(joinKind(member)).toBe(kind);
  });
});

describe('attributeFalsePairs', () => {
  it('charges each foreign member with its pairs against the majority failure, under its join', () => {
    const truth = { a1: { failureId: 'A' }, a2: { failureId: 'A' }, a3: { failureId: 'A' }, b1: { failureId: 'B' }, b2: { failureId: 'B' }, n1: null };
    const groups = [
      { members: [m('a1', 'seed'), m('a2', 'same_ci'), m('a3', 'topology', 'x depends on y', 1), m('b1', 'topology', 'z depends on y', 2), m('b2', 'same_ci'), m('n1', 'similarity')] },
      { members: [m('b1', 'seed')] }, // counted in its first group only
    ];
    const onset = new Map([['b2', 1], ['b1', 2]]);
    const r = attributeFalsePairs(groups, truth, onset);
    expect(r.pairs).toBe(9);
    expect([...r.byKind]).toEqual([
      ['topology: depends on a member (2 hops)', { members: 1, pairs: 3 }],
      ['same_ci', { members: 1, pairs: 3 }],
      ['similarity', { members: 1, pairs: 3 }],
    ]);
    expect(r.pollutions.map((p) => [p.failure, p.majority, p.members, p.pairs, p.first.fingerprint])).toEqual([
      ['B', 'A', 2, 6, 'b2'],
      ['noise', 'A', 1, 3, 'n1'],
    ]);
  });
  it('a group of one failure has no false pairs', () => {
    expect(attributeFalsePairs([{ members: [m('a1', 'seed'), m('a2', 'same_ci')] }], { a1: { failureId: 'A' }, a2: { failureId: 'A' } }).pairs).toBe(0);
  });
});
