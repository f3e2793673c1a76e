/**
 * A host's own alert can come long after its workloads': a Kubernetes node's NotReady rule waits
 * (`for: 15m`) while the callers of the pods it ran have burned their error budgets within a minute.
 * By then each of those workloads opened a group of its own (nothing in the CMDB links two workloads that
 * merely share a node) and the join windows have passed, so the node's alert explains nothing.
 */
import type { EngineContext } from './engine-context.js';
import type { EngineOutput } from './engine.js';
import { mergeInto } from './merges.js';
import type { AlertState, DomainState, GroupState } from './state.js';
import { cmp } from './top-k.js';

/** hostedWholes: the composites (workloads) with a part (pod) that runs on `ci`. */
function hostedWholes(ctx: EngineContext, ci: string): Set<string> {
  const out = new Set<string>();
  const causal = ctx.causal;
  if (!causal) return out;
  for (const e of causal.downstreamOf(ci)) if (e.type === 'runs_on') for (const w of causal.wholesOf(e.id)) out.add(w);
  return out;
}

/**
 * mergeLateHostEffects: an alert on a host (`ci`, what parts of composites run on) takes the open groups
 * that opened at most lateHostCauseMs before its onset whose every CI is a workload with a part on that
 * host and whose root candidate is one of their own alerting CIs (nothing more specific explains them),
 * when at least suspectMinDependents such groups opened within suspectWindowMs of each other: several
 * workloads that share only this host failing together, then the host reported down. The host is on
 * the path of each (workload → its pod → the host); a lone workload failing earlier is not taken.
 */
export function mergeLateHostEffects(ctx: EngineContext, d: DomainState, grp: GroupState, a: AlertState, t: number, out: EngineOutput): void {
  const { g } = ctx;
  const ci = a.ci?.id;
  if (ci === undefined || g.lateHostCauseMs < 0) return;
  const need = Math.max(2, g.suspectMinDependents);
  const hosted = hostedWholes(ctx, ci);
  if (hosted.size < need) return;
  const cands: GroupState[] = [];
  for (const o of d.groups.values()) {
    if (o === grp || o.openedAt > a.onset || o.openedAt < a.onset - g.lateHostCauseMs || o.ciCount.size === 0) continue;
    const root = o.rootCause?.ciId;
    if (root === undefined || !o.ciCount.has(root)) continue;
    let all = true;
    for (const x of o.ciCount.keys()) if (!hosted.has(x)) { all = false; break; }
    if (all) cands.push(o);
  }
  if (cands.length < need) return;
  cands.sort((x, y) => x.openedAt - y.openedAt || cmp(x.id, y.id));
  // the largest run of them that opened within suspectWindowMs of its first (earliest run on ties)
  let bestFrom = 0, bestN = 0;
  for (let i = 0, j = 0; i < cands.length; i++) {
    while (j < cands.length && (cands[j] as GroupState).openedAt - (cands[i] as GroupState).openedAt <= g.suspectWindowMs) j++;
    if (j - i > bestN) { bestN = j - i; bestFrom = i; }
  }
  if (bestN < need) return;
  for (const o of cands.slice(bestFrom, bestFrom + bestN)) {
    if (d.groups.has(o.id)) mergeInto(ctx, d, grp, o, a, t, out, `its workloads have parts on ${ci}, which alerted later, as ${bestN - 1} other such groups that opened with it`);
  }
}
