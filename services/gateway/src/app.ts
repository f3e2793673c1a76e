import { errorType } from '@aiops/errors';
import { createHttpServer, type HttpServer, type TokenAuth } from '@aiops/http';
import { createKafkaClient, type BatchConsumer, type KafkaClient, type Producer } from '@aiops/kafka';
import { SOURCES } from '@aiops/normalize';
import type { Clock } from '@aiops/pipeline';
import type { Telemetry } from '@aiops/telemetry';
import { createBatchingProducer, type BatchingProducer } from './batching-producer.js';
import type { GatewayConfig } from './config.js';
import { registerIngestRoute } from './ingest-route.js';
import { createGatewayMetrics } from './metrics.js';
import { docsPage, openApiDocument } from './openapi.js';
import { createTokenBucketLimiter } from './rate-limiter.js';
import { createRawInput } from './raw-input.js';

export interface AppDeps {
  readonly telemetry: Telemetry;
  readonly clock: Clock;
  /** Bearer tokens. Without any, every API request is refused (no built-in default token). */
  readonly auth: TokenAuth;
  readonly kafka?: KafkaClient;
}

export interface GatewayApp {
  start(): Promise<void>;
  stop(): Promise<void>;
  readonly http: HttpServer;
  readonly kafka: KafkaClient;
  /** Resolves when topics exist and the producer is created (start() does not wait for Kafka). */
  readonly kafkaReady: Promise<void>;
}

/**
 * buildApp wires the gateway:
 *
 *   POST /api/v1/events/{source} ─ auth, rate limit ─ raw body ─ normalize (@aiops/normalize) ─┐
 *   aiops.events.raw.v1 (header source) ─ normalize ───────────────────────────────────────────┴─>
 *        batching producer (acks=all, idempotent) ─> aiops.events.v1 | aiops.dlq.v1
 *
 * The HTTP side answers 202 only after Kafka acknowledged; while Kafka is unavailable it answers 503 and
 * /readyz is 503. start() does not wait for Kafka: topic creation and the producer are retried in the
 * background, so the gateway comes up (and reports unready) when the broker is down, and recovers
 * without a restart when it returns.
 */
export function buildApp(config: GatewayConfig, deps: AppDeps): GatewayApp {
  const { telemetry, clock } = deps;
  const log = telemetry.logger;
  const kafka = deps.kafka ?? createKafkaClient(config.kafka, telemetry);
  const topics = kafka.topics;
  const metrics = createGatewayMetrics(telemetry, SOURCES);
  const groupPrefix = config.kafka.namespace === '' ? '' : `${config.kafka.namespace}.`;
  let producer: Producer | undefined;
  let batcher: BatchingProducer | undefined;
  let rawInput: BatchConsumer | undefined;
  let kafkaOk = false;
  let stopping = false;
  let lastProbe = 0;
  let probing: Promise<void> | undefined;

  // While unhealthy, a readiness probe pings the broker (at most once a second) so /readyz recovers even
  // when no traffic arrives; the next send confirms or flips it back.
  function probe(): void {
    if (probing !== undefined || clock.now() - lastProbe < 1000) return;
    lastProbe = clock.now();
    probing = kafka
      .ping()
      .then((ok) => {
        if (ok && producer !== undefined) kafkaOk = true;
      })
      .finally(() => (probing = undefined));
  }

  const http = createHttpServer({
    telemetry,
    bodyLimit: config.http.bodyLimit,
    auth: deps.auth,
    readiness: [
      () => {
        if (!kafkaOk) probe();
        return !stopping && kafkaOk && (rawInput === undefined || rawInput.running);
      },
    ],
  });

  const sendVia: BatchingProducer = {
    send: (records) => {
      if (batcher === undefined) return Promise.reject(new Error('Kafka producer not created yet'));
      return batcher.send(records);
    },
    flush: () => batcher?.flush() ?? Promise.resolve(),
  };

  registerIngestRoute(http.app, {
    http,
    topics,
    producer: sendVia,
    metrics,
    limiter: createTokenBucketLimiter(config.ingest.rateLimit),
    clock,
    bodyLimit: config.http.bodyLimit,
    dlqBodyBytes: config.http.dlqBodyBytes,
    retryAfterSeconds: config.ingest.retryAfterSeconds,
    signatures: config.ingest.hmac,
    limits: config.ingest.limits,
    onKafkaResult: (ok) => {
      kafkaOk = ok;
    },
  });
  const doc = openApiDocument();
  http.app.get('/docs/openapi.json', async () => doc);
  const page = docsPage();
  http.app.get('/docs', async (_req, reply) => reply.type('text/html; charset=utf-8').send(page));

  async function connectKafka(): Promise<void> {
    for (let attempt = 0; !stopping; attempt++) {
      try {
        await kafka.ensureTopics();
        producer ??= await kafka.producer({ sendTimeoutMs: config.kafka.sendTimeoutMs });
        batcher ??= createBatchingProducer(producer, { ...config.ingest.batch, observe: (n) => metrics.batchSize(n) });
        kafkaOk = true;
        if (config.rawInput.enabled && rawInput === undefined) {
          rawInput = createRawInput({ kafka, producer, topics, groupId: `${groupPrefix}${config.rawInput.groupId}`, metrics, limits: config.ingest.limits, logger: log });
          await rawInput.start();
        }
        return;
      } catch (err) {
        metrics.kafkaError(errorType(err));
        log.warn({ err, attempt }, 'Kafka not ready yet; retrying');
        await new Promise((r) => setTimeout(r, Math.min(5000, 500 * 2 ** Math.min(attempt, 4))));
      }
    }
  }

  let kafkaReady: Promise<void> = Promise.resolve();
  return {
    http,
    kafka,
    get kafkaReady() {
      return kafkaReady;
    },
    async start() {
      kafkaReady = connectKafka();
      await http.listen(config.http.port, config.http.host);
      log.info({ port: config.http.port, namespace: config.kafka.namespace, rawInput: config.rawInput.enabled }, 'gateway listening');
    },
    async stop() {
      stopping = true;
      await http.close(); // stop taking requests; in-flight ones finish (their sends are awaited)
      await rawInput?.stop();
      await batcher?.flush();
      await producer?.disconnect();
      await kafka.close();
    },
  };
}
