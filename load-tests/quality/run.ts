/**
 * run is `npm run bench:quality`: every default scenario through the correlation engine and the
 * Alertmanager-style baseline; prints a table per scenario and the aggregate, writes
 * load-tests/results/quality.json. Options: --scenario <substring> (repeatable), --out <file>,
 * --config '<json>' (engine config overrides, parsed by correlateConfig; default {}), --seed-offset <n>
 * (re-roll all seeds, to check tuning against unseen storms), --transform minute|noresolve|batch|stale (reshape
 * every storm: timestamps to the minute, no resolved events, all delivered at once; or a drifted CMDB), --suite heldout (the
 * held-out storm set of ../heldout instead), --train [windows] (learn patterns from a history of the same shop
 * first, default 12 storm lengths; see history.ts).
 */
import './quiet-env.js';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runScenario, TRANSFORMS, type ScenarioDetails, type ScenarioResult, type Transform } from './bench.js';
import { loadEngine } from './engine.js';
import { DEFAULT_SCENARIOS, withSeedOffset } from './scenarios.js';
import { parseTrain } from './history.js';
import { pct, printTable, totals } from './table.js';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
// --suite heldout runs the held-out storm set (../heldout/run.ts, same options and table) instead
const suite = args.includes('--suite') ? args[args.indexOf('--suite') + 1] : 'default';
if (suite === 'heldout') {
  await import('../heldout/run.js');
  process.exit(0);
} else if (suite !== 'default') {
  console.error('--suite: default or heldout');
  process.exit(2);
}
const filters: string[] = [];
let out = resolve(here, '../../results/quality.json');
let configInput: unknown = {};
let seedOffset = 0;
let transform: Transform = 'none';
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--scenario') filters.push(args[++i] ?? '');
  else if (args[i] === '--out') out = resolve(args[++i] ?? out);
  else if (args[i] === '--seed-offset') seedOffset = Number(args[++i] ?? 0);
  else if (args[i] === '--transform') {
    const v = args[++i] ?? '';
    if (!(TRANSFORMS as readonly string[]).includes(v)) {
      console.error(`--transform: one of ${TRANSFORMS.join(', ')}`);
      process.exit(2);
    }
    transform = v as Transform;
  }
  else if (args[i] === '--config') configInput = JSON.parse(args[++i] ?? '{}') as unknown;
}
// --seed-offset N re-rolls every shop and storm (same shapes and rates, different seeds): a check that
// tuning did not overfit the fixed default seeds.
// --train [windows]: learn patterns from a history of the same shop first (see history.ts)
const train = parseTrain(args);
const scenarios = DEFAULT_SCENARIOS.filter((s) => filters.length === 0 || filters.some((f) => s.name.includes(f)))
  .map((s) => withSeedOffset(s, seedOffset));

const { runner, reason } = await loadEngine(configInput);
if (!runner) console.log(`engine not available: ${reason}\n(running the baseline only; engine figures are null)`);

const results: ScenarioResult[] = [];
const details: ScenarioDetails[] = [];
const started = performance.now();
scenarios.forEach((s, i) => {
  process.stdout.write(`[${i + 1}/${scenarios.length}] ${s.name} ... `);
  const { result: r, details: d } = runScenario(s, runner, transform, train);
  results.push(r);
  details.push(d);
  console.log(`${r.events} events, ${r.alerts} alerts, ${r.failures} failures (gen ${r.generateMs.toFixed(0)} ms${r.engineMs !== null ? `, engine ${r.engineMs.toFixed(0)} ms` : ''})${r.learned !== undefined ? `; learned ${r.learned ?? 'nothing'}` : ''}`);
});

const t = totals(results);
const engineAgg = t.engine;
const baseAgg = t.baseline;
const engineTopo = t.topology;
const engineNoTopo = t.noTopology;
printTable(results, t);
if (engineAgg) console.log(`engine F1 micro-avg: topology scenarios ${pct(engineTopo?.f1)}, no-topology scenarios ${pct(engineNoTopo?.f1)}.`);
console.log(`NR = noise reduction 1 - groups/alerts; idealNR = 1 - true groups/alerts. Total ${((performance.now() - started) / 1000).toFixed(1)} s.`);
// throughput on these storms (small, cold caches): the 10k-CI target is measured by npm run bench:correlation
const engineMs = results.reduce((a, r) => a + (r.engineMs ?? 0), 0);
const eventsTotal = results.reduce((a, r) => a + r.events, 0);
const eventsPerSec = runner && engineMs > 0 ? Math.round(eventsTotal / (engineMs / 1000)) : null;
if (eventsPerSec !== null) console.log(`engine throughput on these storms: ${eventsPerSec.toLocaleString('en')} events/s (${eventsTotal} events in ${(engineMs / 1000).toFixed(2)} s, one thread; cold caches per scenario; the 10k-CI target: npm run bench:correlation)`);

const report = {
  engineAvailable: runner !== null,
  engineStatus: reason,
  engineConfig: configInput,
  seedOffset,
  transform,
  train,
  f1: engineAgg?.f1 ?? null,
  precision: engineAgg?.precision ?? null,
  recall: engineAgg?.recall ?? null,
  rootCauseTop1: engineAgg?.rootCauseTop1 ?? null,
  rootCauseTop1NoTopology: engineAgg?.rootCauseTop1NoTopology ?? null,
  noiseReduction: engineAgg?.noiseReduction ?? null,
  idealNoiseReduction: baseAgg.idealNoiseReduction,
  macroF1: engineAgg?.macroF1 ?? null,
  eventsPerSec,
  f1Topology: engineTopo?.f1 ?? null,
  f1NoTopology: engineNoTopo?.f1 ?? null,
  noiseReductionTopology: engineTopo?.noiseReduction ?? null,
  idealNoiseReductionTopology: engineTopo?.idealNoiseReduction ?? null,
  baselineF1: baseAgg.f1,
  baselinePrecision: baseAgg.precision,
  baselineRecall: baseAgg.recall,
  baselineNoiseReduction: baseAgg.noiseReduction,
  baselineRootCauseTop1: baseAgg.rootCauseTop1,
  alerts: baseAgg.alerts,
  groups: engineAgg?.groups ?? null,
  baselineGroups: baseAgg.groups,
  trueGroups: baseAgg.trueGroups,
  failures: baseAgg.failures,
  averaging: 'micro: pair counts, groups, alerts and root-cause hits summed over scenarios; rootCauseTop1 over topology scenarios only',
  scenarios: results,
};
if (engineAgg) {
  const weakest = [...results].sort((a, b) => (a.engine?.f1 ?? 0) - (b.engine?.f1 ?? 0)).slice(0, 3);
  console.log('weakest scenarios (engine F1): ' + weakest.map((r) => `${r.name} ${pct(r.engine?.f1)}`).join(', '));
  for (const d of details) {
    const fs = d.engine?.failures ?? [];
    const split = fs.filter((f) => f.bestShare < 1).length;
    const impure = fs.filter((f) => f.bestPurity < 1).length;
    const missed = fs.filter((f) => !f.rootCauseHit).length;
    const silent = fs.filter((f) => !f.rootAlerted);
    const silentHit = silent.filter((f) => f.rootCauseHit).length;
    console.log(`  ${d.name}: ${split}/${fs.length} failures split, ${impure} polluted, ${missed} root causes missed (silent roots named ${silentHit}/${silent.length}), ` +
      `${d.engine?.noiseAbsorbed ?? 0}/${d.engine?.noiseAlerts ?? 0} noise alerts absorbed, unmapped joined ${d.engine?.unmappedJoined ?? 0}/${d.engine?.unmappedFailureAlerts ?? 0}`);
  }
}
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, JSON.stringify(report, null, 2) + '\n');
const detailsOut = out.replace(/\.json$/, '') + '-details.json';
writeFileSync(detailsOut, JSON.stringify(details, null, 2) + '\n');
console.log(`wrote ${out} and ${detailsOut}`);
