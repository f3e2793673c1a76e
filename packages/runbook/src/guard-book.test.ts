import { describe, expect, it } from 'vitest';
import type { RunbookRequest } from '@aiops/model';
import { loadCatalog } from './load-catalog.js';
import { GuardBook } from './guard-book.js';
import { nextRetryDelay } from './retry-policy.js';
import { checkRateLimit } from './rate-limit.js';
import { recordOutcome, CLOSED_BREAKER } from './circuit-breaker.js';
import { approvalRequired } from './approval-policy.js';

class Clock {
  t = 1_000_000;
  now() {
    return this.t;
  }
}

const catalog = loadCatalog([
  {
    path: 'g.yaml',
    text: `
- id: limited
  description: guarded
  match: {}
  guards:
    rateLimit: { windowMs: 60000, max: 3, maxPerCi: 2 }
    cooldownMs: 10000
    concurrency: 1
    circuitBreaker: { failures: 2 }
  actions: [{ type: http, name: r, url: 'http://h/x' }]
- id: gated
  description: approval
  match: {}
  guards: { approval: { atOrAbovePriority: P2 }, concurrency: 5 }
  actions: [{ type: http, name: r, url: 'http://h/x' }]
- id: dry
  description: dry
  dryRun: true
  match: {}
  actions: [{ type: http, name: r, url: 'http://h/x' }]
`,
  },
]);
const limited = catalog.byId.get('limited')!;
const gated = catalog.byId.get('gated')!;

function req(over: Partial<RunbookRequest> = {}): RunbookRequest {
  return { id: 'r1', runbookId: 'limited', incidentId: 'i1', ciId: 'ci-a', at: 0, params: {}, approval: 'not_required', dryRun: false, ...over };
}

function runOnce(g: GuardBook, ci: string, ok = true) {
  g.recordStart(limited, ci);
  return g.recordEnd(limited, ci, ok);
}

describe('GuardBook', () => {
  it('rate-limits per CI and per runbook over a sliding window', () => {
    const clock = new Clock();
    const g = new GuardBook(clock, { globalDryRun: false });
    runOnce(g, 'ci-a');
    clock.t += 11_000;
    runOnce(g, 'ci-a');
    clock.t += 11_000;
    expect(g.decide(limited, req({ ciId: 'ci-a' }))).toEqual({ kind: 'skip', reason: 'rate_limited_ci' });
    expect(g.decide(limited, req({ ciId: 'ci-b' }))).toEqual({ kind: 'run' });
    runOnce(g, 'ci-b');
    clock.t += 11_000;
    expect(g.decide(limited, req({ ciId: 'ci-c' }))).toEqual({ kind: 'skip', reason: 'rate_limited' });
    clock.t += 60_000; // window slides
    expect(g.decide(limited, req({ ciId: 'ci-a' }))).toEqual({ kind: 'run' });
  });

  it('enforces a cooldown per CI after a run ends', () => {
    const clock = new Clock();
    const g = new GuardBook(clock, { globalDryRun: false });
    runOnce(g, 'ci-a');
    clock.t += 9_999;
    expect(g.decide(limited, req())).toEqual({ kind: 'skip', reason: 'cooldown' });
    expect(g.decide(limited, req({ ciId: 'ci-b' }))).toEqual({ kind: 'run' });
    clock.t += 1;
    expect(g.decide(limited, req())).toEqual({ kind: 'run' });
  });

  it('limits concurrency and frees the slot at the end', () => {
    const g = new GuardBook(new Clock(), { globalDryRun: false });
    g.recordStart(limited, 'ci-a');
    expect(g.decide(limited, req({ ciId: 'ci-b' }))).toEqual({ kind: 'skip', reason: 'concurrency_limit' });
    g.recordEnd(limited, 'ci-a', true);
    expect(g.decide(limited, req({ ciId: 'ci-b' }))).toEqual({ kind: 'run' });
  });

  it('opens the circuit after N consecutive failures until enabled, and restores it', () => {
    const clock = new Clock();
    const g = new GuardBook(clock, { globalDryRun: false });
    expect(runOnce(g, 'a', false).tripped).toBe(false);
    expect(runOnce(g, 'b', true).state.breaker.consecutiveFailures).toBe(0); // success resets
    runOnce(g, 'c', false);
    const second = runOnce(g, 'd', false);
    expect(second.tripped).toBe(true);
    expect(g.decide(limited, req({ ciId: 'e' }))).toEqual({ kind: 'skip', reason: 'circuit_open' });
    const restored = new GuardBook(clock, { globalDryRun: false });
    restored.restore(JSON.parse(JSON.stringify(g.state('limited'))));
    expect(restored.decide(limited, req({ ciId: 'e' }))).toEqual({ kind: 'skip', reason: 'circuit_open' });
    clock.t += 61_000; // past the rate-limit window: only the breaker holds it
    expect(restored.decide(limited, req({ ciId: 'e' }))).toEqual({ kind: 'skip', reason: 'circuit_open' });
    restored.enable('limited');
    expect(restored.decide(limited, req({ ciId: 'e' }))).toEqual({ kind: 'run' });
    restored.disable('limited');
    expect(restored.decide(limited, req({ ciId: 'e' }))).toEqual({ kind: 'skip', reason: 'disabled' });
  });

  it('asks for approval by runbook policy or request, not when approved; dry-run wins over approval', () => {
    const g = new GuardBook(new Clock(), { globalDryRun: false });
    expect(g.decide(gated, req({ runbookId: 'gated', priority: 'P2' }))).toEqual({ kind: 'wait_approval' });
    expect(g.decide(gated, req({ runbookId: 'gated' }))).toEqual({ kind: 'wait_approval' }); // unknown priority: ask
    expect(g.decide(gated, req({ runbookId: 'gated', priority: 'P3' }))).toEqual({ kind: 'run' });
    expect(g.decide(gated, req({ runbookId: 'gated', priority: 'P3', approval: 'required' }))).toEqual({ kind: 'wait_approval' });
    expect(g.decide(gated, req({ runbookId: 'gated', priority: 'P1' }), true)).toEqual({ kind: 'run' });
    expect(g.decide(gated, req({ runbookId: 'gated', priority: 'P1', dryRun: true }))).toEqual({ kind: 'dry_run', reason: 'request_dry_run' });
    expect(g.decide(catalog.byId.get('dry')!, req({ runbookId: 'dry' }))).toEqual({ kind: 'dry_run', reason: 'runbook_dry_run' });
    expect(new GuardBook(new Clock(), { globalDryRun: true }).decide(limited, req())).toEqual({ kind: 'dry_run', reason: 'global_dry_run' });
    expect(g.decide(undefined, req())).toEqual({ kind: 'skip', reason: 'unknown_runbook' });
    expect(approvalRequired(gated, 'P1')).toBe(true);
  });
});

describe('policies', () => {
  it('retries retryable failures with capped exponential backoff', () => {
    const p = { max: 3, backoffMs: 100, maxBackoffMs: 250 };
    expect([1, 2, 3, 4].map((n) => nextRetryDelay(p, n, true))).toEqual([100, 200, 250, null]);
    expect(nextRetryDelay(p, 1, false)).toBeNull();
  });
  it('rate limit counts only inside the window', () => {
    expect(checkRateLimit([{ at: 0, ciId: 'a' }], { windowMs: 10, max: 1 }, 10, 'a')).toBeNull();
    expect(checkRateLimit([{ at: 1, ciId: 'a' }], { windowMs: 10, max: 1 }, 10, 'b')).toBe('rate_limited');
  });
  it('breaker stays open on success until reset', () => {
    const open = recordOutcome(recordOutcome(CLOSED_BREAKER, false, 1, 5), true, 1, 6);
    expect(open).toEqual({ consecutiveFailures: 0, open: true, openedAt: 5 });
  });
});
