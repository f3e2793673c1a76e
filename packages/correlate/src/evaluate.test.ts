import { describe, expect, it } from 'vitest';
import type { CorrelationGroup } from '@aiops/model';
import { evaluateGroups, finalGroups, type TruthEntry } from './evaluate.js';

const group = (id: string, fps: string[], root: string | null): CorrelationGroup =>
  ({ id, members: fps.map((fingerprint) => ({ fingerprint })), rootCause: root === null ? null : { ciId: root, score: 1, reason: '' } }) as unknown as CorrelationGroup;

describe('evaluateGroups with partly labelled roots', () => {
  const truth: Record<string, TruthEntry> = {
    a1: { failureId: 'A', rootCauseCi: 'sw-1' },
    a2: { failureId: 'A', rootCauseCi: 'sw-1' },
    b1: { failureId: 'B', rootCauseCi: null },
    b2: { failureId: 'B' },
    n1: null,
  };
  it('scores root cause over the failures with a known root only, and says how many those are', () => {
    const e = evaluateGroups([group('g1', ['a1', 'a2'], 'sw-1'), group('g2', ['b1', 'b2'], 'db-1')], truth);
    expect(e).toMatchObject({ alerts: 5, trueGroups: 3, f1: 1, rootCauseTop1: 1, rootCauseKnown: 1 });
    expect(evaluateGroups([group('g1', ['a1', 'a2'], 'web-1')], truth)).toMatchObject({ rootCauseTop1: 0, rootCauseKnown: 1 });
  });
  it('reports no root-cause figure when no failure has a known root', () => {
    const e = evaluateGroups([group('g2', ['b1', 'b2', 'n1'], 'db-1')], { b1: truth.b1 ?? null, b2: truth.b2 ?? null, n1: null });
    expect(e).toMatchObject({ rootCauseTop1: null, rootCauseKnown: 0, precision: 1 / 3, recall: 1 });
  });
});

describe('finalGroups with an alert moved between groups', () => {
  const v = (id: string, version: number, fps: string[], updatedAt: number): CorrelationGroup =>
    ({ id, version, updatedAt, members: fps.map((fingerprint) => ({ fingerprint })), rootCause: null }) as unknown as CorrelationGroup;
  it('counts the alert in the group holding it now, in whichever order the versions were recorded', () => {
    const truth: Record<string, TruthEntry> = { a1: { failureId: 'A' }, x: { failureId: 'B' }, b1: { failureId: 'B' } };
    const before = [v('gA', 1, ['a1', 'x'], 100), v('gB', 1, ['b1'], 150)];
    const move = [v('gA', 2, ['a1'], 200), v('gB', 2, ['b1', 'x'], 200)];
    for (const records of [[...before, ...move], [...before, ...move].reverse()]) {
      expect(evaluateGroups(finalGroups(records), truth)).toMatchObject({ precision: 1, recall: 1 });
    }
    expect(evaluateGroups(finalGroups(before), truth).precision).toBe(0);
  });
});
