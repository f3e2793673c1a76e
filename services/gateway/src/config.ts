import { z } from 'zod';
import { kafkaConfig } from '@aiops/kafka';

/** hmacConfig: optional HMAC-SHA256 signature check of the raw body for one source (generic, grafana). */
export const hmacConfig = z.strictObject({
  secret: z.string().min(16).describe('shared secret (at least 16 characters)'),
  header: z.string().min(1).default('x-aiops-signature').describe('header carrying hex(HMAC-SHA256(secret, body)), optionally prefixed "sha256="; Grafana: x-grafana-alerting-signature'),
  timestampHeader: z.string().min(1).optional().describe('when set, the signed message is "<timestamp>:<body>" (Grafana\'s timestamp header option)'),
  maxSkewSeconds: z.number().int().positive().default(300).describe('with timestampHeader: refuse timestamps further from now (replay window)'),
});

/** gatewayConfig: HTTP ingestion, the Kafka producer's micro-batching and the raw Kafka input. */
export const gatewayConfig = z.strictObject({
  kafka: kafkaConfig.prefault({}),
  http: z
    .strictObject({
      port: z.number().int().min(0).max(65535).default(8080),
      host: z.string().min(1).default('0.0.0.0').describe('listen address; monitoring systems post from other hosts'),
      bodyLimit: z.number().int().positive().default(1024 * 1024).describe('max request body in bytes; larger bodies get 413'),
      dlqBodyBytes: z.number().int().positive().default(64 * 1024).describe('how much of an oversized body is kept in the DLQ'),
    })
    .prefault({}),
  log: z.strictObject({ level: z.string().default('info') }).prefault({}),
  ingest: z
    .strictObject({
      rateLimit: z
        .strictObject({
          perSecond: z.number().positive().default(500).describe('sustained requests per second per token'),
          burst: z.number().int().positive().default(1000).describe('bucket size: requests a token may send at once'),
        })
        .prefault({}),
      hmac: z.record(z.string(), hmacConfig).default({}).describe('per source: require a signature (e.g. {"grafana": {...}})'),
      retryAfterSeconds: z.number().int().positive().default(5).describe('Retry-After on 503 when Kafka is unavailable'),
      batch: z
        .strictObject({
          maxRecords: z.number().int().positive().default(500).describe('flush a producer batch at this many records'),
          maxDelayMs: z.number().int().min(0).default(5).describe('or after this long, whichever first'),
        })
        .prefault({}),
      limits: z
        .strictObject({
          maxLabels: z.number().int().positive().default(256),
          maxLabelValueLength: z.number().int().positive().default(16 * 1024),
          maxAnnotationValueLength: z.number().int().positive().default(64 * 1024),
          maxEvents: z.number().int().positive().default(10_000),
        })
        .prefault({}),
    })
    .prefault({}),
  rawInput: z
    .strictObject({
      enabled: z.boolean().default(true).describe('consume aiops.events.raw.v1 (header `source`) and normalise it into aiops.events.v1'),
      groupId: z.string().min(1).default('aiops-normalizer'),
    })
    .prefault({}),
});
export type GatewayConfig = z.output<typeof gatewayConfig>;
export type GatewayConfigInput = z.input<typeof gatewayConfig>;
