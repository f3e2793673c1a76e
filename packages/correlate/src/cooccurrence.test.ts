import { describe, expect, it } from 'vitest';
import { createCmdbGraph } from '@aiops/cmdb';
import type { Event } from '@aiops/model';
import { correlateConfig } from './config.js';
import { trainCooccurrence, type CooccurrenceOptions } from './cooccurrence.js';
import { createCorrelationEngine } from './engine.js';
import { createPatternIndex, historyOf, trainModel, type HistoryEntry } from './patterns.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const T0 = 1_700_000_000_000;
const opts: CooccurrenceOptions = { trainedAt: T0, windowMs: 5 * MIN, minSupport: 3, minLift: 5, minConfidence: 0.3, maxLinksPerTemplate: 20 };

/** a day of history: `pairs` incidents where A and B start 2 min apart, C alone now and then, D every 10 min. */
function day(pairs: number): HistoryEntry[] {
  const h: HistoryEntry[] = [];
  for (let i = 0; i < pairs; i++) h.push({ groupId: `p${i}`, template: 'Queue depth high on orders', at: T0 + i * 3 * HOUR }, { groupId: `q${i}`, template: 'Checkout latency high', at: T0 + i * 3 * HOUR + 2 * MIN });
  for (let i = 0; i < 6; i++) h.push({ groupId: `c${i}`, template: 'Certificate expires soon', at: T0 + i * 4 * HOUR + 90 * MIN });
  for (let t = 0; t < 24 * HOUR; t += 10 * MIN) h.push({ groupId: `d${t}`, template: 'Backup job slow', at: T0 + t });
  return h;
}

describe('co-occurrence learning', () => {
  it.each([
    { name: 'a pair that starts together on many occasions is linked', pairs: 6, a: 'Queue depth high on orders', b: 'Checkout latency high', linked: true },
    { name: 'too few occasions: no link', pairs: 2, a: 'Queue depth high on orders', b: 'Checkout latency high', linked: false },
    { name: 'templates that never start together are not linked', pairs: 6, a: 'Queue depth high on orders', b: 'Certificate expires soon', linked: false },
    { name: 'an always-on template meets everything by chance: lift too low', pairs: 6, a: 'Queue depth high on orders', b: 'Backup job slow', linked: false },
  ])('$name', ({ pairs, a, b, linked }) => {
    const m = trainCooccurrence(day(pairs), opts);
    const idx = m ? createPatternIndex(m) : null;
    const n = idx ? idx.linked(idx.clusterOf(a), idx.clusterOf(b)) : 0;
    expect(n > 0).toBe(linked);
    if (linked && idx) expect(idx.lift(idx.clusterOf(a), idx.clusterOf(b))).toBeGreaterThanOrEqual(opts.minLift);
  });
  it('is deterministic, names itself and when it was trained, and has no cost for unseen templates', () => {
    const a = trainCooccurrence(day(6), opts);
    expect(a).toEqual(trainCooccurrence([...day(6)].reverse(), opts));
    expect(a?.learner).toBe('cooccurrence');
    expect(a?.trainedAt).toBe(T0);
    expect(createPatternIndex(a!).clusterOf('Something never seen')).toBe(-1);
  });
  it('historyOf keeps closed groups (singletons too) with onsets, not merged ones', () => {
    const member = (template: string, firstSeen: number) => ({ template, firstSeen });
    const h = historyOf([
      { id: 'g1', status: 'closed', members: [member('A', 1), member('B', 2)] },
      { id: 'g2', status: 'closed', members: [member('C', 3)] },
      { id: 'g3', status: 'closed', closeReason: 'merged', members: [member('D', 4)] },
      { id: 'g4', status: 'open', members: [member('E', 5)] },
    ]);
    expect(h).toEqual([{ groupId: 'g1', template: 'A', at: 1 }, { groupId: 'g1', template: 'B', at: 2 }, { groupId: 'g2', template: 'C', at: 3 }]);
  });
});

describe('pattern join from a co-occurrence model', () => {
  const model = trainModel(day(6), { learner: 'cooccurrence', windowMs: 5 * MIN, minSupport: 3, minLift: 5, minConfidence: 0.3, maxLinksPerTemplate: 20 }, T0)!;
  const ev = (fp: string, at: number, title: string, service: string): Event => ({
    id: `e-${fp}-${at}`, source: 'test', fingerprint: fp, status: 'firing', severity: 'major', title, description: '',
    labels: { service }, annotations: {}, resource: {}, occurredAt: at, receivedAt: at,
  });
  const run = (gapMs: number, withModel: boolean, on = true) => {
    const e = createCorrelationEngine(correlateConfig.parse({ time: { reorderToleranceMs: 0 }, grouping: { patterns: on } }), { cmdb: createCmdbGraph([]), patterns: withModel ? model : null });
    const t = T0 + 48 * HOUR;
    e.process([ev('q', t, 'Queue depth high on orders', 'orders-queue')]);
    const out = e.process([ev('c', t + gapMs, 'Checkout latency high', 'storefront')]);
    return out.groups.flatMap((g) => g.members.filter((m) => m.fingerprint === 'c').map((m) => ({ rule: m.rule, detail: m.evidence.detail ?? '', size: g.members.length })));
  };
  it.each([
    { name: 'partners starting 2 min apart join on the pattern', gap: 2 * MIN, model: true, on: true, rule: 'pattern', size: 2 },
    { name: 'the same pair 20 min apart: outside the learned window, apart', gap: 20 * MIN, model: true, on: true, rule: 'seed', size: 1 },
    { name: 'no model: apart', gap: 2 * MIN, model: false, on: true, rule: 'seed', size: 1 },
    { name: 'grouping.patterns off: apart', gap: 2 * MIN, model: true, on: false, rule: 'seed', size: 1 },
  ])('$name', ({ gap, model: m, on, rule, size }) => {
    const [c] = run(gap, m, on);
    expect(c?.rule).toBe(rule);
    expect(c?.size).toBe(size);
    if (rule === 'pattern') expect(c?.detail).toMatch(/^pattern cooc_\d+_\d+#\d+-\d+ trained at \d{4}-\d\d-\d\dT.*started within 5 min .* on \d+ past occasions \(lift [\d.]+\)/);
  });
});
