import { z } from 'zod';
import { kafkaConfig } from '@aiops/kafka';
import { correlateConfig } from '@aiops/correlate';

/** serviceConfig of the correlator: Kafka, HTTP port, the correlator's own knobs and the engine config. */
export const serviceConfig = z.strictObject({
  kafka: kafkaConfig.prefault({}),
  http: z.strictObject({ port: z.number().int().min(0).max(65535).default(8082) }).prefault({}),
  log: z.strictObject({ level: z.string().default('info') }).prefault({}),
  correlator: z
    .strictObject({
      routerGroupId: z.string().min(1).default('correlator-router').describe('consumer group of the router stage (aiops.events.v1 -> by-domain topic)'),
      engineGroupId: z.string().min(1).default('correlator').describe('consumer group of the stateful engine stage (by-domain topic)'),
      advanceIntervalMs: z.number().int().positive().default(1000).describe('how often idle domains are advanced on the wall clock'),
      cmdbRefreshMs: z.number().int().positive().default(15_000).describe('how often the compacted CMDB topic is re-read'),
      patternsTrainMs: z.number().int().nonnegative().default(0).describe('train alert patterns (correlate.learning.learner: co-occurrence by default, or ml-kmeans) from the groups this instance closed, every this many ms; 0 = off (live grouping then only depends on the events, so replays match exactly)'),
      patternsHistory: z.number().int().positive().default(20_000).describe('member templates of closed groups kept for training'),
      checkpointChunkBytes: z.number().int().min(1024).max(900 * 1024).default(512 * 1024).describe('a domain checkpoint (gzipped snapshot) is written in slices of this size'),
      maxMembersPerRecord: z.number().int().positive().default(1000).describe('group records list at most this many members (memberCount gives the total), so a giant group still fits a Kafka record'),
      sessionTimeoutMs: z.number().int().positive().default(30_000).describe('consumer group session: how fast the partitions of a crashed instance move'),
    })
    .prefault({}),
  correlate: correlateConfig.prefault({}),
});
export type ServiceConfig = z.output<typeof serviceConfig>;
