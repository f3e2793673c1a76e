/**
 * run is `npm run bench:correlation`: the correlation stage alone (engine.process in batches, one
 * thread) on a 10,000-CI shop and a long storm of a few hundred thousand events. Reports events/s
 * (median of 3 runs, fresh engine each run) and heap bytes per alert held, measured after forced GC
 * (node --expose-gc). Writes load-tests/results/correlation-throughput.json.
 * Bytes per held alert are reported two ways: the whole heap delta over the alerts held at the end (this
 * counts caches that grow with the CMDB, not with alerts: the CI matcher, upstream walks, name indexes),
 * and the marginal cost, the slope of heap against alerts held over the second half of run 1 (heap sampled
 * after GC at each 10 % of the storm, outside the timed region).
 * Options: --events <target> (default 350000), --batch <n> (default 1000), --runs <n> (default 3),
 * --max-seconds <s> (default 120: a run stops feeding after this much engine time and reports the rate
 * over the events it processed, flagged `truncated`), --clock wall|cpu (default wall: cpu times the
 * engine by process.cpuUsage, this process's CPU time, GC helper threads included: on a shared, loaded
 * machine wall time mostly measures the other workers).
 */
import '../quality/quiet-env.js';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ConfigurationItem, CorrelationGroup, Event } from '@aiops/model';
import { generateShop } from '../quality/shop.js';
import { generateStorm } from '../quality/storm.js';

interface Output { alerts: ReadonlyArray<{ fingerprint: string; status: string }>; groups: readonly CorrelationGroup[] }
interface Engine { process(events: readonly Event[]): Output; advance(now: number): Output; stats?: () => Record<string, unknown> }
interface CorrelateModule { createCorrelationEngine?: (config: unknown, deps: { cmdb: unknown }) => Engine; correlateConfig?: { parse(x: unknown): unknown } }
interface CmdbModule { createCmdbGraph?: (cis: readonly ConfigurationItem[]) => unknown }

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const opt = (name: string, def: number): number => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : def;
};
const targetEvents = opt('events', 350_000);
const batchSize = opt('batch', 1000);
const runs = opt('runs', 3);
const maxSeconds = opt('max-seconds', 120);
const clockArg = args.indexOf('--clock');
const clock = clockArg >= 0 ? args[clockArg + 1] : 'wall';
if (clock !== 'wall' && clock !== 'cpu') throw new Error(`--clock wall|cpu, not ${clock}`);
/** now: ms on the clock the engine is timed by (wall, or this process's CPU time). */
const now = clock === 'cpu' ? (): number => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; } : (): number => performance.now();
const out = resolve(here, '../../results/correlation-throughput.json');
const gc = (globalThis as { gc?: () => void }).gc;

const correlateName = '@aiops/correlate';
const cmdbName = '@aiops/cmdb';
const correlate = (await import(correlateName).catch(() => ({}))) as CorrelateModule;
const cmdbMod = (await import(cmdbName).catch(() => ({}))) as CmdbModule;
if (!correlate.createCorrelationEngine || !correlate.correlateConfig || !cmdbMod.createCmdbGraph) {
  console.log('engine not available: @aiops/correlate lacks createCorrelationEngine/correlateConfig or @aiops/cmdb lacks createCmdbGraph');
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify({ engineAvailable: false }, null, 2) + '\n');
  process.exit(0);
}
const create = correlate.createCorrelationEngine;
const config = correlate.correlateConfig.parse({});
const createGraph = cmdbMod.createCmdbGraph;

// Shop and storm: ~3 events per alert; noise dominates so most fingerprints are distinct.
let t = performance.now();
const shop = generateShop({ seed: 4242, size: 10_000, shape: 'microservices' });
const durationMs = 6 * 3_600_000;
const noiseRate = Math.max(1, Math.round(targetEvents / 2.2 / (durationMs / 60_000)));
const storm = generateStorm(shop, { seed: 4242, durationMs, failures: Math.round(targetEvents / 400), noiseRate, flappingRate: 0.08, duplicateRate: 0.1, skewMs: 5_000, labelStyle: 'mixed', unmappedRate: 0.05, maxCisPerFailure: 80 });
const events = storm.events;
const genMs = performance.now() - t;
console.log(`shop ${shop.cis.length} CIs, storm ${events.length} events / ${Object.keys(storm.truth).length} alerts (generated in ${(genMs / 1000).toFixed(1)} s)`);

const heap = (): number => {
  gc?.();
  gc?.();
  return process.memoryUsage().heapUsed;
};

interface HeapSample { events: number; held: number; heap: number }
/** slope fits heap = a + b·held by least squares: b is the heap each additional held alert costs. */
function slope(xs: readonly HeapSample[]): number | null {
  if (xs.length < 2) return null;
  const mx = xs.reduce((s, x) => s + x.held, 0) / xs.length;
  const my = xs.reduce((s, x) => s + x.heap, 0) / xs.length;
  let num = 0;
  let den = 0;
  for (const x of xs) { num += (x.held - mx) * (x.heap - my); den += (x.held - mx) ** 2; }
  return den > 0 ? num / den : null;
}
const samples: HeapSample[] = [];
const heldOf = (e: Engine): number | null => {
  const v = e.stats?.()['alertsActive'];
  return typeof v === 'number' ? v : null;
};

interface RunResult { eventsProcessed: number; truncated: boolean; processMs: number; advanceMs: number; eventsPerSec: number; eventsPerSecWithAdvance: number; heapDeltaBytes: number; alertsSeen: number; firingAtEnd: number; stats: Record<string, unknown> | null }
const results: RunResult[] = [];
for (let run = 1; run <= runs; run++) {
  const cmdb = createGraph(shop.cis);
  const before = heap();
  const engine = create(config, { cmdb });
  let processMs = 0;
  let advanceMs = 0;
  let last = 0;
  let processed = 0;
  let nextReport = 0.1;
  for (let i = 0; i < events.length; i += batchSize) {
    if ((processMs + advanceMs) / 1000 > maxSeconds) break;
    if (i / events.length >= nextReport) {
      process.stdout.write(`  run ${run}: ${Math.round(nextReport * 100)}% (${Math.round(i / ((processMs + advanceMs) / 1000)).toLocaleString('en')} events/s so far)\n`);
      nextReport += 0.1;
      const held = heldOf(engine);
      if (run === 1 && gc && held !== null) samples.push({ events: i, held, heap: heap() - before });
    }
    const batch = events.slice(i, i + batchSize);
    t = now();
    const o = engine.process(batch);
    processMs += now() - t;
    last = batch[batch.length - 1]?.receivedAt ?? last;
    t = now();
    const a = engine.advance(last);
    advanceMs += now() - t;
    void o;
    void a;
    processed += batch.length;
  }
  const after = heap();
  const heldEnd = heldOf(engine);
  if (run === 1 && gc && heldEnd !== null) samples.push({ events: processed, held: heldEnd, heap: after - before });
  const stats = engine.stats ? engine.stats() : null;
  const seen = new Set<string>();
  for (let i = 0; i < processed; i++) seen.add((events[i] as Event).fingerprint);
  const firing = typeof stats?.['alertsFiring'] === 'number' ? stats['alertsFiring'] : -1;
  const r: RunResult = {
    eventsProcessed: processed, truncated: processed < events.length, processMs, advanceMs,
    eventsPerSec: Math.round(processed / (processMs / 1000)),
    eventsPerSecWithAdvance: Math.round(processed / ((processMs + advanceMs) / 1000)),
    heapDeltaBytes: after - before,
    alertsSeen: seen.size,
    firingAtEnd: firing,
    stats,
  };
  results.push(r);
  console.log(`run ${run}/${runs}: ${r.truncated ? `TRUNCATED after ${maxSeconds} s at ${processed}/${events.length} events, ` : ''}${r.eventsPerSec.toLocaleString('en')} events/s (process), ${r.eventsPerSecWithAdvance.toLocaleString('en')} events/s (process+advance), heap +${(r.heapDeltaBytes / 1e6).toFixed(1)} MB`);
  // Keep the engine reachable until measured, then drop it.
  void engine;
}
const sorted = [...results].sort((a, b) => a.eventsPerSec - b.eventsPerSec);
const median = sorted[Math.floor(sorted.length / 2)] as RunResult;
// Memory comes from the FIRST run: later runs start with whatever module-level caches run 1 left,
// so their heap deltas under-count.
const first = results[0] as RunResult;
const statActive = first.stats?.['alertsActive'] ?? first.stats?.['activeAlerts'];
const activeFromStats = typeof statActive === 'number' ? statActive : null;
const bytesPerAlertSeen = first.heapDeltaBytes / Math.max(1, first.alertsSeen);
const bytesPerFiring = first.firingAtEnd > 0 ? first.heapDeltaBytes / first.firingAtEnd : null;
const bytesPerActive = activeFromStats ? first.heapDeltaBytes / Math.max(1, activeFromStats) : null;
const secondHalf = samples.filter((x) => x.events >= first.eventsProcessed / 2);
const marginal = slope(secondHalf);
const rows: Array<[string, string]> = [
  ['CIs in CMDB', String(shop.cis.length)],
  ['events', String(events.length)],
  ['events processed (median run)', median.truncated ? `${median.eventsProcessed} (TRUNCATED at --max-seconds ${maxSeconds})` : String(median.eventsProcessed)],
  ['distinct alerts (fingerprints)', String(Object.keys(storm.truth).length)],
  ['batch size', String(batchSize)],
  ['clock (--clock)', clock === 'cpu' ? 'cpu (process CPU time)' : 'wall'],
  ['events/s, process (median of ' + runs + ')', median.eventsPerSec.toLocaleString('en')],
  ['events/s, process+advance', median.eventsPerSecWithAdvance.toLocaleString('en')],
  ['heap held by engine after GC (run 1)', `${(first.heapDeltaBytes / 1e6).toFixed(1)} MB after ${first.eventsProcessed} events`],
  ['alerts held (engine stats)', activeFromStats === null ? 'n/a (no engine.stats())' : String(activeFromStats)],
  ['bytes per alert held (stats)', bytesPerActive === null ? 'n/a' : bytesPerActive.toFixed(0)],
  ['marginal bytes per held alert (slope, 2nd half of run 1)', marginal === null ? 'n/a' : `${marginal.toFixed(0)} (${secondHalf.length} samples, held ${secondHalf[0]?.held ?? 0} → ${secondHalf[secondHalf.length - 1]?.held ?? 0})`],
  ['bytes per distinct alert seen', bytesPerAlertSeen.toFixed(0)],
  ['alerts firing at end (stats)', first.firingAtEnd < 0 ? 'n/a' : String(first.firingAtEnd)],
  ['bytes per alert firing at end', bytesPerFiring === null ? 'n/a' : bytesPerFiring.toFixed(0)],
];
if (!gc) rows.push(['WARNING', 'run with node --expose-gc for heap figures']);
const w = Math.max(...rows.map((r) => r[0].length));
console.log('');
for (const [k, v] of rows) console.log(`${k.padEnd(w)}  ${v}`);
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, JSON.stringify({
  engineAvailable: true, cis: shop.cis.length, events: events.length, eventsProcessed: median.eventsProcessed, truncated: median.truncated, maxSeconds, alerts: Object.keys(storm.truth).length, batchSize, runs, clock,
  eventsPerSec: median.eventsPerSec, eventsPerSecWithAdvance: median.eventsPerSecWithAdvance,
  heapBytes: first.heapDeltaBytes, heapEventsProcessed: first.eventsProcessed, alertsHeld: activeFromStats, bytesPerAlertHeld: bytesPerActive, marginalBytesPerAlertHeld: marginal, heapSamples: samples,
  bytesPerAlertSeen: bytesPerAlertSeen, firingAtEnd: first.firingAtEnd, bytesPerFiringAlert: bytesPerFiring,
  gcExposed: !!gc, node: process.version, runsDetail: results,
}, null, 2) + '\n');
console.log(`wrote ${out}`);
