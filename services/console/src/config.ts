import { z } from 'zod';
import { kafkaConfig } from '@aiops/kafka';

/** serviceConfig of the console API: Kafka, HTTP port and how long an action waits for the incident manager. */
export const serviceConfig = z.strictObject({
  kafka: kafkaConfig.prefault({}),
  http: z.strictObject({ port: z.number().int().min(0).max(65535).default(8081), bodyLimit: z.number().int().positive().default(256 * 1024) }).prefault({}),
  log: z.strictObject({ level: z.string().default('info') }).prefault({}),
  console: z
    .strictObject({
      actionTimeoutMs: z.number().int().positive().default(10_000).describe('how long POST .../actions waits for the incident manager to apply the command'),
      groupIdPrefix: z.string().min(1).default('console').describe('each console instance materialises the incident topics with its own consumer group'),
      maxPageSize: z.number().int().positive().default(500),
      timelineOrphanGraceMs: z
        .number()
        .int()
        .positive()
        .default(3600_000)
        .describe('timeline entries of an incident without a snapshot (evicted by the incident manager, or not written yet) are kept this long after they were produced; older ones are skipped unread'),
      timelineMaxEntries: z
        .number()
        .int()
        .positive()
        .default(2000)
        .describe('most timeline entries held per incident: past it the first tenth (the opening) and the latest are kept, those between counted as omitted in the API (ClickHouse has them all)'),
      viewRetentionMs: z.number().int().positive().default(24 * 3600_000).describe('closed groups / resolved alerts are kept this long after their last version was sent (record timestamp; routes/groups.ts)'),
      maxGroups: z.number().int().positive().default(50_000).describe('cap on groups held in memory; the oldest closed ones are evicted first'),
      maxAlerts: z.number().int().positive().default(200_000).describe('cap on alerts held in memory; the oldest resolved ones are evicted first'),
      cmdbBodyLimit: z.number().int().positive().default(20 * 1024 * 1024).describe('max body of POST /api/v1/cmdb/items (bytes)'),
    })
    .prefault({}),
});
export type ServiceConfig = z.output<typeof serviceConfig>;
