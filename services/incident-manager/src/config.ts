import { z } from 'zod';
import { kafkaConfig } from '@aiops/kafka';
import { incidentPolicy } from '@aiops/incident';
import { classifyConfig } from '@aiops/classify';
import { notifierConfig } from './notifier.js';

const DAY = 86_400_000;

/** serviceConfig of the incident manager: Kafka, HTTP port, its own knobs, the incident policy, classification and notifications. */
export const serviceConfig = z.strictObject({
  kafka: kafkaConfig.prefault({}),
  http: z.strictObject({ port: z.number().int().min(0).max(65535).default(8083) }).prefault({}),
  log: z.strictObject({ level: z.string().default('info') }).prefault({}),
  manager: z
    .strictObject({
      routerGroupId: z.string().min(1).default('incident-manager-router').describe('consumer group of the router (groups + runbook results -> incident commands)'),
      groupId: z.string().min(1).default('incident-manager').describe('consumer group of the incident owner stage (incident commands)'),
      tickMs: z.number().int().positive().default(1000).describe('how often SLA clocks, auto-resolve and pending groups are checked'),
      cmdbRefreshMs: z.number().int().positive().default(15_000).describe('how often the compacted CMDB and change topics are re-read'),
      sessionTimeoutMs: z.number().int().min(6000).default(30_000).describe('consumer session timeout: how soon the partitions of a crashed instance move to another'),
      trainEveryMs: z.number().int().positive().default(600_000).describe('how often the classifier is retrained on validated incidents'),
      retainClosedMs: z
        .number()
        .int()
        .nonnegative()
        .refine((ms) => ms === 0 || ms >= DAY, 'retainClosedMs is 0 (keep forever) or at least one day: a correlation group lives up to a day (correlator grouping.maxLifetimeMs), and a closed incident must outlive changes of its group')
        .default(7 * DAY)
        .describe('a closed incident untouched this long leaves memory and its snapshot is tombstoned (history stays in aiops.incident-events.v1 and ClickHouse); 0 = keep forever'),
      evictedMarkerMs: z.number().int().positive().default(14 * DAY).describe('how long an evicted incident is remembered (changelog marker) so that a late or replayed change of its group opens nothing under its id; above the group and command topics\' retention (7 d)'),
      keepExamples: z.number().int().nonnegative().default(5000).describe('per partition: training examples (validated categories) of evicted incidents kept for the classifier, newest first'),
      evictPerTick: z.number().int().positive().default(500).describe('at most this many closed incidents leave memory per partition and timer tick'),
    })
    .prefault({}),
  policy: incidentPolicy.prefault({}),
  classify: classifyConfig.prefault({}),
  notify: notifierConfig.prefault({}),
});
export type ServiceConfig = z.output<typeof serviceConfig>;
