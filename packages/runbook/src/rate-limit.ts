/** RunRecord is one run start, kept for the rate-limit window. */
export interface RunRecord {
  readonly at: number;
  readonly ciId: string | null;
}

export interface RateLimitPolicy {
  readonly windowMs: number;
  readonly max: number;
  readonly maxPerCi?: number | undefined;
}

/**
 * checkRateLimit is a sliding-window limiter over recorded run starts: at most `max` runs of the runbook
 * and at most `maxPerCi` on one CI within `windowMs` before `now`. Returns the skip reason or null.
 */
export function checkRateLimit(runs: readonly RunRecord[], policy: RateLimitPolicy, now: number, ciId: string | null): 'rate_limited' | 'rate_limited_ci' | null {
  const since = now - policy.windowMs;
  let total = 0;
  let onCi = 0;
  for (const r of runs) {
    if (r.at <= since) continue;
    total++;
    if (r.ciId === ciId) onCi++;
  }
  if (total >= policy.max) return 'rate_limited';
  if (policy.maxPerCi !== undefined && onCi >= policy.maxPerCi) return 'rate_limited_ci';
  return null;
}

/** pruneRuns drops records older than the window (bounded state). */
export function pruneRuns(runs: readonly RunRecord[], windowMs: number, now: number): RunRecord[] {
  return runs.filter((r) => r.at > now - windowMs);
}

/** checkCooldown: no new run on a CI until `cooldownMs` after the last run on it ended. */
export function checkCooldown(lastEndAt: number | undefined, cooldownMs: number, now: number): 'cooldown' | null {
  if (cooldownMs <= 0 || lastEndAt === undefined) return null;
  return now - lastEndAt < cooldownMs ? 'cooldown' : null;
}
