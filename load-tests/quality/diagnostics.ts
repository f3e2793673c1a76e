import type { Shop } from './shop.js';
import type { Storm } from './storm.js';
import { groupIndex, spreadOf, type PredictedGroup } from './scorer.js';

/** FailureDiagnosis says how one true failure came out: split, polluted, and whether its root was named. */
export interface FailureDiagnosis {
  failureId: string;
  rootCauseCi: string;
  rootCauseName: string;
  rootCauseType: string;
  alerts: number;
  /** whether the root CI itself raised an alert (≈15 % of roots are silent: only topology can name them). */
  rootAlerted: boolean;
  /** predicted groups its alerts ended up in (1 = not split). */
  groups: number;
  /** share of its alerts in the group holding most of them. */
  bestShare: number;
  /** share of that group's members that belong to this failure (1 = pure). */
  bestPurity: number;
  predictedRootCi: string | null;
  predictedRootName: string | null;
  rootCauseHit: boolean;
}

export interface ScenarioDiagnosis {
  failures: FailureDiagnosis[];
  /** noise alerts that a predicted group put together with other alerts. */
  noiseAbsorbed: number;
  noiseAlerts: number;
  /** alerts whose hints match no CI, and how many of them were grouped with their failure's best group. */
  unmappedFailureAlerts: number;
  unmappedJoined: number;
}

/** diagnose explains a score per failure, for tuning (written to results/quality-details.json). */
export function diagnose(predicted: readonly PredictedGroup[], storm: Storm, shop: Shop, rootCauseNames: Readonly<Record<string, readonly string[]>> = {}): ScenarioDiagnosis {
  const { groupOf, sizes } = groupIndex(predicted, storm.truth);
  const byFailure = new Map<string, string[]>();
  let noiseAbsorbed = 0;
  let noiseAlerts = 0;
  for (const [fp, t] of Object.entries(storm.truth)) {
    if (!t) {
      noiseAlerts++;
      const g = groupOf.get(fp);
      if (g !== undefined && (sizes.get(g) ?? 0) > 1) noiseAbsorbed++;
      continue;
    }
    let l = byFailure.get(t.failureId);
    if (!l) byFailure.set(t.failureId, (l = []));
    l.push(fp);
  }
  const alertingCis = new Set(storm.alerts.filter((a) => a.failureId && a.ciId).map((a) => `${a.failureId}\u0000${a.ciId}`));
  const unmapped = new Set(storm.alerts.filter((a) => a.unmapped && a.failureId).map((a) => a.fingerprint));
  let unmappedJoined = 0;
  const failures: FailureDiagnosis[] = [];
  for (const f of storm.failures) {
    const fps = byFailure.get(f.id) ?? [];
    if (fps.length === 0) continue;
    const spread = spreadOf(fps, groupOf);
    const best = spread.best;
    const bestN = Math.max(spread.bestN, 1);
    for (const fp of fps) if (unmapped.has(fp) && groupOf.get(fp) === best) unmappedJoined++;
    const predictedRootCi = best >= 0 ? predicted[best]?.rootCauseCi ?? null : null;
    const want = f.rootCauseCi;
    failures.push({
      failureId: f.id, rootCauseCi: want, rootCauseName: f.rootCauseName, rootCauseType: f.rootCauseType,
      alerts: fps.length, rootAlerted: alertingCis.has(`${f.id}\u0000${f.rootCauseCi}`), groups: spread.groups, bestShare: bestN / fps.length,
      bestPurity: best >= 0 ? bestN / (sizes.get(best) ?? 1) : 1,
      predictedRootCi, predictedRootName: predictedRootCi ? shop.byId.get(predictedRootCi)?.name ?? predictedRootCi : null,
      rootCauseHit: predictedRootCi !== null && (predictedRootCi === want || (rootCauseNames[want]?.includes(predictedRootCi.toLowerCase()) ?? false)),
    });
  }
  return { failures, noiseAbsorbed, noiseAlerts, unmappedFailureAlerts: unmapped.size, unmappedJoined };
}
