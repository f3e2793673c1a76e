import { stableId, type IncidentCommand, type RunbookControl, type RunbookOutcome, type RunbookRequest, type RunbookResult } from '@aiops/model';
import { isAiopsError } from '@aiops/errors';
import type { Clock } from '@aiops/pipeline';
import type { OutRecord, Producer } from '@aiops/kafka';
import type { Logger } from '@aiops/telemetry';
import {
  nextRetryDelay,
  renderAction,
  validateRequestParams,
  type GuardBook,
  type RenderedAction,
  type Runbook,
  type RunbookCatalog,
  type TemplateContext,
} from '@aiops/runbook';
import type { AttemptResult } from './attempt.js';
import type { RunnerMetrics } from './metrics.js';
import { controlRecord, earlyRecord, earlyTombstone, guardRecord, requestRecord, type RequestState, type RunnerState } from './state.js';

/** ActionExecutor runs one rendered action once (HTTP, command or Kafka; see app.ts). */
export type ActionExecutor = (a: RenderedAction, opts: { timeoutMs: number; signal: AbortSignal }) => Promise<AttemptResult>;

export interface RunnerDeps {
  readonly catalog: RunbookCatalog;
  readonly guards: GuardBook;
  readonly state: RunnerState;
  readonly producer: Producer;
  readonly topics: { readonly results: string; readonly changelog: string };
  readonly clock: Clock;
  readonly logger: Logger;
  readonly metrics: RunnerMetrics;
  readonly settings: Readonly<Record<string, string>>;
  readonly execute: ActionExecutor;
  readonly maxOutputBytes: number;
}

export const INTERRUPTED =
  'interrupted: the runner stopped during the run; the action may or may not have taken effect; not re-run automatically';

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((res) => {
    if (signal.aborted) return res();
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      res();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

/**
 * Runner applies the guards to runbook requests, approval commands and control commands, and executes
 * admitted runs in the background. Semantics: at most once per request id. The `running` state of a
 * request is written to the changelog (and a `running` result published) BEFORE its first action
 * starts; a request id already in the changelog is never started again, whatever the input replays.
 * A run cut short by a crash is reported `failed` with reason INTERRUPTED at the next start and is
 * not retried automatically (a person decides, the incident is escalated).
 */
export class Runner {
  private readonly inFlight = new Map<string, { promise: Promise<void>; abort: AbortController }>();
  private stopping = false;

  constructor(private readonly d: RunnerDeps) {}

  get running(): number {
    return this.inFlight.size;
  }

  private result(req: RunbookRequest, outcome: RunbookOutcome, reason: string, extra: Partial<RunbookResult> = {}): OutRecord {
    const now = this.d.clock.now();
    const r: RunbookResult = {
      id: stableId('rbres_', req.id, outcome),
      requestId: req.id,
      runbookId: req.runbookId,
      incidentId: req.incidentId,
      outcome,
      reason,
      startedAt: now,
      attempts: 0,
      output: '',
      ...extra,
    };
    this.d.metrics.results.inc({ outcome, reason: outcome === 'skipped' || outcome === 'dry_run' ? reason : '' });
    return { topic: this.d.topics.results, key: req.incidentId, value: JSON.stringify(r) };
  }

  private async send(records: OutRecord[]): Promise<void> {
    await this.d.producer.send(records);
  }

  /** sendUntilDone retries a write of a finished run until Kafka takes it (a result is never dropped). */
  private async sendUntilDone(records: OutRecord[]): Promise<void> {
    let wait = 500;
    for (;;) {
      try {
        await this.d.producer.send(records);
        return;
      } catch (err) {
        this.d.logger.warn({ err, code: isAiopsError(err) ? err.code : undefined }, 'cannot record runbook result yet; retrying');
        if (this.stopping && wait > 8000) throw err;
        await new Promise((r) => setTimeout(r, wait));
        wait = Math.min(wait * 2, 10_000);
      }
    }
  }

  private done(req: RunbookRequest, outcome: RunbookOutcome, reason: string, extra: Partial<RunbookResult> = {}): OutRecord[] {
    const s: RequestState = { id: req.id, status: 'done', request: req, at: this.d.clock.now(), outcome, reason };
    this.d.state.requests.set(req.id, s);
    return [requestRecord(this.d.topics.changelog, s), this.result(req, outcome, reason, extra)];
  }

  /** recoverInterrupted reports every run the changelog shows as started but never finished. */
  async recoverInterrupted(): Promise<number> {
    const stale = [...this.d.state.requests.values()].filter((s) => s.status === 'running');
    for (const s of stale) {
      await this.send(this.done(s.request, 'failed', INTERRUPTED, { escalate: true, endedAt: this.d.clock.now() }));
      this.d.logger.warn({ requestId: s.id, runbookId: s.request.runbookId }, 'run interrupted by a restart: reported failed, not re-run');
    }
    return stale.length;
  }

  /**
   * forgetOlderThan drops finished request states older than `ms` from the changelog (tombstones), so
   * the state stays bounded. `ms` must exceed the retention of the request topic: an id is remembered
   * for as long as its request can still be replayed.
   */
  async forgetOlderThan(ms: number): Promise<number> {
    const cutoff = this.d.clock.now() - ms;
    const old = [...this.d.state.requests.values()].filter((s) => s.status === 'done' && s.at < cutoff);
    if (old.length === 0) return 0;
    await this.send(old.map((s) => ({ topic: this.d.topics.changelog, key: `req:${s.id}`, value: null })));
    for (const s of old) this.d.state.requests.delete(s.id);
    return old.length;
  }

  /** handleRequest admits, parks or refuses one request; admitted runs continue in the background. */
  async handleRequest(req: RunbookRequest): Promise<void> {
    if (this.d.state.requests.has(req.id)) {
      this.d.metrics.duplicates.inc();
      return; // idempotency by request id: a replay changes nothing
    }
    const rb = this.d.catalog.byId.get(req.runbookId);
    if (rb !== undefined) {
      try {
        validateRequestParams(rb, req.params);
      } catch (err) {
        await this.send(this.done(req, 'skipped', 'invalid_params', { output: (err as Error).message, escalate: true }));
        return;
      }
    }
    const decision = this.d.guards.decide(rb, req);
    switch (decision.kind) {
      case 'skip':
        await this.send(this.done(req, 'skipped', decision.reason, { output: `skipped by guard: ${decision.reason}`, escalate: true }));
        return;
      case 'dry_run':
        await this.send(this.dryRun(rb as Runbook, req, decision.reason));
        return;
      case 'wait_approval': {
        const early = this.d.state.early.get(req.id);
        if (early !== undefined && early.incidentId === req.incidentId) {
          this.d.state.early.delete(req.id);
          await this.send([earlyTombstone(this.d.topics.changelog, req.id)]);
          if (early.decision === 'reject') {
            await this.send(this.done(req, 'rejected', `rejected by ${early.actor}`, { actor: early.actor, escalate: true }));
          } else {
            await this.approved(rb as Runbook, req, early.actor);
          }
          return;
        }
        const s: RequestState = { id: req.id, status: 'waiting_approval', request: req, at: this.d.clock.now() };
        await this.send([requestRecord(this.d.topics.changelog, s), this.result(req, 'waiting_approval', 'approval required')]);
        this.d.state.requests.set(req.id, s);
        return;
      }
      case 'run':
        await this.start(rb as Runbook, req);
        return;
    }
  }

  /** handleCommand applies approve_runbook / reject_runbook; other incident commands are not ours. */
  async handleCommand(cmd: IncidentCommand): Promise<void> {
    if (cmd.action !== 'approve_runbook' && cmd.action !== 'reject_runbook') return;
    const requestId = cmd.params.requestId;
    if (typeof requestId !== 'string' || requestId === '') {
      this.d.logger.warn({ commandId: cmd.id }, `${cmd.action} without params.requestId: ignored`);
      return;
    }
    const actor = `${cmd.actor.kind}:${cmd.actor.id}`;
    const s = this.d.state.requests.get(requestId);
    if (s === undefined) {
      if (this.d.state.early.has(requestId)) return;
      const e = { requestId, incidentId: cmd.incidentId, decision: cmd.action === 'approve_runbook' ? 'approve' : 'reject', actor, at: cmd.at } as const;
      await this.send([earlyRecord(this.d.topics.changelog, e)]);
      this.d.state.early.set(requestId, e);
      return;
    }
    if (s.request.incidentId !== cmd.incidentId) {
      this.d.logger.warn({ requestId, commandId: cmd.id }, 'approval for a request of another incident: ignored');
      return;
    }
    if (s.status !== 'waiting_approval') return; // already decided: replays change nothing
    if (cmd.action === 'reject_runbook') {
      await this.send(this.done(s.request, 'rejected', `rejected by ${actor}${cmd.reason ? `: ${cmd.reason}` : ''}`, { actor, escalate: true }));
      return;
    }
    const rb = this.d.catalog.byId.get(s.request.runbookId);
    if (rb === undefined) {
      await this.send(this.done(s.request, 'skipped', 'unknown_runbook', { escalate: true }));
      return;
    }
    const waited = this.d.clock.now() - s.at;
    if (waited > rb.guards.approval.expiresAfterMs) {
      // the situation the request was made for is likely gone: never act on a stale approval
      await this.send(this.done(s.request, 'skipped', 'approval_expired', { actor, output: `approved by ${actor} after ${Math.round(waited / 1000)} s; approvals expire after ${Math.round(rb.guards.approval.expiresAfterMs / 1000)} s`, escalate: true }));
      return;
    }
    await this.approved(rb, s.request, actor);
  }

  private async approved(rb: Runbook, req: RunbookRequest, actor: string): Promise<void> {
    const decision = this.d.guards.decide(rb, req, true);
    const approvedRec = this.result(req, 'approved', `approved by ${actor}`, { actor });
    if (decision.kind === 'run') {
      await this.start(rb, req, actor, [approvedRec]);
      return;
    }
    const reason = decision.kind === 'skip' ? decision.reason : decision.kind;
    if (decision.kind === 'dry_run') {
      await this.send([approvedRec, ...this.dryRun(rb, req, decision.reason)]);
      return;
    }
    await this.send([approvedRec, ...this.done(req, 'skipped', reason, { output: `skipped by guard after approval: ${reason}`, escalate: true })]);
  }

  /** handleControl re-enables (closes the breaker) or disables a runbook, once per control id. */
  async handleControl(ctl: RunbookControl): Promise<void> {
    if (this.d.state.controls.has(ctl.id)) return;
    const gs = ctl.action === 'enable' ? this.d.guards.enable(ctl.runbookId) : this.d.guards.disable(ctl.runbookId);
    await this.send([guardRecord(this.d.topics.changelog, gs), controlRecord(this.d.topics.changelog, ctl.id, ctl.at)]);
    this.d.state.controls.add(ctl.id);
    this.d.metrics.breakerOpen.set({ rule: ctl.runbookId }, gs.breaker.open ? 1 : 0);
    this.d.logger.info({ runbookId: ctl.runbookId, action: ctl.action, actor: ctl.actor }, 'runbook control applied');
  }

  private context(rb: Runbook, req: RunbookRequest): TemplateContext {
    const params: Record<string, string> = {};
    for (const [k, spec] of Object.entries(rb.params)) if (spec.default !== undefined) params[k] = spec.default;
    Object.assign(params, req.params);
    return {
      params,
      request: { id: req.id, incidentId: req.incidentId, runbookId: req.runbookId, ciId: req.ciId ?? '' },
      settings: this.d.settings,
    };
  }

  private dryRun(rb: Runbook, req: RunbookRequest, why: string): OutRecord[] {
    const ctx = this.context(rb, req);
    try {
      const plan = rb.actions.map((a, i) => {
        const r = renderAction(a, ctx, i);
        if (r.type !== 'http' || a.type !== 'http') return r;
        // header values built from settings (tokens) are not copied into the timeline
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(a.headers)) headers[k.toLowerCase()] = v.includes('{{settings.') || v.includes('{{ settings.') ? '<redacted>' : (r.headers[k.toLowerCase()] ?? '');
        return { ...r, headers: { ...r.headers, ...headers } };
      });
      return this.done(req, 'dry_run', why, { output: JSON.stringify(plan).slice(0, this.d.maxOutputBytes) });
    } catch (err) {
      return this.done(req, 'skipped', 'unsafe_value', { output: (err as Error).message, escalate: true });
    }
  }

  private async start(rb: Runbook, req: RunbookRequest, approvedBy?: string, before: OutRecord[] = []): Promise<void> {
    const prev = this.d.guards.state(rb.id);
    const gs = this.d.guards.recordStart(rb, req.ciId);
    const startedAt = this.d.clock.now();
    const s: RequestState = { id: req.id, status: 'running', request: req, at: startedAt, ...(approvedBy ? { approvedBy } : {}) };
    try {
      // durable BEFORE the first action: this is what makes a replay after kill -9 harmless
      await this.send([...before, requestRecord(this.d.topics.changelog, s), guardRecord(this.d.topics.changelog, gs), this.result(req, 'running', 'started', { startedAt })]);
    } catch (err) {
      this.d.guards.restore(prev);
      this.d.guards.release(rb.id);
      throw err;
    }
    this.d.state.requests.set(req.id, s);
    const abort = new AbortController();
    const promise = this.execute(rb, req, startedAt, abort.signal)
      .catch((err: unknown) => this.d.logger.error({ err, requestId: req.id }, 'runbook run could not be recorded'))
      .finally(() => {
        this.inFlight.delete(req.id);
        this.d.metrics.running.set(this.inFlight.size);
      });
    this.inFlight.set(req.id, { promise, abort });
    this.d.metrics.running.set(this.inFlight.size);
  }

  private async execute(rb: Runbook, req: RunbookRequest, startedAt: number, signal: AbortSignal): Promise<void> {
    let output = '';
    const append = (s: string) => {
      if (output.length < this.d.maxOutputBytes) output = (output + s).slice(0, this.d.maxOutputBytes);
    };
    let attempts = 0;
    let failure: string | null = null;
    try {
      const ctx = this.context(rb, req);
      const actions = rb.actions.map((a, i) => renderAction(a, ctx, i));
      for (const action of actions) {
        let failures = 0;
        for (;;) {
          attempts++;
          const r = await this.d.execute(action, { timeoutMs: action.type === 'kafka' ? rb.guards.timeoutMs : (action.timeoutMs ?? rb.guards.timeoutMs), signal });
          this.d.metrics.attempts.inc({ kind: action.type, outcome: r.ok ? 'ok' : r.retryable ? 'retryable' : 'failed' });
          append(`[${action.name}] attempt ${failures + 1}: ${r.detail}\n${r.output}${r.output.endsWith('\n') || r.output === '' ? '' : '\n'}`);
          if (r.ok) break;
          failures++;
          const delay = signal.aborted ? null : nextRetryDelay(rb.guards.retries, failures, r.retryable);
          if (delay === null) {
            failure = `${action.name}: ${r.detail}${failures > 1 ? ` after ${failures} attempts` : ''}`;
            break;
          }
          await sleep(delay, signal);
        }
        if (failure !== null) break;
      }
    } catch (err) {
      failure = isAiopsError(err) ? `refused: ${err.message}` : `error: ${(err as Error).message}`;
    }
    const endedAt = this.d.clock.now();
    if (signal.aborted) {
      this.d.guards.release(rb.id);
      await this.sendUntilDone(this.done(req, 'failed', INTERRUPTED, { startedAt, endedAt, attempts, output, escalate: true }));
      return;
    }
    const { state: gs, tripped } = this.d.guards.recordEnd(rb, req.ciId, failure === null);
    this.d.metrics.breakerOpen.set({ rule: rb.id }, gs.breaker.open ? 1 : 0);
    const records =
      failure === null
        ? this.done(req, 'succeeded', 'all actions succeeded', { startedAt, endedAt, attempts, output })
        : this.done(req, 'failed', tripped ? `${failure}; circuit breaker opened after ${gs.breaker.consecutiveFailures} consecutive failures` : failure, {
            startedAt,
            endedAt,
            attempts,
            output,
            escalate: true,
          });
    await this.sendUntilDone([...records, guardRecord(this.d.topics.changelog, gs)]);
    if (tripped) this.d.logger.warn({ runbookId: rb.id }, 'circuit breaker opened: runbook disabled until re-enabled');
  }

  /** drain waits for running actions up to graceMs, then interrupts them (they report INTERRUPTED). */
  async drain(graceMs: number): Promise<void> {
    this.stopping = true;
    const all = () => Promise.all([...this.inFlight.values()].map((f) => f.promise));
    let timer: NodeJS.Timeout | undefined;
    const timedOut = await Promise.race([all().then(() => false), new Promise<boolean>((r) => (timer = setTimeout(() => r(true), graceMs)))]);
    clearTimeout(timer);
    if (timedOut) {
      for (const f of this.inFlight.values()) f.abort.abort();
      await all();
    }
  }

  /** status describes each runbook and its guard state (for GET /api/v1/runbooks). */
  status(): unknown[] {
    const now = this.d.clock.now();
    return this.d.catalog.runbooks.map((rb) => {
      const g = this.d.guards.state(rb.id);
      const windowMs = rb.guards.rateLimit?.windowMs ?? 0;
      return {
        id: rb.id,
        version: rb.version,
        description: rb.description,
        file: this.d.catalog.sources.get(rb.id) ?? null,
        enabled: rb.enabled && !g.disabledByOperator,
        dryRun: rb.dryRun,
        trigger: rb.trigger,
        match: rb.match,
        params: Object.keys(rb.params),
        guards: rb.guards,
        actions: rb.actions.map((a) => ({ type: a.type, name: a.name })),
        state: {
          breakerOpen: g.breaker.open,
          consecutiveFailures: g.breaker.consecutiveFailures,
          breakerOpenedAt: g.breaker.openedAt,
          disabledByOperator: g.disabledByOperator,
          running: this.d.guards.running(rb.id),
          runsInWindow: windowMs > 0 ? g.runs.filter((r) => r.at > now - windowMs).length : null,
        },
      };
    });
  }
}
