/**
 * joinOrOpen: a new (or re-firing) alert joins the group findGroup (or a second look) picks, or opens
 * one; the merges and moves its arrival sets off. chooseDuplicate: which of several CIs with one key.
 */
import { type Event, stableId } from '@aiops/model';
import { addToDerived, rerank } from './derived.js';
import { pickDuplicate } from './disambiguate.js';
import type { EngineContext } from './engine-context.js';
import type { EngineOutput } from './engine.js';
import { findGroup } from './find-group.js';
import { findAcrossGap, findByCiLink, gapLook } from './gap-join.js';
import { ownPartsApart } from './cause-checks.js';
import { chronic } from './join-checks.js';
import { moveToCause, moveToKeys, noteMovable } from './member-moves.js';
import { mergeInto, mergeRootChain, mergeWholesOfPart, mergeWholesOfSilentParts } from './merges.js';
import { touchGroup } from './output.js';
import { type AlertState, type DomainState, type GroupState, type Member, addMember, emptyDerived } from './state.js';
import { mergeLateHostEffects } from './late-host-cause.js';
import { mergeSharedServiceEffects, sharedServiceChecks } from './shared-service.js';
import { findScheduledCause, releasePast } from './scheduled-work.js';
import { scheduleDeadline } from './timers.js';
import { cmp } from './top-k.js';
import { linkCountMatters } from './link-meet.js';

export function joinOrOpen(ctx: EngineContext, d: DomainState, a: AlertState, t: number, out: EngineOutput, e?: Event): void {
  const { gapView, config, g, cmdb, internDetail, shareEvidence, joins, counters, unranked, causal, rankBudget } = ctx;
  const isChronic = chronic(ctx, d, a.fp);
  let found = isChronic ? null : findGroup(ctx, d, a, t);
  if (!found && !isChronic && a.ci && gapView && e) {
    const look = gapLook(ctx, a.ci.id, e);
    if (look.orphan || look.named.length > 0 || look.lost !== null) {
      found = findAcrossGap(ctx, d, a, t, look);
      // joined through a CI its text names: that CI is a cause it reports, for root-cause ranking as a named cause
      const x = found?.evidence.path?.[1];
      if (x !== undefined && look.named.includes(x) && !a.named.includes(x)) a.named = [...a.named, x];
    }
  }
  if (!found && !isChronic && a.ci && ctx.ciLinks && config.learning.ciLinkScore >= g.minScore) found = findByCiLink(ctx, d, a, t, ctx.ciLinks);
  // scheduled work feels a failure when it is due to run: a still-failing cause may be hours older (scheduled-work.ts)
  let revived: GroupState | null = null;
  if (!found && !isChronic && a.ci) {
    const late = findScheduledCause(ctx, d, a, t);
    if (late) found = late;
    if (late?.revived) revived = late.grp;
  }
  let grp: GroupState;
  if (found && found.rule === 'topology' && found.evidence.path && found.evidence.path.length === 2 && found.evidence.hops !== undefined && found.evidence.hops > 1) {
    const [from, to] = found.evidence.path as [string, string];
    found.evidence = { ...found.evidence, path: (cmdb.path(from, to, found.evidence.hops) ?? [from, to]).slice() }; // an exact-size copy: the CMDB's path grew by push (17 slots), and members keep it
  }
  if (found) {
    grp = found.grp;
    const evidence = { ...found.evidence, score: found.evidence.score ?? Math.round(found.score * 1000) / 1000 };
    if (evidence.detail !== undefined) evidence.detail = internDetail(evidence.detail);
    const m: Member = { alertId: a.id, fp: a.fp, joinedAt: t, rule: found.rule, evidence: shareEvidence(evidence) };
    addMember(grp, m);
    noteMovable(ctx, d, grp, a, m);
    joins[found.rule] = (joins[found.rule] ?? 0) + 1;
    touchGroup(ctx, d, grp, 'alert_added');
  } else {
    grp = {
      id: stableId('grp_', d.domain, a.id, a.episode, a.onset),
      openedAt: t,
      updatedAt: t,
      lastOnset: t,
      version: 0,
      members: [{ alertId: a.id, fp: a.fp, joinedAt: t, rule: 'seed', evidence: shareEvidence({ detail: 'opened the group' }) }],
      rootCause: null,
      candidates: [],
      ...emptyDerived(),
    };
    d.groups.set(grp.id, grp);
    d.ageQueue.push({ at: t, id: grp.id });
    counters.groupsOpened++;
    joins['seed'] = (joins['seed'] ?? 0) + 1;
    touchGroup(ctx, d, grp, 'opened');
  }
  a.groupId = grp.id;
  grp.updatedAt = t;
  if (t > grp.lastOnset) grp.lastOnset = t;
  // the ranking of a group with CIs reads its CIs, their first onsets, what they depend on and the CIs its
  // members name: a further alert on a CI already in the group (not earlier, naming none) leaves it as it is
  let rankStale = !found || grp.rankDirty || unranked.has(grp) || a.named.length > 0 || (a.ci !== null && !((grp.ciOnset.get(a.ci.id) ?? Infinity) <= a.onset && grp.ciCount.has(a.ci.id)));
  // ... except that the reported root's link rule (link-meet.ts) compares alert counts of the leader and its link peers
  if (!rankStale && a.ci !== null && g.linkMeetWindowMs >= 0 && grp.ciCount.size > 2) rankStale = linkCountMatters(grp.candidates[0]?.ciId, a.ci.id, ctx.linkPeers);
  addToDerived(ctx, d, grp, a);
  scheduleDeadline(ctx, d, grp);
  const joinedSize = grp.members.length;
  if (found) {
    ctx.explained.sort((x, y) => x.openedAt - y.openedAt || cmp(x.id, y.id));
    if (ctx.explained.length > 0) for (const other of [...ctx.explained]) {
      if (other === grp || !d.groups.has(other.id)) continue;
      if (a.ci && ownPartsApart(ctx, other, a.ci.id, g.explainedOwnPartsApart)) continue; // a bad rollout: its own failure
      mergeInto(ctx, d, grp, other, a, t, out, ctx.explainedWhy?.get(other));
      rankStale = true;
    }
    const more = ctx.linked.size === 0 ? [] : [...ctx.linked.keys()].filter((x) => x !== grp && d.groups.has(x.id) && linkHolds(g, grp, x, ctx.linked.get(x))).sort((x, y) => x.openedAt - y.openedAt || cmp(x.id, y.id));
    for (const other of more) {
      if (!d.groups.has(other.id)) continue;
      mergeInto(ctx, d, grp, other, a, t, out, `${a.id} belongs to both (${ctx.linked.get(other)?.why ?? ''})`, true);
      rankStale = true;
    }
    if (g.partCauseTakesWhole && causal && a.ci) mergeWholesOfPart(ctx, d, grp, a, found, t, out);
  }
  if (g.partCauseTakesWhole && g.silentPartCauseTakesWhole && causal && a.ci) mergeWholesOfSilentParts(ctx, d, grp, a, t, out);
  if (causal && a.ci && g.clusterSharedNamespaces.length > 0) {
    for (const [sg, s] of sharedServiceChecks(ctx, d, grp, a.ci.id)) if (d.groups.has(sg.id)) mergeSharedServiceEffects(ctx, d, sg, s, a, t, out);
  }
  if (causal && a.ci && g.lateHostCauseMs >= 0) mergeLateHostEffects(ctx, d, grp, a, t, out);
  if (grp.members.length !== joinedSize) rankStale = true; // a merge (whole of a part, explained, linked) brought other members
  // With CIs the ranking is needed at once (merges read it); label-only groups rank lazily at flush.
  if (grp.ciCount.size > 0 && (!rankStale || (found && !unranked.has(grp) && !rankBudget.due(grp)))) {
    // unchanged (or a very large group between rankings: rank-budget.ts): nothing to rank, index or merge
  } else if (grp.ciCount.size > 0) {
    const before = rerank(ctx, d, grp);
    if (found && grp.rootCause?.ciId !== before) touchGroup(ctx, d, grp, 'root_cause_changed');
    if (g.mergeRootChains && grp.rootCause?.ciId !== before) mergeRootChain(ctx, d, grp, a, t, out);
  } else grp.rankDirty = true;
  if (g.moveMargin > 0 && a.ci && g.topology) moveToCause(ctx, d, a, t, out);
  if (g.moveMargin > 0 && g.moveByKeys) moveToKeys(ctx, d, a, t, out);
  if (revived) releasePast(ctx, d, revived, t);
}

/**
 * chooseDuplicate: when several CIs answer to the new alert's key (matcher.duplicatesOf), the alert is
 * matched to the one that joins an open group with the best evidence (disambiguate.ts); none joining,
 * the matcher's choice stays. Only for new alerts with duplicates: a few extra lookups, no scan.
 */
export function chooseDuplicate(ctx: EngineContext, d: DomainState, a: AlertState, e: Event, t: number): void {
  const { matcher, keysOf, internKey, shareMatch, cmdb, shareKeys } = ctx;
  const m = a.ci;
  if (!m) return;
  const dups = matcher.duplicatesOf(m.id);
  if (dups.length === 0) return;
  const scoreOf = (id: string): number => {
    a.ci = id === m.id ? m : { ...m, id };
    // topology evidence only: "same CI" would pull every later alert under the key to the duplicate alerting first
    a.keys = keysOf(e, a.ci, a.service).filter((k) => !k.startsWith('ci:')).map(internKey);
    return findGroup(ctx, d, a, t)?.score ?? 0;
  };
  const id = pickDuplicate(m.id, dups, scoreOf);
  a.ci = id === m.id ? m : shareMatch({ ...m, id, hint: `${m.hint} (1 of ${dups.length + 1} CIs with that key: the one that joins best)` });
  if (id !== m.id) a.service = cmdb.businessServicesOf(id)[0] ?? e.resource.service ?? e.labels['service'] ?? null;
  a.keys = shareKeys(keysOf(e, a.ci, a.service).map(internKey));
}

/**
 * linkHolds: an alert's evidence for another open group merges it (linkMinScore); a weaker look-alike
 * (linkCoincidentMinScore) does too when the two groups opened within linkCoincidentMs of each other: one
 * symptom whose first alerts arrived together seeded two groups before either held two of them (a failed
 * node's pods). A shared service or a named entity at that score stays apart: two failures can touch one.
 */
function linkHolds(g: EngineContext['g'], grp: GroupState, other: GroupState, link: { score: number; rule: string; samePoll?: boolean } | undefined): boolean {
  if (link === undefined) return false;
  if (link.score >= g.linkMinScore) return true;
  // one poll's detections seeded both (same-poll.ts)
  if (link.samePoll === true && Math.abs(grp.openedAt - other.openedAt) <= g.samePollMs) return true;
  return g.linkCoincidentMs > 0 && link.rule === 'similarity' && link.score >= g.linkCoincidentMinScore && Math.abs(grp.openedAt - other.openedAt) <= g.linkCoincidentMs;
}
