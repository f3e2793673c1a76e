import type { Alert, CorrelationGroup, GroupMember } from '@aiops/model';

/** GroupFilter selects groups for GET /api/v1/groups (all conditions must hold). */
export interface GroupFilter {
  readonly status?: 'open' | 'closed';
  readonly service?: string;
  /** a member CI, a group CI or the root cause CI. */
  readonly ci?: string;
  /** openedAt bounds, epoch ms, inclusive. */
  readonly since?: number;
  readonly until?: number;
  readonly minSize?: number;
}

/** AlertFilter selects alerts for GET /api/v1/alerts. */
export interface AlertFilter {
  readonly status?: readonly string[];
  readonly severity?: readonly string[];
  readonly fingerprint?: string;
  readonly source?: string;
  readonly service?: string;
  readonly ci?: string;
  readonly groupId?: string;
  /** lastSeen bounds, epoch ms, inclusive. */
  readonly since?: number;
  readonly until?: number;
}

/** GroupSummary is a list row: everything of the group but its members (size and CIs instead). */
export interface GroupSummary {
  readonly id: string;
  readonly domain: string;
  readonly status: 'open' | 'closed';
  readonly change: string;
  readonly version: number;
  readonly openedAt: number;
  readonly updatedAt: number;
  readonly closedAt: number | null;
  readonly closeReason: string | null;
  readonly size: number;
  readonly firingCount: number;
  readonly maxSeverity: string;
  readonly services: readonly string[];
  readonly cis: readonly string[];
  readonly rootCause: CorrelationGroup['rootCause'];
  readonly candidates: CorrelationGroup['candidates'];
  /** title of the root-cause CI's alert when it has one, else of the first member, for a list view. */
  readonly title: string;
}

/** GroupMemberView is a member as the group recorded it, plus the alert's current state when known. */
export type GroupMemberView = GroupMember & {
  readonly alert: { readonly status: string; readonly severity: string; readonly count: number; readonly lastSeen: number; readonly flapping: boolean; readonly suppressed: boolean } | null;
};

/** AlertView is an alert plus the group(s) it is a member of (`groupId` = the most recent one). */
export type AlertView = Alert & { readonly groupId: string | null; readonly groupIds: readonly string[] };

export interface GroupStoreOptions {
  /** closed groups / resolved alerts are dropped this long after the console received their last version. */
  readonly retentionMs: number;
  readonly maxGroups: number;
  readonly maxAlerts: number;
}

export interface GroupStoreStats {
  readonly groups: number;
  readonly openGroups: number;
  readonly alerts: number;
  readonly evictedGroups: number;
  readonly evictedAlerts: number;
  /** highest event time seen (updatedAt / at). */
  readonly eventTime: number;
}

/**
 * GroupStore materialises aiops.groups.v1 (latest version per group id) and aiops.alerts.v1 (latest
 * version per alert id) in memory for the console, with an alert -> groups index so that an alert
 * says which group it is in. It is bounded: a closed group or a resolved alert is kept for
 * `retentionMs` after its last version was sent (the record's timestamp, not event time: a storm
 * replayed with historical timestamps stays readable after it was sent, whatever its dates; and a
 * restarted console re-reading the topic does not hold again what it had already let go), and the
 * counts are capped, evicting the oldest closed/resolved first (by event time) and only then the oldest
 * open ones (the correlator bounds open groups itself; the cap is the last guard).
 */
export interface GroupStore {
  /**
   * `at`: when the version was sent (its Kafka record timestamp, at most `now`), what retention runs
   * on; `now` (console clock, default `at`): a closed group already past the retention when it arrives
   * (a restart re-reading the topic) is not held at all, and replaces (drops) an older version held.
   */
  upsertGroup(g: CorrelationGroup, at: number, now?: number): void;
  upsertAlert(a: Alert, at: number, now?: number): void;
  /** evict what retention and caps say; call after a batch (cheap when nothing is due). */
  sweep(now: number): void;
  getGroup(id: string): (CorrelationGroup & { readonly size: number; readonly members: readonly GroupMemberView[] }) | undefined;
  getAlert(id: string): AlertView | undefined;
  listGroups(f: GroupFilter, limit: number, offset: number): { items: GroupSummary[]; total: number };
  listAlerts(f: AlertFilter, limit: number, offset: number): { items: AlertView[]; total: number };
  stats(): GroupStoreStats;
}

/** memberIds: every member's alert id, including those a truncated record lists by id only (moreAlertIds). */
function* memberIds(g: CorrelationGroup): Generator<string> {
  for (const m of g.members) yield m.alertId;
  if (g.moreAlertIds !== undefined) yield* g.moreAlertIds;
}

function summary(g: CorrelationGroup): GroupSummary {
  return {
    id: g.id, domain: g.domain, status: g.status, change: g.change, version: g.version, openedAt: g.openedAt, updatedAt: g.updatedAt,
    closedAt: g.closedAt ?? null, closeReason: g.closeReason ?? null, size: g.members.length, firingCount: g.firingCount, maxSeverity: g.maxSeverity,
    services: g.services, cis: g.cis, rootCause: g.rootCause, candidates: g.candidates, title: groupTitle(g),
  };
}

export function createGroupStore(opts: GroupStoreOptions): GroupStore {
  const groups = new Map<string, CorrelationGroup>();
  const alerts = new Map<string, Alert>();
  /** alert id -> ids of the groups listing it as a member. */
  const memberOf = new Map<string, Set<string>>();
  /** id -> arrival time of the version held. */
  const groupSeen = new Map<string, number>();
  const alertSeen = new Map<string, number>();
  let eventTime = 0;
  let lastSweepAt = 0;
  let evictedGroups = 0;
  let evictedAlerts = 0;

  function index(g: CorrelationGroup, add: boolean): void {
    for (const alertId of memberIds(g)) {
      let s = memberOf.get(alertId);
      if (add) {
        if (s === undefined) memberOf.set(alertId, (s = new Set()));
        s.add(g.id);
      } else if (s !== undefined) {
        s.delete(g.id);
        if (s.size === 0) memberOf.delete(alertId);
      }
    }
  }

  function dropGroup(id: string): void {
    const g = groups.get(id);
    if (g === undefined) return;
    index(g, false);
    groups.delete(id);
    groupSeen.delete(id);
    evictedGroups++;
  }

  function groupsOf(alertId: string): string[] {
    const ids = [...(memberOf.get(alertId) ?? [])];
    // The group an alert is in now: a group closed as merged still lists its members, but they are in
    // the group it merged into, so it comes last; then an open group before closed ones, then the one
    // that changed last (the merge target is updated when it takes the members), then the latest opened.
    const rank = (id: string) => groups.get(id);
    const merged = (g: CorrelationGroup) => (g.closeReason === 'merged' ? 1 : 0);
    const open = (g: CorrelationGroup) => (g.status === 'open' ? 0 : 1);
    ids.sort((a, b) => {
      const ga = rank(a);
      const gb = rank(b);
      if (ga === undefined || gb === undefined) return 0;
      return merged(ga) - merged(gb) || open(ga) - open(gb) || gb.updatedAt - ga.updatedAt || gb.openedAt - ga.openedAt || a.localeCompare(b);
    });
    return ids;
  }

  function alertView(a: Alert): AlertView {
    const ids = groupsOf(a.id);
    return { ...a, groupId: ids[0] ?? null, groupIds: ids };
  }

  const closedAge = (g: CorrelationGroup) => g.closedAt ?? g.updatedAt;
  const resolvedAge = (a: Alert) => a.resolvedAt ?? a.lastSeen;
  function dropAlert(id: string): void {
    alerts.delete(id);
    alertSeen.delete(id);
    evictedAlerts++;
  }

  return {
    upsertGroup(g, at, now = at) {
      const prev = groups.get(g.id);
      if (prev !== undefined && prev.version > g.version) return;
      eventTime = Math.max(eventTime, g.updatedAt);
      if (g.status === 'closed' && now - at > opts.retentionMs) {
        if (prev !== undefined) dropGroup(g.id);
        else evictedGroups++;
        return;
      }
      if (prev !== undefined) index(prev, false);
      groups.set(g.id, g);
      groupSeen.set(g.id, at);
      index(g, true);
    },
    upsertAlert(a, at, now = at) {
      const prev = alerts.get(a.id);
      if (prev !== undefined && prev.version > a.version) return;
      eventTime = Math.max(eventTime, a.at);
      if (a.status === 'resolved' && now - at > opts.retentionMs) {
        if (prev !== undefined) dropAlert(a.id);
        else evictedAlerts++;
        return;
      }
      alerts.set(a.id, a);
      alertSeen.set(a.id, at);
    },
    sweep(now) {
      const over = groups.size > opts.maxGroups || alerts.size > opts.maxAlerts;
      // a time-based sweep at most every 1/100 of the retention: O(n) scans stay rare
      if (!over && now - lastSweepAt < opts.retentionMs / 100) return;
      lastSweepAt = now;
      const horizon = now - opts.retentionMs;
      for (const g of [...groups.values()]) if (g.status === 'closed' && (groupSeen.get(g.id) ?? 0) < horizon) dropGroup(g.id);
      for (const a of [...alerts.values()]) if (a.status === 'resolved' && (alertSeen.get(a.id) ?? 0) < horizon) dropAlert(a.id);
      if (groups.size > opts.maxGroups) {
        const order = [...groups.values()].sort((a, b) => (a.status === 'closed' ? 0 : 1) - (b.status === 'closed' ? 0 : 1) || (a.status === 'closed' ? closedAge(a) - closedAge(b) : a.updatedAt - b.updatedAt));
        for (const g of order.slice(0, groups.size - opts.maxGroups)) dropGroup(g.id);
      }
      if (alerts.size > opts.maxAlerts) {
        const order = [...alerts.values()].sort((a, b) => (a.status === 'resolved' ? 0 : 1) - (b.status === 'resolved' ? 0 : 1) || resolvedAge(a) - resolvedAge(b));
        for (const a of order.slice(0, alerts.size - opts.maxAlerts)) dropAlert(a.id);
      }
    },
    getGroup(id) {
      const g = groups.get(id);
      if (g === undefined) return undefined;
      const members: GroupMemberView[] = g.members.map((m) => {
        const a = alerts.get(m.alertId);
        return { ...m, alert: a === undefined ? null : { status: a.status, severity: a.severity, count: a.count, lastSeen: a.lastSeen, flapping: a.flapping, suppressed: a.suppressedBy !== null } };
      });
      return { ...g, size: g.members.length, members };
    },
    getAlert(id) {
      const a = alerts.get(id);
      return a === undefined ? undefined : alertView(a);
    },
    listGroups(f, limit, offset) {
      const all: CorrelationGroup[] = [];
      for (const g of groups.values()) {
        if (f.status !== undefined && g.status !== f.status) continue;
        if (f.service !== undefined && !g.services.includes(f.service)) continue;
        if (f.ci !== undefined && !g.cis.includes(f.ci) && g.rootCause?.ciId !== f.ci && !g.members.some((m) => m.ciId === f.ci)) continue;
        if (f.since !== undefined && g.openedAt < f.since) continue;
        if (f.until !== undefined && g.openedAt > f.until) continue;
        if (f.minSize !== undefined && g.members.length < f.minSize) continue;
        all.push(g);
      }
      all.sort((a, b) => b.openedAt - a.openedAt || a.id.localeCompare(b.id));
      return { items: all.slice(offset, offset + limit).map(summary), total: all.length };
    },
    listAlerts(f, limit, offset) {
      const status = f.status && f.status.length > 0 ? new Set(f.status) : null;
      const severity = f.severity && f.severity.length > 0 ? new Set(f.severity) : null;
      const g = f.groupId === undefined ? undefined : groups.get(f.groupId);
      const inGroup = f.groupId === undefined ? null : new Set(g === undefined ? [] : memberIds(g));
      const all: Alert[] = [];
      for (const a of alerts.values()) {
        if (status && !status.has(a.status)) continue;
        if (severity && !severity.has(a.severity)) continue;
        if (f.fingerprint !== undefined && a.fingerprint !== f.fingerprint) continue;
        if (f.source !== undefined && a.source !== f.source) continue;
        if (f.service !== undefined && a.service !== f.service) continue;
        if (f.ci !== undefined && a.ci?.id !== f.ci) continue;
        if (inGroup && !inGroup.has(a.id)) continue;
        if (f.since !== undefined && a.lastSeen < f.since) continue;
        if (f.until !== undefined && a.lastSeen > f.until) continue;
        all.push(a);
      }
      all.sort((a, b) => b.lastSeen - a.lastSeen || a.id.localeCompare(b.id));
      return { items: all.slice(offset, offset + limit).map(alertView), total: all.length };
    },
    stats() {
      let open = 0;
      for (const g of groups.values()) if (g.status === 'open') open++;
      return { groups: groups.size, openGroups: open, alerts: alerts.size, evictedGroups, evictedAlerts, eventTime };
    },
  };
}

function groupTitle(g: CorrelationGroup): string {
  const rc = g.rootCause?.ciId;
  const onRoot = rc === undefined ? undefined : g.members.find((m) => m.ciId === rc);
  return (onRoot ?? g.members[0])?.title ?? '';
}
