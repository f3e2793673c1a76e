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
  priority: z.enum(['P1', 'P2', 'P3', 'P4', 'P5']).optional().describe('incident priority when requested (approval policy)'),
  trigger: z.string().optional().describe('what made the request: once | reopen:<n>'),
  assignmentGroup: z.string().nullable().optional().describe('owning team, for escalation on failure'),
});
export type RunbookRequest = z.infer<typeof RunbookRequest>;

export const RunbookOutcome = z.enum(['waiting_approval', 'running', 'succeeded', 'failed', 'skipped', 'dry_run', 'rejected', 'approved']);
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
  actor: z.string().optional().describe('who approved / rejected, for approval outcomes'),
  escalate: z.boolean().optional().describe('true on failure: the incident goes to its owning team'),
});
export type RunbookResult = z.infer<typeof RunbookResult>;

/**
 * RunbookControl is an operator command to the runner (topic runbookControlTopic(ns)), e.g. re-enabling
 * a runbook whose circuit breaker tripped. It is not incident-scoped, hence not an IncidentCommand.
 */
export const RunbookControl = z.object({
  id: z.string().describe('idempotency key'),
  at: EpochMs,
  actor: z.string(),
  action: z.enum(['enable', 'disable']),
  runbookId: z.string().min(1),
  reason: z.string().default(''),
});
export type RunbookControl = z.infer<typeof RunbookControl>;

/** runbookControlTopic names the runner's control topic under a namespace (1 partition, ordered). */
export function runbookControlTopic(namespace: string): string {
  const name = 'aiops.runbook-control.v1';
  return namespace === '' ? name : `${namespace}.${name}`;
}
