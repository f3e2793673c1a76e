import type { Truth } from './storm.js';

/** PredictedGroup is one group a correlator produced: the alerts (fingerprints) and its named root CI. */
export interface PredictedGroup {
  members: string[];
  rootCauseCi: string | null;
}

/** Score holds the quality figures of one grouping against the truth; definitions in README.md. */
export interface Score {
  precision: number;
  recall: number;
  f1: number;
  noiseReduction: number;
  idealNoiseReduction: number;
  rootCauseTop1: number;
  alerts: number;
  groups: number;
  trueGroups: number;
  failures: number;
  /** raw pair counts, so that scenarios can be micro-averaged. */
  truePositivePairs: number;
  predictedPairs: number;
  truePairs: number;
  rootCauseHits: number;
}

export interface ScoreOptions {
  /** root CI id -> other names accepted as that CI (lower case), for engines without a CMDB. */
  rootCauseNames?: Readonly<Record<string, readonly string[]>>;
}

const pairs = (n: number): number => (n * (n - 1)) / 2;

/**
 * score compares predicted groups with the truth.
 * - The universe is the set of alerts in the truth (distinct fingerprints). Predicted members not in
 *   the truth are ignored; an alert listed in several groups counts in the first group listing it;
 *   an alert in no group counts as a group of its own (a human still sees it).
 * - Pairwise: a pair of alerts is predicted-together when in the same predicted group, truly-together
 *   when in the same failure (noise alerts are singletons). precision = TP / predicted pairs,
 *   recall = TP / true pairs (1 when the denominator is 0), f1 their harmonic mean.
 * - noiseReduction = 1 − groups/alerts; idealNoiseReduction = 1 − trueGroups/alerts with trueGroups
 *   = failures with at least one alert + noise alerts.
 * - rootCauseTop1 = over failures with ≥ 1 alert: the predicted group holding most of the failure's
 *   alerts (ties: the earlier group) names the failure's root CI (by id, or by a listed name).
 */
export function score(predicted: readonly PredictedGroup[], truth: Truth, opts: ScoreOptions = {}): Score {
  const fingerprints = Object.keys(truth);
  const alerts = fingerprints.length;
  const groupOf = new Map<string, number>();
  predicted.forEach((g, i) => {
    for (const fp of g.members) if (fp in truth && !groupOf.has(fp)) groupOf.set(fp, i);
  });
  let next = predicted.length;
  for (const fp of fingerprints) if (!groupOf.has(fp)) groupOf.set(fp, next++);
  // Contingency counts: predicted group x true class.
  const predSize = new Map<number, number>();
  const trueSize = new Map<string, number>();
  const cell = new Map<string, number>();
  const perFailure = new Map<string, Map<number, number>>();
  const rootOf = new Map<string, string>();
  for (const fp of fingerprints) {
    const g = groupOf.get(fp) as number;
    const t = truth[fp];
    const cls = t ? `f:${t.failureId}` : `n:${fp}`;
    predSize.set(g, (predSize.get(g) ?? 0) + 1);
    trueSize.set(cls, (trueSize.get(cls) ?? 0) + 1);
    const key = `${g}\u0000${cls}`;
    cell.set(key, (cell.get(key) ?? 0) + 1);
    if (t) {
      rootOf.set(t.failureId, t.rootCauseCi);
      let m = perFailure.get(t.failureId);
      if (!m) perFailure.set(t.failureId, (m = new Map()));
      m.set(g, (m.get(g) ?? 0) + 1);
    }
  }
  let tp = 0;
  for (const n of cell.values()) tp += pairs(n);
  let predictedPairs = 0;
  for (const n of predSize.values()) predictedPairs += pairs(n);
  let truePairs = 0;
  for (const n of trueSize.values()) truePairs += pairs(n);
  const precision = predictedPairs === 0 ? 1 : tp / predictedPairs;
  const recall = truePairs === 0 ? 1 : tp / truePairs;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  let hits = 0;
  for (const [failureId, m] of perFailure) {
    let best = -1;
    let bestN = 0;
    for (const [g, n] of m) if (n > bestN || (n === bestN && g < best)) { best = g; bestN = n; }
    const named = best < predicted.length ? predicted[best]?.rootCauseCi ?? null : null;
    const want = rootOf.get(failureId) ?? '';
    if (named !== null && (named === want || (opts.rootCauseNames?.[want]?.includes(named.toLowerCase()) ?? false))) hits++;
  }
  const groups = predSize.size;
  const trueGroups = trueSize.size;
  return {
    precision, recall, f1,
    noiseReduction: alerts === 0 ? 0 : 1 - groups / alerts,
    idealNoiseReduction: alerts === 0 ? 0 : 1 - trueGroups / alerts,
    rootCauseTop1: perFailure.size === 0 ? 1 : hits / perFailure.size,
    alerts, groups, trueGroups, failures: perFailure.size,
    truePositivePairs: tp, predictedPairs, truePairs, rootCauseHits: hits,
  };
}

/** truthGroups turns the truth itself into predicted groups (the ideal answer, F1 = 1). */
export function truthGroups(truth: Truth): PredictedGroup[] {
  const byFailure = new Map<string, PredictedGroup>();
  const out: PredictedGroup[] = [];
  for (const [fp, t] of Object.entries(truth)) {
    if (!t) { out.push({ members: [fp], rootCauseCi: null }); continue; }
    let g = byFailure.get(t.failureId);
    if (!g) {
      g = { members: [], rootCauseCi: t.rootCauseCi };
      byFailure.set(t.failureId, g);
      out.push(g);
    }
    g.members.push(fp);
  }
  return out;
}

/** GroupIndex: the predicted group each scored alert ended in (its first, by index) and each group's size in scored alerts. */
export interface GroupIndex {
  groupOf: Map<string, number>;
  sizes: Map<number, number>;
}

/** groupIndex indexes predicted groups by the alerts the truth knows (noise included). */
export function groupIndex(groups: readonly PredictedGroup[], truth: Readonly<Record<string, unknown>>): GroupIndex {
  const groupOf = new Map<string, number>();
  groups.forEach((g, i) => { for (const fp of g.members) if (fp in truth && !groupOf.has(fp)) groupOf.set(fp, i); });
  const sizes = new Map<number, number>();
  for (const g of groupOf.values()) sizes.set(g, (sizes.get(g) ?? 0) + 1);
  return { groupOf, sizes };
}

/**
 * spreadOf: how one failure's alerts fell over the groups: its best group (the one holding most of them,
 * the lowest index on ties; -1 when none was grouped), how many it holds, and the groups in all (an
 * alert in no group counts as its own).
 */
export function spreadOf(fps: Iterable<string>, groupOf: ReadonlyMap<string, number>): { best: number; bestN: number; groups: number } {
  const counts = new Map<number, number>();
  let singles = 0;
  for (const fp of fps) {
    const g = groupOf.get(fp);
    if (g === undefined) singles++;
    else counts.set(g, (counts.get(g) ?? 0) + 1);
  }
  let best = -1;
  let bestN = 0;
  for (const [g, n] of counts) if (n > bestN || (n === bestN && g < best)) { best = g; bestN = n; }
  return { best, bestN, groups: counts.size + singles };
}
