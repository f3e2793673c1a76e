import { describe, expect, it } from 'vitest';
import type { ConfigurationItem, Event } from '@aiops/model';
import { createCmdbGraph } from '@aiops/cmdb';
import { createCiLinkIndex, trainCiLinks, type CiLinkOptions } from './ci-links.js';
import { correlateConfig } from './config.js';
import { createCorrelationEngine } from './engine.js';
import { trainModel, type HistoryEntry } from './patterns.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const T0 = 1_700_000_000_000;
const opts: CiLinkOptions = { trainedAt: T0, windowMs: 5 * MIN, minSupport: 2, minLift: 20, minConfidence: 0.3, maxLinksPerCi: 50 };

/** half a day: vm-a and esx-9 (a runs_on the CMDB lost) start alerting together `together` times; db-1 alone; chatty-1 every 10 min. */
function history(together: number): HistoryEntry[] {
  const h: HistoryEntry[] = [];
  const at = (groupId: string, ci: string, t: number): HistoryEntry => ({ groupId, template: `alert on ${ci}`, at: t, ci });
  for (let i = 0; i < together; i++) h.push(at(`x${i}`, 'esx-9', T0 + i * 3 * HOUR), at(`y${i}`, 'vm-a', T0 + i * 3 * HOUR + 2 * MIN));
  for (let i = 0; i < 3; i++) h.push(at(`d${i}`, 'db-1', T0 + i * 4 * HOUR + 90 * MIN));
  for (let t = 0; t < 12 * HOUR; t += 10 * MIN) h.push(at(`c${t}`, 'chatty-1', T0 + t));
  h.push({ groupId: 'u', template: 'unmapped alert', at: T0 + 5 * MIN }); // no CI: no part in CI links
  return h;
}

describe('learned CI relations', () => {
  it.each([
    { name: 'two CIs that start alerting together on several occasions are linked', together: 3, a: 'vm-a', b: 'esx-9', linked: true },
    { name: 'once is chance: no link', together: 1, a: 'vm-a', b: 'esx-9', linked: false },
    { name: 'CIs that never start together are not linked', together: 3, a: 'vm-a', b: 'db-1', linked: false },
    { name: 'a CI alerting all the time meets every other by chance: lift too low', together: 3, a: 'vm-a', b: 'chatty-1', linked: false },
  ])('$name', ({ together, a, b, linked }) => {
    const m = trainCiLinks(history(together), opts);
    const p = m ? createCiLinkIndex(m).partners(a).find((x) => x.ci === b) : undefined;
    expect(p !== undefined).toBe(linked);
    if (p) {
      expect(p.support).toBe(together);
      expect(p.lift).toBeGreaterThanOrEqual(opts.minLift);
    }
  });
  /** storms: in each of 6 busy hours 12 CIs start together (s<i>-<k>), and p/q happen to fall into two of them. */
  function storms(): HistoryEntry[] {
    const h: HistoryEntry[] = [];
    const at = (ci: string, t: number): HistoryEntry => ({ groupId: `${ci}@${t}`, template: `alert on ${ci}`, at: t, ci });
    for (let i = 0; i < 6; i++) for (let k = 0; k < 12; k++) h.push(at(`s${i}-${k}`, T0 + i * 2 * HOUR + k * 10_000));
    h.push(at('p', T0 + 30_000), at('q', T0 + 60_000), at('p', T0 + 2 * HOUR + 30_000), at('q', T0 + 2 * HOUR + 60_000));
    // r and t start together twice in quiet hours
    h.push(at('r', T0 + HOUR), at('t', T0 + HOUR + MIN), at('r', T0 + 5 * HOUR), at('t', T0 + 5 * HOUR + MIN));
    return h;
  }
  it.each([
    { name: 'uniform chance: two CIs meeting only inside storms look linked', chance: 'uniform' as const, a: 'p', b: 'q', linked: true },
    { name: 'activity chance: inside storms everything meets, no link', chance: 'activity' as const, a: 'p', b: 'q', linked: false },
    { name: 'activity chance: meeting in quiet hours is still a link', chance: 'activity' as const, a: 'r', b: 't', linked: true },
  ])('$name', ({ chance, a, b, linked }) => {
    const m = trainCiLinks(storms(), { ...opts, chance });
    expect((m ? createCiLinkIndex(m).partners(a).some((x) => x.ci === b) : false)).toBe(linked);
  });
  it('is deterministic and rides in the pattern model only when learning.ciLinks is on', () => {
    const learning = { ...correlateConfig.parse({}).learning, ciMinSupport: 2, ciChance: 'uniform' as const };
    expect(trainCiLinks(history(3), opts)).toEqual(trainCiLinks([...history(3)].reverse(), opts));
    expect(trainModel(history(3), learning, T0)?.ciLinks).toBeUndefined();
    const on = trainModel(history(3), { ...learning, ciLinks: true }, T0);
    expect(on?.ciLinks?.links).toContainEqual(['esx-9', 'vm-a', 3, expect.any(Number)]);
  });
});

describe('join through a learned CI relation', () => {
  const ci = (id: string, type: string, rel: Array<[string, string]> = []): ConfigurationItem => ({ id, name: id, type, aliases: [], attributes: {}, relations: rel.map(([type, target]) => ({ type: type as 'runs_on', target })) });
  // the CMDB lost vm-a's runs_on esx-9; vm-b's is recorded
  const cmdb = [ci('esx-9', 'host'), ci('vm-a', 'vm'), ci('vm-b', 'vm', [['runs_on', 'esx-9']]), ci('db-1', 'database')];
  const model = trainModel(history(3), { ...correlateConfig.parse({}).learning, ciLinks: true, ciChance: 'uniform' }, T0);
  const ev = (fp: string, ciId: string, at: number): Event => ({
    id: `e-${fp}`, source: 'test', fingerprint: fp, status: 'firing', severity: 'major', title: `${fp} check failed`, description: '',
    labels: { alertname: fp }, annotations: {}, resource: { ci: ciId }, occurredAt: at, receivedAt: at,
  });
  it.each([
    { name: 'a partner 2 min after its learned partner joins its group, saying it is inferred', ci: 'vm-a', gap: 2 * MIN, cfg: {}, withModel: true, rule: 'pattern' },
    { name: '20 min after: outside the learned window, apart', ci: 'vm-a', gap: 20 * MIN, cfg: {}, withModel: true, rule: 'seed' },
    { name: 'no model: apart', ci: 'vm-a', gap: 2 * MIN, cfg: {}, withModel: false, rule: 'seed' },
    { name: 'ciLinkScore 0: apart', ci: 'vm-a', gap: 2 * MIN, cfg: { learning: { ciLinkScore: 0 } }, withModel: true, rule: 'seed' },
    { name: 'no learned partner: apart', ci: 'db-1', gap: 2 * MIN, cfg: {}, withModel: true, rule: 'seed' },
    { name: 'the CMDB has the relation: topology, the learned link unused', ci: 'vm-b', gap: 2 * MIN, cfg: {}, withModel: true, rule: 'topology' },
  ])('$name', ({ ci: at, gap, cfg, withModel, rule }) => {
    const e = createCorrelationEngine(correlateConfig.parse({ time: { reorderToleranceMs: 0 }, ...cfg }), { cmdb: createCmdbGraph(cmdb), patterns: withModel ? model : null });
    const t = T0 + 48 * HOUR;
    e.process([ev('host', 'esx-9', t)]);
    const out = e.process([ev('guest', at, t + gap)]);
    const m = out.groups.flatMap((g) => g.members.filter((x) => x.fingerprint === 'guest').map((x) => ({ ...x, size: g.members.length })))[0];
    expect(m?.rule).toBe(rule);
    expect(m?.size).toBe(rule === 'seed' ? 1 : 2);
    if (rule === 'pattern') {
      expect(m?.evidence.detail).toMatch(/^inferred relation \(not in the CMDB\): vm-a and esx-9 started alerting within 5 min of each other on 3 past occasions \(lift [\d.]+; learned \d{4}-\d\d-\d\dT/);
      expect(m?.evidence.patternId).toBe('ci:esx-9-vm-a');
    }
  });
});
