import { describe, expect, it } from 'vitest';
import { GenericEvent } from '@aiops/normalize';
import type { Event } from '@aiops/model';
import { generateShop } from '../quality/shop.js';
import { generateStorm } from '../quality/storm.js';
import { SMOKE_SCENARIO } from '../quality/scenarios.js';
import { MAX_BATCH, pacedBatches, toGenericEvent } from './feed.js';

const storm = generateStorm(generateShop(SMOKE_SCENARIO.shop), SMOKE_SCENARIO.storm);

describe('toGenericEvent', () => {
  it('gives a valid generic event for every storm event, keeping identity, time and hints', () => {
    for (const e of storm.events) {
      const g = GenericEvent.parse(toGenericEvent(e));
      expect(g.fingerprint).toBe(e.fingerprint);
      expect(g.occurredAt).toBe(e.occurredAt);
      expect(g.status).toBe(e.status);
      expect(g.resource ?? {}).toEqual(e.resource);
    }
  });
});

describe('pacedBatches', () => {
  const ev = (receivedAt: number): Event => ({ ...storm.events[0]!, receivedAt });

  it('keeps arrival order and paces by speedup on a virtual clock', async () => {
    let t = 0;
    const real = globalThis.setTimeout;
    // A virtual clock: every wait advances it by exactly the requested time.
    globalThis.setTimeout = ((fn: () => void, ms: number) => { t += ms; return real(fn, 0); }) as typeof setTimeout;
    try {
      const seen: Array<{ at: number; times: number[] }> = [];
      for await (const b of pacedBatches([ev(10_000), ev(0), ev(50), ev(60_000)], 10, 100, () => t)) seen.push({ at: t, times: b.map((e) => e.receivedAt) });
      expect(seen.map((s) => s.times)).toEqual([[0, 50], [10_000], [60_000]]);
      // 10 s of storm at 10x = 1 s of wall time; 60 s = 6 s.
      expect(seen[1]!.at).toBeCloseTo(1_000, 0);
      expect(seen[2]!.at).toBeCloseTo(6_000, 0);
    } finally {
      globalThis.setTimeout = real;
    }
  });

  it('caps a batch so a request stays under the gateway body limit', async () => {
    const many = Array.from({ length: 2.5 * MAX_BATCH }, () => ev(0));
    const sizes: number[] = [];
    for await (const b of pacedBatches(many, 1, 100)) sizes.push(b.length);
    expect(sizes).toEqual([MAX_BATCH, MAX_BATCH, MAX_BATCH / 2]);
    expect(Buffer.byteLength(JSON.stringify(storm.events.slice(0, MAX_BATCH).map(toGenericEvent)))).toBeLessThan(1024 * 1024);
  });
});
