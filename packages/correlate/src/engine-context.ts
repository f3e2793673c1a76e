/**
 * The engine's shared context: its state (domains, the current step's pending changes, the current
 * lookup's side results), configuration, dependencies and caches, made once per engine and passed first
 * to every engine function (engine.ts wires them; one object shape, so the calls stay monomorphic).
 */
import type { CmdbGraph } from '@aiops/cmdb';
import type { CiMatch, GroupChange, JoinEvidence, JoinRule, RemovedMember } from '@aiops/model';
import { type CausalTopology, createCausalTopology } from './causal.js';
import { type CiLinkIndex, createCiLinkIndex } from './ci-links.js';
import type { CorrelateConfig, MaintenanceWindow, Silence } from './config.js';
import { createCounterparts } from './counterpart.js';
import { newDeadlineHeap } from './deadline-heap.js';
import type { EngineDeps } from './engine.js';
import { type EntityKeys, createEntityKeys } from './entity-keys.js';
import { type GapView, createGapView } from './gap.js';
import { createEvidenceSharer, createInterner, createListSharer, createMatchSharer } from './intern.js';
import { noteKey } from './key-spread.js';
import { createMemberViews } from './member-view.js';
import { type OnsetBuckets, createOnsetBuckets } from './onset-buckets.js';
import { emptyOnsetLog } from './onset-burst.js';
import { type PatternIndex, createPatternIndex } from './patterns.js';
import { newCandidateIndex } from './postings.js';
import { createRankBudget } from './rank-budget.js';
import { type RecentCache, createRecentCache } from './recent-cache.js';
import { type RecentOnsets, createRecentOnsets } from './recent-onsets.js';
import { createRootCauseRanker } from './root-cause.js';
import type { LinkPeers } from './link-meet.js';
import type { AlertState, DomainState, GroupState } from './state.js';
import { createEventMatcher } from './subject.js';
import { createSuppression } from './suppression.js';
import { maskTemplate, templateTokens } from './template.js';
import { type TopologyView, createTopologyView } from './topology-view.js';

const KEEP_VIEWS_FROM = 16;

/** a join found by findGroup: the group, the rule and evidence it joins by, and the join score */
interface JoinFound { grp: GroupState; rule: JoinRule; evidence: JoinEvidence; score: number }

/**
 * EngineContext: everything a stage module (find-group.ts, join.ts, merges.ts, ...) may read or change,
 * one object per engine made by createEngineContext (always the same shape: the calls stay monomorphic).
 * Readonly fields are set once; the others are state the engine changes as it runs.
 */
export interface EngineContext {
  // ---- configuration ----
  readonly config: CorrelateConfig;
  /** config.grouping, read on every lookup */
  readonly g: CorrelateConfig['grouping'];
  /** g.scopeLabels, lower case */
  readonly scopeLabels: ReadonlySet<string>;
  /** g.partOfFlow === 'composite': part_of is read by the kind of whole (causal.ts) */
  readonly composite: boolean;
  readonly weakHubOpts: { readonly minDependents: number; readonly maxSeverity: CorrelateConfig['grouping']['weakHubMaxSeverity'] };
  /** silences and maintenance windows now in force (replaced by the engine's setters) */
  silences: readonly Silence[];
  maintenance: readonly MaintenanceWindow[];
  /** their start and end times, sorted (computeBoundaries), and a counter bumped on every change of them */
  boundaries: number[];
  supEpoch: number;

  // ---- dependencies: the CMDB and what is built over it ----
  readonly deps: EngineDeps;
  readonly cmdb: CmdbGraph;
  readonly matcher: ReturnType<typeof createEventMatcher>['matcher'];
  readonly subjectOf: ReturnType<typeof createEventMatcher>['subjectOf'];
  /** the causal reading of the CMDB (composite part_of flow), else null */
  readonly causal: CausalTopology | null;
  /** the topology walks follow: `causal` when there is one, else the CMDB as stored */
  readonly topo: CausalTopology | CmdbGraph;
  readonly upOf: TopologyView['upOf'];
  readonly causalUpOf: TopologyView['causalUpOf'];
  readonly causalFullUpOf: TopologyView['causalFullUpOf'];
  readonly strictUpOf: TopologyView['strictUpOf'];
  readonly fullUpOf: TopologyView['fullUpOf'];
  readonly dependentsCount: TopologyView['dependentsCount'];
  readonly isHub: TopologyView['isHub'];
  readonly keysOf: EntityKeys['keysOf'];
  readonly keyRule: EntityKeys['keyRule'];
  readonly rankRootCause: ReturnType<typeof createRootCauseRanker>['rankRootCause'];
  readonly rankBudget: ReturnType<typeof createRankBudget>;
  /** link peers (connected_to either way), read by the reported root (link-meet.ts) */
  readonly linkPeers: LinkPeers;
  readonly suppression: ReturnType<typeof createSuppression>;
  readonly sameSup: ReturnType<typeof createSuppression>['sameSup'];
  /** stale-CMDB fallback (gap.ts), null when g.gapFallback is off */
  readonly gapView: GapView | null;
  /** learned patterns and CI links (deps.patterns; replaced when a new model is loaded) */
  patterns: PatternIndex | null;
  ciLinks: CiLinkIndex | null;

  // ---- state: domains, counters, the current step's pending changes ----
  readonly domains: Map<string, DomainState>;
  /** domains changed since the last snapshot */
  readonly dirty: Set<string>;
  readonly counters: { events: number; duplicates: number; lateEvents: number; orphanResolved: number; newEpisodes: number; groupsOpened: number; groupsClosed: number; lookups: number; candidates: number };
  /** joins per rule, and suppressed alerts per reason */
  readonly joins: Record<string, number>;
  readonly suppressedCount: Record<string, number>;
  /** members that left a group (moved) since its last emitted version, by group id: the next version lists them */
  readonly stepRemoved: Map<string, RemovedMember[]>;
  /** pending group changes of the current step, flushed in first-touch order with the strongest change */
  stepGroups: Map<string, { d: DomainState; grp: GroupState; change: GroupChange }>;
  /** groups restored from a checkpoint and not ranked since (their ranking may be out of step with their derived state) */
  readonly unranked: WeakSet<GroupState>;
  /** findGroup calls so far: marks a group as one of the current lookup's candidates (GroupState.candAt) */
  lookupSeq: number;

  // ---- caches and interners (memory only: the same outputs without them) ----
  readonly scopeCache: WeakMap<object, Map<string, string> | null>;
  readonly tokensCache: RecentCache<string[]>;
  readonly namesCache: Map<string, string[]>;
  readonly templateCache: RecentCache<string>;
  readonly internKey: (s: string) => string;
  readonly internTemplate: (s: string) => string;
  readonly internToken: (s: string) => string;
  readonly internDetail: (s: string) => string;
  readonly shareMatch: (m: CiMatch) => CiMatch;
  readonly shareEvidence: (e: JoinEvidence) => JoinEvidence;
  readonly shareKeys: (l: string[]) => string[];
  /** per domain, keyed by its ciOnsetMax map (restore replaces it): onset-buckets.ts, recent-onsets.ts */
  readonly onsetBuckets: WeakMap<Map<string, number>, OnsetBuckets>;
  readonly recentOnsets: WeakMap<Map<string, number>, RecentOnsets>;
  readonly memberViews: ReturnType<typeof createMemberViews>;
  /** sorted CI ids per ciCount map (output.ts) */
  readonly sortedCis: WeakMap<Map<string, number>, string[]>;
  /** km:x <-> kn:x (counterpart.ts), a fresh cache per process() call */
  counterpart: (k: string) => string;

  // ---- the current findGroup call's side results, read by joinOrOpen and the merges ----
  /** groups the alert explains (merged into the one it joins) */
  explained: GroupState[];
  /** why the alert explains such a group when it is not upstream of its root candidate (the merge message); lazily made */
  explainedWhy: Map<GroupState, string> | null;
  /** without topology: other groups the alert has strong evidence for (they merge into the one it joins), with why */
  /** samePoll: a same-poll detection (same-poll.ts), merged whatever its score. */
  linked: Map<GroupState, { why: string; score: number; rule: JoinRule; samePoll?: boolean }>;
  /** the group naming the alert's CI as its silent root (silentRootFollowsCause) */
  silentHome: GroupState | null;
  /** groups the alert joins because its CI depends on an alerting member, with that member's onset (recentCauseFirst) */
  causeJoins: Array<JoinFound & { on: number; ci: string; hops: number }>;
  /** the best group the alert's CI depends on through an alerting member (silentRootFollowsCause) */
  causeOfMe: JoinFound | null;
  /** lateRootEffectMs: the group whose alerting root candidate the alert's CI directly depends on, past effectLagMs */
  lateRootOf: JoinFound | null;
  /** lateFanRootSpreadMs: groups whose alerting root candidate the alert's CI directly depends on, past effectLagMs (checked further only when another group's cause takes the alert) */
  lateRoots: Array<JoinFound & { ci: string }>;

  // ---- shared empties (never written) ----
  readonly NO_NAMES: readonly string[];
  readonly NO_LINKS: Map<GroupState, { why: string; score: number; rule: JoinRule }>;
}

/** createEngineContext: the engine's state, configuration, dependencies and shared caches, made once per engine. */
export function createEngineContext(config: CorrelateConfig, deps: EngineDeps): EngineContext {
  const cmdb = deps.cmdb;
  // a new alert is about the CI the matcher finds (its sender) or the related CI it names (subject.ts); the
  // domain stays the sender's, so every event of an alert routes alike
  const { matcher, subjectOf } = createEventMatcher(cmdb, config.matching, deps.matcher);
  const g = config.grouping;
  const scopeLabels = new Set(g.scopeLabels.map((k) => k.toLowerCase()));
  const scopeCache = new WeakMap<object, Map<string, string> | null>();
  // walks follow failure flow: part_of read by the kind of whole (causal.ts), or as stored
  const composite = g.partOfFlow === 'composite';
  const causal = composite ? createCausalTopology(cmdb, g.partOfCompositeTypes, g.clusterSharedNamespaces, g.linkFlow === 'joins' ? 'stored' : g.linkFlow) : null;
  const topo = causal ?? cmdb;
  const domains = new Map<string, DomainState>();
  const dirty = new Set<string>();
  // titles carry numbers (nearly one per alert) and held each its cache entry: only recent ones are kept
  const tokensCache = createRecentCache<string[]>(16_384);
  const namesCache = new Map<string, string[]>();
  const templateCache = createRecentCache<string>(16_384);
  const internKey = createInterner(100_000);
  const internTemplate = createInterner(100_000);
  const internToken = createInterner(100_000);
  const shareMatch = createMatchSharer(100_000); // alerts on one CI found the same way hold one match object
  const internDetail = createInterner(50_000); // join explanations repeat ("same host: db-1", "similar to ...")
  const shareEvidence = createEvidenceSharer<JoinEvidence>(100_000); // and whole evidence records too (about half of the members')
  const shareKeys = createListSharer(100_000); // alerts on one CI with the same labels have the same key list
  const counters = { events: 0, duplicates: 0, lateEvents: 0, orphanResolved: 0, newEpisodes: 0, groupsOpened: 0, groupsClosed: 0, lookups: 0, candidates: 0 };
  const joins: Record<string, number> = {};
  const suppressedCount: Record<string, number> = {};

  const { upOf, causalUpOf, causalFullUpOf, strictUpOf, fullUpOf, dependentsCount, isHub } = createTopologyView(cmdb, causal, g, composite && g.linkFlow === 'joins' ? createCausalTopology(cmdb, g.partOfCompositeTypes, g.clusterSharedNamespaces, 'both') : null);

  const { keysOf, keyRule } = createEntityKeys(g, cmdb);
  // per domain, keyed by its ciOnsetMax like recentOnsets (built from it on first use: restore replaces it)
  const onsetBuckets = new WeakMap<Map<string, number>, OnsetBuckets>();
  // per domain, keyed by its ciOnsetMax (restore replaces both): see recent-onsets.ts
  const recentOnsets = new WeakMap<Map<string, number>, RecentOnsets>();
  /** members that left a group (moved) since its last emitted version, by group id: the next version lists them. */
  const stepRemoved = new Map<string, RemovedMember[]>();

  // Views are kept past a few members only: most groups are small and cheap to rebuild, and a kept view costs memory.
  const memberViews = createMemberViews(KEEP_VIEWS_FROM);

  // Sorted CI ids per ciCount map (keyed by the map: rebuildDerived replaces it), dropped when a CI is
  // added: a group is emitted on every member change, re-sorting its CIs each time dominated toGroup.
  const sortedCis = new WeakMap<Map<string, number>, string[]>();

  // link peers (connected_to, stored from either end) for link-meet.ts
  const linkPeers: LinkPeers = {
    peersOf(ci: string): readonly string[] {
      const out = new Set<string>();
      for (const e of cmdb.upstreamOf(ci)) if (e.type === 'connected_to' && e.id !== ci) out.add(e.id);
      for (const e of cmdb.downstreamOf(ci)) if (e.type === 'connected_to' && e.id !== ci) out.add(e.id);
      return [...out];
    },
  };
  const { rankRootCause } = createRootCauseRanker(g, { dependentsCount, fullUpOf }, causal, (ci) => cmdb.get(ci)?.type, linkPeers);
  const rankBudget = createRankBudget(g.rankBudgetFromCis);

  // ---- suppression ----
  const suppression = createSuppression(config, cmdb, { fullUpOf });
  const { sameSup } = suppression;
  const weakHubOpts = { minDependents: g.weakHubMinDependents, maxSeverity: g.weakHubMaxSeverity };

  // stale CMDB (gap.ts): a matched alert the CMDB gives no group is looked at again with what a gap explains
  const gapView = g.gapFallback ? createGapView(cmdb, { orphanMaxDependents: g.gapOrphanMaxDependents, uplinkMinShare: g.gapUplinkMinShare, connectives: new Set(g.mentionConnectives.map((v) => v.toLowerCase())), ignored: new Set(g.ignoredLabelValues.map((v) => v.toLowerCase())) }) : null;
  const NO_NAMES: readonly string[] = [];
  const NO_LINKS = new Map<GroupState, { why: string; score: number; rule: JoinRule }>(); // never written: most lookups link nothing (a map per lookup otherwise)

  /** groups restored from a checkpoint and not ranked since: their derived state is rebuilt from the alerts as they are now, so their ranking may be out of step with it */
  const unranked = new WeakSet<GroupState>();
  return {
    config, deps, cmdb, matcher, subjectOf, g, scopeLabels, scopeCache, composite, causal, topo, domains, dirty, tokensCache, namesCache, templateCache, internKey, internTemplate, internToken, shareMatch, internDetail, shareEvidence, shareKeys, counters, joins, suppressedCount, upOf, causalUpOf, causalFullUpOf, strictUpOf, fullUpOf, dependentsCount, isHub, keysOf, keyRule, onsetBuckets, recentOnsets, stepRemoved, memberViews, sortedCis, rankRootCause, rankBudget, linkPeers, suppression, sameSup, weakHubOpts, gapView, NO_NAMES, NO_LINKS, unranked,
    // the fields the engine reassigns as it runs (see EngineContext)
    silences: config.silences,
    maintenance: config.maintenance,
    boundaries: [],
    supEpoch: 0,
    patterns: deps.patterns ? createPatternIndex(deps.patterns) : null,
    ciLinks: deps.patterns?.ciLinks ? createCiLinkIndex(deps.patterns.ciLinks) : null,
    // one string per name key; engine.ts makes a fresh one per process() call so that it holds no memory
    // between batches (kept for good it grew the heap held per alert)
    counterpart: createCounterparts(10_000),
    lookupSeq: 0,
    stepGroups: new Map(),
    explained: [],
    explainedWhy: null,
    silentHome: null,
    causeJoins: [],
    causeOfMe: null,
    lateRootOf: null,
    lateRoots: [],
    linked: NO_LINKS,
  };
}

export function computeBoundaries(ctx: EngineContext): void {
  const b = new Set<number>();
  for (const s of ctx.silences) {
    b.add(s.startsAt);
    b.add(s.endsAt);
  }
  for (const m of ctx.maintenance) {
    b.add(m.startsAt);
    b.add(m.endsAt);
  }
  ctx.boundaries = [...b].sort((x, y) => x - y);
  ctx.supEpoch++;
}

export function tokensOf(ctx: EngineContext, template: string): string[] {
  const { tokensCache, internToken } = ctx;
  let t = tokensCache.get(template);
  if (!t) {
    t = templateTokens(template).map(internToken); // few distinct words across many templates
    tokensCache.set(template, t);
  }
  return t;
}

export function templateOf(ctx: EngineContext, title: string): string {
  const { templateCache, internTemplate } = ctx;
  let t = templateCache.get(title);
  if (t === undefined) {
    t = internTemplate(maskTemplate(title)); // many titles, few templates: alerts share the string
    templateCache.set(title, t);
  }
  return t;
}

/** spreadKey: keys whose evidence is weighted by rarity (label values and name families; not own names or mentions). */
export function spreadKey(ctx: EngineContext, k: string): boolean {
  const { g, keyRule } = ctx;
  if (k.charCodeAt(0) !== 107) return false;
  const c = k.charCodeAt(1);
  if (c === 102) return true; // kf: name family
  return c >= 48 && c <= 57 && (g.keySpreadAll || keyRule(k).rule === 'shared_label');
}

/** noteSpread: a new alert's label values, counted per entity (without topology only: with a CMDB they are not evidence). */
export function noteSpread(ctx: EngineContext, d: DomainState, a: AlertState): void {
  const { g } = ctx;
  if (g.keySpreadHub <= 0 || (a.ci && g.topologyFirst)) return;
  const ent = entityOf(ctx, a);
  for (const k of a.keys) if (spreadKey(ctx, k)) noteKey(d.spread, k, ent, a.onset);
}

export function entityOf(ctx: EngineContext, a: AlertState): string {
  if (a.ci) return a.ci.id;
  for (const k of a.keys) if (k.startsWith('kn:')) return k.slice(3);
  for (const k of a.keys) if (!k.startsWith('bs:')) return k.slice(k.indexOf(':') + 1);
  return a.service ?? a.fp;
}

// ---- domain state ----
export function domainState(ctx: EngineContext, domain: string): DomainState {
  const { domains } = ctx;
  let d = domains.get(domain);
  if (!d) {
    d = { domain, watermark: 0, wmArrival: 0, arrivalMax: 0, cursor: 0, nextSweep: 0, pending: [], alerts: new Map(), groups: new Map(), index: newCandidateIndex(), byCi: new Map(), ciOnsetMax: new Map(), ageQueue: [], ageHead: 0, flapping: new Set(), aloneRuns: new Map(), deadlines: newDeadlineHeap(), supEpoch: -1, supCheckedAt: 0, spread: new Map(), onsets: emptyOnsetLog(), young: new Map() };
    domains.set(domain, d);
  }
  return d;
}

export function bumpOnset(ctx: EngineContext, d: DomainState, ci: string, onset: number, now: number): void {
  const { g } = ctx;
  const cur = d.ciOnsetMax.get(ci);
  if (cur === undefined || onset > cur) {
    d.ciOnsetMax.set(ci, onset);
    if (g.weakHubMinDependents > 0) onsetBucketsOf(ctx, d).moved(ci, cur, onset);
  }
  if (g.topology && g.suspectMinDependents > 0) recentOnsetsOf(ctx, d).bump(ci, onset, now);
}

export function onsetBucketsOf(ctx: EngineContext, d: DomainState): OnsetBuckets {
  const { onsetBuckets, g } = ctx;
  let b = onsetBuckets.get(d.ciOnsetMax);
  // buckets an eighth of the window wide: a query visits little more than the window's CIs
  if (!b) onsetBuckets.set(d.ciOnsetMax, (b = createOnsetBuckets(g.suspectWindowMs / 8, d.ciOnsetMax)));
  return b;
}

export function recentOnsetsOf(ctx: EngineContext, d: DomainState): RecentOnsets {
  const { recentOnsets, topo, g } = ctx;
  let r = recentOnsets.get(d.ciOnsetMax);
  if (!r) recentOnsets.set(d.ciOnsetMax, (r = createRecentOnsets(topo, g.suspectWindowMs)));
  return r;
}
