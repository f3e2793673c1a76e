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

/** sizeOf: what ranking reads: the group's distinct CIs, or without CIs its entities and the names its members carry. */
const sizeOf = (grp: GroupState): number => (grp.ciCount.size > 0 ? grp.ciCount.size : grp.entities.size + grp.names.size);

/**
 * createRankBudget: the size of each group at its last ranking (memory only: a restored group is ranked
 * on its first join). A group without CIs ranks at the end of a step (flushStep), once per batch: the
 * same O(n²) when the caller sends small batches (a label-only failure of 32k pods: 579 events per
 * CPU-second in batches of 10).
 */
export function createRankBudget(from: number): { due(grp: GroupState): boolean; ranked(grp: GroupState): void } {
  const at = new WeakMap<GroupState, number>();
  return {
    due: (grp) => rankDue(sizeOf(grp), at.get(grp), from),
    ranked: (grp) => {
      if (from > 0) at.set(grp, sizeOf(grp));
    },
  };
}
