import { describe, expect, it } from 'vitest';
import type { IncidentCommand, RunbookRequest, RunbookResult } from '@aiops/model';
import type { OutRecord, Producer } from '@aiops/kafka';
import { ManualClock } from '@aiops/pipeline';
import { silentTelemetry } from '@aiops/telemetry';
import { GuardBook, loadCatalog, type RenderedAction } from '@aiops/runbook';
import { Runner, INTERRUPTED, type ActionExecutor } from './runner.js';
import { createRunnerMetrics } from './metrics.js';
import type { RunnerState } from './state.js';
import type { AttemptResult } from './attempt.js';

const catalog = loadCatalog([
  {
    path: 'r.yaml',
    text: `
- id: web
  description: http
  match: {}
  params: { service: { from: alert.labels.service, pattern: '^[a-z-]+$' } }
  guards: { retries: { max: 2, backoffMs: 1, maxBackoffMs: 1 }, circuitBreaker: { failures: 2 }, concurrency: 5 }
  actions: [{ type: http, name: restart, url: '{{settings.base}}/s/{{params.service}}' }]
- id: gated
  description: approval
  match: {}
  guards: { approval: { required: true }, concurrency: 5 }
  actions: [{ type: http, name: scale, url: '{{settings.base}}/scale', headers: { Authorization: 'Bearer {{settings.token}}' } }]
`,
  },
]);

function setup(outcomes: AttemptResult[] = []) {
  const sent: OutRecord[] = [];
  const calls: RenderedAction[] = [];
  const producer: Producer = { healthy: true, send: async (r) => void sent.push(...r), disconnect: async () => undefined };
  const sentAtCall: number[] = [];
  let nextCall: ((signal: AbortSignal) => Promise<AttemptResult>) | undefined;
  const execute: ActionExecutor = async (a, opts) => {
    calls.push(a);
    sentAtCall.push(sent.length);
    if (nextCall) return nextCall(opts.signal);
    return outcomes.shift() ?? { ok: true, retryable: false, detail: 'HTTP 200', output: 'ok' };
  };
  const clock = new ManualClock(1_000_000);
  const state: RunnerState = { requests: new Map(), guards: new Map(), early: new Map(), controls: new Set() };
  const guards = new GuardBook(clock, { globalDryRun: false });
  const runner = new Runner({
    catalog, guards, state, producer, clock, execute,
    logger: silentTelemetry().logger,
    metrics: createRunnerMetrics(silentTelemetry().registry),
    topics: { results: 'results', changelog: 'changelog' },
    settings: { base: 'http://127.0.0.1:1', token: 'sekret' },
    maxOutputBytes: 1000,
  });
  const results = () => sent.filter((r) => r.topic === 'results').map((r) => JSON.parse(String(r.value)) as RunbookResult);
  const settle = async () => {
    for (let i = 0; i < 50 && runner.running > 0; i++) await new Promise((r) => setTimeout(r, 5));
  };
  return { runner, sent, sentAtCall, calls, results, settle, state, guards, clock, setNext: (f: (signal: AbortSignal) => Promise<AttemptResult>) => (nextCall = f) };
}

const req = (over: Partial<RunbookRequest> = {}): RunbookRequest => ({
  id: 'rbr_1', runbookId: 'web', incidentId: 'inc_1', ciId: 'ci-1', at: 1, params: { service: 'checkout' }, approval: 'not_required', dryRun: false, ...over,
});
const cmd = (action: string, requestId: string, incidentId = 'inc_1'): IncidentCommand => ({
  id: `cmd_${action}_${requestId}`, incidentId, at: 2, actor: { kind: 'user', id: 'alice' }, action, reason: '', params: { requestId },
});

describe('Runner', () => {
  it('runs once per request id, records running before the action and the result after', async () => {
    const t = setup();
    await t.runner.handleRequest(req());
    await t.settle();
    expect(t.sent.slice(0, 3).map((r) => r.key)).toEqual(['req:rbr_1', 'rb:web', 'inc_1']);
    expect(t.sentAtCall).toEqual([3]); // state and the running result were sent before the action
    await t.runner.handleRequest(req()); // replay
    await t.settle();
    expect(t.calls).toHaveLength(1);
    expect(t.calls[0]).toMatchObject({ type: 'http', url: 'http://127.0.0.1:1/s/checkout' });
    expect(t.results().map((r) => r.outcome)).toEqual(['running', 'succeeded']);
    expect(t.state.requests.get('rbr_1')?.status).toBe('done');
  });

  it('retries retryable failures with backoff, then trips the breaker after N failed runs', async () => {
    const fail = { ok: false, retryable: true, detail: 'HTTP 503', output: '' };
    const t = setup([fail, fail, fail, fail, fail, fail]);
    await t.runner.handleRequest(req({ id: 'a' }));
    await t.settle();
    expect(t.calls).toHaveLength(3); // 1 + 2 retries
    await t.runner.handleRequest(req({ id: 'b', ciId: 'ci-2' }));
    await t.settle();
    const failed = t.results().filter((r) => r.outcome === 'failed');
    expect(failed.map((r) => r.reason)).toEqual(['restart: HTTP 503 after 3 attempts', 'restart: HTTP 503 after 3 attempts; circuit breaker opened after 2 consecutive failures']);
    expect(failed.every((r) => r.escalate === true && r.attempts === 3)).toBe(true);
    await t.runner.handleRequest(req({ id: 'c', ciId: 'ci-3' }));
    expect(t.results().at(-1)).toMatchObject({ requestId: 'c', outcome: 'skipped', reason: 'circuit_open' });
    expect(t.calls).toHaveLength(6);
    await t.runner.handleControl({ id: 'ctl1', at: 3, actor: 'admin', action: 'enable', runbookId: 'web', reason: '' });
    await t.runner.handleRequest(req({ id: 'd', ciId: 'ci-4' }));
    await t.settle();
    expect(t.results().at(-1)).toMatchObject({ requestId: 'd', outcome: 'succeeded' });
  });

  it('waits for approval, ignores approvals from another incident, runs once after approval', async () => {
    const t = setup();
    await t.runner.handleRequest(req({ id: 'g1', runbookId: 'gated', params: {} }));
    expect(t.results().map((r) => r.outcome)).toEqual(['waiting_approval']);
    await t.runner.handleCommand(cmd('approve_runbook', 'g1', 'inc_other'));
    expect(t.calls).toHaveLength(0);
    await t.runner.handleCommand(cmd('approve_runbook', 'g1'));
    await t.runner.handleCommand(cmd('approve_runbook', 'g1'));
    await t.settle();
    expect(t.calls).toHaveLength(1);
    expect(t.results().map((r) => r.outcome)).toEqual(['waiting_approval', 'approved', 'running', 'succeeded']);
    expect(t.results()[1]).toMatchObject({ actor: 'user:alice', reason: 'approved by user:alice' });
  });

  it('refuses an approval that comes after the approval expiry', async () => {
    const t = setup();
    await t.runner.handleRequest(req({ id: 'late', runbookId: 'gated', params: {} }));
    t.clock.advance(3_600_001);
    await t.runner.handleCommand(cmd('approve_runbook', 'late'));
    expect(t.results().map((r) => `${r.outcome}:${r.reason}`)).toEqual(['waiting_approval:approval required', 'skipped:approval_expired']);
    expect(t.calls).toHaveLength(0);
  });

  it('rejects, and accepts an approval that arrives before its request', async () => {
    const t = setup();
    await t.runner.handleRequest(req({ id: 'g2', runbookId: 'gated', params: {} }));
    await t.runner.handleCommand(cmd('reject_runbook', 'g2'));
    await t.runner.handleCommand(cmd('approve_runbook', 'g3'));
    await t.runner.handleRequest(req({ id: 'g3', runbookId: 'gated', params: {} }));
    await t.settle();
    expect(t.results().map((r) => `${r.requestId}:${r.outcome}`)).toEqual(['g2:waiting_approval', 'g2:rejected', 'g3:approved', 'g3:running', 'g3:succeeded']);
    expect(t.calls).toHaveLength(1);
  });

  it('dry-runs record the rendered plan with secrets redacted; invalid params are skipped', async () => {
    const t = setup();
    await t.runner.handleRequest(req({ id: 'dr', runbookId: 'gated', params: {}, dryRun: true }));
    const dry = t.results()[0]!;
    expect(dry).toMatchObject({ outcome: 'dry_run', reason: 'request_dry_run' });
    expect(dry.output).toContain('http://127.0.0.1:1/scale');
    expect(dry.output).not.toContain('sekret');
    await t.runner.handleRequest(req({ id: 'bad', params: { service: 'x; rm -rf /' } }));
    await t.runner.handleRequest(req({ id: 'extra', params: { service: 'ok', evil: '1' } }));
    expect(t.results().slice(1).map((r) => r.reason)).toEqual(['invalid_params', 'invalid_params']);
    expect(t.calls).toHaveLength(0);
  });

  it('reports a run left "running" by a crash as failed/interrupted and never re-runs it', async () => {
    const t = setup();
    t.state.requests.set('k', { id: 'k', status: 'running', request: req({ id: 'k' }), at: 1 });
    expect(await t.runner.recoverInterrupted()).toBe(1);
    await t.runner.handleRequest(req({ id: 'k' }));
    expect(t.calls).toHaveLength(0);
    expect(t.results()).toEqual([expect.objectContaining({ requestId: 'k', outcome: 'failed', reason: INTERRUPTED, escalate: true })]);
  });

  it('forgets finished request ids only after the retention', async () => {
    const t = setup();
    await t.runner.handleRequest(req({ id: 'old' }));
    await t.settle();
    t.clock.advance(1000);
    expect(await t.runner.forgetOlderThan(5000)).toBe(0);
    t.clock.advance(5000);
    expect(await t.runner.forgetOlderThan(5000)).toBe(1);
    expect(t.sent.at(-1)).toEqual({ topic: 'changelog', key: 'req:old', value: null });
  });

  it('drain interrupts a run that outlives the grace period', async () => {
    const t = setup();
    t.setNext((signal) => new Promise((res) => signal.addEventListener('abort', () => res({ ok: false, retryable: false, detail: 'interrupted', output: '' }))));
    await t.runner.handleRequest(req({ id: 'slow' }));
    await t.runner.drain(20);
    expect(t.calls).toHaveLength(1);
    expect(t.results().map((r) => `${r.outcome}:${r.reason}`)).toEqual(['running:started', `failed:${INTERRUPTED}`]);
    expect(t.guards.running('web')).toBe(0);
  });
});
