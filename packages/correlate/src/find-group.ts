/**
 * findGroup: the group a new alert joins, with the evidence: candidates from the postings, each scored
 * by shared keys, mentions, topology, text and learned patterns, then the choice among them.
 */
import type { CiMatch, JoinEvidence, JoinRule } from '@aiops/model';
import { calleePartsIn, causeActive, causeFiring, effectLagOk, explainHops, lateCauseOk, otherPartFailing, rivalCause, rootPartsIn, tookDependents, viaOwnPart, weakHub } from './cause-checks.js';
import { pickCause } from './cause-order.js';
import { isNameKey } from './counterpart.js';
import { releaseJoinState } from './derived.js';
import { type EngineContext, entityOf, spreadKey, tokensOf } from './engine-context.js';
import { apartGroup, bestTemplate, mentionConflict, scopeApart, topologyConflict } from './join-checks.js';
import { spreadOf, spreadWeight } from './key-spread.js';
import { latestOf } from './latest.js';
import { burstAt } from './onset-burst.js';
import { sameCheck } from './same-poll.js';
import { type Posting, holds, postingSize, unpostAll } from './postings.js';
import { openedWith, stillSpreading } from './spreading.js';
import { type Suspects, suspectGroups } from './suspect-scan.js';
import type { AlertState, DomainState, GroupState } from './state.js';
import { cosineSorted } from './template.js';
import type { Hop } from './topology-view.js';

export const MAX_POSTING = 64;


/** the choice of findGroup: a group, the rule and evidence it joins by, and the join score */
interface Found { grp: GroupState; rule: JoinRule; evidence: JoinEvidence; score: number }

/**
 * Lookup: one findGroup call: the alert, what it reads once (tokens, pattern cluster, upstream CIs,
 * wholes, callees), its candidates, and the evidence found for the current candidate. One per call.
 */
interface Lookup {
  readonly a: AlertState;
  readonly t: number;
  readonly tokens: string[];
  readonly cluster: number;
  readonly myUp: readonly Hop[];
  readonly myWholes: readonly string[];
  readonly callees: readonly Hop[];
  /** the name keys (kn:/km:) and their counterparts (counterpart.ts): whether the alert has any */
  readonly mentionKeys: boolean;
  readonly cand: GroupState[];
  /** a key posting was too long to follow: its groups may still be candidates by text */
  capped: boolean;
  /** group id -> the silent upstream CI its dependents point at (most lookups: none) */
  suspects: Suspects | null;

  // the best evidence for the current candidate: the first of equal scores stays, so evidence (strings,
  // paths) is built only for a check that beats it (most lose)
  readonly loc: { rule: JoinRule; evidence: JoinEvidence | null; score: number };
  // best score of a join through an alerting upstream member of the current candidate, and that member's onset (capped at t)
  causeScore: number;
  causeOn: number;
  causeCi: string;
  causeHops: number;
  /** the spreading group whose look-alike started last (spreadAt): the spread going on now */
  spreadBest: Found | null;
  spreadAt: number;
}

function beats(L: Lookup, score: number): boolean {
  return score > L.loc.score;
}
function take(L: Lookup, rule: JoinRule, evidence: JoinEvidence, score: number): void {
  L.loc.rule = rule;
  L.loc.evidence = evidence;
  L.loc.score = score;
}
function causeAt(L: Lookup, grp: GroupState, ci: string, sc: number, hops: number): void {
  if (sc > L.causeScore) L.causeScore = sc;
  const on = Math.min(grp.ciOnset.get(ci) ?? L.t, L.t);
  if (on > L.causeOn) { L.causeOn = on; L.causeCi = ci; L.causeHops = hops; }
}

export function findGroup(ctx: EngineContext, d: DomainState, a: AlertState, t: number): Found | null {
  const { NO_LINKS, g, causal, counters, fullUpOf } = ctx;
  let best: Found | null = null;
  ctx.explained = [];
  ctx.explainedWhy = null;
  ctx.linked = NO_LINKS;
  ctx.silentHome = null;
  ctx.causeOfMe = null;
  ctx.lateRootOf = null;
  if (ctx.lateRoots.length > 0) ctx.lateRoots = [];
  ctx.causeJoins = [];
  const consider = (grp: GroupState, rule: JoinRule, evidence: JoinEvidence, score: number) => {
    if (score < g.minScore) return;
    if (!best || score > best.score || (score === best.score && (grp.openedAt < best.grp.openedAt || (grp.openedAt === best.grp.openedAt && grp.id < best.grp.id)))) {
      best = { grp, rule, evidence, score };
    }
  };
  const L = newLookup(ctx, a, t);
  if (g.windowFrom === 'first') ageIndex(ctx, d, t);
  gatherCandidates(ctx, d, L);
  const { cand, myUp } = L;
  counters.lookups++;
  counters.candidates += cand.length;
  // (index loops over the candidates, keys and upstream CIs: for-of in this long function kept an
  // iterator result per step)
  for (let ci = 0; ci < cand.length; ci++) {
    const grp = cand[ci] as GroupState;
    if (!scoreCandidate(ctx, d, L, grp)) continue;
    const l = { rule: L.loc.rule, evidence: L.loc.evidence as JoinEvidence, score: L.loc.score };
    // evidence accumulates: among equal paths, the group holding more of what the alert's CI depends on
    let extra = 0;
    const cur = best as { score: number } | null;
    if (g.pathBonus > 0 && l.rule === 'topology' && a.ci && (cur === null || l.score + 4 * g.pathBonus >= cur.score)) {
      let n = 0;
      for (const u of myUp) if (grp.ciCount.has(u.id) && ++n > 4) break;
      extra = Math.max(0, n - 1) * g.pathBonus;
    }
    consider(grp, l.rule, l.evidence, l.score + extra);
    if (g.recentCauseFirst && L.causeScore >= 0 && l.score === L.causeScore) ctx.causeJoins.push({ grp, rule: l.rule, evidence: l.evidence, score: l.score + extra, on: L.causeOn, ci: L.causeCi, hops: L.causeHops });
    // the alert is upstream of this group's root candidate: it explains the group (merge candidate)
    const r = grp.rootCause?.ciId;
    if (g.mergeExplained && a.ci && r !== undefined && r !== a.ci.id) {
      const h = causal ? explainHops(ctx, r, a.ci.id) : fullUpOf(r).get(a.ci.id);
      if (h !== undefined && h <= g.maxHops && lateCauseOk(ctx, grp.ciOnset.get(r) ?? grp.openedAt, t)) ctx.explained.push(grp);
    }
    const sus = L.suspects?.get(grp.id);
    if (sus && !ctx.explained.includes(grp)) {
      ctx.explained.push(grp);
      (ctx.explainedWhy ??= new Map()).set(grp, `${a.ci?.id ?? ''} and ${sus.sibling} both need ${sus.u}, whose dependents are alerting together`);
    }
    if (g.linkMinScore > 0 && !a.ci && grp.ciCount.size === 0 && l.score >= (g.linkCoincidentMs > 0 ? Math.min(g.linkMinScore, g.linkCoincidentMinScore) : g.linkMinScore)) (ctx.linked = ctx.linked === NO_LINKS ? new Map() : ctx.linked).set(grp, { why: `${l.rule}: ${l.evidence.detail ?? ''}`, score: l.score, rule: l.rule });
  }
  if (!a.ci && g.burstScore > 0 && g.samePollMs > 0) samePollJoin(ctx, d, a, t, consider);
  if (best === null && !a.ci && g.burstScore > 0) burstJoin(ctx, d, a, t, consider);
  // nothing in the window takes it: the same symptom of a failure still spreading (spreading.ts)
  if (best === null && L.spreadBest !== null) best = L.spreadBest;
  // nothing else takes it: a leaf depending directly on a group's still-failing, alerting root is a late effect
  if (best === null && ctx.lateRootOf !== null) best = ctx.lateRootOf;
  return preferCause(ctx, d, a, best);
}

/** newLookup: what one findGroup call reads of the alert once (tokens, pattern cluster, upstream CIs, wholes, callees); no candidates yet. */
function newLookup(ctx: EngineContext, a: AlertState, t: number): Lookup {
  const { g, upOf, causalUpOf, isHub, causal } = ctx;
  const tokens = tokensOf(ctx, a.template);
  const cluster = ctx.patterns && g.patterns ? ctx.patterns.clusterOf(a.template) : -1;
  const myUp = a.ci && g.topology ? (g.partOfIsCausal ? upOf(a.ci.id) : causalUpOf(a.ci.id)) : [];
  // parts of one composite alerting together (replicas of a Deployment): the whole is their common cause
  const myWholes = a.ci && causal && (g.partSiblingScore > 0 || g.partJoinsWholeScore > 0) ? causal.wholesOf(a.ci.id) : [];
  // composites the alert's CI calls (one hop, not hubs): groups where their parts fail
  const callees = a.ci && causal && g.calleePartsScore > 0 ? myUp.filter((u) => u.hops === 1 && causal.partCount(u.id) > 0 && !isHub(u.id)) : [];
  return {
    a, t, tokens, cluster, myUp, myWholes, callees,
    mentionKeys: g.mentions && a.keys.some(isNameKey),
    cand: [], capped: false, suspects: null,
    loc: { rule: 'seed', evidence: null, score: -Infinity },
    causeScore: -1, causeOn: -Infinity, causeCi: '', causeHops: -1,
    spreadBest: null, spreadAt: -Infinity,
  };
}

/**
 * preferCause: findGroup's choice `found` revised by cause order: among several failing upstream members
 * in different groups the one that started last; the cause's group over the group of its effects when the
 * alert's CI is their silent root or a late root they wait for (ctx.causeJoins, causeOfMe, silentHome).
 */
function preferCause(ctx: EngineContext, d: DomainState, a: AlertState, found: Found | null): Found | null {
  const { g } = ctx;
  let best = found;
  // Several failing upstream members in different groups: the one that started last before the alert broke it.
  const top = best as { grp: GroupState } | null;
  if (top && ctx.causeJoins.length > 1 && ctx.causeJoins.some((c) => c.grp === top.grp)) {
    // the alerting root of a group its dependents are falling away from, which the alert's CI needs directly, comes
    // before a more recent member of another group (unless that CI is a cause in both: its newer alert is the newer failure)
    const fanRoot = g.fanRootFirst ? (c: (typeof ctx.causeJoins)[number]): boolean => c.hops === 1 && c.grp.rootCause?.ciId === c.ci
      && causeFiring(ctx, d, c.grp, c.ci) && tookDependents(ctx, c.grp, c.ci) && !ctx.causeJoins.some((o) => o !== c && o.ci === c.ci) : null;
    const pick = pickCause(ctx.causeJoins, fanRoot);
    best = { grp: pick.grp, rule: pick.rule, evidence: pick.evidence, score: pick.score };
  }
  // The same root past effectLagMs (within lateRootEffectMs): its outage is still being felt, and a member of another
  // failure that the alert's CI reaches through one of that failure's effects did not break it first.
  const top3 = best as { grp: GroupState } | null;
  if (top3 && ctx.lateRoots.length > 0) best = preferLateRoot(ctx, d, a, top3.grp, best as Found);
  // The alert's CI is the silent root another group points at, and it depends on an alerting member of
  // a group that started with that one (its pod on a failed node): the cause's group takes the alert,
  // and the group of its effects follows.
  const home = ctx.silentHome as GroupState | null;
  const cause = ctx.causeOfMe as { grp: GroupState; rule: JoinRule; evidence: JoinEvidence; score: number } | null;
  if (home && cause && cause.grp !== home && lateCauseOk(ctx, home.openedAt, cause.grp.openedAt) && home.openedAt - cause.grp.openedAt <= g.suspectWindowMs) {
    if (best === null || (best as { grp: GroupState }).grp === home) best = cause;
    if ((best as { grp: GroupState }).grp === cause.grp && !ctx.explained.includes(home)) {
      ctx.explained.push(home);
      (ctx.explainedWhy ??= new Map()).set(home, `its silent root candidate ${a.ci?.id ?? ''} alerted, and it needs a failing member of ${cause.grp.id}`);
    }
  }
  // The same when the group the alert would join is one it explains (a late root of its callers, which
  // formed their group after the cause's): the cause's group takes the alert and the callers follow.
  const top2 = best as { grp: GroupState } | null;
  if (g.explainedFollowsCause && cause && top2 && top2.grp !== cause.grp && ctx.explained.includes(top2.grp)
    && lateCauseOk(ctx, top2.grp.openedAt, cause.grp.openedAt) && top2.grp.openedAt - cause.grp.openedAt <= g.suspectWindowMs
    && !otherPartFailing(ctx, d, (a.ci as CiMatch).id, (cause.evidence.path as string[])[1] ?? '') && !rootPartsIn(ctx, top2.grp)) {
    best = cause;
  }
  return best;
}

/**
 * preferLateRoot (lateFanRootSpreadMs): the alert joins `found` through a failing upstream member (a cause join,
 * not its own CI) that is not itself the root of a felt outage; a group whose alerting, still firing root
 * candidate the alert's CI needs directly, started past effectLagMs, already took two other direct dependents
 * down and took another within lateFanRootSpreadMs takes it instead (the oldest such group) — unless that
 * root alerts in `found`'s group too.
 */
function preferLateRoot(ctx: EngineContext, d: DomainState, a: AlertState, grp: GroupState, found: Found): Found {
  const c = ctx.causeJoins.find((x) => x.grp === grp);
  if (!c || c.hops < 1) return found;
  if (c.hops === 1 && c.grp.rootCause?.ciId === c.ci && causeFiring(ctx, d, c.grp, c.ci) && tookDependents(ctx, c.grp, c.ci)) return found;
  let pick: (typeof ctx.lateRoots)[number] | null = null;
  for (const r of ctx.lateRoots) {
    if (r.grp === grp || (pick !== null && pick.grp.openedAt <= r.grp.openedAt)) continue;
    if (grp.ciCount.has(r.ci) || !causeFiring(ctx, d, r.grp, r.ci) || !tookDependents(ctx, r.grp, r.ci) || !stillSpreadingFrom(ctx, r.grp, r.ci, a)) continue;
    pick = r;
  }
  return pick === null ? found : { grp: pick.grp, rule: pick.rule, evidence: pick.evidence, score: pick.score };
}

/** stillSpreadingFrom: another direct dependent of `root` started alerting in `grp` at most lateFanRootSpreadMs before alert `a`. */
function stillSpreadingFrom(ctx: EngineContext, grp: GroupState, root: string, a: AlertState): boolean {
  const { g, upOf, causalUpOf } = ctx;
  const from = a.onset - g.lateFanRootSpreadMs;
  // (onset first: only the recent CIs are walked)
  for (const [c, on] of grp.ciOnset) if (on >= from && on <= a.onset && c !== root && c !== a.ci?.id && (g.partOfIsCausal ? upOf(c) : causalUpOf(c)).some((u) => u.id === root && u.hops === 1)) return true;
  return false;
}

/** ageIndex (windowFrom 'first'): groups opened before the window can no longer be joined: drop them from the index */
function ageIndex(ctx: EngineContext, d: DomainState, t: number): void {
  const { g } = ctx;
  // groups opened before the window can no longer be joined: drop them from the index
  const q = d.ageQueue;
  while (d.ageHead < q.length && (q[d.ageHead] as { at: number }).at < t - g.windowMs) {
    const { id } = q[d.ageHead] as { id: string };
    d.ageHead++;
    const old = d.groups.get(id);
    if (old && t - old.openedAt > g.windowMs) {
      unpostAll(old);
      releaseJoinState(ctx, old);
    }
  }
  if (d.ageHead > 1024 && d.ageHead * 2 > q.length) {
    d.ageQueue = q.slice(d.ageHead);
    d.ageHead = 0;
  }
}

/** gatherCandidates: the groups the postings name for the alert (keys, mentions, topology, text, patterns, wholes, callees, suspects), in first-found order. */
function gatherCandidates(ctx: EngineContext, d: DomainState, L: Lookup): void {
  const { g, isHub } = ctx;
  const { a, t, tokens, cluster, myUp, myWholes, callees } = L;
  // candidates in first-found order; a group is one of this lookup's when its candAt is `lookup`, and
  // candStrong says a posting other than a text token holds it (see `lean` below): no map to dedupe them
  const cand = L.cand;
  const lookup = ++ctx.lookupSeq;
  const mark = (grp: GroupState, strong: boolean): void => {
    if (grp.candAt !== lookup) {
      grp.candAt = lookup;
      grp.candStrong = strong;
      cand.push(grp);
    } else if (strong) grp.candStrong = true;
  };
  let capped = false; // a key posting was too long to follow: its groups may still be candidates by text
  const addCands = (home: Map<string, Posting>, key: string, limit = Infinity, strong = true) => {
    const p = home.get(key);
    if (!p) return;
    if (p.size > limit) {
      if (strong) capped = true;
      return;
    }
    const gs = p.groups as GroupState[] | Set<GroupState>;
    if (Array.isArray(gs)) for (let i = 0; i < gs.length; i++) mark(gs[i] as GroupState, strong);
    else for (const grp of gs) mark(grp, strong);
  };
  // label values held by very many open groups are hubs (a shared namespace, a scrape host): no evidence
  const labels = a.ci && g.topologyFirst ? d.index.K : d.index.k; // a matched alert meets label evidence only in groups without CIs
  for (const k of a.keys) {
    if (k.charCodeAt(0) === 107) addCands(labels, k, MAX_POSTING);
    else addCands(d.index.k, k);
  }
  if (g.mentions) {
    // learned edges: groups holding the entity this alert names, and groups whose members name this alert's entity
    for (const k of a.keys) {
      if (isNameKey(k)) addCands(labels, ctx.counterpart(k), MAX_POSTING);
    }
  }
  if (a.ci && g.topology) {
    addCands(d.index.r, a.ci.id); // groups with a member downstream of this CI
    if (g.suspectedRootScore > 0) addCands(d.index.o, a.ci.id); // groups that already name this CI as their (silent) root
    for (const u of myUp) {
      addCands(g.siblingMaxHops > 0 && !isHub(u.id) ? d.index.r : d.index.m, u.id); // groups with a member upstream (or sharing a non-hub upstream)
      addCands(d.index.o, u.id); // groups whose root candidate (alerting or not) is upstream
    }
    if (g.topologyAnchor === 'root') for (const grp of d.groups.values()) mark(grp, true);
  }
  if (g.similarity && tokens.length > 0) {
    // a template at cosine >= threshold shares all but a few words: it shares one of the rarest few
    const home = a.ci && g.topologyFirst ? d.index.u : d.index.t;
    const need = Math.min(tokens.length, Math.floor(tokens.length * (1 - g.similarityThreshold)) + 1);
    for (const tok of rarestTokens(ctx, home, tokens, need)) addCands(home, tok, MAX_POSTING, false);
  }
  if (cluster >= 0 && ctx.patterns) for (const c of ctx.patterns.neighbours(cluster)) addCands(d.index.p, String(c));
  // parts of one composite alerting together (replicas of a Deployment): the whole is their common cause
  for (const w of myWholes) {
    addCands(d.index.w, w);
    if (g.partJoinsWholeScore > 0) addCands(d.index.m, w); // groups where the whole itself alerts
  }
  // composites the alert's CI calls (one hop, not hubs): groups where their parts fail
  for (const u of callees) addCands(d.index.w, u.id);
  // Several dependents of one CI starting to alert together point at that CI, even when it is silent
  // or a hub: their groups become candidates, joined through it (suspect-scan.ts).
  const suspects = suspectGroups(ctx, d, a, myUp, t, mark);
  L.capped = capped;
  L.suspects = suspects;
}

/**
 * scoreCandidate: the best evidence that alert L.a joins `grp` (L.loc; L.cause* for a join through an
 * alerting upstream member); false when the group is out of reach (window, apart, scope) or has none.
 */
function scoreCandidate(ctx: EngineContext, d: DomainState, L: Lookup, grp: GroupState): boolean {
  const { g } = ctx;
  const { a, t, capped } = L;
  // A group only a text token brought in (most candidates) shares none of the alert's keys, CIs, reach,
  // wholes or suspects: every such posting is written with the derived map the rule reads (addToDerived)
  // and dropped only with the group (unpostAll), so those rules cannot fire for it and are skipped
  // ("lean"). Not the label and mention keys when a posting of theirs was capped (the group may hold one),
  // nor the root-candidate rules (a group without CIs is ranked outside the o-index), nor learned patterns
  // (set mid-stream, older groups lack their postings). The same joins; performance only.
  const leanOk = L.cluster < 0;
  const lean = !grp.candStrong && leanOk;
  // a lean candidate outside the similarity window, whose root candidate is none the alert could be or
  // depend on, can get no evidence (most text candidates: the join window is far wider): no checks
  if (lean && !capped && (a.ci === null || grp.rootCause === null || grp.ciCount.has(grp.rootCause.ciId))
    && !(g.similarity && t - grp.lastOnset <= g.similarityWindowMs && !(g.topologyFirst && a.ci !== null && grp.ciCount.size > 0))
    && !(g.spreadingScore > 0 && a.ci === null && grp.ciCount.size === 0 && t - grp.lastOnset <= g.spreadingRecentMs)) return false;
  // without topology on either side, time is most of the evidence: a tighter window (noTopologyWindowMs)
  const noTopo = a.ci === null && grp.ciCount.size === 0;
  const age = t - (g.windowFrom === 'first' ? grp.openedAt : grp.lastOnset);
  if (age > (noTopo ? g.noTopologyWindowMs : g.windowMs)) {
    if (noTopo) spreadingLate(ctx, d, L, grp, age);
    return false;
  }
  if (apartGroup(ctx, d, grp)) return false;
  if (scopeApart(ctx, d, a, grp)) return false;
  L.loc.evidence = null;
  L.loc.score = -Infinity;
  L.causeScore = -1;
  L.causeOn = -Infinity;
  L.causeCi = '';
  L.causeHops = -1;
  const topoKnown = g.topologyFirst && a.ci !== null && grp.ciCount.size > 0;
  keyEvidence(ctx, d, L, grp, lean, topoKnown);
  topologyEvidence(ctx, d, L, grp, lean);
  textEvidence(ctx, L, grp, topoKnown);
  return L.loc.evidence !== null;
}

/** spreadingLate: past the join window, only the same symptom still spreading (spreading.ts) joins, and on that alone (L.spreadBest). */
function spreadingLate(ctx: EngineContext, d: DomainState, L: Lookup, grp: GroupState, age: number): void {
  const { g } = ctx;
  const { a, t, tokens } = L;
  // past it, only the same symptom still spreading (spreading.ts) joins, and on that alone
  if (g.spreadingScore <= 0 || !g.burstFromMember || apartGroup(ctx, d, grp) || scopeApart(ctx, d, a, grp)) return;
  let at: number | undefined;
  const firstN = Math.min(grp.members.length, g.spreadingFirstMembers);
  for (const [x, tt] of grp.templates) {
    if (firstN > 0 && !openedWith(grp, x, firstN, (fp) => d.alerts.get(fp)?.template)) return;
    const on = latestOf(grp.tplOnset, x);
    if (on !== undefined && (at === undefined || on > at) && (x === a.template || cosineSorted(tokens, tt) >= g.similarityThreshold)) at = on;
  }
  if (stillSpreading({ age, noTopologyWindowMs: g.noTopologyWindowMs, windowMs: g.windowMs, sameTemplateAt: at, t, recentMs: g.spreadingRecentMs })) {
    if (at !== undefined && (L.spreadBest === null || at > L.spreadAt || (at === L.spreadAt && grp.openedAt < L.spreadBest.grp.openedAt))) {
      L.spreadAt = at;
      L.spreadBest = { grp, rule: 'similarity', score: g.spreadingScore, evidence: { detail: `same symptom still spreading: "${a.template}" (or a look-alike) started ${Math.round((t - (at ?? t)) / 1000)} s before in the group`.slice(0, 200) } };
    }
  }
}

/** keyEvidence: 1. shared entity keys and 1b. mentions (learned edges without topology). */
function keyEvidence(ctx: EngineContext, d: DomainState, L: Lookup, grp: GroupState, lean: boolean, topoKnown: boolean): void {
  const { g, keyRule } = ctx;
  const { a, t, capped, mentionKeys } = L;
  // 1. shared entity keys: same CI, same business service, same host/workload/service/namespace label
  // with topology on both sides, topology decides: labels and text only stand in for a missing CMDB
  if (!lean || capped) for (let ki = 0; ki < a.keys.length; ki++) {
    const k = a.keys[ki] as string;
    // names (kn:/km:) never join as keys: the host/service keys already join the same entity; mentions below
    if (isNameKey(k)) continue;
    if (topoKnown && k.charCodeAt(0) === 107 /* k: label key */) continue;
    if (!grp.keyCount.has(k)) continue;
    if (k.startsWith('kf:') && t - (g.burstFromMember ? (latestOf(grp.recent, k) ?? 0) : grp.lastOnset) > g.similarityWindowMs) continue; // name families: weak, so only for a burst
    const kr = keyRule(k);
    if (!beats(L, kr.score)) continue; // take(L, ) would keep the current best: skip building the evidence
    // a value many other entities carry lately is weak evidence (a busy namespace, a scrape job's name)
    const w = g.keySpreadHub > 0 && spreadKey(ctx, k) ? spreadWeight(spreadOf(d.spread, k, entityOf(ctx, a), t, g.keySpreadWindowMs, g.keySpreadBurstMs), g.keySpreadRare, g.keySpreadHub) : 1;
    const sc = kr.score * w;
    if (sc < g.minScore) continue;
    // the CI's own alerts in the group are one more failing cause of this alert, started at their onset (recentCauseFirst)
    if (g.sameCiIsCause && kr.name === 'ci' && a.ci !== null) causeAt(L, grp, a.ci.id, sc, 0);
    if (!beats(L, sc)) continue;
    take(L, kr.rule, { detail: `same ${kr.name}: ${k.slice(k.indexOf(':') + 1)}${w < 1 ? ` (carried by ${spreadOf(d.spread, k, entityOf(ctx, a), t, g.keySpreadWindowMs, g.keySpreadBurstMs)} other entities lately)` : ''}`, score: Math.round(sc * 1000) / 1000 }, sc);
  }
  // 1b. learned edges without topology: the alert's text names an entity of the group, a member's text
  // names this alert's entity, or both name the same entity (two callers of one failing dependency)
  if (mentionKeys && !topoKnown && (!lean || capped) && t - grp.lastOnset <= g.mentionWindowMs) {
    for (let ki = 0; ki < a.keys.length; ki++) {
      const k = a.keys[ki] as string;
      if (!isNameKey(k)) continue;
      if (k.startsWith('km:')) {
        if (grp.keyCount.has(ctx.counterpart(k))) { if (beats(L, g.mentionScore)) take(L, 'topology', { hops: 1, detail: `learned from text: ${entityOf(ctx, a)} names ${k.slice(3)}, which is in the group` }, g.mentionScore); }
        else if (grp.keyCount.has(k) && beats(L, g.coMentionScore)) take(L, 'topology', { hops: 2, detail: `learned from text: ${entityOf(ctx, a)} and a member both name ${k.slice(3)}` }, g.coMentionScore);
      } else if (beats(L, g.mentionScore) && grp.keyCount.has(ctx.counterpart(k))) {
        take(L, 'topology', { hops: 1, detail: `learned from text: a member names ${k.slice(3)} (this alert's entity)` }, g.mentionScore);
      }
    }
  }
}

/** topologyEvidence: 2. a dependency chain within maxHops or a shared non-hub upstream, a suspected root, a composite's parts, suspects. */
function topologyEvidence(ctx: EngineContext, d: DomainState, L: Lookup, grp: GroupState, lean: boolean): void {
  const { g, causal, cmdb, fullUpOf, isHub } = ctx;
  const { a, t, myUp, myWholes, callees } = L;
  // 2. topology: a directed dependency chain within maxHops, or a shared non-hub upstream
  if (lean) {
    // (no member on, below or above a CI of the alert's, else a posting would hold the group)
  } else if (a.ci && g.topology && g.topologyAnchor === 'root') {
    const r = grp.rootCause?.ciId;
    if (r !== undefined && r !== a.ci.id && cmdb.get(r)) {
      const down = causeActive(ctx, d, grp, r, t) ? myUp.find((u) => u.id === r) : undefined;
      if (down && beats(L, 0.95 - 0.05 * (down.hops - 1))) take(L, 'topology', { hops: down.hops, path: [a.ci.id, r], detail: `${a.ci.id} depends on root candidate ${r}` }, 0.95 - 0.05 * (down.hops - 1));
      const upH = fullUpOf(r).get(a.ci.id);
      if (upH !== undefined && upH <= g.upstreamMaxHops && lateCauseOk(ctx, grp.ciOnset.get(r), t) && beats(L, 0.95 - 0.05 * (upH - 1))) take(L, 'topology', { hops: upH, path: [r, a.ci.id], detail: `root candidate ${r} depends on ${a.ci.id}` }, 0.95 - 0.05 * (upH - 1));
      if (g.siblingMaxHops >= 2) {
        const rUp = fullUpOf(r);
        for (const u of myUp) {
          const h2 = rUp.get(u.id);
          if (h2 === undefined || u.hops + h2 > g.siblingMaxHops || isHub(u.id) || !beats(L, 0.8 - 0.05 * (u.hops + h2 - 2))) continue;
          take(L, 'topology', { hops: u.hops + h2, path: [a.ci.id, u.id, r], detail: `${a.ci.id} and root candidate ${r} share ${u.id}` }, 0.8 - 0.05 * (u.hops + h2 - 2));
        }
      }
    }
  } else if (a.ci && g.topology && grp.reach.size > 0) {
    reachEvidence(ctx, d, L, grp, a.ci.id);
  }
  const root = grp.rootCause?.ciId;
  if (g.silentRootFollowsCause && a.ci && root === a.ci.id && !grp.ciCount.has(root) && grp.firing > 0 && (ctx.silentHome === null || grp.openedAt < ctx.silentHome.openedAt)) ctx.silentHome = grp;
  // the CI the group already names as its root (no alert on it so far) now alerts: the group's home
  if (a.ci && g.topology && g.suspectedRootScore > 0 && root === a.ci.id && !grp.ciCount.has(root) && (g.suspectedRootLateMs < 0 ? lateCauseOk(ctx, grp.openedAt, t) : t - grp.openedAt <= g.suspectedRootLateMs) && beats(L, g.suspectedRootScore)) take(L, 'topology', { hops: 0, path: [a.ci.id], detail: `${a.ci.id} is the group's suspected root (no alert on it until now)` }, g.suspectedRootScore);
  if (a.ci && g.topology && root !== undefined && root !== a.ci.id && !grp.ciCount.has(root) && (g.causeGraceMs < 0 || grp.firing > 0)) {
    const up = myUp.find((u) => u.id === root);
    if (up && beats(L, 0.9 - 0.05 * (up.hops - 1))) take(L, 'topology', { hops: up.hops, path: [a.ci.id, root], detail: `${a.ci.id} depends on the group's suspected root ${root}` }, 0.9 - 0.05 * (up.hops - 1));
  }
  if (!lean) for (const w of myWholes) {
    // the whole alerts in the group as its root candidate (a service's 5xx, nothing else in the group
    // explaining it) and this is one of its parts (its pod's disk): the group's walks never enter parts (a
    // pod's node must not join its workload's group), so this is said here
    if (g.partJoinsWholeScore > 0 && a.ci && grp.rootCause?.ciId === w && grp.ciCount.has(w) && lateCauseOk(ctx, grp.ciOnset.get(w), t) && beats(L, g.partJoinsWholeScore)) take(L, 'topology', { hops: 1, path: [w, a.ci.id], detail: `${w} alerts in the group and ${a.ci.id} is one of its parts` }, g.partJoinsWholeScore);
    // only a group about that whole (its root candidate is the whole or one of its parts), not one a part merely joined
    const rc = grp.rootCause?.ciId;
    if (g.partSiblingScore > 0 && beats(L, g.partSiblingScore) && holds(d.index.w, w, grp) && rc !== undefined && (rc === w || causal?.wholesOf(rc).includes(w))) take(L, 'topology', { hops: 2, path: [a.ci?.id ?? '', w], detail: `${a.ci?.id ?? ''} and another part of ${w} alert: ${w} suspected` }, g.partSiblingScore);
  }
  if (!lean) for (const u of callees) {
    if (!holds(d.index.w, u.id, grp)) continue;
    const c = calleePartsIn(ctx, d, grp, u.id, t);
    if (c) {
      if (beats(L, g.calleePartsScore)) take(L, 'topology', { hops: 2, path: [a.ci?.id ?? '', u.id, c.part], detail: `${a.ci?.id ?? ''} depends on ${u.id}, ${c.n} of whose ${c.of} parts fail in the group` }, g.calleePartsScore);
      causeAt(L, grp, c.part, g.calleePartsScore, 2);
    }
  }
  const sus = L.suspects?.get(grp.id);
  if (sus && a.ci && beats(L, 0.75)) take(L, 'topology', { hops: 2, path: [a.ci.id, sus.u, sus.sibling], detail: `${a.ci.id} and ${sus.sibling} both need ${sus.u}, whose dependents are alerting together: ${sus.u} suspected` }, 0.75);
}

/**
 * reachEvidence: topology through the group's reach (CI `ci` of the alert upstream of a member, or
 * depending on one directly or through a shared non-hub CI); notes a join through an alerting member as a
 * cause (L.cause*, ctx.causeOfMe) and a late effect of the group's root (ctx.lateRootOf).
 */
function reachEvidence(ctx: EngineContext, d: DomainState, L: Lookup, grp: GroupState, ci: string): void {
  const { g, causal, topo, isHub } = ctx;
  const { a, t, myUp } = L;
  const self = grp.reach.get(ci);
  if (self && self.d > 0 && self.d <= g.upstreamMaxHops && lateCauseOk(ctx, grp.ciOnset.get(self.ci), t) && !rivalCause(ctx, grp, self.ci, ci)) {
    // a composite (a Deployment) has many causes, each part and each dependency: an alert upstream of
    // such a member (or of one part of such a root) that does not explain the group's root candidate is
    // weaker evidence than a late root explaining it
    const rc = grp.rootCause?.ciId;
    const weak = causal !== null && g.lateRootOfMemberScore > 0 && rc !== undefined && rc !== self.ci
      && (causal.partCount(self.ci) > 0 || causal.partCount(rc) > 0) && explainHops(ctx, rc, ci) === undefined;
    const score = weak ? g.lateRootOfMemberScore : 0.95 - 0.05 * (self.d - 1);
    if (beats(L, score)) take(L, 'topology', { hops: self.d, path: [self.ci, ci], detail: `${self.ci} depends on ${ci}` }, score);
  }
  for (let ui = 0; ui < myUp.length; ui++) {
    const u = myUp[ui] as Hop;
    const r = grp.reach.get(u.id);
    if (!r) continue;
    const hops = u.hops + r.d;
    if (hops > g.maxHops || !causeActive(ctx, d, grp, r.ci, t)) continue;
    if (!effectLagOk(ctx, grp.ciOnset.get(r.ci), a.onset)) {
      // too late for an effect of any member, but a direct dependent of the group's alerting root that nothing
      // depends on (a victim, not the root of a new failure with effects of its own): kept as a fallback
      if (g.lateRootEffectMs >= 0 && hops === 1 && r.d === 0 && grp.rootCause?.ciId === r.ci && a.onset - (grp.ciOnset.get(r.ci) ?? a.onset) <= g.lateRootEffectMs
        && !weakHub(ctx, d, grp, r.ci, a)) {
        const evidence = { hops, path: [ci, r.ci], detail: `${ci} depends on ${r.ci}, the group's root candidate (a late effect)` };
        // (the dependents check reads the group's CIs: done in preferCause only when another group's cause competes)
        if (g.fanRootFirst && g.lateFanRootSpreadMs >= 0) ctx.lateRoots.push({ grp, rule: 'topology', evidence, score: 0.95, ci: r.ci });
        if (topo.downstreamOf(ci).length === 0 && tookDependents(ctx, grp, r.ci) && (ctx.lateRootOf === null || grp.openedAt < ctx.lateRootOf.grp.openedAt)) {
          ctx.lateRootOf = { grp, rule: 'topology', evidence, score: 0.95 };
        }
      }
      continue;
    }
    if (r.d === 0) {
      if (weakHub(ctx, d, grp, r.ci, a)) continue;
      const sc = 0.95 - 0.05 * (hops - 1);
      if (beats(L, sc)) take(L, 'topology', { hops, path: [ci, r.ci], detail: `${ci} depends on ${r.ci}` }, sc);
      causeAt(L, grp, r.ci, sc, hops);
      if (g.silentRootFollowsCause && viaOwnPart(ctx, ci, r.ci) && (ctx.causeOfMe === null || sc > ctx.causeOfMe.score || (sc === ctx.causeOfMe.score && grp.openedAt < ctx.causeOfMe.grp.openedAt))) {
        ctx.causeOfMe = { grp, rule: 'topology', evidence: { hops, path: [ci, r.ci], detail: `${ci} depends on ${r.ci}` }, score: sc };
      }
    } else if (g.siblingMaxHops >= hops && !isHub(u.id)) {
      if (beats(L, 0.8 - 0.05 * (hops - 2))) take(L, 'topology', { hops, path: [ci, u.id, r.ci], detail: `${ci} and ${r.ci} share ${u.id}` }, 0.8 - 0.05 * (hops - 2));
    }
  }
}

/** textEvidence: 3. similar masked templates and 4. learned co-occurrence patterns. */
function textEvidence(ctx: EngineContext, L: Lookup, grp: GroupState, topoKnown: boolean): void {
  const { g, config } = ctx;
  const { a, t, tokens, cluster } = L;
  // 3. text similarity of masked templates (tighter window)
  // (a similarity join scores at most 0.55 + 0.3: no need to compare texts when the candidate already has better)
  if (g.similarity && !topoKnown && t - grp.lastOnset <= g.similarityWindowMs && tokens.length > 0 && beats(L, 0.851)) {
    const m = bestTemplate(ctx, grp, a, tokens, t);
    if (m.score > 0 && beats(L, m.score) && !(g.similarityRespectsTopology && topologyConflict(ctx, a, grp)) && !(g.mentionsVetoSimilarity && mentionConflict(ctx, a, grp))) {
      take(L, 'similarity', { score: Math.round(m.sim * 1000) / 1000, detail: `similar to "${m.tpl}"`.slice(0, 200) }, m.score);
    }
  }
  // 4. learned patterns: template clusters that co-occurred in past groups
  if (cluster >= 0 && ctx.patterns && beats(L, config.learning.score)) {
    const pm = ctx.patterns.model;
    for (const tpl of grp.templates.keys()) {
      const c = ctx.patterns.clusterOf(tpl);
      const n = ctx.patterns.linked(cluster, c);
      if (n === 0) continue;
      // a co-occurrence pattern holds only when the partner started as close to this alert as it did in the past
      if (pm.windowMs !== undefined && Math.abs(a.onset - (latestOf(grp.tplOnset, tpl) ?? grp.lastOnset)) > pm.windowMs) continue;
      if (!(g.similarityRespectsTopology && topologyConflict(ctx, a, grp)) && !(g.mentionsVetoSimilarity && mentionConflict(ctx, a, grp))) {
        const pid = `${pm.id}#${Math.min(cluster, c)}-${Math.max(cluster, c)}`;
        const detail = pm.learner === 'cooccurrence'
          ? `pattern ${pid} trained at ${new Date(pm.trainedAt).toISOString()}: "${tpl}" started within ${Math.round(pm.windowMs ?? 0) / 60_000} min of this template on ${n} past occasions (lift ${ctx.patterns.lift(cluster, c)})`
          : `pattern trained at ${pm.trainedAt}: clusters ${cluster} and ${c} co-occurred in ${n} groups`;
        take(L, 'pattern', { patternId: pid, score: n, detail: detail.slice(0, 300) }, config.learning.score);
        break;
      }
    }
  }
}

/**
 * rarestTokens: the `need` tokens `home` (t or u postings) holds the fewest open groups under, ties by
 * token: a similar template shares one of them (findGroup's candidates by text).
 */
function rarestTokens(ctx: EngineContext, home: Map<string, Posting>, tokens: readonly string[], need: number): string[] {
  // the `need` first in (posting size, token) order, kept by insertion: no sort of a copy on every lookup
  const out: string[] = [];
  const size: number[] = [];
  if (need <= 0) return out;
  for (const tok of tokens) {
    const n = postingSize(home, tok);
    let i = out.length;
    if (i === need) {
      const m = size[i - 1] as number;
      if (n > m || (n === m && tok >= (out[i - 1] as string))) continue;
      i--;
    } else {
      out.push(tok);
      size.push(n);
    }
    for (; i > 0; i--) {
      const m = size[i - 1] as number;
      if (n > m || (n === m && tok >= (out[i - 1] as string))) break;
      out[i] = out[i - 1] as string;
      size[i] = m;
    }
    out[i] = tok;
    size[i] = n;
  }
  return out;
}

/**
 * burstJoin: an alert without a CI and without other evidence that starts within an onset burst joins
 * the group (without CIs) holding most of the burst's alerts: timing is the evidence every alert carries.
 */
function burstJoin(ctx: EngineContext, d: DomainState, a: AlertState, t: number, consider: (grp: GroupState, rule: JoinRule, evidence: JoinEvidence, score: number) => void): void {
  const { g } = ctx;
  const fps = burstAt(d.onsets, t, g.burstWindowMs, g.burstBackgroundMs, g.burstMinOnsets, g.burstFactor);
  if (fps === null) return;
  const per = new Map<GroupState, number>();
  for (const fp of fps) {
    const x = fp === a.fp ? undefined : d.alerts.get(fp);
    const grp = x?.groupId ? d.groups.get(x.groupId) : undefined;
    // only groups without CIs, within the join window other evidence has (noTopologyWindowMs)
    if (grp && grp.ciCount.size === 0 && !scopeApart(ctx, d, a, grp) && t - (g.windowFrom === 'first' ? grp.openedAt : grp.lastOnset) <= g.noTopologyWindowMs) per.set(grp, (per.get(grp) ?? 0) + 1);
  }
  let pick: GroupState | null = null;
  let n = 1; // a group holding one of the burst's alerts is not where the burst went
  for (const [grp, c] of per) if (c > n || (c === n && pick !== null && (grp.openedAt < pick.openedAt || (grp.openedAt === pick.openedAt && grp.id < pick.id)))) { pick = grp; n = c; }
  if (pick) consider(pick, 'burst', { detail: `onset burst: ${fps.length} alerts started within ${Math.round(g.burstWindowMs / 1000)} s, ${n} of them in the group` }, g.burstScore);
}

/** samePollScan: at most this many onsets around the alert's are compared (a poll finding thousands dead stays linear). */
const SAME_POLL_SCAN = 64;

/**
 * samePollJoin: an alert without a CI joins, or links (merged in join.ts), the groups (without CIs) of
 * alerts of the same check that started within samePollMs of it: one poll cycle's detections of one event
 * (same-poll.ts), however differently their subjects' names mask.
 */
function samePollJoin(ctx: EngineContext, d: DomainState, a: AlertState, t: number, consider: (grp: GroupState, rule: JoinRule, evidence: JoinEvidence, score: number) => void): void {
  const { g } = ctx;
  const at = d.onsets.at;
  let lo = 0;
  let hi = at.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((at[mid] as number) < a.onset - g.samePollMs) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo, n = 0; i < at.length && (at[i] as number) <= a.onset + g.samePollMs && n < SAME_POLL_SCAN; i++, n++) {
    const fp = d.onsets.fp[i] as string;
    if (fp === a.fp) continue;
    const x = d.alerts.get(fp);
    const grp = x?.groupId ? d.groups.get(x.groupId) : undefined;
    // only a group this poll opened: an older group that took one of its alerts holds more than the detection
    if (!x || !grp || grp.ciCount.size > 0 || Math.abs(grp.openedAt - a.onset) > g.samePollMs || scopeApart(ctx, d, a, grp)) continue;
    if (!sameCheck(a, x)) continue;
    const detail = `same poll: ${x.title.slice(0, 80)} started ${Math.abs(x.onset - a.onset)} ms apart, the same check`;
    consider(grp, 'burst', { detail }, g.burstScore);
    // the group other evidence picks takes this one too (join.ts linkHolds): one detection, one group
    const had = ctx.linked.get(grp);
    (ctx.linked = ctx.linked === ctx.NO_LINKS ? new Map() : ctx.linked).set(grp, had ? { ...had, samePoll: true } : { why: `burst: ${detail}`, score: g.burstScore, rule: 'burst', samePoll: true });
  }
}
