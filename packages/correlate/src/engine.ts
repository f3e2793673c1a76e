import type { CiMatcher, CmdbGraph } from '@aiops/cmdb';
import { type Alert, type AlertChange, type CiMatch, type CorrelationGroup, type Event, type RootCauseCandidate, stableId } from '@aiops/model';
import { alertSnapshot, newAlert } from './alert-record.js';
import { ciAlertsAdd } from './ci-alerts.js';
import { createCiLinkIndex } from './ci-links.js';
import type { CorrelateConfig, MaintenanceWindow, Silence } from './config.js';
import { createCounterparts } from './counterpart.js';
import { newDeadlineHeap } from './deadline-heap.js';
import { postRoot, rankNow, rebuildDerived } from './derived.js';
import { routeEvent } from './domain.js';
import { type EngineContext, bumpOnset, computeBoundaries, createEngineContext, domainState, noteSpread, templateOf } from './engine-context.js';
import { chooseDuplicate, joinOrOpen } from './join.js';
import { ownSet } from './lazy.js';
import { noteMovable } from './member-moves.js';
import { namedCauses } from './named-cause.js';
import { emptyOnsetLog, noteOnset } from './onset-burst.js';
import { flushStep, toAlert, toGroup, touchGroup, viewChanged } from './output.js';
import { type PatternModel, createPatternIndex } from './patterns.js';
import { newCandidateIndex } from './postings.js';
import { hasId, packIds, rememberId, unpackIds } from './recent-ids.js';
import { evalSuppression, refreshGroupSuppression, refreshSuppression } from './refresh-suppression.js';
import { type AlertState, type DomainState, type GroupState, type Member, NONE, NO_FLIPS, type PendingEvent, emptyDerived } from './state.js';
import { runTimers, scheduleDeadline } from './timers.js';
import { cmp } from './top-k.js';

/** EngineOutput: the alert state changes and group changes one call produced, in a deterministic order. */
export interface EngineOutput {
  alerts: Alert[];
  groups: CorrelationGroup[];
}

/** DomainSnapshot is the serialisable state of one correlation domain (the changelog value). */
export interface DomainSnapshot {
  readonly v: 1;
  readonly domain: string;
  readonly watermark: number;
  readonly wmArrival: number;
  /** absent in checkpoints written before time.arrivalHoldMs existed. */
  readonly arrivalMax?: number;
  readonly cursor: number;
  readonly nextSweep: number;
  readonly pending: ReadonlyArray<{ t: number; e: Event }>;
  readonly alerts: readonly unknown[];
  readonly groups: ReadonlyArray<{ id: string; openedAt: number; updatedAt: number; lastOnset: number; version: number; members: Member[]; rootCause: RootCauseCandidate | null; candidates: RootCauseCandidate[] }>;
  /** chronic-alert evidence (grouping.chronicAloneRuns): [fingerprint, alone runs]; absent in older checkpoints. */
  readonly aloneRuns?: ReadonlyArray<readonly [string, number]>;
}

export interface EngineStats {
  events: number;
  duplicates: number;
  lateEvents: number;
  orphanResolved: number;
  alertsActive: number;
  alertsFiring: number;
  groupsOpen: number;
  groupsOpened: number;
  groupsClosed: number;
  /** group lookups for new alerts, and candidate groups examined in total (candidates/lookups = selectivity). */
  lookups: number;
  candidates: number;
  pending: number;
  domains: number;
  joins: Record<string, number>;
  suppressed: Record<string, number>;
}

export interface OpenGroupView {
  readonly domain: string;
  readonly group: CorrelationGroup;
}

export interface CorrelationEngine {
  /** process takes events in arrival order; outputs are produced in event-time order within each domain. `domains` (same length) skips routing when the caller already routed. */
  process(events: readonly Event[], opts?: { domains?: ReadonlyArray<string | undefined> }): EngineOutput;
  /** advance moves each domain's clock to `now` (arrival clock, ms): releases held events, closes quiet groups, ends flapping, applies silence/maintenance boundaries. */
  advance(now: number): EngineOutput;
  /** flush releases every held event (end of a replay). */
  flush(): EngineOutput;
  snapshot(domain: string): DomainSnapshot | null;
  snapshotAll(): DomainSnapshot[];
  restore(snapshot: DomainSnapshot): void;
  /** Drops a domain's state (its partition moved away). */
  drop(domain: string): void;
  domains(): string[];
  /** Domains changed since the last call (and clears the set): what to checkpoint. */
  takeDirty(): string[];
  setSilences(silences: readonly Silence[]): void;
  setMaintenance(windows: readonly MaintenanceWindow[]): void;
  setPatterns(model: PatternModel | null): void;
  openGroups(): OpenGroupView[];
  matcher(): CiMatcher;
  stats(): EngineStats;
}

export interface EngineDeps {
  readonly cmdb: CmdbGraph;
  readonly matcher?: CiMatcher;
  readonly patterns?: PatternModel | null;
}

export function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** the arrival hold is part of reordering: with reorderToleranceMs 0 events apply as they come. */
export function arrivalHold(ctx: EngineContext): number {
  const { config } = ctx;
  return config.time.reorderToleranceMs === 0 ? 0 : config.time.arrivalHoldMs;
}

export function eventTime(ctx: EngineContext, e: Event): number {
  const { config } = ctx;
  return Math.min(e.occurredAt, e.receivedAt + config.time.maxFutureSkewMs);
}

export function insertPending(ctx: EngineContext, d: DomainState, p: PendingEvent): void {
  const arr = d.pending;
  let lo = 0;
  let hi = arr.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const m = arr[mid] as PendingEvent;
    const c = m.t - p.t || cmp(m.e.fingerprint, p.e.fingerprint) || cmp(m.e.id, p.e.id);
    if (c <= 0) lo = mid + 1;
    else hi = mid;
  }
  arr.splice(lo, 0, p);
}

// ---- one event ----
export function apply(ctx: EngineContext, d: DomainState, e: Event, tIn: number, ci: CiMatch | null | undefined, out: EngineOutput): void {
  const { counters, dirty, subjectOf, matcher, shareMatch, cmdb, g, config, fullUpOf, namesCache, shareKeys, keysOf, internKey, suppressedCount } = ctx;
  let t = tIn;
  if (t < d.cursor) {
    counters.lateEvents++;
    t = d.cursor;
  }
  d.cursor = t;
  runTimers(ctx, d, t, out);
  dirty.add(d.domain);
  const hash = fnv1a(e.id);
  let a = d.alerts.get(e.fingerprint);
  if (a && hasId(a.recent, hash) && a.lastEventId !== '' ) {
    counters.duplicates++;
    return;
  }
  counters.events++;
  if (!a) {
    if (e.status === 'resolved') {
      counters.orphanResolved++;
      return;
    }
    const found = subjectOf(ci === undefined ? matcher.match(e.resource, e.labels, e.receivedAt, e.title) : ci, e);
    const match = found && shareMatch(found);
    const bss = match ? cmdb.businessServicesOf(match.id) : [];
    const service = bss[0] ?? e.resource.service ?? e.labels['service'] ?? null;
    const onset = Math.min(t, e.startsAt !== undefined && e.startsAt <= t ? Math.max(e.startsAt, t - g.windowMs) : t);
    a = newAlert({
      id: stableId('al_', e.fingerprint),
      fp: e.fingerprint,
      source: e.source,
      title: e.title,
      desc: e.description.length > 300 ? e.description.slice(0, 300) : e.description,
      template: templateOf(ctx, e.title),
      sev: e.severity,
      status: 'firing',
      firstSeen: onset,
      lastSeen: t,
      onset,
      resolvedAt: undefined,
      count: 1,
      episode: 1,
      flapping: false,
      flips: NO_FLIPS,
      sup: null,
      ci: match,
      service,
      keys: [],
      labels: e.labels,
      resource: e.resource,
      groupId: null,
      version: 0,
      lastEventId: e.id,
      recent: rememberId('', hash, config.retention.recentEventIds),
      named: NONE,
    });
    if (match && g.namedCauses) {
      const own = (): string => `${Object.values(e.resource).join(' ')} ${Object.values(e.labels).join(' ')}`;
      const n = namedCauses(cmdb, e.description === '' ? e.title : `${e.title}\n${e.description}`, fullUpOf(match.id).keys(), namesCache, own);
      if (n.length > 0) a.named = n;
    }
    a.keys = shareKeys(keysOf(e, match, service).map(internKey)); // shared strings, and one exact-size array per distinct list
    if (match && g.duplicatesByJoin) chooseDuplicate(ctx, d, a, e, t);
    d.alerts.set(e.fingerprint, a);
    noteSpread(ctx, d, a);
    if (!a.ci && g.burstScore > 0) noteOnset(d.onsets, a.onset, a.fp);
    if (a.ci) {
      d.byCi.set(a.ci.id, ciAlertsAdd(d.byCi.get(a.ci.id), a.fp));
      bumpOnset(ctx, d, a.ci.id, a.onset, t);
    }
    joinOrOpen(ctx, d, a, t, out, e);
    a.sup = evalSuppression(ctx, d, a, t);
    viewChanged(ctx, d, a);
    if (a.sup) suppressedCount[a.sup.kind] = (suppressedCount[a.sup.kind] ?? 0) + 1;
    out.alerts.push(toAlert(ctx, d, a, 'opened', t, e.annotations));
    const grp = d.groups.get(a.groupId as string);
    if (grp && config.inhibition.sourceSeverities.includes(a.sev)) refreshGroupSuppression(ctx, d, grp, t, out, a.fp);
    return;
  }
  // known alert
  a.count++;
  a.lastEventId = e.id;
  a.recent = rememberId(a.recent, hash, config.retention.recentEventIds);
  if (t > a.lastSeen) a.lastSeen = t;
  a.labels = e.labels;
  a.resource = e.resource;
  let change: AlertChange | null = null;
  let flipped = false;
  if (e.status === 'resolved') {
    if (a.status === 'firing') {
      a.status = 'resolved';
      a.resolvedAt = t;
      change = 'resolved';
      flipped = true;
    }
  } else if (a.status === 'resolved') {
    a.status = 'firing';
    a.resolvedAt = undefined;
    a.episode++;
    a.onset = t;
    if (a.ci) bumpOnset(ctx, d, a.ci.id, t, t);
    change = 'reopened';
    flipped = true;
  } else {
    change = 'repeated';
    if (e.severity !== a.sev || e.title !== a.title) {
      change = 'updated';
      a.sev = e.severity;
      if (a.groupId !== null && config.inhibition.sourceSeverities.includes(a.sev)) {
        const sg = d.groups.get(a.groupId);
        if (sg) (sg.sources = ownSet(sg.sources)).add(a.fp);
      }
      a.title = e.title;
      a.template = templateOf(ctx, e.title);
    }
  }
  if (e.status === 'firing' && e.title !== a.title) {
    a.title = e.title;
    a.template = templateOf(ctx, e.title);
  }
  if (flipped) {
    const flips = a.flips.concat(t); // an exact-size copy: push would grow a short array to 17 slots, kept per alert
    while (flips.length > 0 && (flips[0] as number) < t - config.flapping.windowMs) flips.shift();
    if (flips.length > config.flapping.maxFlips + 1) flips.shift();
    a.flips = flips;
    if (!a.flapping && flips.length > config.flapping.maxFlips) {
      a.flapping = true;
      d.flapping.add(a.fp);
      out.alerts.push(toAlert(ctx, d, a, 'flapping_started', t, e.annotations));
      change = null;
    }
  }
  if (a.flapping && change !== null && change !== 'updated') change = null; // held back until it settles
  viewChanged(ctx, d, a); // lastSeen and labels at least
  // group membership: a re-fire after its group closed opens a new grouping decision
  let grp = a.groupId !== null ? d.groups.get(a.groupId) : undefined;
  if (!grp && a.status === 'firing') {
    a.groupId = null;
    joinOrOpen(ctx, d, a, t, out, e);
    grp = d.groups.get(a.groupId as unknown as string);
  } else if (grp) {
    if (flipped) {
      if (a.status === 'resolved') {
        grp.firing--;
        if (t > grp.lastResolved) grp.lastResolved = t;
      } else grp.firing++;
      scheduleDeadline(ctx, d, grp);
    }
    if (flipped || change === 'updated') {
      touchGroup(ctx, d, grp, 'alert_updated');
      if (change === 'reopened' && t > grp.lastOnset) grp.lastOnset = t;
      grp.updatedAt = t;
    }
  }
  const supChanged = refreshSuppression(ctx, d, a, t, out, false);
  if (change === null && supChanged && !a.flapping) change = a.sup ? 'suppressed' : 'unsuppressed';
  if (change !== null) out.alerts.push(toAlert(ctx, d, a, change, t, e.annotations));
  if (grp && flipped && config.inhibition.sourceSeverities.includes(a.sev)) refreshGroupSuppression(ctx, d, grp, t, out, a.fp);
}

/**
 * release applies, in event-time order, the held events whose event time is at most `upTo` and that
 * arrived by `arrivedBy`. An event that arrived later than that stops the release (and the timers,
 * see advance) until its hold is over, so what came in together is applied in event-time order.
 */
export function release(ctx: EngineContext, d: DomainState, upTo: number, arrivedBy: number, out: EngineOutput): void {
  const { cmdb } = ctx;
  let n = 0;
  for (let p = d.pending[0]; p !== undefined && p.t <= upTo && p.e.receivedAt <= arrivedBy; p = d.pending[++n]);
  if (n === 0) return;
  const ready = d.pending.splice(0, n);
  // the match routing made still holds unless the CMDB changed since (a match reads only the event and the CMDB)
  for (const p of ready) apply(ctx, d, p.e, p.t, p.v === cmdb.version ? p.ci : undefined, out);
}

export function createCorrelationEngine(config: CorrelateConfig, deps: EngineDeps): CorrelationEngine {
  const ctx = createEngineContext(config, deps);
  computeBoundaries(ctx);
  const { cmdb, matcher, dirty, domains, g, unranked, counters, joins, suppressedCount } = ctx;
  const engine: CorrelationEngine = {
    process(events, opts) {
      ctx.counterpart = createCounterparts(10_000);
      const out: EngineOutput = { alerts: [], groups: [] };
      const touched: DomainState[] = [];
      const tol = config.time.reorderToleranceMs;
      const hold = arrivalHold(ctx);
      events.forEach((e, i) => {
        let domain = opts?.domains?.[i];
        let ci: CiMatch | null | undefined;
        if (domain === undefined && config.domain.strategy === 'global') {
          // one domain whatever the match: a new alert is matched when applied, a repeat never (most events)
          domain = 'global';
        } else if (domain === undefined) {
          const r = routeEvent(e, cmdb, matcher, config);
          domain = r.domain;
          ci = r.ci;
        }
        const d = domainState(ctx, domain);
        const t = eventTime(ctx, e);
        if (t > d.watermark) {
          d.watermark = t;
          d.wmArrival = e.receivedAt;
        }
        if (e.receivedAt > d.arrivalMax) d.arrivalMax = e.receivedAt;
        if (tol === 0 && hold === 0) {
          apply(ctx, d, e, t, ci, out);
          dirty.add(d.domain);
          return;
        }
        insertPending(ctx, d, ci === undefined ? { t, e } : { t, e, ci, v: cmdb.version });
        dirty.add(d.domain);
        if (!touched.includes(d)) touched.push(d);
      });
      for (const d of touched) release(ctx, d, d.watermark - tol, d.arrivalMax - hold, out);
      flushStep(ctx, out);
      return out;
    },
    advance(now) {
      const out: EngineOutput = { alerts: [], groups: [] };
      const tol = config.time.reorderToleranceMs;
      for (const d of [...domains.values()]) {
        const clock = d.watermark + Math.max(0, now - d.wmArrival);
        release(ctx, d, clock - tol, now - arrivalHold(ctx), out);
        // Timers never pass an event still held: it may extend or join the groups they would close.
        const head = d.pending[0];
        const T = Math.max(d.cursor, head === undefined ? clock - tol : Math.min(clock - tol, head.t - 1));
        if (T > d.cursor || d.supEpoch !== ctx.supEpoch) {
          d.cursor = T;
          runTimers(ctx, d, T, out);
          flushStep(ctx, out);
        }
        if (d.alerts.size === 0 && d.groups.size === 0 && d.pending.length === 0) {
          domains.delete(d.domain);
          dirty.add(d.domain);
        }
      }
      return out;
    },
    flush() {
      const out: EngineOutput = { alerts: [], groups: [] };
      for (const d of domains.values()) release(ctx, d, Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER, out);
      flushStep(ctx, out);
      return out;
    },
    snapshot(domain) {
      const d = domains.get(domain);
      if (!d) return null;
      return {
        v: 1,
        domain,
        watermark: d.watermark,
        wmArrival: d.wmArrival,
        arrivalMax: d.arrivalMax,
        cursor: d.cursor,
        nextSweep: d.nextSweep,
        pending: d.pending.map((p) => ({ t: p.t, e: p.e })),
        alerts: [...d.alerts.values()].map((a) => alertSnapshot(a, unpackIds(a.recent))),
        groups: [...d.groups.values()].map((grp) => ({
          id: grp.id,
          openedAt: grp.openedAt,
          updatedAt: grp.updatedAt,
          lastOnset: grp.lastOnset,
          version: grp.version,
          members: grp.members,
          rootCause: grp.rootCause,
          candidates: grp.candidates,
        })),
        aloneRuns: [...d.aloneRuns].sort((x, y) => cmp(x[0], y[0])),
      };
    },
    snapshotAll() {
      return [...domains.keys()].sort().map((k) => engine.snapshot(k) as DomainSnapshot);
    },
    restore(s) {
      const d = domainState(ctx, s.domain);
      d.watermark = s.watermark;
      d.wmArrival = s.wmArrival;
      d.arrivalMax = s.arrivalMax ?? s.wmArrival;
      d.cursor = s.cursor;
      d.nextSweep = s.nextSweep;
      d.pending = s.pending.map((p) => ({ t: p.t, e: p.e }));
      d.alerts = new Map();
      d.byCi = new Map();
      d.ciOnsetMax = new Map();
      d.flapping = new Set();
      d.onsets = emptyOnsetLog();
      if (g.burstScore > 0) for (const a of [...(s.alerts as AlertState[])].filter((x) => !x.ci).sort((x, y) => x.onset - y.onset || cmp(x.fp, y.fp))) noteOnset(d.onsets, a.onset, a.fp);
      d.aloneRuns = new Map(s.aloneRuns ?? []);
      for (const raw of s.alerts as Array<Omit<AlertState, 'recent'> & { resolvedAt: number | null; recent: number[] }>) {
        const a = newAlert({ ...raw, resolvedAt: raw.resolvedAt ?? undefined, named: raw.named ?? NONE, recent: packIds(raw.recent) });
        d.alerts.set(a.fp, a);
        noteSpread(ctx, d, a);
        if (a.flapping) d.flapping.add(a.fp);
        if (a.ci) {
          d.byCi.set(a.ci.id, ciAlertsAdd(d.byCi.get(a.ci.id), a.fp));
          bumpOnset(ctx, d, a.ci.id, a.onset, d.cursor);
        }
      }
      d.groups = new Map();
      d.index = newCandidateIndex();
      d.deadlines = newDeadlineHeap();
      d.ageQueue = [...s.groups].sort((x, y) => x.openedAt - y.openedAt || cmp(x.id, y.id)).map((x) => ({ at: x.openedAt, id: x.id }));
      d.ageHead = 0;
      for (const gs of s.groups) {
        const grp: GroupState = {
          ...gs,
          members: gs.members.map((m) => ({ ...m })),
          ...emptyDerived(),
        };
        rebuildDerived(ctx, d, grp);
        unranked.add(grp);
        if (grp.rootCause && grp.ciCount.size > 0) postRoot(ctx, d, grp, grp.rootCause.ciId);
        d.groups.set(grp.id, grp);
        scheduleDeadline(ctx, d, grp);
      }
      // young movable members, oldest first as the live run noted them (youngUnder drops from the front)
      d.young = new Map();
      if (g.moveMargin > 0) {
        const young: Array<{ grp: GroupState; a: AlertState; m: Member }> = [];
        for (const grp of d.groups.values()) for (const m of grp.members) {
          const a = d.alerts.get(m.fp);
          if (a && a.groupId === grp.id && d.cursor - m.joinedAt <= g.moveWindowMs) young.push({ grp, a, m });
        }
        young.sort((x, y) => x.m.joinedAt - y.m.joinedAt || cmp(x.a.fp, y.a.fp));
        for (const y of young) noteMovable(ctx, d, y.grp, y.a, y.m);
      }
      d.supEpoch = ctx.supEpoch;
      d.supCheckedAt = d.cursor;
    },
    drop(domain) {
      domains.delete(domain);
      dirty.delete(domain);
    },
    domains: () => [...domains.keys()].sort(),
    takeDirty() {
      const out = [...dirty].sort();
      dirty.clear();
      return out;
    },
    setSilences(list) {
      ctx.silences = list;
      computeBoundaries(ctx);
    },
    setMaintenance(list) {
      ctx.maintenance = list;
      computeBoundaries(ctx);
    },
    setPatterns(model) {
      ctx.patterns = model ? createPatternIndex(model) : null;
      ctx.ciLinks = model?.ciLinks ? createCiLinkIndex(model.ciLinks) : null;
    },
    openGroups() {
      const out: OpenGroupView[] = [];
      for (const d of domains.values()) {
        for (const grp of d.groups.values()) {
          if (grp.rankDirty) rankNow(ctx, d, grp);
          const view = toGroup(ctx, d, grp, 'alert_updated', 'open');
          grp.version--; // a view is not a change
          out.push({ domain: d.domain, group: view });
        }
      }
      return out;
    },
    matcher: () => matcher,
    stats() {
      let alertsActive = 0;
      let alertsFiring = 0;
      let groupsOpen = 0;
      let pending = 0;
      for (const d of domains.values()) {
        alertsActive += d.alerts.size;
        for (const a of d.alerts.values()) if (a.status === 'firing') alertsFiring++;
        groupsOpen += d.groups.size;
        pending += d.pending.length;
      }
      return { ...counters, alertsActive, alertsFiring, groupsOpen, pending, domains: domains.size, joins: { ...joins }, suppressed: { ...suppressedCount } };
    },
  };
  return engine;
}
