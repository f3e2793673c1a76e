import { z } from 'zod';
import { kafkaConfig } from '@aiops/kafka';
import { clickhouseConfig } from '@aiops/clickhouse';
import { detectionConfig } from '@aiops/problems';

/** serviceConfig of the problem detector. */
export const serviceConfig = z.strictObject({
  kafka: kafkaConfig.prefault({}),
  clickhouse: clickhouseConfig.prefault({}),
  http: z.strictObject({ port: z.number().int().min(0).max(65535).default(8086) }).prefault({}),
  log: z.strictObject({ level: z.string().default('info') }).prefault({}),
  detector: z
    .strictObject({
      intervalMs: z.number().int().positive().default(300_000).describe('run detection this often'),
      lookbackMs: z.number().int().positive().default(30 * 86_400_000).describe('incidents read per run'),
      linkKnownErrorsWithinMs: z.number().int().positive().default(86_400_000).describe('recent incidents checked against known errors'),
      migrationsDir: z.string().min(1).optional(),
    })
    .prefault({}),
  detection: detectionConfig.prefault({}),
});
export type ServiceConfig = z.output<typeof serviceConfig>;
