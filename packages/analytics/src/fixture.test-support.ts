/**
 * KPI fixture with hand-computed answers (used by the real-ClickHouse test and the chDB test), so that
 * both engines are checked against the same numbers. Not exported from the package.
 */
import { Alert, Incident, type Event } from '@aiops/model';

export const T0 = Date.UTC(2026, 10, 1, 0, 0, 0);
const S = 1000;

interface Over {
  id: string;
  version?: number;
  origin?: 'monitoring' | 'user';
  state?: Incident['state'];
  occurredAt: number;
  detectedAt: number;
  acknowledgedAt?: number;
  resolvedAt?: number;
  closedAt?: number;
  onHoldMs?: number;
  reassignments?: number;
  reopenCount?: number;
  resolvedBy?: 'human' | 'automation' | 'auto_resolve';
  modelId?: string | null;
  userReportedAt?: number;
  slaTargetMs?: number;
  slaBreached?: boolean;
  alerts?: number;
  service: string;
  ci: string;
  category: string;
  priority: Incident['priority'];
  team: string;
  changeIds?: string[];
  title?: string;
}

export function incident(o: Over): Incident {
  return Incident.parse({
    id: o.id,
    number: `INC-${o.id}`,
    version: o.version ?? 5,
    origin: o.origin ?? 'monitoring',
    groupId: null,
    title: o.title ?? `${o.category} trouble on ${o.ci}`,
    description: '',
    state: o.state ?? (o.closedAt ? 'closed' : o.resolvedAt ? 'resolved' : 'in_progress'),
    severity: 'major',
    impact: 'medium',
    urgency: 'medium',
    priority: o.priority,
    priorityReason: 'matrix',
    major: o.priority === 'P1',
    category: o.category,
    subcategory: null,
    categoryConfidence: null,
    categoryApplied: true,
    assignmentGroup: o.team,
    assignee: null,
    affectedCis: [o.ci],
    affectedServices: [o.service],
    rootCauseCi: o.ci,
    alertIds: Array.from({ length: o.alerts ?? 1 }, (_, i) => `al-${o.id}-${i}`),
    problemId: null,
    detectedAt: o.detectedAt,
    occurredAt: o.occurredAt,
    updatedAt: o.resolvedAt ?? o.detectedAt,
    ...(o.acknowledgedAt !== undefined ? { acknowledgedAt: o.acknowledgedAt } : {}),
    ...(o.resolvedAt !== undefined ? { resolvedAt: o.resolvedAt } : {}),
    ...(o.closedAt !== undefined ? { closedAt: o.closedAt } : {}),
    ...(o.userReportedAt !== undefined ? { userReportedAt: o.userReportedAt } : {}),
    ...(o.resolvedBy !== undefined ? { resolvedBy: o.resolvedBy } : {}),
    reassignments: o.reassignments ?? 0,
    reopenCount: o.reopenCount ?? 0,
    onHoldMs: o.onHoldMs ?? 0,
    modelId: o.modelId ?? null,
    ...(o.slaTargetMs !== undefined
      ? {
          sla: {
            responseTargetMs: 900 * S,
            resolutionTargetMs: o.slaTargetMs,
            responseDueAt: o.detectedAt + 900 * S,
            resolutionDueAt: o.detectedAt + o.slaTargetMs,
            responseWarned: false,
            resolutionWarned: false,
            responseBreached: false,
            resolutionBreached: o.slaBreached ?? false,
          },
        }
      : {}),
    changeSuspects: (o.changeIds ?? []).map((c) => ({ changeId: c, ciId: o.ci, via: o.ci, startedAt: o.detectedAt - 600 * S, gapMs: 600 * S, description: 'deploy', risk: 'medium' })),
  });
}

/** KPI_FIXTURE: I1–I4 in the period, I5 the day before (excluded), plus replayed and stale versions. */
export function kpiFixture(): Incident[] {
  const i1 = incident({
    id: 'i1', occurredAt: T0, detectedAt: T0 + 60 * S, acknowledgedAt: T0 + 360 * S, resolvedAt: T0 + 3660 * S, closedAt: T0 + 7260 * S,
    onHoldMs: 600 * S, slaTargetMs: 4 * 3600 * S, resolvedBy: 'automation', modelId: 'rb-restart', alerts: 3,
    service: 'shop', ci: 'db-1', category: 'disk', priority: 'P2', team: 'dba',
  });
  const i2 = incident({
    id: 'i2', occurredAt: T0 + 1000 * S, detectedAt: T0 + 1120 * S, acknowledgedAt: T0 + 1720 * S, resolvedAt: T0 + 1120 * S + 7200 * S,
    reassignments: 2, slaTargetMs: 3600 * S, slaBreached: true, resolvedBy: 'human', reopenCount: 1, alerts: 5, userReportedAt: T0 + 2000 * S,
    service: 'shop', ci: 'lb-1', category: 'network', priority: 'P1', team: 'net', changeIds: ['chg-9'],
  });
  const i3 = incident({
    id: 'i3', origin: 'user', occurredAt: T0 + 5000 * S, detectedAt: T0 + 5000 * S, reassignments: 1, alerts: 0,
    service: 'pay', ci: 'app-1', category: 'disk', priority: 'P3', team: 'dba',
  });
  const i4 = incident({
    id: 'i4', occurredAt: T0 + 9000 * S, detectedAt: T0 + 9000 * S, acknowledgedAt: T0 + 9100 * S, resolvedAt: T0 + 10800 * S,
    onHoldMs: 300 * S, slaTargetMs: 2 * 3600 * S, resolvedBy: 'auto_resolve', alerts: 2,
    service: 'pay', ci: 'db-2', category: 'disk', priority: 'P3', team: 'dba',
  });
  const i5 = incident({
    id: 'i5', occurredAt: T0 - 86400 * S, detectedAt: T0 - 86400 * S, resolvedAt: T0 - 80000 * S, alerts: 9,
    service: 'shop', ci: 'db-1', category: 'disk', priority: 'P2', team: 'dba',
  });
  const i2Stale = { ...i2, version: 1, state: 'new' as const, resolvedAt: undefined, acknowledgedAt: undefined, reassignments: 0 };
  delete (i2Stale as Partial<Incident>).resolvedAt;
  delete (i2Stale as Partial<Incident>).acknowledgedAt;
  return [i1, i2, i3, i4, i5, i1, i2Stale];
}

/** The KPI values of kpiFixture over [T0, T0 + 1 day), computed by hand (see the test for the arithmetic). */
export const KPI_EXPECTED: Record<string, number | null> = {
  incidents: 4,
  resolved: 3,
  occurrence_to_detection_s: 45, // (60 + 120 + 0 + 0) / 4
  detected_by_monitoring_pct: 75, // 3 / 4
  mtta_s: 333.333, // (300 + 600 + 100) / 3
  diagnosis_s: 3566.667, // ((3300 − 600) + 6600 + (1700 − 300)) / 3
  mttr_s: 4200, // (3600 + 7200 + 1800) / 3
  reassignments_avg: 0.75, // (0 + 2 + 1 + 0) / 4
  waiting_pct: 5.556, // (600 + 0 + 300) / (7200 + 7200 + 1800)
  first_time_resolution_pct: 66.667, // i1, i4 of 3
  sla_met_pct: 66.667, // i1, i4 of 3 with targets
  resolved_automatically_pct: 66.667, // i1 automation, i4 auto_resolve
  resolved_before_users_pct: 66.667, // i1, i4 (i2 was reported by a user before it was resolved)
  resolved_with_model_pct: 33.333, // i1
  reopen_pct: 33.333, // i2
  alerts_per_incident: 2.5, // (3 + 5 + 0 + 2) / 4
};

export function alert(id: string, version: number, o: { ci: string; template: string; change?: Alert['change']; count: number; at: number; service?: string }): Alert {
  return Alert.parse({
    id, fingerprint: id, source: 'test', status: 'firing', severity: 'major', title: o.template, description: '', labels: {}, annotations: {}, resource: {},
    firstSeen: T0, lastSeen: o.at, count: o.count, episode: 1, flapping: o.change === 'flapping_started', suppressedBy: null,
    ci: { id: o.ci, method: 'hostname' }, service: o.service ?? 'shop', domain: 'shop', template: o.template, change: o.change ?? 'repeated',
    lastEventId: `${id}-${version}`, version, at: o.at,
  });
}

export function event(i: number, at: number, service: string): Event {
  return { id: `ev-${i}`, source: 'test', fingerprint: `fp-${i % 5}`, status: 'firing', severity: 'major', title: 't', description: '', labels: {}, annotations: {}, resource: { service }, occurredAt: at, receivedAt: at };
}
