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
 * holds the shared service `s`'s alert and it is still active, `grp` takes the groups that opened from
 * suspectWindowMs before that alert's onset to effectLagMs after it, whose every CI is a workload of its
 * cluster and whose root candidate is one of their own alerting CIs explaining none of the others, once
 * they are lateCauseMs old: effects whose own more specific cause (a database, a silent or alerting
 * callee, detected within lateCauseMs) did not show. A failure starting together with the shared service names its own root by then and stays
 * apart. Run when the service itself alerts and when a workload of its cluster alerts (sharedServiceChecks).
 */
export function mergeSharedServiceEffects(ctx: EngineContext, d: DomainState, grp: GroupState, s: string, a: AlertState, t: number, out: EngineOutput): void {
  const { causal, g } = ctx;
  if (!causal) return;
  const at = grp.ciOnset.get(s);
  if (at === undefined || t - at > g.effectLagMs + Math.max(g.lateCauseMs, 0) || !causeActive(ctx, d, grp, s, t)) return;
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

/**
 * sharedServiceChecks: the (group, shared service) pairs an alert on `ci` that joined `grp` can concern:
 * `grp` when `ci` is itself a shared service, and every open group holding a shared service of `ci`'s
 * cluster. Found through the CI postings, never by reading a group's CIs: a hub outage's group holds
 * thousands, and reading them on every join made that storm quadratic.
 */
export function sharedServiceChecks(ctx: EngineContext, d: DomainState, grp: GroupState, ci: string): Array<[GroupState, string]> {
  const out: Array<[GroupState, string]> = [];
  const causal = ctx.causal;
  if (!causal) return out;
  if (causal.isSharedService(ci)) out.push([grp, ci]);
  for (const s of causal.sharedServicesOf(ci)) {
    for (const o of groupsOf<GroupState>(d.index.m, s) ?? []) if (d.groups.has(o.id) && !out.some(([x, y]) => x === o && y === s)) out.push([o, s]);
  }
  return out.sort(([x, s], [y, u]) => (x === grp ? 0 : 1) - (y === grp ? 0 : 1) || x.openedAt - y.openedAt || cmp(x.id, y.id) || cmp(s, u));
}
