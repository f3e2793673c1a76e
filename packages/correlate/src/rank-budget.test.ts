import { describe, expect, it } from 'vitest';
import type { ConfigurationItem, Event } from '@aiops/model';
import { createCmdbGraph } from '@aiops/cmdb';
import { correlateConfig } from './config.js';
import { createCorrelationEngine, type EngineOutput } from './engine.js';
import { finalGroups } from './evaluate.js';
import { rankDue } from './rank-budget.js';

describe('rankDue', () => {
  it.each([
    // cis, rankedAt, from, due
    [10, 9, 0, true], // 0 = rank on every join
    [500, 499, 500, true], // at or below the threshold: every join
    [501, 500, 500, false], // past it: 1/32 growth needed (500 + 15)
    [514, 500, 500, false],
    [515, 500, 500, true],
    [20_000, 19_999, 500, false],
    [20_625, 20_000, 500, true],
    [40, 39, 20, true], // small rankedAt: at least one more CI
    [40, undefined, 20, true], // never ranked (restored group)
  ])('%i CIs, last ranked at %s, from %i: %s', (cis, rankedAt, from, due) => {
    expect(rankDue(cis, rankedAt, from)).toBe(due);
  });
});

describe('rank budget in the engine', () => {
  const T0 = 1_700_000_000_000;
  const n = 200;
  const cis: ConfigurationItem[] = [{ id: 'db-hub', name: 'db-hub', type: 'database', aliases: [], attributes: {}, relations: [] }];
  for (let i = 0; i < n; i++) cis.push({ id: `app-${i}`, name: `app-${i}`, type: 'host', aliases: [], attributes: {}, relations: [{ type: 'depends_on', target: 'db-hub' }] });
  const ev = (fp: string, ci: string, at: number): Event => ({
    id: `${fp}-${at}`, source: 'test', fingerprint: fp, status: 'firing', severity: 'major', title: `alert ${fp}`, description: '',
    labels: { alertname: fp }, annotations: {}, resource: { ci }, occurredAt: at, receivedAt: at,
  });
  const storm = [ev('hub', 'db-hub', T0), ...Array.from({ length: n }, (_, i) => ev(`dep-${i}`, `app-${i}`, T0 + 1000 + i * 1000))];
  function final(rankBudgetFromCis: number) {
    const e = createCorrelationEngine(correlateConfig.parse({ time: { reorderToleranceMs: 0 }, grouping: { rankBudgetFromCis } }), { cmdb: createCmdbGraph(cis) });
    const outs: EngineOutput[] = [];
    for (const x of storm) outs.push(e.process([x]), e.advance(x.receivedAt));
    const groups = finalGroups(outs.flatMap((o) => o.groups));
    return groups;
  }

  it('a hub outage larger than the budget is still one group rooted at the hub, its ranking at most 1/32 behind', () => {
    const every = final(0);
    const capped = final(20);
    expect(every).toHaveLength(1);
    expect(capped).toHaveLength(1);
    expect(capped[0]?.members).toHaveLength(n + 1);
    expect(capped[0]?.rootCause?.ciId).toBe('db-hub');
    expect(every[0]?.rootCause?.reason).toBe(`${n} of ${n} other CIs depend on it`);
    const m = /^(\d+) of (\d+) other CIs depend on it$/.exec(capped[0]?.rootCause?.reason ?? '');
    expect(m).not.toBeNull();
    expect(Number(m?.[2])).toBeGreaterThanOrEqual(n - Math.ceil(n / 32));
  });
});

describe('rank budget without a CMDB', () => {
  const T0 = 1_700_000_000_000;
  const n = 150;
  const storm: Event[] = Array.from({ length: n }, (_, i) => ({
    id: `p-${i}`, source: 'test', fingerprint: `pod-${i}`, status: 'firing', severity: 'major', title: `Pod shop/checkout-${i} is not ready`, description: '',
    labels: { alertname: 'KubePodNotReady', namespace: 'shop', pod: `checkout-abc-${i}`, deployment: 'checkout', node: `node-${i}` }, annotations: {},
    resource: { namespace: 'shop', pod: `checkout-abc-${i}`, workload: 'checkout', host: `node-${i}` }, occurredAt: T0 + i * 500, receivedAt: T0 + i * 500,
  }));
  function final(rankBudgetFromCis: number) {
    const e = createCorrelationEngine(correlateConfig.parse({ time: { reorderToleranceMs: 0 }, grouping: { rankBudgetFromCis } }), { cmdb: createCmdbGraph([]) });
    const outs: EngineOutput[] = [];
    for (const x of storm) outs.push(e.process([x]), e.advance(x.receivedAt));
    outs.push(e.advance(T0 + 3 * 3_600_000));
    return finalGroups(outs.flatMap((o) => o.groups));
  }

  it('a label-only failure larger than the budget, fed one event at a time, keeps its group and root', () => {
    const every = final(0);
    const capped = final(20);
    expect(capped).toHaveLength(every.length);
    expect(capped.map((g) => g.members.length)).toEqual(every.map((g) => g.members.length));
    expect(capped[0]?.rootCause?.ciId).toBe(every[0]?.rootCause?.ciId);
  });
});
