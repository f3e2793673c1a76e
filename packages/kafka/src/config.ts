import { z } from 'zod';
import { parseCsv, parseIntStrict } from '@aiops/config';

/** kafkaConfig is the shared config fragment every Kafka-using service embeds under `kafka`. */
export const kafkaConfig = z.strictObject({
  brokers: z
    .array(z.string().regex(/^[^\s:]+:\d+$/, 'expected host:port'))
    .min(1)
    .default(['127.0.0.1:9092'])
    .describe('seed brokers, host:port; default: the local stack'),
  clientId: z.string().min(1).default('aiops').describe('client id sent to the broker'),
  namespace: z
    .string()
    .regex(/^([a-z0-9][a-z0-9-]*)?$/, 'lower-case letters, digits and dashes')
    .default('')
    .describe('prefix for every topic and consumer group; empty = production names'),
  partitions: z.number().int().positive().max(1000).default(12).describe('partitions of keyed topics when this service creates them'),
  connectionTimeoutMs: z.number().int().positive().default(3000),
  requestTimeoutMs: z.number().int().positive().default(10000),
  sendTimeoutMs: z.number().int().positive().default(10000).describe('a send not acknowledged within this is reported unavailable'),
});
export type KafkaConfig = z.output<typeof kafkaConfig>;
export type KafkaConfigInput = z.input<typeof kafkaConfig>;

/**
 * KAFKA_ENV maps the AIOPS_KAFKA_* variables onto the `kafka` config section, the same in every service
 * (spread it into the mapping a main.ts passes to envOverrides).
 */
export const KAFKA_ENV = {
  AIOPS_KAFKA_BROKERS: { path: 'kafka.brokers', parse: parseCsv },
  AIOPS_KAFKA_NAMESPACE: 'kafka.namespace',
  AIOPS_KAFKA_CLIENT_ID: 'kafka.clientId',
  AIOPS_KAFKA_PARTITIONS: { path: 'kafka.partitions', parse: parseIntStrict },
  AIOPS_KAFKA_SEND_TIMEOUT_MS: { path: 'kafka.sendTimeoutMs', parse: parseIntStrict },
} as const;
