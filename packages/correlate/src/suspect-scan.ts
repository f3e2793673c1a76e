/**
 * suspectGroups: several dependents of one CI starting to alert together point at that CI, even when it
 * is silent or a hub: the groups about the other alerting dependents become candidates of a new alert on
 * one more dependent, joined through that CI (findGroup's candidates; the evidence scoreCandidate reads).
 */
import type { AlertState, DomainState, GroupState } from './state.js';
import { type EngineContext, recentOnsetsOf } from './engine-context.js';
import type { Hop } from './topology-view.js';

/** group id -> the silent upstream CI its dependents point at, and the dependent the group is about */
export type Suspects = Map<string, { u: string; sibling: string }>;

/**
 * suspectGroups: for alert `a` at `t`, the groups whose root candidate is another recently alerting
 * dependent of one of its direct upstream CIs (`myUp`, hops 1), when enough of that CI's dependents alert;
 * `mark` takes each such group as a candidate, in first-found order. Null when there are none (most lookups).
 */
export function suspectGroups(ctx: EngineContext, d: DomainState, a: AlertState, myUp: readonly Hop[], t: number, mark: (grp: GroupState, strong: boolean) => void): Suspects | null {
  const { g, topo } = ctx;
  const ci = a.ci;
  if (!ci || !g.topology || g.suspectMinDependents <= 0) return null;
  let suspects: Suspects | null = null;
  for (const u of myUp) {
    if (u.hops !== 1) continue;
    const deps = topo.downstreamOf(u.id);
    if (deps.length > g.suspectMaxFanout) continue;
    // the dependents alerting recently cannot reach the threshold (an upper bound, no scan of them)
    const bound = recentOnsetsOf(ctx, d).dependentsBound(u.id, t) + 1;
    if (bound < g.suspectMinDependents || bound < g.suspectMinFraction * deps.length) continue;
    const hits: Array<{ ci: string; grp: GroupState }> = [];
    for (const dep of deps) {
      if (dep.id === ci.id) continue;
      // no alert on it started within the window: none can count (same result, no per-alert scan);
      // ciOnsetMax has an entry for every CI byCi has, so this also stands for the byCi miss
      const recent = d.ciOnsetMax.get(dep.id);
      if (recent === undefined || t - recent > g.suspectWindowMs) continue;
      const fps = d.byCi.get(dep.id);
      if (!fps) continue;
      for (const fp of fps) {
        const x = d.alerts.get(fp);
        if (!x || x.status !== 'firing' || x.groupId === null || t - x.onset > g.suspectWindowMs) continue;
        // only groups that are about that dependent (it is their root candidate), not any group it joined
        const xg = d.groups.get(x.groupId);
        if (!xg || (xg.rootCause?.ciId !== dep.id && xg.ciCount.size > g.suspectSmallGroup)) continue;
        hits.push({ ci: dep.id, grp: xg });
        break;
      }
    }
    const alerting = (hits.length === 0 ? 0 : new Set(hits.map((h) => h.ci)).size) + 1;
    if (alerting < g.suspectMinDependents || alerting < g.suspectMinFraction * deps.length) continue;
    for (const h of hits) {
      suspects ??= new Map();
      if (!suspects.has(h.grp.id)) suspects.set(h.grp.id, { u: u.id, sibling: h.ci });
      mark(h.grp, true);
    }
  }
  return suspects;
}
