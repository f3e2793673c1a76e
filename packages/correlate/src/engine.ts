import type { CiMatcher, CmdbGraph } from '@aiops/cmdb';
import type { Alert, CiMatch, CorrelationGroup, Event, RootCauseCandidate } from '@aiops/model';
import { apply, arrivalHold, eventTime, insertPending, release } from './apply-event.js';
import { restoreDomain, snapshotDomain } from './checkpoint.js';
import { createCiLinkIndex } from './ci-links.js';
import type { CorrelateConfig, MaintenanceWindow, Silence } from './config.js';
import { createCounterparts } from './counterpart.js';
import { rankNow } from './derived.js';
import { routeEvent } from './domain.js';
import { computeBoundaries, createEngineContext, domainState } from './engine-context.js';
import { flushStep, toGroup } from './output.js';
import { type PatternModel, createPatternIndex } from './patterns.js';
import type { DomainState, Member } from './state.js';
import { runTimers } from './timers.js';

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
  /** firing events that started a new episode of a firing alert (alertState: a later onset, or a silence) */
  newEpisodes: number;
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

export function createCorrelationEngine(config: CorrelateConfig, deps: EngineDeps): CorrelationEngine {
  const ctx = createEngineContext(config, deps);
  computeBoundaries(ctx);
  const { cmdb, matcher, dirty, domains, counters, joins, suppressedCount } = ctx;
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
    snapshot: (domain) => snapshotDomain(ctx, domain),
    snapshotAll() {
      return [...domains.keys()].sort().map((k) => engine.snapshot(k) as DomainSnapshot);
    },
    restore: (s) => restoreDomain(ctx, s),
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
