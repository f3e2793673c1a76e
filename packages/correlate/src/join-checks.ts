/**
 * Checks on a candidate group that are not causal: groups that stand apart (chronic or flapping alerts),
 * different places (scope labels), conflicting mentions or topology, and the best template match.
 */
import { isChronic, standsApart } from './chronic.js';
import type { EngineContext } from './engine-context.js';
import { latestOf } from './latest.js';
import { scopeConflict, scopeOf } from './scope.js';
import type { AlertState, DomainState, GroupState, Member } from './state.js';
import { cosineSorted } from './template.js';

/** chronic and flapping alerts stand apart in groups this small only: their own, not a failure's (and no scan of big groups). */
const APART_GROUP_MAX = 4;

/**
 * explainHops: how far upstream of a group's root candidate `ci` is, for merging groups it explains.
 * One part does not explain a whole whose other parts fail elsewhere, so the walk does not go from a
 * whole into its parts.
 */
/** chronic: the alert's last groups closed with it alone (grouping.chronicAloneRuns). */
export function chronic(ctx: EngineContext, d: DomainState, fp: string): boolean {
  const { g } = ctx;
  return isChronic(d.aloneRuns.get(fp) ?? 0, g.chronicAloneRuns);
}

/** apartGroup: a small group of chronic (chronicAloneRuns) or flapping (flappingApart) alerts only: neither joined nor merged. */
export function apartGroup(ctx: EngineContext, d: DomainState, grp: GroupState): boolean {
  const { g } = ctx;
  if ((g.chronicAloneRuns === 0 && !g.flappingApart) || grp.members.length > APART_GROUP_MAX) return false;
  // most groups: their first member is neither (every candidate of every lookup comes here: no closure for those)
  const first = grp.members[0];
  if (first === undefined || !memberApart(ctx, d, first.fp)) return false;
  return standsApart(grp.members, (fp) => memberApart(ctx, d, fp), APART_GROUP_MAX);
}

/** memberApart: the alert stands apart (flapping with flappingApart, or chronic). */
function memberApart(ctx: EngineContext, d: DomainState, fp: string): boolean {
  // d.flapping holds every flapping alert (and some that settled): most members are in neither it nor aloneRuns
  return (ctx.g.flappingApart && d.flapping.has(fp) && d.alerts.get(fp)?.flapping === true) || chronic(ctx, d, fp);
}

/**
 * createCorrelationEngine builds the pure correlation stage: dedup and alert state, flapping,
 * silences, maintenance, inhibition, grouping with explained joins, and root-cause ranking. All time
 * is event time; the same events in the same per-domain order give the same outputs (ids included).
 */
/** scopeApart reads a group's place from at most this many of its first members. */
const SCOPE_LOOK = 8;

/**
 * scopeApart: without CIs on either side, the alert and the group's first member that carries a scope
 * label (region, site, cluster, …: grouping.scopeLabels) carry it with different values: different places.
 */
export function scopeApart(ctx: EngineContext, d: DomainState, a: AlertState, grp: GroupState): boolean {
  const { scopeLabels } = ctx;
  if (scopeLabels.size === 0 || a.ci !== null || grp.ciCount.size > 0) return false;
  const mine = scopeFor(ctx, a.labels);
  if (mine === null) return false;
  // the group is where its first members that say where they are come from (a bounded look: performance)
  const n = Math.min(grp.members.length, SCOPE_LOOK);
  for (let i = 0; i < n; i++) {
    const x = d.alerts.get((grp.members[i] as Member).fp);
    if (x === undefined || x === a) continue;
    const theirs = scopeFor(ctx, x.labels);
    if (theirs !== null) return scopeConflict(mine, theirs);
  }
  return false;
}

/** scopeFor: scopeOf, once per labels object (an alert is compared with many candidate groups). */
function scopeFor(ctx: EngineContext, labels: AlertState['labels']): Map<string, string> | null {
  const { scopeCache, scopeLabels } = ctx;
  let s = scopeCache.get(labels);
  if (s === undefined) scopeCache.set(labels, (s = scopeOf(labels, scopeLabels)));
  return s;
}

/**
 * mentionConflict: the alert names dependencies, the group's members name others, and neither names an
 * entity of the other: "Upstream claims-db timeout" and "Upstream orders-db timeout" read alike but
 * point at two different failures.
 */
export function mentionConflict(ctx: EngineContext, a: AlertState, grp: GroupState): boolean {
  const { g } = ctx;
  if (!g.mentions) return false;
  let mine = 0;
  for (const k of a.keys) {
    if (!k.startsWith('km:')) continue;
    mine++;
    if (grp.keyCount.has(k) || grp.keyCount.has(ctx.counterpart(k))) return false;
  }
  if (mine === 0) return false;
  for (const k of grp.keyCount.keys()) if (k.startsWith('km:')) {
    if (a.keys.includes(ctx.counterpart(k))) return false;
    return true; // (checked all of the alert's mentions above: none is shared)
  }
  return false;
}

/** topologyConflict: both sides are in the CMDB but not related within 2×maxHops (hubs included). */
export function topologyConflict(ctx: EngineContext, a: AlertState, grp: GroupState): boolean {
  const { fullUpOf, g } = ctx;
  if (!a.ci || grp.ciCount.size === 0) return false;
  const mine = fullUpOf(a.ci.id);
  const limit = 2 * g.maxHops;
  for (const ci of grp.ciCount.keys()) {
    if (ci === a.ci.id || mine.has(ci)) return false;
    const theirs = fullUpOf(ci);
    if (theirs.has(a.ci.id)) return false;
    for (const u of mine.keys()) {
      const h = mine.get(u) as number;
      const h2 = theirs.get(u);
      if (h2 !== undefined && h + h2 <= limit) return false;
    }
  }
  return true;
}

/**
 * bestTemplate: the group's template most similar to the alert's among members of the current burst
 * (burstFromMember), and the join score it gives (0 below similarityThreshold).
 */
export function bestTemplate(ctx: EngineContext, grp: GroupState, a: AlertState, tokens: readonly string[], t: number): { sim: number; tpl: string; score: number } {
  const { g } = ctx;
  let sim = 0;
  let tpl = '';
  for (const x of grp.templates.keys()) {
    const tt = grp.templates.get(x) as readonly string[];
    if (g.burstFromMember && t - (latestOf(grp.tplOnset, x) ?? 0) > g.similarityWindowMs) continue; // that member is not part of this burst
    const s = x === a.template ? 1 : cosineSorted(tokens, tt);
    if (s > sim || (s === sim && x < tpl)) {
      sim = s;
      tpl = x;
    }
  }
  const score = sim >= g.similarityThreshold ? 0.55 + 0.3 * ((sim - g.similarityThreshold) / Math.max(1e-9, 1 - g.similarityThreshold)) : 0;
  return { sim, tpl, score };
}

