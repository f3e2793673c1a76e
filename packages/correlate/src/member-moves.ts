/**
 * Moving a placed alert (move.ts holds the pure rules): a young member that joined on weak evidence
 * moves to the group of a cause that alerts later (moveToCause), or of an alert sharing its entity key
 * (moveToKeys).
 */
import type { CiMatch, JoinEvidence, JoinRule, RemovedMember } from '@aiops/model';
import { lateCauseOk, weakHub } from './cause-checks.js';
import { addToDerived, postRoot, rebuildDerived, releaseJoinState, rerank } from './derived.js';
import { type EngineContext, spreadKey } from './engine-context.js';
import type { EngineOutput } from './engine.js';
import { apartGroup } from './join-checks.js';
import { clearlyStronger, joinStrength, noteYoung, youngUnder } from './move.js';
import { touchGroup } from './output.js';
import { unpostAll } from './postings.js';
import { refreshGroupSuppression, refreshSuppression } from './refresh-suppression.js';
import { type AlertState, type DomainState, type GroupState, type Member, addMember } from './state.js';
import { scheduleDeadline } from './timers.js';
import { cmp } from './top-k.js';

// ---- moving a placed alert (move.ts) ----
/** the CIs a cause of alert `a` may alert on: its own and those it depends on within maxHops (the walk joins use). */
function causeCisOf(ctx: EngineContext, ci: string): string[] {
  const { g, upOf, causalUpOf } = ctx;
  const up = g.partOfIsCausal ? upOf(ci) : causalUpOf(ci);
  const out = [ci];
  for (const u of up) out.push(u.id);
  return out;
}

/** noteMovable: a member that joined on evidence a later cause may beat is indexed under the CIs that cause may alert on. */
export function noteMovable(ctx: EngineContext, d: DomainState, grp: GroupState, a: AlertState, m: Member): void {
  const { g, keyRule } = ctx;
  if (g.moveMargin <= 0 || (m.moves ?? 0) >= g.moveMax) return;
  const s = joinStrength(m, g.similarityThreshold);
  if (s === null || s + g.moveMargin > 1) return;
  if (a.ci && g.topology) noteYoung(d.young, causeCisOf(ctx, a.ci.id), { fp: a.fp, group: grp.id, joinedAt: m.joinedAt });
  else if (!a.ci && g.moveByKeys) {
    // without a CI: under its entity keys strong enough to beat the join (prefixed: not CI ids)
    const keys = movingKeys(ctx, a).filter((k) => keyRule(k).score >= s + g.moveMargin).map((k) => `\u0000${k}`);
    if (keys.length > 0) noteYoung(d.young, keys, { fp: a.fp, group: grp.id, joinedAt: m.joinedAt });
  }
}

/** movingKeys: the alert's keys that are evidence on their own (entity keys, not names, mentions or values weighed by spread). */
function movingKeys(ctx: EngineContext, a: AlertState): string[] {
  return a.keys.filter((k) => !k.startsWith('kn:') && !k.startsWith('km:') && !k.startsWith('kf:') && !spreadKey(ctx, k));
}

/**
 * moveToKeys: as moveToCause, for members without a CI: alert `x` shares an entity key (same host, same
 * workload) with a young member of another group that joined there on clearly weaker evidence (an onset
 * burst, a look-alike text, a shared namespace).
 */
export function moveToKeys(ctx: EngineContext, d: DomainState, x: AlertState, t: number, out: EngineOutput): void {
  const { g, keyRule } = ctx;
  const to = d.groups.get(x.groupId as string);
  if (!to || apartGroup(ctx, d, to) || t - (g.windowFrom === 'first' ? to.openedAt : to.lastOnset) > (to.ciCount.size === 0 ? g.noTopologyWindowMs : g.windowMs)) return;
  const moves: Array<{ a: AlertState; from: GroupState; m: Member; evidence: JoinEvidence; score: number; rule: JoinRule }> = [];
  for (const k of movingKeys(ctx, x)) {
    const kr = keyRule(k);
    for (const e of youngUnder(d.young, `\u0000${k}`, t, g.moveWindowMs)) {
      const a = d.alerts.get(e.fp);
      // the same entity failing again minutes later is a new failure, as for a late cause (lateCauseMs)
      if (!a || a === x || a.ci || a.groupId !== e.group || a.groupId === to.id || a.status !== 'firing' || !lateCauseOk(ctx, a.onset, x.onset)) continue;
      const from = d.groups.get(e.group);
      const m = from?.members.find((y) => y.fp === a.fp && y.joinedAt === e.joinedAt);
      if (!from || !m || !clearlyStronger(joinStrength(m, g.similarityThreshold), kr.score, m.moves ?? 0, g.moveMargin, g.moveMax) || keyHeldBy(ctx, d, from, a, k)) continue;
      const prev = moves.find((y) => y.a === a);
      if (prev && prev.score >= kr.score) continue;
      const mv = { a, from, m, evidence: { detail: `same ${kr.name} as ${x.id}: ${k.slice(k.indexOf(':') + 1)}` }, score: kr.score, rule: kr.rule };
      if (prev) Object.assign(prev, mv);
      else moves.push(mv);
    }
  }
  moves.sort((p, q) => cmp(p.a.fp, q.a.fp));
  for (const mv of moves) moveMember(ctx, d, mv.a, mv.from, to, mv.m, mv.rule, mv.evidence, mv.score, x, t, out);
}

/**
 * moveToCause: alert `x` (on CI c) just joined or opened its group. Young members of other groups whose
 * CI is c or depends on c, that joined there on clearly weaker evidence than "its own CI's cause alerts
 * here", move to x's group. Decided for all of them first, then applied in fingerprint order, so the
 * result does not depend on the index's order (a restored index is rebuilt in another).
 */
export function moveToCause(ctx: EngineContext, d: DomainState, x: AlertState, t: number, out: EngineOutput): void {
  const { g, upOf, causalUpOf, cmdb } = ctx;
  const c = (x.ci as CiMatch).id;
  const entries = youngUnder(d.young, c, t, g.moveWindowMs);
  if (entries.length === 0) return;
  const to = d.groups.get(x.groupId as string);
  if (!to || apartGroup(ctx, d, to)) return;
  const moves: Array<{ a: AlertState; from: GroupState; m: Member; evidence: JoinEvidence; score: number; rule: JoinRule }> = [];
  for (const e of entries) {
    const a = d.alerts.get(e.fp);
    if (!a || a === x || a.groupId !== e.group || a.groupId === to.id || a.status !== 'firing' || !a.ci) continue;
    const from = d.groups.get(e.group);
    const m = from?.members.find((y) => y.fp === a.fp && y.joinedAt === e.joinedAt);
    if (!from || !m || moves.some((y) => y.a === a)) continue;
    let score: number;
    let rule: JoinRule;
    let evidence: JoinEvidence;
    if (a.ci.id === c) {
      score = 1;
      rule = 'same_ci';
      evidence = { detail: `same CI as ${x.id}: ${c}` };
    } else {
      const up = (g.partOfIsCausal ? upOf(a.ci.id) : causalUpOf(a.ci.id)).find((u) => u.id === c);
      // a cause starts before its effects or within detection lag after them; a weak hub explains nothing
      if (!up || !lateCauseOk(ctx, a.onset, x.onset) || weakHub(ctx, d, to, c, a)) continue;
      score = 0.95 - 0.05 * (up.hops - 1);
      rule = 'topology';
      evidence = { hops: up.hops, path: cmdb.path(a.ci.id, c, up.hops) ?? [a.ci.id, c], detail: `${a.ci.id} depends on ${c}` };
    }
    if (!clearlyStronger(joinStrength(m, g.similarityThreshold), score, m.moves ?? 0, g.moveMargin, g.moveMax) || anchors(ctx, from, a)) continue;
    moves.push({ a, from, m, evidence, score, rule });
  }
  moves.sort((p, q) => cmp(p.a.fp, q.a.fp));
  for (const mv of moves) moveMember(ctx, d, mv.a, mv.from, to, mv.m, mv.rule, mv.evidence, mv.score, x, t, out);
}

/** keyHeldBy: another member of `grp` carries key `k` too: the alert has that evidence where it is already. */
function keyHeldBy(ctx: EngineContext, d: DomainState, grp: GroupState, a: AlertState, k: string): boolean {
  for (const m of grp.members) if (m.fp !== a.fp && d.alerts.get(m.fp)?.keys.includes(k)) return true;
  return false;
}

/** anchors: other members of `grp` joined through alert `a` (their evidence path runs through its CI, or `a` merged them in), or share its CI: moving `a` would strand them. */
function anchors(ctx: EngineContext, grp: GroupState, a: AlertState): boolean {
  const ci = (a.ci as CiMatch).id;
  if ((grp.ciCount.get(ci) ?? 0) > 1 || grp.rootCause?.ciId === ci) return true;
  for (const m of grp.members) if (m.fp !== a.fp && (m.evidence.path?.includes(ci) || m.evidence.matchedAlertId === a.id)) return true;
  return false;
}

/** moveMember moves alert `a` from `from` to `to`: both emit a version (the source lists it in `removed`), both re-rank. */
function moveMember(ctx: EngineContext, d: DomainState, a: AlertState, from: GroupState, to: GroupState, m: Member, rule: JoinRule, ev: JoinEvidence, score: number, via: AlertState, t: number, out: EngineOutput): void {
  const { shareEvidence, internDetail, joins, config } = ctx;
  const was = `${m.rule}${m.evidence.score !== undefined ? ` ${m.evidence.score}` : ''}`;
  const evidence = shareEvidence({ ...ev, matchedAlertId: via.id, movedFrom: from.id, score: Math.round(score * 1000) / 1000, detail: internDetail(`moved from ${from.id} (joined by ${was}): ${ev.detail ?? ''}`.slice(0, 300)) });
  const moved: Member = { alertId: a.id, fp: a.fp, joinedAt: t, rule, evidence, moves: (m.moves ?? 0) + 1 };
  removeMember(ctx, d, from, m, { alertId: a.id, fingerprint: a.fp, movedTo: to.id, reason: ev.detail ?? rule }, t);
  // the target
  addMember(to, moved);
  a.groupId = to.id;
  addToDerived(ctx, d, to, a);
  noteMovable(ctx, d, to, a, moved);
  to.updatedAt = t;
  if (a.onset > to.lastOnset) to.lastOnset = a.onset;
  rerank(ctx, d, to);
  scheduleDeadline(ctx, d, to);
  touchGroup(ctx, d, to, 'alert_added');
  joins['moved'] = (joins['moved'] ?? 0) + 1;
  // inhibition reads the group's sources: the alert and both groups' members may change
  refreshSuppression(ctx, d, a, t, out, true);
  if (config.inhibition.sourceSeverities.includes(a.sev)) {
    refreshGroupSuppression(ctx, d, from, t, out, a.fp);
    refreshGroupSuppression(ctx, d, to, t, out, a.fp);
  }
}

/**
 * removeMember takes member `m` out of the open group `from` (a move, or an alert whose new episode
 * leaves it: episodes.ts): derived state rebuilt from the rest (rare), its root index kept, and the
 * version lists it in `removed`.
 */
export function removeMember(ctx: EngineContext, d: DomainState, from: GroupState, m: Member, removed: RemovedMember, t: number): void {
  const { memberViews, g, stepRemoved } = ctx;
  from.members.splice(from.members.indexOf(m), 1);
  memberViews.forget(from);
  rebuildDerived(ctx, d, from);
  if (from.rootCause && from.ciCount.size > 0) postRoot(ctx, d, from, from.rootCause.ciId);
  if (from.ciCount.size > 0) rerank(ctx, d, from);
  else from.rankDirty = true;
  if (g.windowFrom === 'first' && t - from.openedAt > g.windowMs) {
    // past its join window (the ranking above read what this releases): as findGroup's ageing leaves it
    unpostAll(from);
    releaseJoinState(ctx, from);
  }
  from.updatedAt = t;
  scheduleDeadline(ctx, d, from);
  const list = stepRemoved.get(from.id);
  if (list) list.push(removed);
  else stepRemoved.set(from.id, [removed]);
  touchGroup(ctx, d, from, 'alert_removed');
}
