import type { Incident, IncidentEvent, Level, Priority } from '@aiops/model';

/** CommandOutcome is what a waiting API call learns about its command. */
export type CommandOutcome =
  | { readonly outcome: 'applied'; readonly incident: Incident }
  | { readonly outcome: 'rejected'; readonly code: string; readonly message: string; readonly statusCode: number; readonly field?: string; readonly incident: Incident | null };

export interface IncidentFilter {
  readonly state?: readonly string[];
  readonly priority?: readonly string[];
  readonly service?: string;
  readonly ci?: string;
  readonly assignmentGroup?: string;
  readonly origin?: string;
  readonly major?: boolean;
  readonly from?: number;
  readonly to?: number;
  readonly q?: string;
}

export interface IncidentSummary {
  readonly id: string;
  readonly number: string;
  readonly title: string;
  readonly state: string;
  readonly priority: Priority;
  readonly impact: Level;
  readonly urgency: Level;
  readonly major: boolean;
  readonly origin: string;
  readonly category: string | null;
  readonly subcategory: string | null;
  readonly categoryApplied: boolean;
  readonly assignmentGroup: string | null;
  readonly assignee: string | null;
  readonly affectedServices: readonly string[];
  readonly rootCauseCi: string | null;
  readonly alertCount: number;
  readonly detectedAt: number;
  readonly updatedAt: number;
  readonly version: number;
  readonly slaBreached: boolean;
}

/**
 * IncidentStore materialises the compacted aiops.incidents.v1 topic (latest version wins) and the
 * timelines of the incidents it holds from aiops.incident-events.v1 (deduplicated by event id), and
 * lets API calls wait until a command they published shows up as applied or refused. Timelines of
 * incidents it does not hold (evicted by the incident manager) are not kept: memory follows the
 * incidents held, not the 30 days on the timeline topic.
 */
export interface IncidentStore {
  upsert(inc: Incident): void;
  /** remove forgets an incident and its timeline (its snapshot was tombstoned: evicted by the incident manager). */
  remove(id: string): void;
  /**
   * accepts says whether a timeline record of `incidentId`, produced at `producedAt` (the Kafka record
   * timestamp), is worth decoding at `now`: yes for an incident held; for one not held only while the
   * record is younger than the orphan grace (its snapshot may still be on its way). An older record of
   * an incident not held belongs to an incident the manager evicted (or never wrote): skipped unread.
   */
  accepts(incidentId: string, producedAt: number, now: number): boolean;
  /**
   * addEvent adds a timeline entry (`producedAt`: its record timestamp); for an incident not held it waits
   * for the snapshot, see sweep. Returns the entries the cap left out to make room (0 or 1).
   */
  addEvent(e: IncidentEvent, producedAt: number): number;
  /** sweep drops the timelines still waiting for a snapshot past the orphan grace at `now`; returns the entries dropped. */
  sweep(now: number): number;
  get(idOrNumber: string): Incident | undefined;
  /** timeline of a held incident, oldest first: its first entries and its latest when it passed the cap (see timelineOmitted). */
  timeline(id: string): readonly IncidentEvent[];
  /** how many entries of the incident's timeline were left out between its first and its latest (0: complete). */
  timelineOmitted(id: string): number;
  list(f: IncidentFilter, limit: number, offset: number): { items: IncidentSummary[]; total: number };
  waitForCommand(incidentId: string, commandId: string, timeoutMs: number): Promise<CommandOutcome | null>;
  stats(from?: number, to?: number): IncidentStats;
  readonly size: number;
  /** timeline entries held (those waiting for their snapshot included). */
  readonly timelineEntries: number;
}

export interface IncidentStoreOptions {
  /**
   * How long timeline entries of an incident the store does not hold wait for its snapshot, counted
   * from when they were produced. The incident manager writes an incident's events and snapshot in one
   * send, so minutes would do; an evicted incident's entries are older than `manager.retainClosedMs`
   * (at least a day), so a generous grace costs nothing.
   */
  readonly orphanGraceMs: number;
  /**
   * Most timeline entries held per incident (default 2,000): past it the first tenth (the opening:
   * created, assignment, first alerts) stays and the rest is the latest entries; those in between are
   * counted as omitted (ClickHouse has them all). Bounds memory when one incident lives through an
   * endless storm.
   */
  readonly maxTimelineEntries?: number;
}

/**
 * IncidentStats are the live detection KPIs of REQUIREMENTS §13 over the incidents in memory (ClickHouse
 * holds the history): share detected by monitoring, share resolved before users reported, MTTA/MTTR.
 * Incidents closed as merged or linked are not counted (their disruption is counted on the target).
 */
export interface IncidentStats {
  readonly total: number;
  readonly byState: Readonly<Record<string, number>>;
  readonly byPriority: Readonly<Record<string, number>>;
  readonly detectedByMonitoringPct: number | null;
  readonly resolvedBeforeUserReportPct: number | null;
  readonly resolvedAutomaticallyPct: number | null;
  readonly mttaMs: number | null;
  readonly mttrMs: number | null;
  readonly slaBreachedPct: number | null;
  readonly major: number;
}

const PRIO: Record<string, number> = { P1: 1, P2: 2, P3: 3, P4: 4, P5: 5 };

function summary(i: Incident): IncidentSummary {
  return {
    id: i.id, number: i.number, title: i.title, state: i.state, priority: i.priority, impact: i.impact, urgency: i.urgency, major: i.major,
    origin: i.origin, category: i.category, subcategory: i.subcategory, categoryApplied: i.categoryApplied, assignmentGroup: i.assignmentGroup,
    assignee: i.assignee, affectedServices: i.affectedServices, rootCauseCi: i.rootCauseCi, alertCount: i.alertIds.length, detectedAt: i.detectedAt,
    updatedAt: i.updatedAt, version: i.version, slaBreached: (i.sla?.responseBreached ?? false) || (i.sla?.resolutionBreached ?? false),
  };
}

export function createIncidentStore(opts: IncidentStoreOptions = { orphanGraceMs: 3600_000 }): IncidentStore {
  const byId = new Map<string, Incident>();
  const byNumber = new Map<string, string>();
  /**
   * A timeline is its opening (`events`, by event id, up to a tenth of the cap) and, once that is full,
   * its latest entries (`tails`, arrival order) and the count left out between (`omittedBy`): the side
   * maps cost nothing for the many timelines that never pass the opening.
   */
  const events = new Map<string, Map<string, IncidentEvent>>();
  const tails = new Map<string, Map<string, IncidentEvent>>();
  const omittedBy = new Map<string, number>();
  const cap = Math.max(1, opts.maxTimelineEntries ?? 2000);
  const headCap = Math.ceil(cap / 10);
  const tailCap = cap - headCap;
  const sizeOf = (id: string) => (events.get(id)?.size ?? 0) + (tails.get(id)?.size ?? 0);
  const entriesOf = (id: string): IncidentEvent[] => [...(events.get(id)?.values() ?? []), ...(tails.get(id)?.values() ?? [])];
  /** incident id -> when the oldest entry of a timeline without a snapshot was produced. */
  const orphans = new Map<string, number>();
  const waiters = new Map<string, Array<(o: CommandOutcome) => void>>();
  let entries = 0;

  function forget(id: string): number {
    const n = sizeOf(id);
    entries -= n;
    events.delete(id);
    tails.delete(id);
    omittedBy.delete(id);
    orphans.delete(id);
    return n;
  }

  function settle(commandId: string, o: CommandOutcome): void {
    const ws = waiters.get(commandId);
    if (ws === undefined) return;
    waiters.delete(commandId);
    for (const w of ws) w(o);
  }

  function outcomeOf(inc: Incident, commandId: string): CommandOutcome | null {
    const c = inc.recentCommands.find((x) => x.id === commandId);
    if (c === undefined) return null;
    if (c.outcome === 'applied') return { outcome: 'applied', incident: inc };
    const e = entriesOf(inc.id).find((x) => x.type === 'command_rejected' && x.data.commandId === commandId);
    const statusCode = c.statusCode ?? (typeof e?.data.statusCode === 'number' ? e.data.statusCode : 409);
    return { outcome: 'rejected', code: c.code ?? 'AIOPS_ERR_INCIDENT_COMMAND_REJECTED', message: c.message ?? 'refused', statusCode, ...(c.field !== undefined ? { field: c.field } : {}), incident: inc };
  }

  return {
    get size() {
      return byId.size;
    },
    get timelineEntries() {
      return entries;
    },
    upsert(inc) {
      const prev = byId.get(inc.id);
      if (prev !== undefined && prev.version > inc.version) return;
      byId.set(inc.id, inc);
      byNumber.set(inc.number, inc.id);
      orphans.delete(inc.id);
      for (const c of inc.recentCommands) if (waiters.has(c.id)) settle(c.id, outcomeOf(inc, c.id) as CommandOutcome);
    },
    remove(id) {
      const inc = byId.get(id);
      if (inc !== undefined && byNumber.get(inc.number) === id) byNumber.delete(inc.number);
      byId.delete(id);
      forget(id);
    },
    accepts(incidentId, producedAt, now) {
      return byId.has(incidentId) || now - producedAt < opts.orphanGraceMs;
    },
    addEvent(e, producedAt) {
      let omitted = 0;
      let head = events.get(e.incidentId);
      if (head === undefined) events.set(e.incidentId, (head = new Map()));
      const tail = tails.get(e.incidentId);
      if (head.has(e.id)) head.set(e.id, e);
      else if (tail?.has(e.id) === true) tail.set(e.id, e);
      else if (head.size < headCap) {
        head.set(e.id, e);
        entries++;
      } else if (tail !== undefined && omittedBy.has(e.incidentId) && e.version < ((tail.values().next().value as IncidentEvent | undefined)?.version ?? -Infinity)) {
        // older than the oldest of the latest: it was pushed out before (the manager writes in version
        // order, so only a redelivery comes this late); keeping it would push a newer entry out
      } else {
        let t = tail;
        if (t === undefined) tails.set(e.incidentId, (t = new Map()));
        t.set(e.id, e);
        entries++;
        if (t.size > tailCap) {
          // the oldest of the latest goes (arrival order: the manager writes an incident's entries in version order)
          t.delete(t.keys().next().value as string);
          omittedBy.set(e.incidentId, (omittedBy.get(e.incidentId) ?? 0) + 1);
          entries--;
          omitted = 1;
        }
      }
      if (!byId.has(e.incidentId)) orphans.set(e.incidentId, Math.min(orphans.get(e.incidentId) ?? producedAt, producedAt));
      if (e.type === 'command_rejected' && typeof e.data.commandId === 'string' && !byId.has(e.incidentId)) {
        settle(e.data.commandId, { outcome: 'rejected', code: String(e.data.code ?? 'AIOPS_ERR_INCIDENT_COMMAND_REJECTED'), message: e.reason, statusCode: typeof e.data.statusCode === 'number' ? e.data.statusCode : 409, incident: null });
      }
      return omitted;
    },
    sweep(now) {
      let dropped = 0;
      for (const [id, since] of orphans) if (now - since >= opts.orphanGraceMs) dropped += forget(id);
      return dropped;
    },
    get(idOrNumber) {
      return byId.get(idOrNumber) ?? byId.get(byNumber.get(idOrNumber) ?? '');
    },
    timeline(id) {
      return entriesOf(id).sort((a, b) => a.version - b.version || a.at - b.at);
    },
    timelineOmitted(id) {
      return omittedBy.get(id) ?? 0;
    },
    list(f, limit, offset) {
      const states = f.state && f.state.length > 0 ? new Set(f.state) : null;
      const prios = f.priority && f.priority.length > 0 ? new Set(f.priority) : null;
      const q = f.q?.toLowerCase();
      const all: Incident[] = [];
      for (const i of byId.values()) {
        if (states && !states.has(i.state)) continue;
        if (prios && !prios.has(i.priority)) continue;
        if (f.service !== undefined && !i.affectedServices.includes(f.service)) continue;
        if (f.ci !== undefined && !i.affectedCis.includes(f.ci) && i.rootCauseCi !== f.ci) continue;
        if (f.assignmentGroup !== undefined && i.assignmentGroup !== f.assignmentGroup) continue;
        if (f.origin !== undefined && i.origin !== f.origin) continue;
        if (f.major !== undefined && i.major !== f.major) continue;
        if (f.from !== undefined && i.detectedAt < f.from) continue;
        if (f.to !== undefined && i.detectedAt > f.to) continue;
        if (q !== undefined && !i.title.toLowerCase().includes(q) && !i.number.toLowerCase().includes(q)) continue;
        all.push(i);
      }
      // open incidents by priority, then by age (R40); then the rest, newest first
      const open = (s: string) => (s === 'resolved' || s === 'closed' ? 1 : 0);
      all.sort((a, b) => open(a.state) - open(b.state) || (open(a.state) === 0 ? (PRIO[a.priority] ?? 9) - (PRIO[b.priority] ?? 9) || a.detectedAt - b.detectedAt : b.detectedAt - a.detectedAt) || a.id.localeCompare(b.id));
      return { items: all.slice(offset, offset + limit).map(summary), total: all.length };
    },
    stats(from, to) {
      const byState: Record<string, number> = {};
      const byPriority: Record<string, number> = {};
      let total = 0;
      let monitoring = 0;
      let resolved = 0;
      let beforeUsers = 0;
      let automatic = 0;
      let acked = 0;
      let ackSum = 0;
      let resSum = 0;
      let breached = 0;
      let major = 0;
      for (const i of byId.values()) {
        if (i.closeCode === 'merged' || i.closeCode === 'linked') continue;
        if ((from !== undefined && i.detectedAt < from) || (to !== undefined && i.detectedAt > to)) continue;
        total++;
        byState[i.state] = (byState[i.state] ?? 0) + 1;
        byPriority[i.priority] = (byPriority[i.priority] ?? 0) + 1;
        if (i.origin === 'monitoring') monitoring++;
        if (i.major) major++;
        if (i.sla?.responseBreached === true || i.sla?.resolutionBreached === true) breached++;
        if (i.acknowledgedAt !== undefined) {
          acked++;
          ackSum += i.acknowledgedAt - i.detectedAt;
        }
        if (i.resolvedAt !== undefined) {
          resolved++;
          resSum += i.resolvedAt - i.detectedAt;
          if (i.userReportedAt === undefined || i.resolvedAt < i.userReportedAt) beforeUsers++;
          if (i.resolvedBy === 'automation' || i.resolvedBy === 'auto_resolve') automatic++;
        }
      }
      const pct = (n: number, d: number) => (d === 0 ? null : Math.round((1000 * n) / d) / 10);
      return {
        total, byState, byPriority, major,
        detectedByMonitoringPct: pct(monitoring, total),
        resolvedBeforeUserReportPct: pct(beforeUsers, resolved),
        resolvedAutomaticallyPct: pct(automatic, resolved),
        mttaMs: acked === 0 ? null : Math.round(ackSum / acked),
        mttrMs: resolved === 0 ? null : Math.round(resSum / resolved),
        slaBreachedPct: pct(breached, total),
      };
    },
    waitForCommand(incidentId, commandId, timeoutMs) {
      const inc = byId.get(incidentId);
      const done = inc === undefined ? null : outcomeOf(inc, commandId);
      if (done !== null) return Promise.resolve(done);
      return new Promise((resolve) => {
        const t = setTimeout(() => {
          const ws = waiters.get(commandId)?.filter((w) => w !== fn) ?? [];
          if (ws.length === 0) waiters.delete(commandId);
          else waiters.set(commandId, ws);
          resolve(null);
        }, timeoutMs);
        const fn = (o: CommandOutcome) => {
          clearTimeout(t);
          resolve(o);
        };
        const ws = waiters.get(commandId) ?? [];
        ws.push(fn);
        waiters.set(commandId, ws);
      });
    },
  };
}
