import { counter, histogram, type Telemetry } from '@aiops/telemetry';

/**
 * REJECT_REASONS is the bounded set of `reason` label values for refused input (Vector's rule: never raw
 * messages as labels).
 */
export const REJECT_REASONS = [
  'invalid_json',
  'invalid_utf8',
  'empty_body',
  'schema',
  'limit',
  'body_too_large',
  'unsupported_media_type',
  'unknown_source',
  'missing_source_header',
  'unauthorized',
  'forbidden',
  'bad_signature',
  'rate_limited',
  'kafka_unavailable',
] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];

export interface GatewayMetrics {
  accepted(source: string, n: number): void;
  rejected(source: string, reason: RejectReason): void;
  /** Well-formed items that are not alert states (acks, downtimes, updates): dropped on purpose, counted. */
  ignored(source: string, n: number): void;
  batchSize(n: number): void;
  kafkaError(errorType: string): void;
}

/** createGatewayMetrics registers the gateway's metrics once; `source` values are known source names or "unknown". */
export function createGatewayMetrics(telemetry: Telemetry, knownSources: readonly string[]): GatewayMetrics {
  const reg = telemetry.registry;
  const accepted = counter(reg, 'aiops_gateway_events_accepted_total', 'events acknowledged by Kafka, per source', ['source']);
  const rejected = counter(reg, 'aiops_gateway_events_rejected_total', 'refused requests or raw records, per source and reason', ['source', 'reason']);
  const ignored = counter(reg, 'aiops_gateway_items_ignored_total', 'well-formed items that are not alert states (intentionally not turned into events)', ['source']);
  const batch = histogram(reg, 'aiops_gateway_producer_batch_size', 'records per coalesced producer send', [], [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 5000]);
  const kafkaErrors = counter(reg, 'aiops_gateway_kafka_errors_total', 'failed Kafka writes (the request got 503 or the batch is retried)', ['error_type']);
  const known = new Set(knownSources);
  const label = (s: string) => (known.has(s) ? s : 'unknown');
  return {
    accepted: (source, n) => accepted.inc({ source: label(source) }, n),
    rejected: (source, reason) => rejected.inc({ source: label(source), reason }),
    ignored: (source, n) => ignored.inc({ source: label(source) }, n),
    batchSize: (n) => batch.observe(n),
    kafkaError: (t) => kafkaErrors.inc({ error_type: t }),
  };
}
