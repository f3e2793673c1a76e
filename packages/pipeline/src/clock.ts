/** Clock is the only source of "now" for stages: injected, so tests and replays control time. */
export interface Clock {
  now(): number;
}

// The one sanctioned wall clock: services pass it in; stages only see the Clock interface.
// eslint-disable-next-line no-restricted-properties
export const systemClock: Clock = { now: () => Date.now() };

/** ManualClock is a clock a test moves by hand. */
export class ManualClock implements Clock {
  private t: number;
  constructor(start = 0) {
    this.t = start;
  }
  now(): number {
    return this.t;
  }
  set(t: number): void {
    this.t = t;
  }
  advance(ms: number): number {
    this.t += ms;
    return this.t;
  }
}
