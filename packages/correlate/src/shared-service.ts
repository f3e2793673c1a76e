/**
 * A cluster's shared services (cluster DNS, CNI: composites in a namespace named in
 * `clusterSharedNamespaces`) serve every workload of the cluster, but a Kubernetes import records no
 * relation to them, so topology never links a workload's alert to theirs. They are read as a fallback,
 * not as edges: a specific dependency (a database, a callee) always explains an alert first, and only
 * what nothing else explains is put on the shared service.
 */
import { causeActive } from './cause-checks.js';
import type { EngineContext } from './engine-context.js';
import type { EngineOutput } from './engine.js';
import { mergeInto } from './merges.js';
import { groupsOf } from './postings.js';
import type { AlertState, DomainState, GroupState } from './state.js';
import { cmp } from './top-k.js';

/**
 * mergeSharedServiceEffects: a shared service's alert (its `for:` often longer than its consumers') comes
 * after its first effects, and its later effects have no relation to it in the CMDB either. When `grp`
 * holds a shared service's alert that is still active, it takes the groups that opened from
 * suspectWindowMs before that alert's onset to effectLagMs after it, whose every CI is a workload of its
 * cluster and whose root candidate is one of their own alerting CIs explaining none of the others, once
 * they are lateCauseMs old: effects whose own more specific cause (a database, a silent or alerting
 * callee, detected within lateCauseMs) did not show. A failure starting together with the shared service names its own root by then and stays
 * apart. Run when the service's group takes an alert and when a workload of its cluster alerts.
 */
export function mergeSharedServiceEffects(ctx: EngineContext, d: DomainState, grp: GroupState, a: AlertState, t: number, out: EngineOutput): void {
  const { causal, g } = ctx;
  if (!causal) return;
  for (const s of [...grp.ciCount.keys()]) {
    const at = grp.ciOnset.get(s);
    if (at === undefined || t - at > g.effectLagMs + Math.max(g.lateCauseMs, 0) || !causal.isSharedService(s) || !causeActive(ctx, d, grp, s, t)) continue;
    const others = [...d.groups.values()].filter((o) => {
      // past its join window a group is never merged again (and its join state is released)
      if (o === grp || o.openedAt < at - g.suspectWindowMs || o.openedAt > at + g.effectLagMs || t - o.openedAt < g.lateCauseMs || t - o.openedAt > g.windowMs || o.ciCount.size === 0) return false;
      const root = o.rootCause?.ciId;
      if (root === undefined || !o.ciCount.has(root)) return false;
      // a root that explains other CIs of its group (a callee and its callers) is a failure of its own
      if ((o.upCount.get(root) ?? 0) > 0) return false;
      for (const ci of o.ciCount.keys()) if (!causal.sharedServicesOf(ci).includes(s)) return false;
      return true;
    }).sort((x, y) => x.openedAt - y.openedAt || cmp(x.id, y.id));
    for (const o of others) if (d.groups.has(o.id)) mergeInto(ctx, d, grp, o, a, t, out, `${s} is a shared service of its cluster, alerting as this group's CIs did, and nothing more specific explains them`);
  }
}

/** sharedServiceGroups: the open groups where a shared service of the alert's cluster alerts (for mergeSharedServiceEffects). */
export function sharedServiceGroups(ctx: EngineContext, d: DomainState, ci: string): GroupState[] {
  const out: GroupState[] = [];
  for (const s of ctx.causal?.sharedServicesOf(ci) ?? []) for (const grp of groupsOf<GroupState>(d.index.m, s) ?? []) if (d.groups.has(grp.id) && !out.includes(grp)) out.push(grp);
  return out.sort((x, y) => x.openedAt - y.openedAt || cmp(x.id, y.id));
}
