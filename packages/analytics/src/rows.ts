import type { z } from 'zod';
import { Alert, ChangeRecord, ConfigurationItem, CorrelationGroup, DlqRecord, Event, Incident, IncidentEvent, Problem, RunbookResult, type TopicKey } from '@aiops/model';

/** A row for one ClickHouse table (JSONEachRow: DateTime columns take unix seconds). */
export type Row = Record<string, string | number | readonly string[]>;

const sec = (ms: number) => Math.floor(ms / 1000);

export function eventRow(e: Event): Row {
  return {
    id: e.id,
    source: e.source,
    fingerprint: e.fingerprint,
    status: e.status,
    severity: e.severity,
    title: e.title,
    description: e.description,
    host: e.resource.host ?? e.resource.instance ?? '',
    service: e.resource.service ?? '',
    namespace: e.resource.namespace ?? '',
    labels: JSON.stringify(e.labels),
    occurred_at: sec(e.occurredAt),
    received_at: sec(e.receivedAt),
    occurred_ms: e.occurredAt,
    received_ms: e.receivedAt,
    payload: JSON.stringify(e),
  };
}

export function alertRow(a: Alert): Row {
  return {
    alert_id: a.id,
    fingerprint: a.fingerprint,
    version: a.version,
    change: a.change,
    status: a.status,
    severity: a.severity,
    source: a.source,
    title: a.title,
    template: a.template,
    ci_id: a.ci?.id ?? '',
    ci_method: a.ci?.method ?? 'none',
    service: a.service ?? '',
    domain: a.domain,
    count: a.count,
    episode: a.episode,
    flapping: a.flapping ? 1 : 0,
    suppressed_by: a.suppressedBy?.kind ?? '',
    first_seen: sec(a.firstSeen),
    last_seen: sec(a.lastSeen),
    at: sec(a.at),
    at_ms: a.at,
    payload: JSON.stringify(a),
  };
}

export function dlqRow(d: DlqRecord): Row {
  return {
    id: d.id,
    stage: d.stage,
    source: d.source ?? '',
    error_code: d.errorCode,
    reason: d.reason,
    field: d.field ?? '',
    at: sec(d.at),
    at_ms: d.at,
    encoding: d.encoding,
    payload: d.payload,
    origin_topic: d.origin?.topic ?? '',
    origin_partition: d.origin?.partition ?? -1,
    origin_offset: d.origin?.offset ?? '',
  };
}

/** incidentRow flattens the KPI-relevant fields of a snapshot; the full snapshot stays in `payload`. */
export function incidentRow(i: Incident): Row {
  const firstAlert = i.alerts[0];
  return {
    id: i.id,
    number: i.number,
    version: i.version,
    origin: i.origin,
    title: i.title,
    template: firstAlert?.template ?? i.title,
    state: i.state,
    severity: i.severity,
    impact: i.impact,
    urgency: i.urgency,
    priority: i.priority,
    major: i.major ? 1 : 0,
    category: i.category ?? '',
    subcategory: i.subcategory ?? '',
    assignment_group: i.assignmentGroup ?? '',
    assignee: i.assignee ?? '',
    service: i.affectedServices[0] ?? '',
    services: i.affectedServices,
    ci: i.rootCauseCi ?? i.affectedCis[0] ?? '',
    cis: i.affectedCis,
    problem_id: i.problemId ?? '',
    detected_at: sec(i.detectedAt),
    detected_ms: i.detectedAt,
    occurred_ms: i.occurredAt,
    acknowledged_ms: i.acknowledgedAt ?? 0,
    resolved_ms: i.resolvedAt ?? 0,
    closed_ms: i.closedAt ?? 0,
    updated_ms: i.updatedAt,
    user_reported_ms: i.userReportedAt ?? 0,
    reassignments: i.reassignments,
    reopen_count: i.reopenCount,
    resolved_by: i.resolvedBy ?? '',
    on_hold_ms: i.onHoldMs,
    sla_resolution_target_ms: i.sla?.resolutionTargetMs ?? 0,
    sla_response_breached: i.sla?.responseBreached ? 1 : 0,
    sla_resolution_breached: i.sla?.resolutionBreached ? 1 : 0,
    model_id: i.modelId ?? '',
    runbook_id: i.runbookId ?? '',
    alert_count: Math.max(i.alertIds.length, i.alerts.length),
    change_suspect: i.changeSuspects.length > 0 ? 1 : 0,
    change_ids: [...new Set(i.changeSuspects.map((c) => c.changeId))],
    payload: JSON.stringify(i),
  };
}

export function incidentEventRow(e: IncidentEvent): Row {
  return {
    id: e.id,
    incident_id: e.incidentId,
    version: e.version,
    at: sec(e.at),
    at_ms: e.at,
    actor_kind: e.actor.kind,
    actor_id: e.actor.id,
    type: e.type,
    reason: e.reason,
    data: JSON.stringify(e.data),
  };
}

export function runbookResultRow(r: RunbookResult): Row {
  return {
    id: r.id,
    request_id: r.requestId,
    runbook_id: r.runbookId,
    incident_id: r.incidentId,
    outcome: r.outcome,
    reason: r.reason,
    started_at: sec(r.startedAt),
    started_ms: r.startedAt,
    ended_ms: r.endedAt ?? 0,
    attempts: r.attempts,
    output: r.output.slice(0, 65536),
  };
}

/** changeRow: `ingestedMs` orders versions of one change (the compacted topic keeps only the latest). */
export function changeRow(c: ChangeRecord, ingestedMs: number): Row {
  return {
    id: c.id,
    ci_id: c.ciId,
    started_at: sec(c.startedAt),
    started_ms: c.startedAt,
    ended_ms: c.endedAt ?? 0,
    description: c.description,
    risk: c.risk,
    status: c.status,
    ingested_ms: ingestedMs,
  };
}

export function cmdbRow(ci: ConfigurationItem, ingestedMs: number): Row {
  return {
    id: ci.id,
    name: ci.name,
    type: ci.type,
    environment: ci.environment ?? '',
    criticality: ci.criticality ?? '',
    support_group: ci.supportGroup ?? '',
    depends_on: [...new Set(ci.relations.filter((r) => r.type === 'depends_on' || r.type === 'runs_on').map((r) => r.target))],
    relations: JSON.stringify(ci.relations),
    deleted: 0,
    ingested_ms: ingestedMs,
    payload: JSON.stringify(ci),
  };
}

/** cmdbTombstone is the row of a deleted CI (null value on the compacted topic, keyed by CI id). */
export function cmdbTombstone(id: string, ingestedMs: number): Row {
  return { id, name: '', type: 'deleted', environment: '', criticality: '', support_group: '', depends_on: [], relations: '[]', deleted: 1, ingested_ms: ingestedMs, payload: '' };
}

export function problemRow(p: Problem): Row {
  return {
    id: p.id,
    version: p.version,
    state: p.state,
    title: p.title,
    pattern: p.pattern,
    pattern_key: p.patternKey,
    evidence: JSON.stringify(p.evidence),
    incident_ids: p.incidentIds,
    ci_ids: p.ciIds,
    services: p.services,
    root_cause: p.rootCause ?? '',
    workaround: p.workaround ?? '',
    detected_ms: p.detectedAt,
    updated_ms: p.updatedAt,
    payload: JSON.stringify(p),
  };
}

export function groupRow(g: CorrelationGroup): Row {
  return {
    id: g.id,
    version: g.version,
    domain: g.domain,
    status: g.status,
    change: g.change,
    opened_at: sec(g.openedAt),
    opened_ms: g.openedAt,
    updated_ms: g.updatedAt,
    closed_ms: g.closedAt ?? 0,
    close_reason: g.closeReason ?? '',
    members: g.members.length,
    alert_ids: g.members.map((m) => m.alertId),
    root_cause_ci: g.rootCause?.ciId ?? '',
    services: g.services,
    cis: g.cis,
    max_severity: g.maxSeverity,
    firing: g.firingCount,
    payload: JSON.stringify(g),
  };
}

/** TableBinding says which topic feeds which table, how records are validated and turned into rows. */
export interface TableBinding<S extends z.ZodType = z.ZodType> {
  readonly topic: TopicKey;
  readonly table: string;
  readonly schema: S;
  /** toRow gets the record and its Kafka timestamp (ingest time: the version of unversioned records). */
  readonly toRow: (record: z.output<S>, timestamp: number) => Row;
  /**
   * tombstone: what a null value (compacted topics: delete) means for the table. A function turns it
   * into a row (a deletion marker); 'keep' skips it, the table keeps its history (the incident manager
   * tombstones closed incidents it no longer holds, which are not deleted); without it a null value is refused.
   */
  readonly tombstone?: ((key: string, timestamp: number) => Row) | 'keep';
}

function bind<S extends z.ZodType>(
  topic: TopicKey,
  table: string,
  schema: S,
  toRow: (r: z.output<S>, timestamp: number) => Row,
  tombstone?: ((key: string, timestamp: number) => Row) | 'keep',
): TableBinding {
  return { topic, table, schema, toRow: toRow as (r: unknown, t: number) => Row, ...(tombstone ? { tombstone } : {}) };
}

/** TABLE_BINDINGS: every topic the analytics writer stores, one table each. Add a line to store another. */
export const TABLE_BINDINGS: readonly TableBinding[] = [
  bind('events', 'events', Event, eventRow),
  bind('alerts', 'alerts', Alert, alertRow),
  bind('dlq', 'dlq', DlqRecord, dlqRow),
  bind('incidents', 'incidents', Incident, incidentRow, 'keep'),
  bind('incidentEvents', 'incident_events', IncidentEvent, incidentEventRow),
  bind('runbookResults', 'runbook_results', RunbookResult, runbookResultRow),
  bind('changes', 'changes', ChangeRecord, changeRow),
  bind('cmdb', 'cmdb', ConfigurationItem, cmdbRow, cmdbTombstone),
  bind('problems', 'problems', Problem, problemRow),
  bind('groups', 'groups', CorrelationGroup, groupRow),
];

/**
 * RETENTION_DAYS mirrors the TTL clauses of the migrations, for servers without TTL (18.16), where the
 * analytics writer drops expired monthly partitions instead. Tables without an entry are kept.
 */
export const RETENTION_DAYS: Readonly<Record<string, number>> = {
  events: 90,
  alerts: 180,
  dlq: 30,
  incidents: 730,
  incident_events: 730,
  runbook_results: 365,
  groups: 365,
};
