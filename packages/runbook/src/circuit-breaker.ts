/** BreakerState is the circuit breaker of one runbook. It only closes again by an operator's enable. */
export interface BreakerState {
  readonly consecutiveFailures: number;
  readonly open: boolean;
  readonly openedAt: number | null;
}

export const CLOSED_BREAKER: BreakerState = { consecutiveFailures: 0, open: false, openedAt: null };

/**
 * recordOutcome moves the breaker: a success resets the failure count, a failure increments it, and
 * reaching `threshold` consecutive failures opens the breaker (the runbook is disabled until re-enabled:
 * no half-open probing, because probing means running a failing remediation against production again).
 */
export function recordOutcome(s: BreakerState, success: boolean, threshold: number, now: number): BreakerState {
  if (success) return { consecutiveFailures: 0, open: s.open, openedAt: s.openedAt };
  const n = s.consecutiveFailures + 1;
  if (!s.open && n >= threshold) return { consecutiveFailures: n, open: true, openedAt: now };
  return { consecutiveFailures: n, open: s.open, openedAt: s.openedAt };
}

/** resetBreaker is the operator's re-enable. */
export function resetBreaker(): BreakerState {
  return CLOSED_BREAKER;
}
