/**
 * Causal checks the joins, moves and merges share: whether a group's alert on a CI is an active cause,
 * weak hubs, detection lag (lateCauseOk, effectLagOk), rival causes, and composites and their parts.
 */
import { severityRank } from '@aiops/model';
import type { CausalTopology } from './causal.js';
import { type EngineContext, onsetBucketsOf } from './engine-context.js';
import { EMPTY_SET } from './lazy.js';
import type { AlertState, DomainState, GroupState } from './state.js';
import { weakHubCause } from './weak-hub.js';

// ---- grouping ----
/** causeActive: the group holds an alert on `ci` that is firing at t or resolved at most causeGraceMs before (an effect does not start after its cause ended). */
export function causeActive(ctx: EngineContext, d: DomainState, grp: GroupState, ci: string, t: number): boolean {
  const { g } = ctx;
  if (g.causeGraceMs < 0) return true;
  const fps = d.byCi.get(ci);
  if (!fps) return false;
  for (const fp of fps) {
    const x = d.alerts.get(fp);
    if (x && x.groupId === grp.id && (x.status === 'firing' || (x.resolvedAt ?? 0) >= t - g.causeGraceMs)) return true;
  }
  return false;
}

/** causeFiring: `ci` has a firing alert in the group. */
export function causeFiring(ctx: EngineContext, d: DomainState, grp: GroupState, ci: string): boolean {
  for (const fp of d.byCi.get(ci) ?? []) {
    const x = d.alerts.get(fp);
    if (x && x.groupId === grp.id && x.status === 'firing') return true;
  }
  return false;
}

/** weakHub: `ci` is a hub whose alerts in the group are too mild to explain alert `a` (weak-hub.ts). */
export function weakHub(ctx: EngineContext, d: DomainState, grp: GroupState, ci: string, a: AlertState): boolean {
  const { g } = ctx;
  return g.weakHubMinDependents > 0 && weakHubFor(ctx, d, grp, ci, a.sev, a.ci?.id, a.onset);
}

/** weakHubFor: as weakHub, for an effect of severity `sev` on CI `effect` (a group's root candidate) starting at t. */
function weakHubFor(ctx: EngineContext, d: DomainState, grp: GroupState, ci: string, sev: AlertState['sev'], effect: string | undefined, t: number): boolean {
  const { dependentsCount, g, weakHubOpts, fullUpOf } = ctx;
  if (dependentsCount(ci) < g.weakHubMinDependents) return false; // not a hub: weakHubCause would say no (most CIs; skip the scans)
  let hubSev = -1;
  for (const fp of d.byCi.get(ci) ?? EMPTY_SET) {
    const x = d.alerts.get(fp);
    if (x && x.groupId === grp.id) hubSev = Math.max(hubSev, severityRank(x.sev));
  }
  if (!weakHubCause(hubSev, sev, dependentsCount(ci), weakHubOpts)) return false;
  // a hub that took several of its dependents down with it did fail, whatever its own alert says: other
  // CIs below it, not below the effect's CI, that started alerting lately (in any group)
  // (onsetBuckets: only the CIs whose latest onset is in the window, not every CI that ever alerted)
  let n = 0;
  return !onsetBucketsOf(ctx, d).some(t - g.suspectWindowMs, t, (c) => {
    if (c === ci || c === effect || !fullUpOf(c).has(ci) || (effect !== undefined && fullUpOf(c).has(effect))) return false;
    return ++n >= g.weakHubMaxTaken;
  });
}

/** weakHubOver: `up`'s root candidate is a weak hub cause for group `down` (its strongest alert, its root candidate). */
export function weakHubOver(ctx: EngineContext, d: DomainState, up: GroupState, down: GroupState, t: number): boolean {
  const { g } = ctx;
  const hub = up.rootCause?.ciId;
  if (g.weakHubMinDependents <= 0 || hub === undefined) return false;
  let sev: AlertState['sev'] = 'info';
  for (const m of down.members) {
    const x = d.alerts.get(m.fp);
    if (x && severityRank(x.sev) > severityRank(sev)) sev = x.sev;
  }
  return weakHubFor(ctx, d, up, hub, sev, down.rootCause?.ciId, t);
}

/** weakLeader: for root-cause ranking (rootYieldsToSpecific), whether hub `hub` is a weak hub over the group's member `branch` (weakHubFor, against the group's strongest other alert). */
export function weakLeader(ctx: EngineContext, d: DomainState, grp: GroupState): (hub: string, branch: string) => boolean {
  const { g } = ctx;
  return (hub, branch) => {
    if (g.weakHubMinDependents <= 0) return true;
    let sev: AlertState['sev'] = 'info';
    for (const m of grp.members) {
      const x = d.alerts.get(m.fp);
      if (x && x.ci?.id !== hub && severityRank(x.sev) > severityRank(sev)) sev = x.sev;
    }
    return weakHubFor(ctx, d, grp, hub, sev, branch, grp.ciOnset.get(branch) ?? grp.lastOnset);
  };
}

/** lateCauseOk: an alert with onset t may still be the cause of effects that started at `effectOnset` (detection lag). */
export function lateCauseOk(ctx: EngineContext, effectOnset: number | undefined, t: number): boolean {
  const { g } = ctx;
  return g.lateCauseMs < 0 || effectOnset === undefined || t - effectOnset <= g.lateCauseMs;
}

/** effectLagOk: an alert with onset t may be an effect of a cause whose first alert in the group started at `causeOnset` (dependents feel a failure within minutes, not a quarter of an hour later). */
export function effectLagOk(ctx: EngineContext, causeOnset: number | undefined, t: number): boolean {
  const { g } = ctx;
  return g.effectLagMs < 0 || causeOnset === undefined || t - causeOnset <= g.effectLagMs;
}

/** tookDependents: the group holds at least two other CIs that directly depend on `root` (its outage is felt). */
export function tookDependents(ctx: EngineContext, grp: GroupState, root: string): boolean {
  const { g, upOf, causalUpOf } = ctx;
  let n = 0;
  for (const c of grp.ciCount.keys()) if (c !== root && (g.partOfIsCausal ? upOf(c) : causalUpOf(c)).some((u) => u.id === root && u.hops === 1) && ++n >= 2) return true;
  return false;
}

/**
 * rivalCause: `cause` is upstream of member `ci`, but the group's root candidate already explains `ci`
 * (it depends on the root) and `cause` is not on the root's side: a second failure's victim, not this
 * group's cause (what glues two concurrent hub outages through a shared symptom).
 */
export function rivalCause(ctx: EngineContext, grp: GroupState, ci: string, cause: string): boolean {
  const { g, causalFullUpOf } = ctx;
  if (!g.rivalCauses) return false;
  const root = grp.rootCause?.ciId;
  if (root === undefined || root === ci || root === cause || !causalFullUpOf(ci).has(root)) return false;
  if (!causalFullUpOf(ci).has(cause)) return false; // a part_of parent (namespace, workload) aggregates its parts: no rival
  return !causalFullUpOf(root).has(cause) && !causalFullUpOf(cause).has(root);
}

/**
 * viaOwnPart: `cause` is one of the composite `whole`'s parts or what one of them runs on (its pod, or
 * that pod's node): the whole is degraded because its parts fail, not merely one of its dependencies.
 */
export function viaOwnPart(ctx: EngineContext, whole: string, cause: string): boolean {
  const { causal } = ctx;
  if (!causal) return false;
  for (const e of causal.upstreamOf(whole)) {
    if (e.type !== 'part_of') continue;
    if (e.id === cause) return true;
    for (const u of causal.upstreamOf(e.id)) if (u.id === cause && u.type !== 'part_of') return true;
  }
  return false;
}

/**
 * calleePartsIn: the parts of composite `whole` that alert in `grp` (firing, causeActive), if they are
 * at least calleePartsMinShare of its parts: a Deployment losing that many replicas degrades its callers
 * even when it has no alert of its own.
 */
export function calleePartsIn(ctx: EngineContext, d: DomainState, grp: GroupState, whole: string, t: number): { part: string; n: number; of: number } | null {
  const { causal, g } = ctx;
  if (!causal) return null;
  let n = 0;
  let part = '';
  for (const e of causal.upstreamOf(whole)) {
    if (e.type !== 'part_of' || !grp.ciCount.has(e.id) || !causeActive(ctx, d, grp, e.id, t)) continue;
    if (n++ === 0) part = e.id;
  }
  const of = causal.partCount(whole);
  return n > 0 && n >= g.calleePartsMinShare * of ? { part, n, of } : null;
}

export function explainHops(ctx: EngineContext, root: string, ci: string): number | undefined {
  const { upOf } = ctx;
  return upOf(root).find((x) => x.id === ci)?.hops;
}

/** otherPartFiring: a part of `whole` other than `part` has a firing alert (the whole may be failing on its own: a bad rollout). */
export function otherPartFiring(ctx: EngineContext, d: DomainState, whole: string, part: string): boolean {
  const { causal } = ctx;
  for (const e of (causal as CausalTopology).upstreamOf(whole)) {
    if (e.type !== 'part_of' || e.id === part) continue;
    for (const fp of d.byCi.get(e.id) ?? []) if (d.alerts.get(fp)?.status === 'firing') return true;
  }
  return false;
}

/** rootPartsIn: the group's root candidate is a whole with parts among the group's CIs (replicas crash-looping: its own failure, whatever else it calls). */
export function rootPartsIn(ctx: EngineContext, grp: GroupState): boolean {
  const { causal } = ctx;
  const rc = grp.rootCause?.ciId;
  if (rc === undefined || !causal) return false;
  for (const e of causal.upstreamOf(rc)) if (e.type === 'part_of' && grp.ciCount.has(e.id)) return true;
  return false;
}

/**
 * ownPartsApart: the group's root candidate is a whole with at least `min` of its own parts among the
 * group's CIs that neither are `ci` nor run on or need it (replicas failing together across nodes: a bad
 * rollout, the whole's own failure). An alert on `ci` does not explain such a group: a node explains
 * only the pods on it, a sibling dependent nothing of the whole's parts. False when `ci` is that whole.
 */
export function ownPartsApart(ctx: EngineContext, grp: GroupState, ci: string, min: number): boolean {
  const { causal } = ctx;
  const rc = grp.rootCause?.ciId;
  if (min <= 0 || rc === undefined || rc === ci || !causal) return false;
  let n = 0;
  for (const e of causal.upstreamOf(rc)) {
    if (e.type !== 'part_of' || e.id === ci || !grp.ciCount.has(e.id) || causal.upstreamOf(e.id).some((u) => u.id === ci)) continue;
    if (++n >= min) return true;
  }
  return false;
}

/** otherPartFailing: a part of `whole` that is not `cause` and does not run on or need it has a firing alert (the whole has another cause: a bad rollout). */
export function otherPartFailing(ctx: EngineContext, d: DomainState, whole: string, cause: string): boolean {
  const { causal } = ctx;
  for (const e of (causal as CausalTopology).upstreamOf(whole)) {
    if (e.type !== 'part_of' || e.id === cause || (causal as CausalTopology).upstreamOf(e.id).some((u) => u.id === cause)) continue;
    for (const fp of d.byCi.get(e.id) ?? []) if (d.alerts.get(fp)?.status === 'firing') return true;
  }
  return false;
}
