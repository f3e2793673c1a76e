/**
 * A group's derived state (what joins and root-cause ranking read: key counts, reach, templates, CIs,
 * entities, the candidate postings), kept in step with its members, and its ranking (rankNow, rerank).
 */
import { weakLeader } from './cause-checks.js';
import { type EngineContext, entityOf, tokensOf } from './engine-context.js';
import { latestOf, setLatest } from './latest.js';
import { own, ownSet } from './lazy.js';
import { normEntity as normHost } from './mentions.js';
import { post, unpost, unpostAll } from './postings.js';
import { RELEASED } from './released.js';
import { type AlertState, type DomainState, type GroupState, emptyDerived } from './state.js';

const MAX_TEMPLATES_COMPARED = 24;

// ---- group derived state ----
/** the root-candidate postings (o: its root, O: what its root strictly needs) of a group whose root is `root` */
export function postRoot(ctx: EngineContext, d: DomainState, grp: GroupState, root: string): void {
  const { g, strictUpOf } = ctx;
  post(grp, d.index.o, root);
  if (g.mergeRootChains) for (const u of strictUpOf(root)) post(grp, d.index.O, u.id);
}

export function addToDerived(ctx: EngineContext, d: DomainState, grp: GroupState, a: AlertState): void {
  const { g, config, sortedCis, causal, upOf, fullUpOf } = ctx;
  const ciLess = grp.ciCount.size === 0 && !a.ci;
  for (const k of a.keys) {
    (grp.keyCount = own(grp.keyCount)).set(k, (grp.keyCount.get(k) ?? 0) + 1);
    post(grp, d.index.k, k);
    if (ciLess && k.charCodeAt(0) === 107) post(grp, d.index.K, k); // label keys of groups without CIs
    if (g.burstFromMember && k.startsWith('kf:') && a.onset > (latestOf(grp.recent, k) ?? -1)) grp.recent = setLatest(grp.recent, k, a.onset);
  }
  if (g.burstFromMember && a.onset > (latestOf(grp.tplOnset, a.template) ?? -1)) grp.tplOnset = setLatest(grp.tplOnset, a.template, a.onset);
  if (config.inhibition.sourceSeverities.includes(a.sev)) (grp.sources = ownSet(grp.sources)).add(a.fp);
  if (a.status === 'firing') grp.firing++;
  else if ((a.resolvedAt ?? 0) > grp.lastResolved) grp.lastResolved = a.resolvedAt ?? 0;
  const tokens = tokensOf(ctx, a.template);
  if (!grp.templates.has(a.template) && grp.templates.size < MAX_TEMPLATES_COMPARED) {
    (grp.templates = own(grp.templates)).set(a.template, tokens);
    // t: every group; u: groups without CMDB CIs (the only ones text can join a matched alert to)
    const noCi = grp.ciCount.size === 0 && !a.ci;
    for (const tok of tokens) {
      post(grp, d.index.t, tok);
      if (noCi) post(grp, d.index.u, tok);
    }
    if (ctx.patterns) post(grp, d.index.p, String(ctx.patterns.clusterOf(a.template)));
  }
  for (const u of a.named) {
    const x = grp.namedCis.get(u);
    if (x) {
      x.n++;
      if (a.onset < x.onset) x.onset = a.onset;
    } else (grp.namedCis = own(grp.namedCis)).set(u, { n: 1, onset: a.onset });
  }
  const ent = entityOf(ctx, a);
  for (const k of a.keys) {
    if (!k.startsWith('km:')) continue;
    let set = grp.named.get(ent);
    if (!set) (grp.named = own(grp.named)).set(ent, (set = new Set()));
    set.add(k.slice(3));
  }
  const e = grp.entities.get(ent);
  if (e) {
    e.n++;
    if (a.onset < e.onset) e.onset = a.onset;
  } else (grp.entities = own(grp.entities)).set(ent, a.ci ? { n: 1, onset: a.onset } : { n: 1, onset: a.onset, display: displayName(ctx, a, ent) });
  if (!a.ci && g.rootByCover) {
    // every own name the alert carries (its service and the host it runs on): the common denominator of the members may be either
    for (const k of a.keys) {
      if (!k.startsWith('kn:')) continue;
      const name = k.slice(3);
      const x = grp.names.get(name);
      if (x) {
        x.n++;
        if (a.onset < x.onset) x.onset = a.onset;
      } else {
        const raw = hostLabelValue(ctx, a, name); // a host label names it: a host, shown as its sender spells it
        (grp.names = own(grp.names)).set(name, { n: 1, onset: a.onset, display: raw === undefined ? name : hostDisplay(ctx, raw, name), host: raw !== undefined });
      }
    }
  }
  if (a.ci) {
    const ci = a.ci.id;
    const n = grp.ciCount.get(ci) ?? 0;
    if (n === 0) sortedCis.delete(grp.ciCount);
    (grp.ciCount = own(grp.ciCount)).set(ci, n + 1);
    const on = grp.ciOnset.get(ci);
    if (on === undefined || a.onset < on) (grp.ciOnset = own(grp.ciOnset)).set(ci, a.onset);
    if (n === 0) {
      const r0 = grp.reach.get(ci);
      if (!r0 || r0.d > 0) (grp.reach = own(grp.reach)).set(ci, { d: 0, ci });
      post(grp, d.index.m, ci);
      post(grp, d.index.r, ci);
      if (causal && (g.partSiblingScore > 0 || g.calleePartsScore > 0)) for (const w of causal.wholesOf(ci)) post(grp, d.index.w, w); // groups holding a part of w
      for (const u of upOf(ci)) {
        const r = grp.reach.get(u.id);
        if (!r || u.hops < r.d) (grp.reach = own(grp.reach)).set(u.id, { d: u.hops, ci });
        post(grp, d.index.r, u.id);
      }
      // upCount (for root-cause ranking) is only needed once a second CI joins: most groups stay singletons
      if (grp.ciCount.size === 2) {
        grp.upCount = own(grp.upCount);
        for (const other of grp.ciCount.keys()) for (const u of fullUpOf(other).keys()) grp.upCount.set(u, (grp.upCount.get(u) ?? 0) + 1);
      } else if (grp.ciCount.size > 2) {
        grp.upCount = own(grp.upCount);
        for (const u of fullUpOf(ci).keys()) grp.upCount.set(u, (grp.upCount.get(u) ?? 0) + 1);
      }
    }
  }
}

/**
 * releaseJoinState drops what only joins and root-cause ranking read once a group is past its join
 * window (windowFrom 'first'): it is never a candidate or merged again, and it is ranked only on a join
 * or, without CIs, at the next flush (rankDirty; then its entities stay). Memory only; restore rebuilds them.
 */
export function releaseJoinState(ctx: EngineContext, grp: GroupState): void {
  grp.keyCount = RELEASED;
  grp.reach = RELEASED;
  grp.templates = RELEASED;
  grp.ciOnset = RELEASED;
  grp.upCount = RELEASED;
  if (!grp.rankDirty) {
    grp.entities = RELEASED;
    grp.names = RELEASED;
  }
}

/**
 * displayName: a host entity as its sender names it (lower case, no port or scheme), domain kept:
 * "ip-10-0-0-7.eu-west-1.compute.internal", not the "ip-10-0-0-7" used to match senders, so that a
 * root cause named without a CMDB can be looked up in one.
 */
function displayName(ctx: EngineContext, a: AlertState, ent: string): string {
  const raw = hostLabelValue(ctx, a, ent);
  return raw === undefined ? ent : hostDisplay(ctx, raw, ent);
}

function hostDisplay(ctx: EngineContext, raw: string, ent: string): string {
  const v = raw.trim().toLowerCase().replace(/^[a-z]+:\/\//, '').replace(/[/?#].*$/, '').replace(/:\d+$/, '');
  return v === '' ? ent : v;
}

/** hostLabelValue: the raw value of the alert's first host-normalised label key that names `ent`. */
function hostLabelValue(ctx: EngineContext, a: AlertState, ent: string): string | undefined {
  const { g } = ctx;
  const r = a.resource as Record<string, string | undefined>;
  for (const spec of g.labelKeys) {
    if (spec.normalize !== 'host') continue;
    for (const name of spec.labels) {
      const raw = a.labels[name] ?? r[name];
      if (raw !== undefined && raw !== '' && normHost(raw) === ent) return raw;
    }
  }
  return undefined;
}

/** rebuildDerived: a group's derived state from its members' alerts as they are now (restore). */
export function rebuildDerived(ctx: EngineContext, d: DomainState, grp: GroupState): void {
  unpostAll(grp);
  Object.assign(grp, emptyDerived());
  for (const m of grp.members) {
    const a = d.alerts.get(m.fp);
    if (a) addToDerived(ctx, d, grp, a);
  }
}

/**
 * reviveJoinState: a group past its join window that a late effect joins after all (scheduled-work.ts)
 * gets its released join indexes back, and its root posting; what it has emitted (member views) stays.
 */
export function reviveJoinState(ctx: EngineContext, d: DomainState, grp: GroupState): void {
  const { views, memberServices, rankDirty } = grp;
  rebuildDerived(ctx, d, grp);
  grp.views = views;
  grp.memberServices = memberServices;
  grp.rankDirty = rankDirty;
  if (grp.rootCause) postRoot(ctx, d, grp, grp.rootCause.ciId);
}

/** rankNow ranks a group's root-cause candidates and notes it for the rank budget (rank-budget.ts). */
export function rankNow(ctx: EngineContext, d: DomainState, grp: GroupState): void {
  const { rankRootCause, g, rankBudget } = ctx;
  rankRootCause(grp, g.rootYieldsToSpecific > 0 ? weakLeader(ctx, d, grp) : undefined);
  rankBudget.ranked(grp);
  grp.rankDirty = false;
}

/** rerank ranks a group with CIs and keeps the root-candidate index (o: its root, O: what its root needs) in step; returns the previous root. */
export function rerank(ctx: EngineContext, d: DomainState, grp: GroupState): string | undefined {
  const { unranked, g, strictUpOf } = ctx;
  const before = grp.rootCause?.ciId;
  rankNow(ctx, d, grp);
  unranked.delete(grp);
  const after = grp.rootCause?.ciId;
  if (after !== before) {
    if (before !== undefined) {
      unpost(grp, d.index.o, before);
      if (g.mergeRootChains) for (const u of strictUpOf(before)) unpost(grp, d.index.O, u.id);
    }
    if (after !== undefined) postRoot(ctx, d, grp, after);
  }
  return before;
}
