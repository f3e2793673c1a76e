import type { z } from 'zod';
import { Alert, DlqRecord, Event, type TopicKey } from '@aiops/model';

/** A row for one ClickHouse table (JSONEachRow: DateTime columns take unix seconds). */
export type Row = Record<string, string | number>;

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

/** TableBinding says which topic feeds which table, how records are validated and turned into rows. */
export interface TableBinding<S extends z.ZodType = z.ZodType> {
  readonly topic: TopicKey;
  readonly table: string;
  readonly schema: S;
  readonly toRow: (record: z.output<S>) => Row;
}

function bind<S extends z.ZodType>(topic: TopicKey, table: string, schema: S, toRow: (r: z.output<S>) => Row): TableBinding {
  return { topic, table, schema, toRow: toRow as (r: unknown) => Row };
}

/** TABLE_BINDINGS: every topic the analytics writer stores, one table each. Add a line to store another. */
export const TABLE_BINDINGS: readonly TableBinding[] = [
  bind('events', 'events', Event, eventRow),
  bind('alerts', 'alerts', Alert, alertRow),
  bind('dlq', 'dlq', DlqRecord, dlqRow),
];
