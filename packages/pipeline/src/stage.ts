import type { Clock } from './clock.js';

/** StageContext carries what a stage may use besides its input: time, and a cancellation signal. */
export interface StageContext {
  readonly clock: Clock;
  readonly signal?: AbortSignal;
}

/**
 * Stage is the one small interface of the pipeline (after Alertmanager's notify.Stage): batch in, batch out.
 * Dropping means returning fewer items; a stage counts what it drops, with a reason.
 */
export interface Stage<In, Out> {
  readonly name: string;
  process(batch: readonly In[], ctx: StageContext): Promise<readonly Out[]> | readonly Out[];
}

/** stageFn adapts a function to a Stage (like MuteFunc). */
export function stageFn<In, Out>(
  name: string,
  fn: (batch: readonly In[], ctx: StageContext) => Promise<readonly Out[]> | readonly Out[],
): Stage<In, Out> {
  return { name, process: fn };
}

/** sequence composes two stages; an empty intermediate batch short-circuits. */
export function sequence<A, B, C>(s1: Stage<A, B>, s2: Stage<B, C>): Stage<A, C> {
  return {
    name: `${s1.name}>${s2.name}`,
    process: (batch, ctx) => runSequence(s1, s2, batch, ctx),
  };
}

async function runSequence<A, B, C>(s1: Stage<A, B>, s2: Stage<B, C>, batch: readonly A[], ctx: StageContext): Promise<readonly C[]> {
  const mid = await s1.process(batch, ctx);
  return mid.length === 0 ? [] : s2.process(mid, ctx);
}

/** Rejected is bad input turned into data: it goes to the DLQ with its reason, never thrown away. */
export interface Rejected<T = unknown> {
  readonly rejected: true;
  readonly input: T;
  readonly code: string;
  readonly reason: string;
  readonly field?: string;
}

export function rejected<T>(input: T, code: string, reason: string, field?: string): Rejected<T> {
  return field === undefined ? { rejected: true, input, code, reason } : { rejected: true, input, code, reason, field };
}

export function isRejected(x: unknown): x is Rejected {
  return typeof x === 'object' && x !== null && (x as { rejected?: unknown }).rejected === true;
}
