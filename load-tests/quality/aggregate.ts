import type { Score } from './scorer.js';

/** Aggregate micro-averages scores over scenarios (sums of pairs, groups, alerts, root-cause hits). */
export interface Aggregate {
  precision: number;
  recall: number;
  f1: number;
  noiseReduction: number;
  idealNoiseReduction: number;
  /** over scenarios WITH topology only (without a CMDB no engine can name a CI id reliably). */
  rootCauseTop1: number;
  /** root-cause top-1 over the no-topology scenarios (matched by CI name/alias). */
  rootCauseTop1NoTopology: number | null;
  macroF1: number;
  alerts: number;
  groups: number;
  trueGroups: number;
  failures: number;
}

export function aggregate(rows: ReadonlyArray<{ score: Score; topology: boolean }>): Aggregate {
  let tp = 0, pp = 0, tpairs = 0, groups = 0, trueGroups = 0, alerts = 0, hits = 0, fails = 0, hitsNo = 0, failsNo = 0, f1sum = 0;
  for (const { score: s, topology } of rows) {
    tp += s.truePositivePairs; pp += s.predictedPairs; tpairs += s.truePairs;
    groups += s.groups; trueGroups += s.trueGroups; alerts += s.alerts; f1sum += s.f1;
    if (topology) { hits += s.rootCauseHits; fails += s.failures; } else { hitsNo += s.rootCauseHits; failsNo += s.failures; }
  }
  const precision = pp === 0 ? 1 : tp / pp;
  const recall = tpairs === 0 ? 1 : tp / tpairs;
  return {
    precision, recall, f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall),
    noiseReduction: alerts === 0 ? 0 : 1 - groups / alerts,
    idealNoiseReduction: alerts === 0 ? 0 : 1 - trueGroups / alerts,
    rootCauseTop1: fails === 0 ? 1 : hits / fails,
    rootCauseTop1NoTopology: failsNo === 0 ? null : hitsNo / failsNo,
    macroF1: rows.length === 0 ? 0 : f1sum / rows.length,
    alerts, groups, trueGroups, failures: fails + failsNo,
  };
}
