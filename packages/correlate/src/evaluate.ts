import type { CorrelationGroup } from '@aiops/model';

/** TruthEntry: which failure an alert (fingerprint) belongs to and that failure's root CI; null = noise. */
export type TruthEntry = { readonly failureId: string; readonly rootCauseCi?: string | null } | null;

export interface Evaluation {
  readonly alerts: number;
  readonly groups: number;
  readonly trueGroups: number;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  readonly noiseReduction: number;
  readonly idealNoiseReduction: number;
  /** share of failures with a known root whose best group names it; null when no failure has a known root */
  readonly rootCauseTop1: number | null;
  /** failures with a known root (the denominator of rootCauseTop1): datasets often label only some */
  readonly rootCauseKnown: number;
}

const pairs = (n: number): number => (n * (n - 1)) / 2;

/**
 * finalGroups keeps the last version of each group id, drops groups closed as merged, newest first: the
 * groups a replay "made".
 */
export function finalGroups(records: readonly CorrelationGroup[]): CorrelationGroup[] {
  const latest = new Map<string, CorrelationGroup>();
  for (const g of records) {
    const p = latest.get(g.id);
    if (!p || g.version >= p.version) latest.set(g.id, g);
  }
  return [...latest.values()].filter((g) => g.closeReason !== 'merged').sort((a, b) => b.updatedAt - a.updatedAt || (a.id < b.id ? -1 : 1));
}

/**
 * evaluateGroups scores groups against ground truth, with the definitions of the quality benchmark:
 * pairwise precision/recall/F1 over alerts (an alert counts in the first group listing it; an alert in
 * no group is a group of its own), noise reduction = 1 − groups/alerts vs the ideal, and root-cause
 * top-1 = share of failures whose best group (most of its alerts) names the failure's root CI, over the
 * failures whose root is known (rootCauseKnown; a failure without rootCauseCi is left out).
 */
export function evaluateGroups(groups: readonly CorrelationGroup[], truth: Readonly<Record<string, TruthEntry>>): Evaluation {
  const fps = Object.keys(truth);
  const where = new Map<string, number>();
  groups.forEach((g, i) => {
    for (const m of g.members) if (m.fingerprint in truth && !where.has(m.fingerprint)) where.set(m.fingerprint, i);
  });
  let next = groups.length;
  const cell = new Map<string, number>();
  const predSize = new Map<number, number>();
  const classSize = new Map<string, number>();
  for (const fp of fps) {
    let gi = where.get(fp);
    if (gi === undefined) where.set(fp, (gi = next++));
    const t = truth[fp];
    const cls = t ? `f:${t.failureId}` : `n:${fp}`;
    cell.set(`${gi}\u0000${cls}`, (cell.get(`${gi}\u0000${cls}`) ?? 0) + 1);
    predSize.set(gi, (predSize.get(gi) ?? 0) + 1);
    classSize.set(cls, (classSize.get(cls) ?? 0) + 1);
  }
  let tp = 0;
  for (const n of cell.values()) tp += pairs(n);
  let pred = 0;
  for (const n of predSize.values()) pred += pairs(n);
  let tru = 0;
  for (const n of classSize.values()) tru += pairs(n);
  const precision = pred === 0 ? 1 : tp / pred;
  const recall = tru === 0 ? 1 : tp / tru;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  // root cause: per failure, the group holding most of its alerts
  const best = new Map<string, { gi: number; n: number }>();
  for (const [k, n] of cell) {
    const [giS, cls] = k.split('\u0000') as [string, string];
    if (!cls.startsWith('f:')) continue;
    const gi = Number(giS);
    const b = best.get(cls);
    if (!b || n > b.n || (n === b.n && gi < b.gi)) best.set(cls, { gi, n });
  }
  const rootOf = new Map<string, string | null | undefined>();
  for (const fp of fps) {
    const t = truth[fp];
    if (t) rootOf.set(`f:${t.failureId}`, t.rootCauseCi);
  }
  let rcKnown = 0;
  let rcHit = 0;
  for (const [cls, b] of best) {
    const root = rootOf.get(cls);
    if (root === undefined || root === null) continue;
    rcKnown++;
    if (groups[b.gi]?.rootCause?.ciId === root) rcHit++;
  }
  const alerts = fps.length;
  const groupCount = predSize.size;
  const trueGroups = classSize.size;
  return {
    alerts,
    groups: groupCount,
    trueGroups,
    precision,
    recall,
    f1,
    noiseReduction: alerts === 0 ? 0 : 1 - groupCount / alerts,
    idealNoiseReduction: alerts === 0 ? 0 : 1 - trueGroups / alerts,
    rootCauseTop1: rcKnown === 0 ? null : rcHit / rcKnown,
    rootCauseKnown: rcKnown,
  };
}
