import { z } from 'zod';
import { EpochMs } from './common.js';

// Owned by the runbook work (issue 6): extend additively.

/** RunbookRequest asks the runner to run one runbook for one incident (topic aiops.runbook-requests.v1). */
export const RunbookRequest = z.object({
  id: z.string().describe('idempotency key: incident id + runbook id + trigger version'),
  runbookId: z.string(),
  incidentId: z.string(),
  ciId: z.string().nullable(),
  at: EpochMs,
  params: z.record(z.string(), z.string()),
  approval: z.enum(['not_required', 'required', 'approved', 'rejected']).default('not_required'),
  dryRun: z.boolean().default(false),
});
export type RunbookRequest = z.infer<typeof RunbookRequest>;

export const RunbookOutcome = z.enum(['waiting_approval', 'running', 'succeeded', 'failed', 'skipped', 'dry_run', 'rejected']);
export type RunbookOutcome = z.infer<typeof RunbookOutcome>;

/** RunbookResult reports a run (topic aiops.runbook-results.v1, keyed by incident id). */
export const RunbookResult = z.object({
  id: z.string(),
  requestId: z.string(),
  runbookId: z.string(),
  incidentId: z.string(),
  outcome: RunbookOutcome,
  reason: z.string(),
  startedAt: EpochMs,
  endedAt: EpochMs.optional(),
  attempts: z.number().int().nonnegative(),
  output: z.string().default(''),
});
export type RunbookResult = z.infer<typeof RunbookResult>;
