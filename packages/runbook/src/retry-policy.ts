export interface RetryPolicy {
  readonly max: number;
  readonly backoffMs: number;
  readonly maxBackoffMs: number;
}

/**
 * nextRetryDelay returns the wait before retry number `failures` (1 = first retry), or null when the
 * failure is not retryable or the retries are used up. Exponential, capped, no jitter: one runner per
 * runbook makes jitter pointless and determinism makes it testable.
 */
export function nextRetryDelay(policy: RetryPolicy, failures: number, retryable: boolean): number | null {
  if (!retryable || failures > policy.max) return null;
  return Math.min(policy.maxBackoffMs, policy.backoffMs * 2 ** (failures - 1));
}
