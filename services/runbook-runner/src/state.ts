import type { RunbookOutcome, RunbookRequest } from '@aiops/model';
import type { RunbookGuardState } from '@aiops/runbook';
import type { KafkaClient, OutRecord } from '@aiops/kafka';

/**
 * The runner's durable state lives in a compacted changelog topic (Kafka Streams style), one key per
 * thing: `req:<requestId>` (where a request stands), `rb:<runbookId>` (its guard state: breaker, rate
 * window, cooldowns), `early:<requestId>` (an approve/reject that arrived before its request) and
 * `ctl:<controlId>` (control commands already applied). It is written BEFORE an action starts, so a
 * request id seen again after a crash is recognised and never run twice.
 */
export type RequestStatus = 'waiting_approval' | 'running' | 'done';

export interface RequestState {
  readonly id: string;
  readonly status: RequestStatus;
  readonly request: RunbookRequest;
  readonly at: number;
  readonly outcome?: RunbookOutcome;
  readonly reason?: string;
  readonly approvedBy?: string;
}

export interface EarlyDecision {
  readonly requestId: string;
  readonly incidentId: string;
  readonly decision: 'approve' | 'reject';
  readonly actor: string;
  readonly at: number;
}

export interface RunnerState {
  readonly requests: Map<string, RequestState>;
  readonly guards: Map<string, RunbookGuardState>;
  readonly early: Map<string, EarlyDecision>;
  readonly controls: Set<string>;
}

export const requestRecord = (topic: string, s: RequestState): OutRecord => ({ topic, key: `req:${s.id}`, value: JSON.stringify(s) });
export const guardRecord = (topic: string, s: RunbookGuardState): OutRecord => ({ topic, key: `rb:${s.runbookId}`, value: JSON.stringify(s) });
export const earlyRecord = (topic: string, e: EarlyDecision): OutRecord => ({ topic, key: `early:${e.requestId}`, value: JSON.stringify(e) });
export const earlyTombstone = (topic: string, requestId: string): OutRecord => ({ topic, key: `early:${requestId}`, value: null });
export const controlRecord = (topic: string, id: string, at: number): OutRecord => ({ topic, key: `ctl:${id}`, value: JSON.stringify({ at }) });

/** restoreState reads the whole changelog (latest value per key wins; null deletes). */
export async function restoreState(kafka: KafkaClient, topic: string): Promise<RunnerState> {
  const latest = new Map<string, string | null>();
  for (const r of await kafka.readAll(topic, { timeoutMs: 30_000 })) {
    if (r.key === null) continue;
    latest.set(r.key, r.value === null ? null : r.value.toString('utf8'));
  }
  const state: RunnerState = { requests: new Map(), guards: new Map(), early: new Map(), controls: new Set() };
  for (const [key, value] of latest) {
    if (value === null) continue;
    const sep = key.indexOf(':');
    const kind = key.slice(0, sep);
    const id = key.slice(sep + 1);
    let parsed: unknown;
    try {
      parsed = JSON.parse(value);
    } catch {
      continue; // not ours / corrupt: ignored, the key is overwritten on the next change
    }
    if (kind === 'req') state.requests.set(id, parsed as RequestState);
    else if (kind === 'rb') state.guards.set(id, parsed as RunbookGuardState);
    else if (kind === 'early') state.early.set(id, parsed as EarlyDecision);
    else if (kind === 'ctl') state.controls.add(id);
  }
  return state;
}
