/**
 * equivalence is a guard for performance work on the correlation engine: it runs the quality scenarios
 * (DEFAULT_SCENARIOS, plus the same with every seed shifted by 1000), a slice of the throughput storm,
 * a few config variants (silences, maintenance, service domains, root anchoring, learned patterns) and a
 * checkpoint/restore at mid-stream through the engine in batches with advance(), as the quality bench
 * does, and prints one SHA-256 over the JSON of every output (alerts and groups, in order), the open
 * groups and the snapshots of all domains at the end. An optimisation must leave the hash unchanged.
 * Usage (after `npx tsc -b load-tests`): node load-tests/dist/correlation-throughput/equivalence.js [--verbose]
 */
import '../quality/quiet-env.js';
import { createHash, type Hash } from 'node:crypto';
import type { ConfigurationItem, Event } from '@aiops/model';
import { DEFAULT_SCENARIOS, type Scenario } from '../quality/scenarios.js';
import { generateShop } from '../quality/shop.js';
import { generateStorm } from '../quality/storm.js';

interface Output { alerts: readonly unknown[]; groups: ReadonlyArray<{ members: ReadonlyArray<{ template: string }>; id: string }> }
interface Engine {
  process(events: readonly Event[]): Output;
  advance(now: number): Output;
  flush(): Output;
  snapshotAll(): unknown[];
  restore(s: unknown): void;
  openGroups(): unknown[];
  setPatterns(m: unknown): void;
  stats(): unknown;
}
interface CorrelateModule {
  createCorrelationEngine: (config: unknown, deps: { cmdb: unknown }) => Engine;
  correlateConfig: { parse(x: unknown): unknown };
  trainPatterns: (history: ReadonlyArray<{ groupId: string; template: string }>, opts: { trainedAt: number }) => unknown;
}
interface CmdbModule { createCmdbGraph: (cis: readonly ConfigurationItem[]) => unknown }

const correlateName = '@aiops/correlate';
const cmdbName = '@aiops/cmdb';
const correlate = (await import(correlateName)) as CorrelateModule;
const cmdbMod = (await import(cmdbName)) as CmdbModule;
const verbose = process.argv.includes('--verbose');
const BATCH = 500;
const MIN = 60_000;

interface Case { name: string; cis: readonly ConfigurationItem[]; events: readonly Event[]; config: unknown; patterns?: boolean; restoreAt?: number }

/** runCase feeds a case through a fresh engine and hashes everything it emits, then its end state. */
function runCase(c: Case, total: Hash): string {
  const h = createHash('sha256');
  const feed = (part: string, x: unknown): void => {
    const s = JSON.stringify(x);
    h.update(part);
    h.update(s);
  };
  const make = (): Engine => correlate.createCorrelationEngine(correlate.correlateConfig.parse(c.config), { cmdb: cmdbMod.createCmdbGraph(c.cis) });
  let engine = make();
  const history: Array<{ groupId: string; template: string }> = [];
  const emit = (o: Output): void => {
    feed('o', o);
    if (c.patterns) for (const g of o.groups) for (const m of g.members) history.push({ groupId: g.id, template: m.template });
  };
  let last = 0;
  const half = Math.floor(c.events.length / BATCH / 2) * BATCH;
  for (let i = 0; i < c.events.length; i += BATCH) {
    if (i === half && c.patterns) {
      engine.setPatterns(correlate.trainPatterns(history, { trainedAt: last }));
    }
    if (i === half && c.restoreAt !== undefined) {
      // checkpoint through JSON (as the changelog stores it) into a fresh engine, which carries on
      const snaps = JSON.parse(JSON.stringify(engine.snapshotAll())) as unknown[];
      feed('s', snaps);
      engine = make();
      for (const s of snaps) engine.restore(s);
    }
    const batch = c.events.slice(i, i + BATCH);
    emit(engine.process(batch));
    last = Math.max(last, batch[batch.length - 1]?.receivedAt ?? 0);
    emit(engine.advance(last));
  }
  emit(engine.flush());
  feed('g', engine.openGroups());
  feed('s', engine.snapshotAll());
  feed('t', engine.stats());
  emit(engine.advance(last + 6 * 3_600_000));
  feed('s', engine.snapshotAll());
  const digest = h.digest('hex');
  total.update(c.name);
  total.update(digest);
  return digest;
}

function scenarioCase(s: Scenario, offset: number): Case {
  const shopOpts = { ...s.shop, seed: s.shop.seed + offset };
  const stormOpts = { ...s.storm, seed: s.storm.seed + offset };
  const shop = generateShop(shopOpts);
  const storm = generateStorm(shop, stormOpts);
  return { name: `${s.name}+${offset}`, cis: s.topology ? shop.cis : [], events: storm.events, config: {} };
}

const cases: Case[] = [];
for (const s of DEFAULT_SCENARIOS) cases.push(scenarioCase(s, 0));
for (const s of DEFAULT_SCENARIOS) cases.push(scenarioCase(s, 1000));

// Variants of two scenarios: suppression, service domains, other grouping options, patterns, restore.
const byName = (n: string): Scenario => DEFAULT_SCENARIOS.find((s) => s.name === n) as Scenario;
for (const base of [byName('3tier-3000-zabbix'), byName('micro-10000-mixed'), byName('notopo-micro-3000-mixed')]) {
  const c = scenarioCase(base, 0);
  const t0 = c.events[0]?.occurredAt ?? 0;
  const someCis = c.cis.filter((_, i) => i % 97 === 5).slice(0, 6).map((x) => x.id);
  const variant = {
    domain: { strategy: 'service' },
    grouping: { topologyAnchor: 'root', windowFrom: 'last', siblingMaxHops: 2, sameService: true, suspectSmallGroup: 1 },
    silences: [{ id: 'sil-1', matchers: [{ name: 'job', value: '.*exporter', isRegex: true }], startsAt: t0 + 10 * MIN, endsAt: t0 + 20 * MIN, comment: 'test' }],
    maintenance: [{ id: 'mw-1', ciIds: someCis, services: ['checkout'], startsAt: t0 + 5 * MIN, endsAt: t0 + 40 * MIN }],
    inhibition: { sourceSeverities: ['critical', 'major'] },
  };
  cases.push({ ...c, name: `${c.name}/variant`, config: variant });
  cases.push({ ...c, name: `${c.name}/restore`, restoreAt: 0.5 });
  cases.push({ ...c, name: `${c.name}/patterns`, patterns: true, config: { time: { reorderToleranceMs: 0 } } });
}

// A slice of the throughput storm (10,000 CIs, big noisy groups): what the throughput bench stresses.
{
  const shop = generateShop({ seed: 4242, size: 10_000, shape: 'microservices' });
  const storm = generateStorm(shop, { seed: 4242, durationMs: 3_600_000, failures: 150, noiseRate: 400, flappingRate: 0.08, duplicateRate: 0.1, skewMs: 5_000, labelStyle: 'mixed', unmappedRate: 0.05, maxCisPerFailure: 80 });
  cases.push({ name: 'throughput-slice', cis: shop.cis, events: storm.events, config: {}, restoreAt: 0.5 });
}

const total = createHash('sha256');
const t = performance.now();
for (const c of cases) {
  const d = runCase(c, total);
  if (verbose) console.log(`${c.name.padEnd(40)} ${String(c.events.length).padStart(7)} events  ${d}`);
}
console.log(`equivalence ${total.digest('hex')} (${cases.length} cases, ${((performance.now() - t) / 1000).toFixed(1)} s)`);
