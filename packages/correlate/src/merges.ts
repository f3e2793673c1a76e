/**
 * Merging whole groups: groups about a composite follow its failing part's cause (mergeWholesOf*),
 * root chains (mergeRootChain), and mergeInto, which every merge ends in.
 */
import type { CiMatch, JoinEvidence, JoinRule } from '@aiops/model';
import type { CausalTopology } from './causal.js';
import { otherPartFiring, rootPartsIn, weakHubOver } from './cause-checks.js';
import { addToDerived, rerank } from './derived.js';
import type { EngineContext } from './engine-context.js';
import type { EngineOutput } from './engine.js';
import { apartGroup } from './join-checks.js';
import { toGroup, touchGroup } from './output.js';
import { groupsOf, unpostAll } from './postings.js';
import { type AlertState, type DomainState, type GroupState, addMember } from './state.js';
import { scheduleDeadline } from './timers.js';
import { cmp } from './top-k.js';

/**
 * mergeWholesOfPart: a part (a pod) joined `grp` through a failing upstream member (its node). Open
 * groups about its whole (their root candidate is the whole: the Deployment's own alerts, or callers
 * pointing at it while it is silent) that opened at most lateCauseMs before are effects of that cause
 * detected before the part itself: they follow it. Not while another part of the whole has a firing
 * alert (a bad rollout, or a second failed node: the whole has another cause).
 */
export function mergeWholesOfPart(ctx: EngineContext, d: DomainState, grp: GroupState, a: AlertState, found: { rule: JoinRule; evidence: JoinEvidence }, t: number, out: EngineOutput): void {
  const { causalUpOf } = ctx;
  const me = (a.ci as CiMatch).id;
  const path = found.evidence.path;
  const via = path && path.length >= 2 && path[0] === me ? path[path.length - 1] : undefined;
  if (found.rule !== 'topology' || via === undefined || !causalUpOf(me).some((u) => u.id === via)) return;
  mergeWholesOf(ctx, d, grp, a, me, via, t, out);
}

/** mergeWholesOf: merge into `grp` the young open groups about a whole of `part` (see mergeWholesOfPart). */
function mergeWholesOf(ctx: EngineContext, d: DomainState, grp: GroupState, a: AlertState, part: string, via: string, t: number, out: EngineOutput): void {
  const { causal, g, strictUpOf } = ctx;
  for (const w of (causal as CausalTopology).wholesOf(part)) {
    const others = [...(groupsOf<GroupState>(d.index.o, w) ?? [])];
    if (g.partCauseTakesCallers && g.mergeRootChains) for (const x of groupsOf<GroupState>(d.index.O, w) ?? []) others.push(x);
    for (const other of others) {
      if (d.groups.get(other.id) !== other || other === grp || t - other.openedAt > g.lateCauseMs) continue; // merged by an earlier turn
      if (other.rootCause?.ciId !== w && !(g.partCauseTakesCallers && strictUpOf(other.rootCause?.ciId ?? '').some((u) => u.id === w) && !rootPartsIn(ctx, other))) continue;
      if (otherPartFiring(ctx, d, w, part)) continue;
      mergeInto(ctx, d, grp, other, a, t, out, `${part}, a part of its root candidate ${w}, fails with ${via}`);
    }
  }
}

/**
 * mergeWholesOfSilentParts: the alert's CI is what a part runs on or needs (a node under a pod) and the
 * part has no alert of its own: young groups about the part's whole follow the alert's group, as with
 * mergeWholesOfPart (the whole's alert came before the node's).
 */
export function mergeWholesOfSilentParts(ctx: EngineContext, d: DomainState, grp: GroupState, a: AlertState, t: number, out: EngineOutput): void {
  const { causal } = ctx;
  const me = (a.ci as CiMatch).id;
  for (const e of (causal as CausalTopology).downstreamOf(me)) {
    if (e.type === 'part_of' || d.byCi.has(e.id)) continue;
    mergeWholesOf(ctx, d, grp, a, e.id, me, t, out);
  }
}

/**
 * mergeRootChain: the root candidate of `grp` just changed. When another open group's root candidate
 * causally needs it (or it needs theirs) within maxHops, and the two groups started together (within
 * suspectWindowMs, the upstream one at most lateCauseMs later), they are one failure seen from two
 * ends (a SAN and the hypervisors under it, each grouped through its own dependents): the downstream
 * group is merged into the upstream one.
 */
export function mergeRootChain(ctx: EngineContext, d: DomainState, grp: GroupState, via: AlertState, t: number, out: EngineOutput): void {
  const { g, strictUpOf, fullUpOf } = ctx;
  const r = grp.rootCause?.ciId;
  if (r === undefined) return;
  const together = (up: GroupState, down: GroupState): boolean =>
    up.firing > 0 && down.openedAt - up.openedAt <= g.suspectWindowMs && (g.lateCauseMs < 0 || up.openedAt - down.openedAt <= g.lateCauseMs);
  // an upstream group explains this one: move this one there
  let upGroup: GroupState | null = null;
  for (const u of strictUpOf(r)) {
    for (const other of groupsOf<GroupState>(d.index.o, u.id) ?? []) {
      if (other === grp || !together(other, grp) || weakHubOver(ctx, d, other, grp, t)) continue;
      if (!upGroup || other.openedAt < upGroup.openedAt || (other.openedAt === upGroup.openedAt && other.id < upGroup.id)) upGroup = other;
    }
  }
  // a group whose root is only suspected (no alert on it): an alerting root of another group that most
  // of its CIs need explains it better (hosts on a failed SAN first grouped through their silent switch)
  const silent = !grp.ciCount.has(r);
  if (!upGroup && silent) {
    const distinct = grp.ciCount.size;
    for (const u of grp.upCount.keys()) {
      if ((grp.upCount.get(u) as number) * 2 <= distinct) continue; // a strict majority of its CIs
      for (const other of groupsOf<GroupState>(d.index.o, u) ?? []) {
        if (other === grp || !other.ciCount.has(u) || !together(other, grp)) continue;
        if (!upGroup || other.openedAt < upGroup.openedAt || (other.openedAt === upGroup.openedAt && other.id < upGroup.id)) upGroup = other;
      }
    }
  }
  if (upGroup) {
    mergeInto(ctx, d, upGroup, grp, via, t, out, silent && !strictUpOf(r).some((u) => u.id === upGroup.rootCause?.ciId) ? `most of its CIs need ${upGroup.rootCause?.ciId ?? ''}, the alerting root candidate of ${upGroup.id} (its own root ${r} has no alert)` : `its root candidate ${r} needs ${upGroup.rootCause?.ciId ?? ''}, the root candidate of ${upGroup.id}`);
    const before = rerank(ctx, d, upGroup);
    if (upGroup.rootCause?.ciId !== before) touchGroup(ctx, d, upGroup, 'root_cause_changed');
    return;
  }
  // groups whose root candidate needs this one's, or (this root alerting) whose root is only suspected
  // while most of their CIs need this root: move them here
  const downs: GroupState[] = [];
  const why = new Map<GroupState, string>();
  for (const other of groupsOf<GroupState>(d.index.O, r) ?? []) {
    if (other !== grp && together(grp, other) && !weakHubOver(ctx, d, grp, other, t)) {
      downs.push(other);
      why.set(other, `its root candidate ${other.rootCause?.ciId ?? ''} needs ${r}, the root candidate of ${grp.id}`);
    }
  }
  if (!silent) {
    for (const other of groupsOf<GroupState>(d.index.r, r) ?? []) {
      const or = other.rootCause?.ciId;
      if (other === grp || or === undefined || other.ciCount.has(or) || downs.includes(other) || !together(grp, other)) continue;
      const need = other.ciCount.size === 1 ? (fullUpOf(or).has(r) ? 1 : 0) : (other.upCount.get(r) ?? 0);
      if (need * 2 <= other.ciCount.size) continue; // a strict majority of its CIs
      downs.push(other);
      why.set(other, `most of its CIs need ${r}, the alerting root candidate of ${grp.id} (its own root ${or} has no alert)`);
    }
  }
  if (downs.length === 0) return;
  downs.sort((x, y) => x.openedAt - y.openedAt || cmp(x.id, y.id));
  for (const other of downs) mergeInto(ctx, d, grp, other, via, t, out, why.get(other));
  rerank(ctx, d, grp);
}

/** mergeInto moves the members of `other` into `grp` (the alert `via` explains both) and closes `other` as merged. */
export function mergeInto(ctx: EngineContext, d: DomainState, grp: GroupState, other: GroupState, via: AlertState, t: number, out: EngineOutput, why?: string, keepRule = false): void {
  const { shareEvidence, joins } = ctx;
  if (apartGroup(ctx, d, other) || apartGroup(ctx, d, grp)) return; // a chronic check's own group stays apart
  const reason = why ?? `${via.ci?.id ?? ''} is upstream of its root candidate ${other.rootCause?.ciId ?? ''}`;
  const detail = `merged from ${other.id}: ${reason}`.slice(0, 300); // one string for every member moved
  for (const m of other.members) {
    const x = d.alerts.get(m.fp);
    if (!x) continue;
    addMember(grp, { ...m, joinedAt: t, rule: keepRule ? m.rule : 'topology', evidence: shareEvidence({ ...m.evidence, matchedAlertId: via.id, detail }) });
    x.groupId = grp.id;
    addToDerived(ctx, d, grp, x);
  }
  // openedAt stays the surviving group's own (its join window and index ageing depend on it)
  if (other.lastOnset > grp.lastOnset) grp.lastOnset = other.lastOnset;
  d.groups.delete(other.id);
  unpostAll(other);
  joins['merged'] = (joins['merged'] ?? 0) + 1;
  const pending = ctx.stepGroups.get(other.id);
  if (pending) ctx.stepGroups.delete(other.id);
  other.updatedAt = t;
  out.groups.push(toGroup(ctx, d, other, 'closed', 'closed', t, 'merged'));
  touchGroup(ctx, d, grp, 'alert_added');
  scheduleDeadline(ctx, d, grp);
}
