/**
 * suite-cli is the command line every storm suite written apart from the tuned one shares (held-out,
 * fresh, ...): it reads the options, runs the scenarios through the engine and the baseline, prints
 * the bench:quality table and a line per scenario about its failures, and writes
 * load-tests/results/<suite>.json (+ -details.json, per failure). A suite supplies its scenarios and
 * how to run one; the suites stay apart (this module knows nothing of their shops).
 *
 * Options: --scenario <substring> (repeatable), --out <file>, --config '<json>', --seed-offset <n>,
 * --train [windows] (learn patterns from a history of the same estate first).
 */
import './quiet-env.js';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadEngine, type EngineRunner } from './engine.js';
import { parseTrain } from './history.js';
import { pct, printTable, totals, type ScenarioRow } from './table.js';

/** What the per-scenario summary line reads of a failure's outcome. */
export interface SuiteOutcome {
  /** groups its alerts ended in (1 = together). */
  groups: number;
  bestPurity: number;
  rootCauseHit: boolean;
  rootAlerted: boolean;
}

export interface SuiteResult<O extends SuiteOutcome> extends ScenarioRow {
  learned?: string | null;
  outcomes: O[] | null;
  noiseAbsorbed: number | null;
}

export interface SuiteSpec<S extends { name: string }, O extends SuiteOutcome, R extends SuiteResult<O>> {
  /** results file stem and the report's `suite` field. */
  suite: string;
  /** the table's heading. */
  title: string;
  scenarios: readonly S[];
  withSeedOffset(s: S, offset: number): S;
  run(s: S, runner: EngineRunner | null, train: number): R;
  /** extra output after the summary lines (a suite's own option, e.g. --kinds). */
  after?(results: readonly R[], args: readonly string[]): void;
}

export async function runSuiteCli<S extends { name: string }, O extends SuiteOutcome, R extends SuiteResult<O>>(spec: SuiteSpec<S, O, R>, args: readonly string[] = process.argv.slice(2)): Promise<void> {
  const here = dirname(fileURLToPath(import.meta.url));
  const filters: string[] = [];
  let out = resolve(here, `../../results/${spec.suite}.json`);
  let configInput: unknown = {};
  let seedOffset = 0;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--scenario') filters.push(args[++i] ?? '');
    else if (args[i] === '--out') out = resolve(args[++i] ?? out);
    else if (args[i] === '--seed-offset') seedOffset = Number(args[++i] ?? 0);
    else if (args[i] === '--config') configInput = JSON.parse(args[++i] ?? '{}') as unknown;
  }
  const train = parseTrain([...args]);
  const scenarios = spec.scenarios.filter((s) => filters.length === 0 || filters.some((f) => s.name.includes(f))).map((s) => spec.withSeedOffset(s, seedOffset));
  const { runner, reason } = await loadEngine(configInput);
  if (!runner) console.log(`engine not available: ${reason}\n(running the baseline only; engine figures are null)`);

  const results: R[] = [];
  const started = performance.now();
  scenarios.forEach((s, i) => {
    process.stdout.write(`[${i + 1}/${scenarios.length}] ${s.name} ... `);
    const r = spec.run(s, runner, train);
    results.push(r);
    console.log(`${r.events} events, ${r.alerts} alerts, ${r.failures} failures${r.engineMs !== null ? ` (engine ${r.engineMs.toFixed(0)} ms)` : ''}${r.learned !== undefined ? `; learned ${r.learned ?? 'nothing'}` : ''}`);
  });

  const t = totals(results);
  const engineAgg = t.engine;
  const baseAgg = t.baseline;
  printTable(results, t, `${spec.title}${seedOffset ? `, seed offset ${seedOffset}` : ''}`);
  if (engineAgg) console.log(`engine F1 micro-avg: topology scenarios ${pct(t.topology?.f1)}, no-topology scenarios ${pct(t.noTopology?.f1)}; macro F1 ${pct(engineAgg.macroF1)}.`);
  console.log(`NR = noise reduction 1 - groups/alerts; idealNR = 1 - true groups/alerts. Total ${((performance.now() - started) / 1000).toFixed(1)} s.`);
  for (const r of results) {
    const fs = r.outcomes ?? [];
    if (!r.engine) continue;
    console.log(`  ${r.name}: ${fs.filter((f) => f.groups > 1).length}/${fs.length} failures split, ${fs.filter((f) => f.bestPurity < 1).length} polluted, ` +
      `${fs.filter((f) => !f.rootCauseHit).length} root causes missed (silent roots named ${fs.filter((f) => !f.rootAlerted && f.rootCauseHit).length}/${fs.filter((f) => !f.rootAlerted).length}), ` +
      `${r.noiseAbsorbed}/${r.noiseAlerts} noise alerts absorbed`);
  }
  spec.after?.(results, args);

  const report = {
    suite: spec.suite, engineAvailable: runner !== null, engineStatus: reason, engineConfig: configInput, seedOffset, train,
    f1: engineAgg?.f1 ?? null, precision: engineAgg?.precision ?? null, recall: engineAgg?.recall ?? null,
    rootCauseTop1: engineAgg?.rootCauseTop1 ?? null, rootCauseTop1NoTopology: engineAgg?.rootCauseTop1NoTopology ?? null,
    noiseReduction: engineAgg?.noiseReduction ?? null, idealNoiseReduction: baseAgg.idealNoiseReduction, macroF1: engineAgg?.macroF1 ?? null,
    f1Topology: t.topology?.f1 ?? null, f1NoTopology: t.noTopology?.f1 ?? null,
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
}
