import type { CorrelateConfig } from './config.js';
import { wholeCandidates, type CausalTopology } from './causal.js';
import { mentionRoots } from './mentions.js';
import type { GroupState } from './state.js';
import type { RootCauseCandidate } from '@aiops/model';
import { cmp } from './top-k.js';
import { wholeFirst } from './whole-root.js';
import { linkMeetFirst, type LinkPeers } from './link-meet.js';
import type { TopologyView } from './topology-view.js';

/** An onset as people read it in a reason (event time, UTC; epoch milliseconds meant nothing to an SRE). */
const isoTime = (ms: number): string => (Number.isFinite(ms) && ms >= 0 && ms < 8.64e15 ? new Date(ms).toISOString() : String(ms));


/**
 * Cand is a root-cause candidate while ranking. Most are CIs of the group, what most of them depend on
 * or its entities, and only five are kept: their reason is written for those five only (`reason` null:
 * from `why`, `n` and `of`).
 */
interface Cand {
  ciId: string;
  score: number;
  onset: number;
  reason: string | null;
  why: 'below' | 'silent' | 'share' | null;
  n: number;
  of: number;
}

function reasonOf(c: Cand): string {
  if (c.reason !== null) return c.reason;
  const { n, of } = c;
  if (c.why === 'below') return `${n} of ${of} other CIs depend on it`;
  if (c.why === 'silent') return `${n} of ${of} CIs depend on it (no alert on it)`;
  return `${n} of ${of} alerts, first at ${isoTime(c.onset)}`;
}

/** the candidates kept: the best five (score, then earliest onset, then id), as topK over a list of all of them. */
const TOP = 5;
/** Overlays: candidates that replace a CI's own one when they score higher, by CI (null: none). */
type Overlays = Map<string, Cand[]> | null;
function overlay(over: Overlays, c: Cand): Map<string, Cand[]> {
  const m = over ?? new Map<string, Cand[]>();
  const l = m.get(c.ciId);
  if (l) l.push(c);
  else m.set(c.ciId, [c]);
  return m;
}
/** before: candidate (score, onset, id) ranks ahead of `c`. */
function before(score: number, onset: number, ciId: string, c: Cand): boolean {
  const o = c.score - score || onset - c.onset || cmp(ciId, c.ciId);
  return o < 0;
}
/** keep inserts `c` in the top five (ties stay in arrival order, as topK's). */
function keep(out: Cand[], c: Cand): void {
  let i = out.length;
  if (i === TOP) {
    if (!before(c.score, c.onset, c.ciId, out[TOP - 1] as Cand)) return;
    i = TOP - 1;
  } else out.push(c);
  while (i > 0 && before(c.score, c.onset, c.ciId, out[i - 1] as Cand)) {
    out[i] = out[i - 1] as Cand;
    i--;
  }
  out[i] = c;
}
/**
 * offer: a CI's own candidate, replaced in turn by each overlay of it that scores higher (the first
 * occurrence of the CI only, like a lookup in the list); built as an object only when it enters the top five.
 */
function offer(out: Cand[], over: Overlays, ciId: string, score: number, onset: number, reason: string | null, why: Cand['why'], n: number, of: number): void {
  const l = over?.get(ciId);
  if (l && over) {
    over.delete(ciId);
    let c: Cand | null = null;
    let s = score;
    for (const x of l) if (s < x.score) { c = x; s = x.score; }
    if (c) { keep(out, c); return; }
  }
  if (out.length === TOP && !before(score, onset, ciId, out[TOP - 1] as Cand)) return;
  keep(out, { ciId, score, onset, reason, why, n, of });
}

/** createRootCauseRanker: the ranking of a group's root-cause candidates (pure: reads the group's derived state, writes its candidates). */
export function createRootCauseRanker(g: CorrelateConfig['grouping'], view: Pick<TopologyView, 'dependentsCount' | 'fullUpOf'>, causal: CausalTopology | null, typeOf: (ci: string) => string | undefined = () => undefined, links: LinkPeers | null = null): { rankRootCause(grp: GroupState, weakLeader?: (hub: string, branch: string) => boolean): void } {
  const { dependentsCount, fullUpOf } = view;
  const instanceTypes = new Set(g.wholeRootPartTypes);
  const isInstance = (ci: string): boolean => instanceTypes.has(typeOf(ci) ?? '');
  /**
   * upstreamExplains: an alerting member of the group that `u` depends on and that explains at least as
   * many of the group's CIs: the alerts naming `u` name the nearest broken dependency they see, a victim
   * of that member (a VM's database named by its callers while the VM is down).
   */
  function upstreamExplains(grp: GroupState, u: string): boolean {
    const mine = grp.upCount.get(u) ?? 0;
    for (const v of fullUpOf(u).keys()) if (grp.ciCount.has(v) && (grp.upCount.get(v) ?? 0) >= mine) return true;
    return false;
  }
  /**
   * sharedBelow: for each alerting cluster shared service in the group (causal.sharedServicesOf), how
   * many of the group's CIs are workloads of its cluster: the CMDB records no relation to it, but an
   * alerting cluster DNS explains its cluster's workloads failing with it (and not the silent cluster
   * object they run on). Null when the group holds none.
   */
  function sharedBelow(grp: GroupState, topo: CausalTopology): Map<string, number> | null {
    let out: Map<string, number> | null = null;
    for (const ci of grp.ciCount.keys()) if (topo.isSharedService(ci)) (out ??= new Map()).set(ci, 0);
    if (!out) return null;
    for (const ci of grp.ciCount.keys()) for (const s of topo.sharedServicesOf(ci)) if (out.has(s)) out.set(s, (out.get(s) as number) + 1);
    return out;
  }
  /**
   * rankRootCause: with a CMDB, each CI of the group scores the share of the group's other CIs that
   * depend on it (transitively); a CI with no alert that all of them depend on is a candidate too, at a
   * discount. Ties go to the earliest onset. Without a CMDB, entities (host, workload, service) rank
   * by earliest onset, then by how many members they carry (rootByCover: every name a member carries,
   * so the host under several services, or the service over several hosts, leads).
   */
  function rankRootCause(grp: GroupState, weakLeader?: (hub: string, branch: string) => boolean): void {
    const distinct = grp.ciCount.size;
    if (distinct > 0) {
      // candidates named by member alerts or wholes of several parts replace a CI's own candidate when
      // they score higher: collected first (few), so the CIs of the group stream into the top five
      // without a candidate object for each one
      let over: Overlays = null;
      // a CI that member alerts name as what failed them ("connection refused to pg-orders") is the cause
      // they report, alerting or not: it outranks what merely depends on it
      if (g.namedCauses) {
        for (const u of grp.namedCis.keys()) {
          const x = grp.namedCis.get(u) as { n: number; onset: number };
          if (g.namedYieldsToUpstream && upstreamExplains(grp, u)) continue;
          const own = grp.ciCount.has(u) ? 1 : 0;
          const cover = distinct === 1 ? 1 : Math.min(1, ((grp.upCount.get(u) ?? 0) + own) / distinct);
          const score = cover * (1 - g.namedCauseBonus) + g.namedCauseBonus;
          const onset = Math.min(grp.ciOnset.get(u) ?? Number.MAX_SAFE_INTEGER, x.onset - 1);
          over = overlay(over, { ciId: u, score, onset, reason: `named as the failing dependency by ${x.n} alert${x.n === 1 ? '' : 's'}${own ? '' : ' (no alert on it)'}`, why: null, n: 0, of: 0 });
        }
      }
      if (causal && g.wholeRootMinParts > 0 && distinct > 1) over = rankWholes(grp, over, distinct);
      const top: Cand[] = [];
      // cover: share of the group's CIs this CI explains; spec: share of what depends on it that alerts
      // (a cluster or a core switch explains everything and is therefore uninformative unless it alerts).
      // (keys and get: destructuring a map's entries allocates a pair per entry, even optimised)
      const viaShared = causal && g.clusterSharedNamespaces.length > 0 && distinct > 1 ? sharedBelow(grp, causal) : null;
      for (const ci of grp.ciOnset.keys()) {
        const onset = grp.ciOnset.get(ci) as number;
        const below = (grp.upCount.get(ci) ?? 0) + (viaShared?.get(ci) ?? 0);
        const cover = (below + 1) / distinct;
        const spec = Math.min(1, (below + 1) / (dependentsCount(ci) + 1));
        const score = distinct === 1 ? 1 : cover * (0.7 + 0.3 * spec);
        offer(top, over, ci, score, onset, distinct === 1 ? 'only CI in the group' : null, 'below', below, distinct - 1);
      }
      let shared: Cand | null = null; // silentCommonCause: the reported root when it outscores the working one
      if (distinct > 1) {
        // silentCommonCause: no alerting member explains the whole group (the victims are independent)
        let common = false;
        if (g.silentCommonCause) {
          // ... and they all started together (a common cause hits its victims within suspectWindowMs; a
          // group that grew over a longer time may hold two failures whose only common ground is deep infrastructure)
          let most = 0;
          let first = Number.MAX_SAFE_INTEGER;
          let last = 0;
          for (const ci of grp.ciCount.keys()) {
            most = Math.max(most, grp.upCount.get(ci) ?? 0);
            const o = grp.ciOnset.get(ci) ?? 0;
            if (o < first) first = o;
            if (o > last) last = o;
          }
          common = most + 1 < distinct && last - first <= g.suspectWindowMs;
        }
        for (const u of grp.upCount.keys()) {
          const n = grp.upCount.get(u) as number;
          if (grp.ciCount.has(u) || n < 2) continue;
          const cover = n / distinct;
          if (cover < 0.5) continue;
          const spec = Math.min(1, n / (dependentsCount(u) + 1));
          // upstream of every CI of the group, and enough of its dependents down that a failure of it shows
          if (common && n === distinct && spec >= g.suspectMinFraction && (shared === null || 0.7 + 0.3 * spec > shared.score || (0.7 + 0.3 * spec === shared.score && cmp(u, shared.ciId) < 0))) {
            shared = { ciId: u, score: 0.7 + 0.3 * spec, onset: Number.MAX_SAFE_INTEGER, reason: `all ${n} CIs depend on it (no alert on it; no alerting CI explains them all)`, why: 'silent', n, of: distinct };
          }
          offer(top, over, u, cover * Math.sqrt(spec) * 0.85, Number.MAX_SAFE_INTEGER, null, 'silent', n, distinct);
        }
      }
      // what no CI of the group stood for: in the order first named
      if (over) for (const l of over.values()) {
        let c = l[0] as Cand;
        for (let i = 1; i < l.length; i++) if (c.score < (l[i] as Cand).score) c = l[i] as Cand;
        keep(top, c);
      }
      // (the streamed top five are what can take the lead: a member below the hub that explains nearly all of it ranks there)
      // rootYieldsReportOnly: the yield changes the reported root only, joins keep the working one (as silentCommonCause)
      let working: RootCauseCandidate | null = null;
      if (g.rootYieldsToSpecific > 0 && distinct > 2) {
        const t0 = top[0];
        if (g.rootYieldsReportOnly && t0 !== undefined) working = { ciId: t0.ciId, score: Math.round(t0.score * 1000) / 1000, reason: reasonOf(t0) };
        yieldToSpecific(grp, top, distinct, weakLeader);
        top.sort(order);
      }
      grp.candidates = top.map((c) => ({ ciId: c.ciId, score: Math.round(c.score * 1000) / 1000, reason: reasonOf(c) }));
      grp.rootCause = working ?? grp.candidates[0] ?? null;
      // the report names the common silent cause; joins keep the working root above (a silent guess does
      // not pull alerts into the group: only suspect-scan's evidence does that)
      const s = shared as Cand | null;
      const lead = grp.candidates[0];
      if (s !== null && lead !== undefined && s.score > lead.score) {
        const rest = grp.candidates.filter((c) => c.ciId !== s.ciId);
        grp.candidates = [{ ciId: s.ciId, score: Math.round(s.score * 1000) / 1000, reason: reasonOf(s) }, ...rest].slice(0, TOP);
      }
      // reported: a part's whole first when it stands for the part (whole-root.ts); joins and merges keep
      // reading the working root above, the output reports candidates[0]
      if (causal && g.rootNamesWhole !== 'off') grp.candidates = wholeFirst(grp.candidates, grp.ciCount.keys(), (x) => grp.ciCount.has(x), causal, g.rootNamesWhole, isInstance);
      // reported: the element where the leader's link alarms meet (link-meet.ts), read the same way
      if (links && g.linkMeetWindowMs >= 0 && distinct > 2) grp.candidates = linkMeetFirst(grp.candidates, (x) => grp.ciOnset.get(x), (x) => grp.ciCount.get(x) ?? 0, links, g.linkMeetWindowMs);
      return;
    }
    const cands: Cand[] = [];
    const total = grp.members.length;
    const hostFirst = g.rootTiePrefers === 'host';
    const kind = new Map<string, number>(); // tie-break between a host and a service that carry the same members
    const share = (ent: string, e: { display?: string | undefined; n: number; onset: number }): Cand => ({ ciId: e.display ?? ent, score: e.n / total, onset: e.onset, reason: null, why: 'share', n: e.n, of: total });
    if (g.rootByCover && grp.names.size > 0) {
      for (const [, e] of grp.names) {
        cands.push({ ciId: e.display, score: e.n / total, onset: e.onset, reason: `${e.n} of ${total} alerts carry it${e.host ? ' (host)' : ''}, first at ${isoTime(e.onset)}`, why: null, n: e.n, of: total });
        kind.set(e.display, e.host === hostFirst ? 0 : 1);
      }
      for (const [ent, e] of grp.entities) if (!grp.names.has(ent)) cands.push(share(ent, e));
    } else for (const [ent, e] of grp.entities) cands.push(share(ent, e));
    // first onset, then the most shared name (the common denominator of the members), then the preferred kind
    cands.sort((a, b) => a.onset - b.onset || b.score - a.score || (kind.get(a.ciId) ?? 1) - (kind.get(b.ciId) ?? 1) || cmp(a.ciId, b.ciId));
    // entities that members name in their texts come first (the most upstream of the learned edges)
    const named = g.mentions ? mentionRoots(grp.named).filter((m) => m.callers >= g.mentionRootMinCallers) : [];
    if (named.length > 0) {
      const seen = new Set(named.map((m) => m.name));
      const rest = cands.filter((c) => !seen.has(c.ciId));
      cands.length = 0;
      for (const m of named) cands.push({ ciId: m.name, score: Math.min(1, 0.5 + (0.5 * m.callers) / Math.max(1, grp.entities.size - 1)), onset: grp.entities.get(m.name)?.onset ?? Number.MAX_SAFE_INTEGER, reason: `named by ${m.callers} alerting entities of the group${grp.entities.has(m.name) ? '' : ' (no alert on it)'}`, why: null, n: 0, of: 0 });
      cands.push(...rest);
    }
    grp.candidates = cands.slice(0, 5).map((c, i) => ({ ciId: c.ciId, score: Math.round((i === 0 ? Math.max(c.score, 0.5) : c.score * 0.5) * 1000) / 1000, reason: reasonOf(c) }));
    grp.rootCause = grp.candidates[0] ?? null;
  }

  const order = (a: Cand, b: Cand): number => b.score - a.score || a.onset - b.onset || cmp(a.ciId, b.ciId);

  /**
   * yieldToSpecific: when the leading candidate is an alerting hub and an alerting member X below it
   * explains every other CI of the group it explains (the hub adds only X itself), both readings fit the
   * same alerts: the hub failed and reached the group through X, or X failed and the hub's alert is
   * unrelated. A failed hub would have reached its other dependents too: when the hub's alerts are mild
   * and it took no other dependents down (`weakLeader`, the engine's weak-hub test) and X's share of its
   * dependents that alert is rootYieldsToSpecific times the hub's or more, X takes the lead (a core
   * switch's CPU warning does not explain one hypervisor's VMs going down). Repeated down a chain.
   */
  function yieldToSpecific(grp: GroupState, cands: Cand[], distinct: number, weakLeader: ((hub: string, branch: string) => boolean) | undefined): void {
    const specOf = (ci: string, below: number): number => Math.min(1, (below + 1) / (dependentsCount(ci) + 1));
    for (let step = 0; step < 4; step++) {
      let top: Cand | null = null;
      for (const c of cands) if (top === null || order(c, top) < 0) top = c;
      if (top === null || top.why !== 'below' || !grp.ciCount.has(top.ciId)) return;
      const below = grp.upCount.get(top.ciId) ?? 0;
      // only a hub's silence says much: a CI with a handful of dependents may well reach them all through one
      if (dependentsCount(top.ciId) - below < g.weakHubMinDependents) return;
      const need = g.rootYieldsToSpecific * specOf(top.ciId, below);
      let pick: Cand | null = null;
      for (const c of cands) {
        if (c === top || c.why !== 'below' || !grp.ciCount.has(c.ciId)) continue;
        const b = grp.upCount.get(c.ciId) ?? 0;
        if (b + 1 < below || !fullUpOf(c.ciId).has(top.ciId) || specOf(c.ciId, b) < need) continue;
        if (pick === null || order(c, pick) < 0) pick = c;
      }
      if (pick === null || (weakLeader !== undefined && !weakLeader(top.ciId, pick.ciId))) return;
      const was = top.ciId;
      pick.score = top.score;
      pick.reason = `${pick.n} of ${distinct - 1} other CIs depend on it; ${was} above it explains no other alerting CI (a mild alert, ${dependentsCount(was)} dependents, hardly any other alerting)`;
      top.score = Math.max(0, top.score - 0.001);
    }
  }

  /** rankWholes: a composite with several alerting parts in the group explains them (causal.ts wholeCandidates), scored like any candidate. */
  function rankWholes(grp: GroupState, over: Overlays, distinct: number): Overlays {
    if (!causal) return over;
    for (const w of wholeCandidates(grp.ciCount.keys(), causal, (x) => grp.upCount.get(x) ?? 0, (x) => grp.ciCount.has(x), g.wholeRootMinParts)) {
      const cover = Math.min(1, w.explained / distinct);
      const spec = Math.min(1, w.explained / (dependentsCount(w.ciId) + causal.partCount(w.ciId) + 1));
      const onset = grp.ciOnset.get(w.ciId);
      const score = onset !== undefined ? cover * (0.7 + 0.3 * spec) : cover * Math.sqrt(spec) * 0.85;
      over = overlay(over, { ciId: w.ciId, score, onset: onset ?? Number.MAX_SAFE_INTEGER, reason: w.reason, why: null, n: 0, of: 0 });
    }
    return over;
  }

  return { rankRootCause };
}
