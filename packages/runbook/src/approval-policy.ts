import type { Priority } from '@aiops/model';
import type { Runbook } from './catalog.js';

/** priorityRank: P1 -> 1 … P5 -> 5 (lower is more urgent). */
export function priorityRank(p: Priority): number {
  return Number(p.slice(1));
}

/**
 * approvalRequired decides whether a person must approve before the run: always when the runbook says
 * so, and when the incident priority is at or above the runbook's threshold. When the priority is not
 * known and a threshold is set, approval is required (when in doubt, ask).
 */
export function approvalRequired(runbook: Runbook, priority: Priority | undefined): boolean {
  const a = runbook.guards.approval;
  if (a.required) return true;
  if (a.atOrAbovePriority === undefined) return false;
  if (priority === undefined) return true;
  return priorityRank(priority) <= priorityRank(a.atOrAbovePriority);
}
