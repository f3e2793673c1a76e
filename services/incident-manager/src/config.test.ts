import { describe, expect, it } from 'vitest';
import { serviceConfig } from './config.js';

const DAY = 86_400_000;

describe('manager.retainClosedMs: how long a closed incident stays in memory', () => {
  it('defaults to 7 days, remembering evictions for 14', () => {
    expect(serviceConfig.parse({}).manager).toMatchObject({ retainClosedMs: 7 * DAY, evictedMarkerMs: 14 * DAY, keepExamples: 5000, evictPerTick: 500 });
  });

  it.each([
    { ms: 0, ok: true, why: 'keep forever' },
    { ms: DAY, ok: true, why: 'one day: a correlation group lives at most that long' },
    { ms: DAY - 1, ok: false, why: 'shorter than a group may still change the closed incident' },
    { ms: -1, ok: false, why: 'negative' },
  ])('$ms: $why', ({ ms, ok }) => {
    expect(serviceConfig.safeParse({ manager: { retainClosedMs: ms } }).success).toBe(ok);
  });
});
