/**
 * Correlation through the product's public interfaces equals correlation in-process: a seeded storm
 * with its CMDB goes in through `aiops cmdb import` and the gateway's generic webhook (paced at 120x
 * real time), travels Kafka, the correlator's router and engine, and is read back from the console's
 * HTTP API; the groups must be the ones the engine makes when fed the same storm directly, and score
 * the same against the ground truth. This is what an evaluator pushing a labelled dataset sees.
 */
import { describe, expect, it } from 'vitest';
import { generateShop } from '../../load-tests/quality/shop.js';
import { generateStorm } from '../../load-tests/quality/storm.js';
import { SMOKE_SCENARIO } from '../../load-tests/quality/scenarios.js';
import { score } from '../../load-tests/quality/scorer.js';
import { loadEngine } from '../../load-tests/quality/engine.js';
import { throughPipeline } from '../../load-tests/pipeline/pipeline.js';

describe('correlation through gateway -> Kafka -> correlator -> console', () => {
  it('groups a paced storm exactly like the engine in-process', async () => {
    const shop = generateShop(SMOKE_SCENARIO.shop);
    const storm = generateStorm(shop, SMOKE_SCENARIO.storm);
    const { runner, reason } = await loadEngine({});
    if (!runner) throw new Error(reason);
    const direct = runner.run(storm.events, shop.cis).groups;
    const piped = await throughPipeline(SMOKE_SCENARIO, storm, shop.cis, 120);
    const opts = { rootCauseNames: storm.ciNames };
    const want = score(direct, storm.truth, opts);
    const got = score(piped.groups, storm.truth, opts);
    // Sanity: the storm has real failures and the engine groups them well, so agreement means something.
    expect(want.failures).toBeGreaterThan(2);
    expect(want.f1).toBeGreaterThan(0.7);
    expect(got.alerts).toBe(want.alerts);
    expect(got.f1).toBeCloseTo(want.f1, 2);
    expect(got.groups).toBe(want.groups);
    expect(got.rootCauseTop1).toBeCloseTo(want.rootCauseTop1, 2);
  });
});
