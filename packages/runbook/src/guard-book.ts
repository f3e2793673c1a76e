import type { RunbookRequest } from '@aiops/model';
import type { Runbook } from './catalog.js';
import { approvalRequired } from './approval-policy.js';
import { CLOSED_BREAKER, recordOutcome, resetBreaker, type BreakerState } from './circuit-breaker.js';
import { checkCooldown, checkRateLimit, pruneRuns, type RunRecord } from './rate-limit.js';

/** Clock as the guards need it (structurally the same as @aiops/pipeline's). */
export interface GuardClock {
  now(): number;
}

/** RunbookGuardState is the durable guard state of one runbook (the runner checkpoints it). */
export interface RunbookGuardState {
  readonly runbookId: string;
  readonly breaker: BreakerState;
  readonly disabledByOperator: boolean;
  readonly runs: readonly RunRecord[];
  readonly lastEndByCi: Readonly<Record<string, number>>;
}

export type SkipReason = 'unknown_runbook' | 'disabled' | 'circuit_open' | 'rate_limited' | 'rate_limited_ci' | 'cooldown' | 'concurrency_limit';

export type GuardDecision =
  | { readonly kind: 'run' }
  | { readonly kind: 'dry_run'; readonly reason: 'global_dry_run' | 'runbook_dry_run' | 'request_dry_run' }
  | { readonly kind: 'wait_approval' }
  | { readonly kind: 'skip'; readonly reason: SkipReason };

const NO_CI = '\u0000none';
const DAY = 24 * 60 * 60 * 1000;

function emptyState(runbookId: string): RunbookGuardState {
  return { runbookId, breaker: CLOSED_BREAKER, disabledByOperator: false, runs: [], lastEndByCi: {} };
}

/**
 * GuardBook holds every runbook's guard state and decides, for one request, whether it runs, waits for
 * approval, is a dry run or is skipped (and why). Pure: time comes from the injected clock; the caller
 * persists `state(id)` after each change and `restore`s it on start. In-flight counts are not durable:
 * after a restart nothing of ours is running.
 */
export class GuardBook {
  private readonly states = new Map<string, RunbookGuardState>();
  private readonly inFlight = new Map<string, number>();

  constructor(private readonly clock: GuardClock, private readonly opts: { readonly globalDryRun: boolean }) {}

  state(runbookId: string): RunbookGuardState {
    return this.states.get(runbookId) ?? emptyState(runbookId);
  }

  restore(s: RunbookGuardState): void {
    this.states.set(s.runbookId, s);
  }

  running(runbookId: string): number {
    return this.inFlight.get(runbookId) ?? 0;
  }

  /**
   * decide applies the guards in order: operator disable and circuit breaker, dry-run, approval, then
   * rate limit (runbook, then CI), cooldown (per CI) and concurrency. `approved` is true once a person
   * approved the request; the breaker and limits are still checked at that moment.
   */
  decide(rb: Runbook | undefined, req: RunbookRequest, approved = false): GuardDecision {
    if (rb === undefined) return { kind: 'skip', reason: 'unknown_runbook' };
    const s = this.state(rb.id);
    if (!rb.enabled || s.disabledByOperator) return { kind: 'skip', reason: 'disabled' };
    if (s.breaker.open) return { kind: 'skip', reason: 'circuit_open' };
    if (this.opts.globalDryRun) return { kind: 'dry_run', reason: 'global_dry_run' };
    if (rb.dryRun) return { kind: 'dry_run', reason: 'runbook_dry_run' };
    if (req.dryRun) return { kind: 'dry_run', reason: 'request_dry_run' };
    if (!approved && (req.approval === 'required' || approvalRequired(rb, req.priority))) return { kind: 'wait_approval' };
    const now = this.clock.now();
    const g = rb.guards;
    if (g.rateLimit !== undefined) {
      const r = checkRateLimit(s.runs, g.rateLimit, now, req.ciId);
      if (r !== null) return { kind: 'skip', reason: r };
    }
    const cd = checkCooldown(s.lastEndByCi[req.ciId ?? NO_CI], g.cooldownMs, now);
    if (cd !== null) return { kind: 'skip', reason: cd };
    if (this.running(rb.id) >= g.concurrency) return { kind: 'skip', reason: 'concurrency_limit' };
    return { kind: 'run' };
  }

  /** recordStart counts a run against the rate limit and the concurrency limit. */
  recordStart(rb: Runbook, ciId: string | null): RunbookGuardState {
    const now = this.clock.now();
    const s = this.state(rb.id);
    const windowMs = rb.guards.rateLimit?.windowMs ?? 0;
    const runs = windowMs > 0 ? [...pruneRuns(s.runs, windowMs, now), { at: now, ciId }] : [];
    const next = { ...s, runs };
    this.states.set(rb.id, next);
    this.inFlight.set(rb.id, this.running(rb.id) + 1);
    return next;
  }

  /** recordEnd ends a run: cooldown starts, the breaker counts the outcome. `tripped` = it just opened. */
  recordEnd(rb: Runbook, ciId: string | null, success: boolean): { state: RunbookGuardState; tripped: boolean } {
    const now = this.clock.now();
    const s = this.state(rb.id);
    const breaker = recordOutcome(s.breaker, success, rb.guards.circuitBreaker.failures, now);
    const keep = Math.max(rb.guards.cooldownMs, 0);
    const lastEndByCi: Record<string, number> = {};
    for (const [k, v] of Object.entries(s.lastEndByCi)) if (now - v < Math.min(keep, DAY)) lastEndByCi[k] = v;
    if (keep > 0) lastEndByCi[ciId ?? NO_CI] = now;
    const next = { ...s, breaker, lastEndByCi };
    this.states.set(rb.id, next);
    this.inFlight.set(rb.id, Math.max(0, this.running(rb.id) - 1));
    return { state: next, tripped: breaker.open && !s.breaker.open };
  }

  /** release gives back a concurrency slot without an outcome (a run that never started its action). */
  release(runbookId: string): void {
    this.inFlight.set(runbookId, Math.max(0, this.running(runbookId) - 1));
  }

  /** enable re-enables a runbook: closes a tripped breaker and lifts an operator disable. */
  enable(runbookId: string): RunbookGuardState {
    const next = { ...this.state(runbookId), breaker: resetBreaker(), disabledByOperator: false };
    this.states.set(runbookId, next);
    return next;
  }

  disable(runbookId: string): RunbookGuardState {
    const next = { ...this.state(runbookId), disabledByOperator: true };
    this.states.set(runbookId, next);
    return next;
  }
}
