/**
 * history builds the "earlier weeks" a real deployment has before a storm: the SAME shop (same CIs,
 * same senders and host naming) with other failures of the same kinds under another seed, ending an
 * hour before the scored storm starts. `--train` plays it through the engine and trains the pattern
 * model from the engine's own closed groups (no ground truth), then scores the storm with that model.
 */
import type { Event } from '@aiops/model';
import type { Scenario } from './scenarios.js';
import type { StormOptions } from './storm.js';

const HOUR = 3_600_000;
const DEFAULT_START = 1_767_225_600_000;
/** added to the storm seed for its history: far from any --seed-offset a run uses (1000s). */
export const HISTORY_SEED_DELTA = 500_009;

/** historyStorm: `windows` times the storm's length and failures, same rates, another seed, before the storm. */
export function historyStorm(s: Scenario, windows: number): StormOptions {
  const start = s.storm.startAt ?? DEFAULT_START;
  const durationMs = s.storm.durationMs * windows;
  return {
    ...s.storm,
    seed: s.storm.seed + HISTORY_SEED_DELTA,
    styleSeed: s.storm.styleSeed ?? s.storm.seed,
    durationMs,
    failures: s.storm.failures * windows,
    startAt: start - durationMs - HOUR,
  };
}

/** shiftEvents moves a storm in time (a history window played before the scored one). */
export function shiftEvents(events: readonly Event[], deltaMs: number): Event[] {
  return events.map((e) => ({
    ...e,
    occurredAt: e.occurredAt + deltaMs,
    receivedAt: e.receivedAt + deltaMs,
    ...(e.startsAt === undefined ? {} : { startsAt: e.startsAt + deltaMs }),
    ...(e.endsAt === undefined ? {} : { endsAt: e.endsAt + deltaMs }),
  }));
}

/** parseTrain reads `--train [windows]` (default 12 windows of history: half a day for the 1 h storms); 0 = no training. */
export function parseTrain(args: readonly string[]): number {
  const i = args.indexOf('--train');
  if (i < 0) return 0;
  const n = Number(args[i + 1]);
  return Number.isInteger(n) && n > 0 ? n : 12;
}
