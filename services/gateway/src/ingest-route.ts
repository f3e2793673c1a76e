import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AiopsError, errorType, isAiopsError } from '@aiops/errors';
import type { HttpServer } from '@aiops/http';
import { TokenAuth } from '@aiops/http';
import { toDlqRecord, type DlqEntry, type OutRecord } from '@aiops/kafka';
import type { Event, TopicNames } from '@aiops/model';
import { isKnownSource, normalize, NormalizeRejected, type NormalizeLimits } from '@aiops/normalize';
import type { Clock } from '@aiops/pipeline';
import type { BatchingProducer } from './batching-producer.js';
import { BadSignature, BodyTooLarge, EmptyBody, InvalidJson, InvalidUtf8, KafkaNotAcknowledged, RateLimited, UnsupportedMediaType } from './errors.js';
import type { GatewayMetrics, RejectReason } from './metrics.js';
import type { RateLimiter } from './rate-limiter.js';
import { isRawBody, JSON_MEDIA_TYPES, registerRawBodyParser, type RawBody } from './raw-body.js';
import { verifySignature, type SignatureCheck } from './signature.js';

export interface IngestRouteOptions {
  readonly http: HttpServer;
  readonly topics: TopicNames;
  readonly producer: BatchingProducer;
  readonly metrics: GatewayMetrics;
  readonly limiter: RateLimiter;
  readonly clock: Clock;
  readonly bodyLimit: number;
  readonly dlqBodyBytes: number;
  readonly retryAfterSeconds: number;
  readonly signatures: Readonly<Record<string, SignatureCheck>>;
  readonly limits: Partial<NormalizeLimits>;
  /** Called after a Kafka write failed or succeeded: feeds /readyz. */
  readonly onKafkaResult: (ok: boolean) => void;
}

interface Params {
  source: string;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** eventRecord: one event on aiops.events.v1, keyed by fingerprint so one alert stays on one partition. */
export function eventRecord(topic: string, e: Event): OutRecord {
  return { topic, key: e.fingerprint, value: JSON.stringify(e), headers: { source: e.source } };
}

function reasonOfAuth(err: unknown): RejectReason {
  return isAiopsError(err) && err.statusCode === 403 ? 'forbidden' : 'unauthorized';
}

/**
 * registerIngestRoute adds POST /api/v1/events/:source in its own fastify context (raw body parser).
 *
 * Order: bearer token and its source (401/403) and the per-token rate limit (429) run in onRequest, before
 * the body is read; these are not written to the DLQ. Then size (413), HMAC signature when configured
 * (401), media type (415), UTF-8 and JSON (400), source and payload (404/400). Every refused body is written
 * to aiops.dlq.v1 before the 4xx goes out; if that write fails the answer is 503 so the sender retries.
 * 202 is sent only after Kafka acknowledged every event of the request.
 */
export function registerIngestRoute(app: FastifyInstance, o: IngestRouteOptions): void {
  const requireIngest = o.http.requireRole('ingest');

  async function authenticate(req: FastifyRequest<{ Params: Params }>, reply: FastifyReply): Promise<FastifyReply | undefined> {
    const source = req.params.source;
    try {
      await requireIngest(req, undefined as unknown as FastifyReply);
      TokenAuth.authorize(req.principal as NonNullable<typeof req.principal>, 'ingest', source);
    } catch (err) {
      o.metrics.rejected(source, reasonOfAuth(err));
      throw err;
    }
    const wait = o.limiter.take((req.principal as NonNullable<typeof req.principal>).name, o.clock.now());
    if (wait > 0) {
      o.metrics.rejected(source, 'rate_limited');
      return reply.code(429).header('retry-after', String(wait)).send({ error: RateLimited(wait).toJSON() });
    }
    return undefined;
  }

  function unavailable(reply: FastifyReply, err: unknown): FastifyReply {
    o.metrics.kafkaError(errorType(err));
    o.metrics.rejected(String((reply.request.params as Params).source), 'kafka_unavailable');
    o.onKafkaResult(false);
    const e = KafkaNotAcknowledged();
    return reply.code(503).header('retry-after', String(o.retryAfterSeconds)).send({ error: e.toJSON() });
  }

  async function refuse(reply: FastifyReply, source: string, reason: RejectReason, err: AiopsError, body: RawBody | undefined): Promise<FastifyReply> {
    const entry: DlqEntry = {
      payload: body?.bytes ?? Buffer.alloc(0),
      errorCode: err.code,
      reason: err.message,
      field: err.field,
      source: source.slice(0, 100),
      contentType: body?.contentType === '' ? undefined : body?.contentType,
    };
    const rec = toDlqRecord('gateway', entry, o.clock.now());
    try {
      await o.producer.send([{ topic: o.topics.dlq, key: 'gateway', value: JSON.stringify(rec) }]);
    } catch (kafkaErr) {
      return unavailable(reply, kafkaErr);
    }
    o.onKafkaResult(true);
    o.metrics.rejected(source, reason);
    return reply.code(err.statusCode).send({ error: err.toJSON() });
  }

  app.register(async (scope) => {
    registerRawBodyParser(scope, { limit: o.bodyLimit, keepBytes: o.dlqBodyBytes });
    scope.post<{ Params: Params }>('/api/v1/events/:source', { onRequest: authenticate }, async (req, reply) => {
      const source = req.params.source;
      const receivedAt = o.clock.now();
      const body = isRawBody(req.body) ? req.body : undefined;
      if (body === undefined) return refuse(reply, source, 'empty_body', EmptyBody(), undefined);
      if (body.tooLarge) return refuse(reply, source, 'body_too_large', BodyTooLarge(body.size, o.bodyLimit, body.bytes.length), body);
      const sig = o.signatures[source];
      if (sig !== undefined) {
        const bad = verifySignature(sig, body.bytes, req.headers, receivedAt);
        if (bad !== undefined) {
          o.metrics.rejected(source, 'bad_signature');
          throw BadSignature(bad);
        }
      }
      if (!JSON_MEDIA_TYPES.has(body.mediaType)) return refuse(reply, source, 'unsupported_media_type', UnsupportedMediaType(body.contentType), body);
      if (body.bytes.length === 0) return refuse(reply, source, 'empty_body', EmptyBody(), body);
      let text: string;
      try {
        text = utf8.decode(body.bytes);
      } catch {
        return refuse(reply, source, 'invalid_utf8', InvalidUtf8(), body);
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch (err) {
        return refuse(reply, source, 'invalid_json', InvalidJson((err as Error).message), body);
      }
      const result = normalize(source, parsed, { receivedAt, limits: o.limits });
      if (result.errors.length > 0) {
        const err = NormalizeRejected(source, result.errors);
        const reason: RejectReason = !isKnownSource(source) ? 'unknown_source' : err.code === 'AIOPS_ERR_NORMALIZE_LIMIT' ? 'limit' : 'schema';
        return refuse(reply, source, reason, err, body);
      }
      if (result.events.length > 0) {
        try {
          await o.producer.send(result.events.map((e) => eventRecord(o.topics.events, e)));
        } catch (err) {
          return unavailable(reply, err);
        }
        o.onKafkaResult(true);
        o.metrics.accepted(source, result.events.length);
      }
      if (result.ignored.length > 0) o.metrics.ignored(source, result.ignored.length);
      return reply.code(202).send({ accepted: result.events.length, ids: result.events.map((e) => e.id), ignored: result.ignored.length });
    });
  });
}
