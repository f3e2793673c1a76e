import { z } from 'zod';
import { kafkaConfig } from '@aiops/kafka';

/** serviceConfig of the console API: Kafka, HTTP port and how long an action waits for the incident manager. */
export const serviceConfig = z.strictObject({
  kafka: kafkaConfig,
  http: z.strictObject({ port: z.number().int().min(0).max(65535).default(8081), bodyLimit: z.number().int().positive().default(256 * 1024) }).prefault({}),
  log: z.strictObject({ level: z.string().default('info') }).prefault({}),
  console: z
    .strictObject({
      actionTimeoutMs: z.number().int().positive().default(10_000).describe('how long POST .../actions waits for the incident manager to apply the command'),
      groupIdPrefix: z.string().min(1).default('console').describe('each console instance materialises the incident topics with its own consumer group'),
      maxPageSize: z.number().int().positive().default(500),
    })
    .prefault({}),
});
export type ServiceConfig = z.output<typeof serviceConfig>;
