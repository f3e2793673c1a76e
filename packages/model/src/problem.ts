import { z } from 'zod';
import { EpochMs } from './common.js';

// Owned by the analytics work (issue 7): extend additively.

export const ProblemState = z.enum(['new', 'investigating', 'known_error', 'resolved', 'closed']);
export type ProblemState = z.infer<typeof ProblemState>;

/** Problem is a suspected underlying cause of incidents (topic aiops.problems.v1, compacted, keyed by id). */
export const Problem = z.object({
  id: z.string().describe('deterministic from the pattern that found it'),
  version: z.number().int().positive(),
  state: ProblemState,
  title: z.string(),
  pattern: z.enum(['recurrence', 'cluster', 'change_correlation', 'rising_rate', 'manual']),
  evidence: z.record(z.string(), z.unknown()),
  incidentIds: z.array(z.string()),
  ciIds: z.array(z.string()),
  services: z.array(z.string()),
  rootCause: z.string().nullable(),
  workaround: z.string().nullable(),
  detectedAt: EpochMs,
  updatedAt: EpochMs,
  // ---- additions (issue 7); defaulted so older records still parse ----
  patternKey: z.string().default('').describe('what the pattern matched on (e.g. ci=db-1|category=disk): one problem per key'),
  rootCauseMethod: z.string().nullable().default(null).describe('5_whys | ishikawa | … (R90)'),
  solution: z.string().nullable().default(null),
  updatedBy: z.string().default('problem-detector'),
  history: z
    .array(z.object({ at: EpochMs, actor: z.string(), from: ProblemState.nullable(), to: ProblemState, reason: z.string() }))
    .default([])
    .describe('state changes, oldest first'),
});
export type Problem = z.infer<typeof Problem>;
