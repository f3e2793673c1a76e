import type { GroupState } from './state.js';

/**
 * Ranking a group's root-cause candidates reads every CI of the group (root-cause.ts), so ranking on
 * every join costs O(n²) over a group of n CIs: a hub with 20k dependents all alerting took minutes of
 * CPU. Past `from` distinct CIs a group is re-ranked only once its CI count has grown by 1/GROWTH since
 * its last ranking: amortised O(1) CI reads per join, and the candidates lag at most ~3 % of the CIs (a
 * group that large already has its root; a late CI that changes it is seen a few joins later).
 */
const GROWTH = 32;

/** rankDue: whether a group now holding `cis` distinct CIs, last ranked holding `rankedAt`, is ranked now (`from` 0 = always). */
export function rankDue(cis: number, rankedAt: number | undefined, from: number): boolean {
  if (from <= 0 || cis <= from || rankedAt === undefined) return true;
  return cis >= rankedAt + Math.max(1, Math.floor(rankedAt / GROWTH));
}

/** createRankBudget: the CI count of each group at its last ranking (memory only: a restored group is ranked on its first join). */
export function createRankBudget(from: number): { due(grp: GroupState): boolean; ranked(grp: GroupState): void } {
  const at = new WeakMap<GroupState, number>();
  return {
    due: (grp) => rankDue(grp.ciCount.size, at.get(grp), from),
    ranked: (grp) => {
      if (from > 0) at.set(grp, grp.ciCount.size);
    },
  };
}
