import { z } from 'zod';
import { kafkaConfig } from '@aiops/kafka';
import { clickhouseConfig } from '@aiops/clickhouse';

/** serviceConfig of the analytics writer. */
export const serviceConfig = z.strictObject({
  kafka: kafkaConfig.prefault({}),
  clickhouse: clickhouseConfig.prefault({}),
  http: z.strictObject({ port: z.number().int().min(0).max(65535).default(8085) }).prefault({}),
  log: z.strictObject({ level: z.string().default('info') }).prefault({}),
  writer: z
    .strictObject({
      groupId: z.string().min(1).default('analytics-writer'),
      maxRows: z.number().int().positive().default(10_000).describe('flush a table batch at this many rows'),
      maxDelayMs: z.number().int().positive().default(1000).describe('or after this long since its first row'),
      migrationsDir: z.string().min(1).optional().describe('default: deploy/clickhouse/migrations of this checkout'),
      partitionsConsumedConcurrently: z.number().int().positive().default(4),
      retryBackoffMs: z.number().int().positive().default(500).describe('first wait after a failed insert (ClickHouse down): the batch is retried, nothing new is fetched'),
      retentionIntervalMs: z
        .number()
        .int()
        .positive()
        .default(6 * 3_600_000)
        .describe('servers without TTL (18.16): drop expired monthly partitions this often (RETENTION_DAYS of @aiops/analytics)'),
      maxRetryBackoffMs: z.number().int().positive().default(10_000).describe('the wait doubles up to this'),
    })
    .prefault({}),
});
export type ServiceConfig = z.output<typeof serviceConfig>;
