/**
 * run is `npm run bench:fresh`: the FRESH storm set (a third suite: shops, failure mechanics and senders written apart from both
 * other suites) through the correlation engine and the Alertmanager-style baseline;
 * prints the same table as bench:quality and writes load-tests/results/fresh.json (+ -details.json,
 * per failure). Options: --scenario <substring> (repeatable), --out <file>, --config '<json>',
 * --seed-offset <n>, --train [windows] (learn patterns from a history of the same estate first), --kinds (a line per
 * failure kind: how its failures split and what they were merged with).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadEngine } from '../quality/engine.js';
import { parseTrain } from '../quality/history.js';
import { pct, printTable, totals } from '../quality/table.js';
import { runFresh, type FreshResult } from './bench.js';
import { FRESH_SCENARIOS, withSeedOffset } from './suite.js';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const filters: string[] = [];
let out = resolve(here, '../../results/fresh.json');
let configInput: unknown = {};
let seedOffset = 0;
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--scenario') filters.push(args[++i] ?? '');
  else if (args[i] === '--out') out = resolve(args[++i] ?? out);
  else if (args[i] === '--seed-offset') seedOffset = Number(args[++i] ?? 0);
  else if (args[i] === '--config') configInput = JSON.parse(args[++i] ?? '{}') as unknown;
}
// --train [windows]: learn patterns from a history of the same estate first (see ../quality/history.ts)
const train = parseTrain(args);
const scenarios = FRESH_SCENARIOS.filter((s) => filters.length === 0 || filters.some((f) => s.name.includes(f))).map((s) => withSeedOffset(s, seedOffset));
const { runner, reason } = await loadEngine(configInput);
if (!runner) console.log(`engine not available: ${reason}\n(running the baseline only; engine figures are null)`);

const results: FreshResult[] = [];
const started = performance.now();
scenarios.forEach((s, i) => {
  process.stdout.write(`[${i + 1}/${scenarios.length}] ${s.name} ... `);
  const r = runFresh(s, runner, train);
  results.push(r);
  console.log(`${r.events} events, ${r.alerts} alerts, ${r.failures} failures${r.engineMs !== null ? ` (engine ${r.engineMs.toFixed(0)} ms)` : ''}${r.learned !== undefined ? `; learned ${r.learned ?? 'nothing'}` : ''}`);
});

const t = totals(results);
const engineAgg = t.engine;
const baseAgg = t.baseline;
const engineTopo = t.topology;
const engineNoTopo = t.noTopology;
printTable(results, t, `FRESH suite (do not tune on it: see load-tests/fresh/README.md)${seedOffset ? `, seed offset ${seedOffset}` : ''}`);
if (engineAgg) console.log(`engine F1 micro-avg: topology scenarios ${pct(engineTopo?.f1)}, no-topology scenarios ${pct(engineNoTopo?.f1)}; macro F1 ${pct(engineAgg.macroF1)}.`);
console.log(`NR = noise reduction 1 - groups/alerts; idealNR = 1 - true groups/alerts. Total ${((performance.now() - started) / 1000).toFixed(1)} s.`);
for (const r of results) {
  const fs = r.outcomes ?? [];
  if (!r.engine) continue;
  console.log(`  ${r.name}: ${fs.filter((f) => f.groups > 1).length}/${fs.length} failures split, ${fs.filter((f) => f.bestPurity < 1).length} polluted, ` +
    `${fs.filter((f) => !f.rootCauseHit).length} root causes missed (silent roots named ${fs.filter((f) => !f.rootAlerted && f.rootCauseHit).length}/${fs.filter((f) => !f.rootAlerted).length}), ` +
    `${r.noiseAbsorbed}/${r.noiseAlerts} noise alerts absorbed`);
}

// --kinds: per failure kind (over all scenarios, no-CMDB variants apart): alerts and groups per failure, share in the best group, its purity, root named
if (args.includes('--kinds')) {
  const agg = new Map<string, { n: number; alerts: number; groups: number; share: number; purity: number; rc: number }>();
  for (const r of results) for (const f of r.outcomes ?? []) {
    const k = `${r.topology ? '' : 'no-CMDB '}${r.shape} ${f.kind}`;
    const a = agg.get(k) ?? { n: 0, alerts: 0, groups: 0, share: 0, purity: 0, rc: 0 };
    a.n++; a.alerts += f.alerts; a.groups += f.groups; a.share += f.bestShare; a.purity += f.bestPurity; a.rc += f.rootCauseHit ? 1 : 0;
    agg.set(k, a);
  }
  console.log('\nper failure kind: failures, alerts/failure, groups/failure, best-group share, purity, root named');
  for (const [k, a] of [...agg].sort((x, y) => (x[0] < y[0] ? -1 : 1))) {
    console.log(`  ${k.padEnd(34)} ${String(a.n).padStart(3)} ${(a.alerts / a.n).toFixed(1).padStart(6)} ${(a.groups / a.n).toFixed(1).padStart(6)} ${pct(a.share / a.n)} ${pct(a.purity / a.n)} ${pct(a.rc / a.n)}`);
  }
}

const report = {
  suite: 'fresh', engineAvailable: runner !== null, engineStatus: reason, engineConfig: configInput, seedOffset, train,
  f1: engineAgg?.f1 ?? null, precision: engineAgg?.precision ?? null, recall: engineAgg?.recall ?? null,
  rootCauseTop1: engineAgg?.rootCauseTop1 ?? null, rootCauseTop1NoTopology: engineAgg?.rootCauseTop1NoTopology ?? null,
  noiseReduction: engineAgg?.noiseReduction ?? null, idealNoiseReduction: baseAgg.idealNoiseReduction, macroF1: engineAgg?.macroF1 ?? null,
  f1Topology: engineTopo?.f1 ?? null, f1NoTopology: engineNoTopo?.f1 ?? null,
  baselineF1: baseAgg.f1, baselinePrecision: baseAgg.precision, baselineRecall: baseAgg.recall,
  baselineNoiseReduction: baseAgg.noiseReduction, baselineRootCauseTop1: baseAgg.rootCauseTop1,
  alerts: baseAgg.alerts, groups: engineAgg?.groups ?? null, baselineGroups: baseAgg.groups, trueGroups: baseAgg.trueGroups, failures: baseAgg.failures,
  averaging: 'micro: pair counts, groups, alerts and root-cause hits summed over scenarios; rootCauseTop1 over topology scenarios only',
  scenarios: results.map(({ outcomes: _o, ...r }) => r),
};
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, JSON.stringify(report, null, 2) + '\n');
const detailsOut = out.replace(/\.json$/, '') + '-details.json';
writeFileSync(detailsOut, JSON.stringify(results.map((r) => ({ name: r.name, failures: r.outcomes, noiseAbsorbed: r.noiseAbsorbed })), null, 2) + '\n');
console.log(`wrote ${out} and ${detailsOut}`);
