import { errorType } from '@aiops/errors';
import { toDlqRecord, type BatchConsumer, type ConsumedBatch, type KafkaClient, type OutRecord, type Producer } from '@aiops/kafka';
import type { TopicNames } from '@aiops/model';
import { isKnownSource, normalize, NormalizeRejected, type NormalizeLimits } from '@aiops/normalize';
import type { Logger } from '@aiops/telemetry';
import { eventRecord } from './ingest-route.js';
import type { GatewayMetrics, RejectReason } from './metrics.js';

export interface RawInputOptions {
  readonly kafka: KafkaClient;
  readonly producer: Producer;
  readonly topics: TopicNames;
  readonly groupId: string;
  readonly metrics: GatewayMetrics;
  readonly limits: Partial<NormalizeLimits>;
  readonly logger: Logger;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

interface Refusal {
  readonly reason: RejectReason;
  readonly code: string;
  readonly message: string;
  readonly field?: string | undefined;
}

/**
 * toRecords normalises one raw record: the events it yields, or the refusal that sends it to the DLQ.
 * receivedAt is the record's Kafka timestamp, so a replay yields the same events and ids.
 */
function toRecords(rec: ConsumedBatch['records'][number], o: RawInputOptions): { events: OutRecord[]; source: string } | { refusal: Refusal; source: string } {
  const source = rec.headers.source ?? '';
  if (source === '') return { source, refusal: { reason: 'missing_source_header', code: 'AIOPS_ERR_NORMALIZE_SOURCE_HEADER', message: 'record has no `source` header naming its adapter' } };
  if (rec.value === null || rec.value.length === 0) return { source, refusal: { reason: 'empty_body', code: 'AIOPS_ERR_DECODE_EMPTY', message: 'record has no value' } };
  let parsed: unknown;
  try {
    parsed = JSON.parse(utf8.decode(rec.value));
  } catch (err) {
    const reason: RejectReason = err instanceof SyntaxError ? 'invalid_json' : 'invalid_utf8';
    return { source, refusal: { reason, code: 'AIOPS_ERR_DECODE_JSON', message: `value is not valid JSON: ${(err as Error).message}` } };
  }
  const result = normalize(source, parsed, { receivedAt: rec.timestamp, limits: o.limits });
  if (result.errors.length > 0) {
    const err = NormalizeRejected(source, result.errors);
    const reason: RejectReason = !isKnownSource(source) ? 'unknown_source' : err.code === 'AIOPS_ERR_NORMALIZE_LIMIT' ? 'limit' : 'schema';
    return { source, refusal: { reason, code: err.code, message: err.message, field: err.field } };
  }
  if (result.ignored.length > 0) o.metrics.ignored(source, result.ignored.length);
  return { source, events: result.events.map((e) => eventRecord(o.topics.events, e)) };
}

/**
 * createRawInput is the normaliser for senders that write to Kafka directly: aiops.events.raw.v1 (header
 * `source`) -> the same adapters as HTTP -> aiops.events.v1; anything invalid -> aiops.dlq.v1 (stage
 * 'normalizer') with its origin. One produce per batch, then the consumer commits (commit after write).
 */
export function createRawInput(o: RawInputOptions): BatchConsumer {
  return o.kafka.consumer({
    groupId: o.groupId,
    topics: [o.topics.eventsRaw],
    async handler(batch) {
      const out: OutRecord[] = [];
      const accepted = new Map<string, number>();
      const refused: Array<{ source: string; reason: RejectReason }> = [];
      for (const rec of batch.records) {
        const r = toRecords(rec, o);
        if ('events' in r) {
          out.push(...r.events);
          accepted.set(r.source, (accepted.get(r.source) ?? 0) + r.events.length);
          continue;
        }
        const dlq = toDlqRecord(
          'normalizer',
          {
            payload: rec.value ?? Buffer.alloc(0),
            errorCode: r.refusal.code,
            reason: r.refusal.message,
            field: r.refusal.field,
            source: r.source === '' ? undefined : r.source.slice(0, 100),
            origin: { topic: rec.topic, partition: rec.partition, offset: rec.offset },
          },
          rec.timestamp,
        );
        out.push({ topic: o.topics.dlq, key: 'normalizer', value: JSON.stringify(dlq) });
        refused.push({ source: r.source, reason: r.refusal.reason });
      }
      try {
        await o.producer.send(out);
      } catch (err) {
        o.metrics.kafkaError(errorType(err));
        throw err; // the consumer retries the same batch after a backoff; nothing is committed
      }
      for (const [source, n] of accepted) o.metrics.accepted(source, n);
      for (const r of refused) o.metrics.rejected(r.source, r.reason);
      if (refused.length > 0) o.logger.info({ refused: refused.length, partition: batch.partition }, 'raw records refused to the DLQ');
    },
  });
}
