import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ConfigurationItem, Event } from '@aiops/model';
import { alertmanagerBaseline } from './baseline.js';
import { runScenario, transformEvents } from './bench.js';
import { loadEngine } from './engine.js';
import { generateShop, generateStorm } from './generator.js';
import { DEFAULT_SCENARIOS, SMOKE_SCENARIO } from './scenarios.js';
import { score, truthGroups, type PredictedGroup } from './scorer.js';
import type { Truth } from './storm.js';

const digest = (x: unknown): string => createHash('sha256').update(JSON.stringify(x)).digest('hex');
const make = (seed = SMOKE_SCENARIO.shop.seed) => {
  const shop = generateShop({ ...SMOKE_SCENARIO.shop, seed });
  const storm = generateStorm(shop, { ...SMOKE_SCENARIO.storm, seed });
  return { shop, storm };
};

describe('generator', () => {
  it('is deterministic for a seed and differs across seeds', () => {
    const a = make();
    const b = make();
    expect(digest(a.shop.cis)).toBe(digest(b.shop.cis));
    expect(digest(a.storm.events)).toBe(digest(b.storm.events));
    expect(digest(a.storm.truth)).toBe(digest(b.storm.truth));
    expect(digest(make(43).storm.events)).not.toBe(digest(a.storm.events));
  });

  it('accepts a plain ConfigurationItem[] as the shop', () => {
    const { shop, storm } = make();
    expect(digest(generateStorm(shop.cis, SMOKE_SCENARIO.storm).events)).toBe(digest(storm.events));
  });

  it.each(['microservices', 'k8s', 'three-tier'] as const)('builds a valid %s shop of about the asked size with resolvable relations', (shape) => {
    const shop = generateShop({ seed: 7, size: 1000, shape });
    expect(shop.cis.length).toBeGreaterThanOrEqual(1000);
    expect(shop.cis.length).toBeLessThan(1300);
    const ids = new Set(shop.cis.map((c) => c.id));
    expect(ids.size).toBe(shop.cis.length);
    for (const ci of shop.cis) {
      expect(() => ConfigurationItem.parse(ci)).not.toThrow();
      for (const r of ci.relations) expect(ids.has(r.target)).toBe(true);
    }
    expect(shop.cis.some((c) => c.type === 'business_service' && c.criticality && c.users !== undefined)).toBe(true);
    expect(shop.cis.every((c) => c.type === 'business_service' || c.supportGroup)).toBe(true);
  });

  it('produces valid, arrival-ordered events whose truth is consistent', () => {
    const { shop, storm } = make();
    const fps = new Set<string>();
    let last = 0;
    for (const e of storm.events) {
      expect(() => Event.parse(e)).not.toThrow();
      expect(e.receivedAt).toBeGreaterThanOrEqual(last);
      last = e.receivedAt;
      expect(storm.truth).toHaveProperty([e.fingerprint]);
      fps.add(e.fingerprint);
    }
    expect(new Set(Object.keys(storm.truth))).toEqual(fps);
    const failureIds = new Set(storm.failures.map((f) => f.id));
    for (const t of Object.values(storm.truth)) {
      if (t === null) continue;
      expect(failureIds.has(t.failureId)).toBe(true);
      expect(shop.byId.has(t.rootCauseCi)).toBe(true);
      expect(storm.failures.find((f) => f.id === t.failureId)?.rootCauseCi).toBe(t.rootCauseCi);
    }
  });

  it('renders every default scenario without two alerts on one fingerprint (the ledger throws on that)', () => {
    for (const s of DEFAULT_SCENARIOS) expect(() => generateStorm(generateShop(s.shop), s.storm), s.name).not.toThrow();
  });

  it('lets overlapping failures reach the same CI, each alert owned by one of them', () => {
    const s = DEFAULT_SCENARIOS.find((x) => x.name === 'k8s-10000-burst');
    if (!s) throw new Error('scenario missing');
    const storm = generateStorm(generateShop(s.shop), s.storm);
    const failuresOf = new Map<string, Set<string>>();
    for (const a of storm.alerts) {
      if (!a.ciId || !a.failureId) continue;
      const f = failuresOf.get(a.ciId) ?? new Set<string>();
      failuresOf.set(a.ciId, f.add(a.failureId));
      expect(storm.truth[a.fingerprint]?.failureId).toBe(a.failureId);
    }
    expect([...failuresOf.values()].some((f) => f.size > 1)).toBe(true);
  });

  it('gives Kubernetes alerts the labels the kube-prometheus rules give them', () => {
    const shop = generateShop({ seed: 11, size: 1500, shape: 'k8s' });
    const storm = generateStorm(shop, { ...SMOKE_SCENARIO.storm, seed: 11, failures: 12, noiseRate: 2, labelStyle: 'prometheus', unmappedRate: 0 });
    const first = new Map<string, Event>();
    for (const e of storm.events) if (!first.has(e.fingerprint)) first.set(e.fingerprint, e);
    const byName = (n: string): Event[] => [...first.values()].filter((e) => e.labels['alertname'] === n);
    const notReady = byName('KubePodNotReady');
    expect(notReady.length).toBeGreaterThan(0);
    // sum by (namespace, pod, cluster): no job, instance, container or node
    for (const e of notReady) expect(Object.keys(e.labels).sort()).toEqual(['alertname', 'cluster', 'env', 'namespace', 'pod', 'severity']);
    // kube-state-metrics series: the exporter's one address per cluster, never the pod's node
    const ksm = [...first.values()].filter((e) => e.labels['job'] === 'kube-state-metrics');
    const perCluster = new Map<string, Set<string>>();
    for (const e of ksm) perCluster.set(e.labels['cluster'] ?? '', (perCluster.get(e.labels['cluster'] ?? '') ?? new Set()).add(e.labels['instance'] ?? ''));
    expect(ksm.length).toBeGreaterThan(0);
    for (const addresses of perCluster.values()) expect(addresses.size).toBe(1);
    for (const e of first.values()) if (e.labels['pod']) expect(e.labels['node']).toBeUndefined();
    for (const e of byName('KubeNodeNotReady')) expect(e.labels['node']).toMatch(/compute\.internal$/);
  });

  it('contains the storm features the benchmark promises', () => {
    const { storm } = make();
    const values = Object.values(storm.truth);
    expect(values.filter((t) => t === null).length).toBeGreaterThan(5); // background noise
    expect(storm.alerts.some((a) => a.flapping)).toBe(true);
    expect(storm.alerts.some((a) => a.unmapped)).toBe(true);
    const ids = storm.events.map((e) => e.id);
    expect(new Set(ids).size).toBeLessThan(ids.length); // exact duplicate sends
    const outOfOrder = storm.events.some((e, i) => i > 0 && e.occurredAt < (storm.events[i - 1]?.occurredAt ?? 0));
    expect(outOfOrder).toBe(true);
    expect(new Set(storm.events.map((e) => e.source)).size).toBeGreaterThan(1); // mixed senders
    const resolvedThenFiring = storm.events.some((e) => e.status === 'resolved');
    expect(resolvedThenFiring).toBe(true);
  });
});

describe('scorer', () => {
  const truth: Truth = {
    a1: { failureId: 'F1', rootCauseCi: 'R1' }, a2: { failureId: 'F1', rootCauseCi: 'R1' }, a3: { failureId: 'F1', rootCauseCi: 'R1' },
    b1: { failureId: 'F2', rootCauseCi: 'R2' }, b2: { failureId: 'F2', rootCauseCi: 'R2' },
    n1: null,
  };
  const cases: Array<{ name: string; groups: PredictedGroup[]; p: number; r: number; f1: number; nr: number; rc: number; opts?: Parameters<typeof score>[2] }> = [
    { name: 'all singletons', groups: [], p: 1, r: 0, f1: 0, nr: 0, rc: 0 },
    { name: 'one big group', groups: [{ members: ['a1', 'a2', 'a3', 'b1', 'b2', 'n1'], rootCauseCi: 'R1' }], p: 4 / 15, r: 1, f1: 8 / 19, nr: 5 / 6, rc: 0.5 },
    { name: 'split and mixed', groups: [{ members: ['a1', 'a2'], rootCauseCi: 'R1' }, { members: ['a3', 'b1', 'b2'], rootCauseCi: 'R2' }], p: 0.5, r: 0.5, f1: 0.5, nr: 0.5, rc: 1 },
    { name: 'unknown members ignored, first listing wins', groups: [{ members: ['a1', 'a2', 'a3', 'zz'], rootCauseCi: 'R1' }, { members: ['a1', 'b1', 'b2'], rootCauseCi: 'X' }], p: 1, r: 1, f1: 1, nr: 0.5, rc: 0.5 },
    { name: 'root cause by name', groups: [{ members: ['a1', 'a2', 'a3'], rootCauseCi: 'WEB-01' }, { members: ['b1', 'b2'], rootCauseCi: 'R2' }], p: 1, r: 1, f1: 1, nr: 0.5, rc: 1, opts: { rootCauseNames: { R1: ['web-01'] } } },
  ];
  it.each(cases)('$name', ({ groups, p, r, f1, nr, rc, opts }) => {
    const s = score(groups, truth, opts);
    expect(s.precision).toBeCloseTo(p, 10);
    expect(s.recall).toBeCloseTo(r, 10);
    expect(s.f1).toBeCloseTo(f1, 10);
    expect(s.noiseReduction).toBeCloseTo(nr, 10);
    expect(s.idealNoiseReduction).toBeCloseTo(0.5, 10);
    expect(s.rootCauseTop1).toBeCloseTo(rc, 10);
    expect(s.alerts).toBe(6);
  });

  it('gives a perfect score to the truth itself on a generated storm', () => {
    const { storm } = make();
    const s = score(truthGroups(storm.truth), storm.truth);
    expect(s.f1).toBe(1);
    expect(s.rootCauseTop1).toBe(1);
    expect(s.noiseReduction).toBeCloseTo(s.idealNoiseReduction, 12);
    expect(s.groups).toBe(s.trueGroups);
  });
});

describe('baseline', () => {
  it('groups every alert once and scores below the truth', () => {
    const { shop, storm } = make();
    const groups = alertmanagerBaseline(storm.events, { cmdb: shop.cis });
    const members = groups.flatMap((g) => g.members);
    expect(new Set(members).size).toBe(members.length);
    expect(new Set(members)).toEqual(new Set(Object.keys(storm.truth)));
    const s = score(groups, storm.truth);
    expect(s.f1).toBeGreaterThan(0);
    expect(s.f1).toBeLessThan(1);
    expect(s.groups).toBeLessThan(s.alerts);
  });
});

describe('engine', () => {
  it('runs through the benchmark harness and beats the baseline F1 on the smoke storm', async () => {
    const { runner, reason } = await loadEngine();
    expect(reason).toBe('ok');
    const { result, details } = runScenario(SMOKE_SCENARIO, runner);
    expect(result.engine).not.toBeNull();
    expect(result.engine?.alerts).toBe(result.baseline.alerts);
    expect(result.engine?.f1 ?? 0).toBeGreaterThan(result.baseline.f1);
    expect(details.engine?.failures.length).toBe(result.engine?.failures);
  });
});

describe('storm transforms (--transform)', () => {
  const at = (ms: number, status: 'firing' | 'resolved' = 'firing'): Event => ({ id: `e${ms}${status}`, source: 't', fingerprint: 'f', status, severity: 'major', title: 't', description: '', labels: {}, annotations: {}, resource: {}, occurredAt: ms, receivedAt: ms + 500, startsAt: ms });
  const events = [at(61_234), at(125_000, 'resolved')];
  it('minute truncates event times, noresolve drops resolved events, batch delivers everything at the last arrival', () => {
    expect(transformEvents(events, 'minute').map((e) => [e.occurredAt, e.startsAt])).toEqual([[60_000, 60_000], [120_000, 120_000]]);
    expect(transformEvents(events, 'noresolve').map((e) => e.status)).toEqual(['firing']);
    expect(transformEvents(events, 'batch').map((e) => e.receivedAt)).toEqual([125_500, 125_500]);
    expect(transformEvents(events, 'none')).toEqual(events);
  });
});
