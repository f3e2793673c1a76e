/**
 * run is `npm run bench:datasets`: generated public-dataset shapes (RCA benchmarks on demo microservice
 * apps, a telecom NMS alarm export, a datacenter incident log; with and without a CMDB) read through
 * the `aiops replay` dataset reader, then the engine and the Alertmanager-style baseline, scored on the
 * truth the reader derives from the group/root columns. Prints the table of bench:quality and writes
 * load-tests/results/datasets.json. Options: --scenario <substring> (repeatable), --out <file>,
 * --config '<json>', --seed-offset <n>, --kinds (a line per failure kind), --explain <failure id|all>
 * (per failure of the chosen scenarios: its alerts, the groups they ended in, the root named), --write <dir>
 * (also write each scenario's files, to run `aiops replay` on them).
 */
import '../quality/quiet-env.js';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadEngine } from '../quality/engine.js';
import { pct, printTable, totals } from '../quality/table.js';
import { runDataset, type DatasetRun } from './bench.js';
import { DATASET_SCENARIOS, withSeedOffset } from './suite.js';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const filters: string[] = [];
let out = resolve(here, '../../results/datasets.json');
let configInput: unknown = {};
let seedOffset = 0;
let explain: string | null = null;
let writeDir: string | null = null;
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--scenario') filters.push(args[++i] ?? '');
  else if (args[i] === '--out') out = resolve(args[++i] ?? out);
  else if (args[i] === '--seed-offset') seedOffset = Number(args[++i] ?? 0);
  else if (args[i] === '--config') configInput = JSON.parse(args[++i] ?? '{}') as unknown;
  else if (args[i] === '--explain') explain = args[++i] ?? 'all';
  else if (args[i] === '--write') writeDir = resolve(args[++i] ?? 'datasets-out');
}
const scenarios = DATASET_SCENARIOS.filter((s) => filters.length === 0 || filters.some((f) => s.name.includes(f))).map((s) => withSeedOffset(s, seedOffset));
const { runner, reason } = await loadEngine(configInput);
if (!runner) console.log(`engine not available: ${reason}\n(running the baseline only; engine figures are null)`);

const results: DatasetRun[] = [];
const started = performance.now();
for (const [i, s] of scenarios.entries()) {
  process.stdout.write(`[${i + 1}/${scenarios.length}] ${s.name} ... `);
  const { readBack: rb, ...r } = runDataset(s, runner);
  results.push(r);
  console.log(`${r.rows} rows (${r.badRows} unread) -> ${r.events} events, ${r.alerts} alerts, ${r.failures} incidents; ${r.dropped} symptoms left out (identity of another incident)${r.engineMs !== null ? `; engine ${r.engineMs.toFixed(0)} ms` : ''}`);
  if (writeDir) {
    mkdirSync(writeDir, { recursive: true });
    writeFileSync(join(writeDir, `${s.name}.${rb.file.format}`), rb.file.text);
    if (rb.file.cmdbText) writeFileSync(join(writeDir, `${s.name}-cmdb.csv`), rb.file.cmdbText);
    console.log(`  wrote ${join(writeDir, s.name)}.* (aiops replay --events ${s.name}.${rb.file.format}${rb.file.cmdbText ? ` --cmdb ${s.name}-cmdb.csv` : ''}${rb.file.map ? ` --map ${rb.file.map}` : ''})`);
  }
  if (explain !== null && r.groups && r.outcomes) {
    const members = new Map<string, { title: string; host: string; at: number }>();
    for (const e of rb.events) if (!members.has(e.fingerprint)) members.set(e.fingerprint, { title: e.title, host: e.resource.host ?? e.labels.pod ?? e.labels.service ?? e.labels.node ?? '', at: e.receivedAt });
    // truth keys are occurrences (`fp#2`: the alert's second incident): shown at the occurrence's own time
    for (const o of rb.occurrences) if (o.key !== o.fingerprint) { const m = members.get(o.fingerprint); if (m) members.set(o.key, { ...m, title: `${m.title} #${o.key.slice(o.key.lastIndexOf('#') + 1)}`, at: o.from }); }
    const groupOf = new Map<string, number>();
    r.groups.forEach((g, gi) => { for (const fp of g.members) if (!groupOf.has(fp)) groupOf.set(fp, gi); });
    for (const f of r.outcomes) {
      if (explain !== 'all' && f.failureId !== explain) continue;
      console.log(`  ${f.failureId} ${f.kind} root=${f.rootName}: ${f.alerts} alerts in ${f.groups} groups, best share ${pct(f.bestShare)} purity ${pct(f.bestPurity)}, named ${f.named ?? '-'}${f.rootCauseHit ? ' (hit)' : f.rootKnown ? '' : ' (no root row kept in the file)'}`);
      const fps = Object.entries(rb.truth).filter(([, t]) => t?.failureId === f.failureId).map(([fp]) => fp).sort((a, b) => (members.get(a)?.at ?? 0) - (members.get(b)?.at ?? 0));
      const t0 = members.get(fps[0] ?? '')?.at ?? 0;
      for (const fp of fps) {
        const m = members.get(fp);
        const g = groupOf.get(fp);
        const others = g === undefined ? [] : (r.groups[g]?.members ?? []).filter((x) => rb.truth[x]?.failureId !== f.failureId);
        console.log(`    +${(((m?.at ?? 0) - t0) / 1000).toFixed(0).padStart(5)}s ${(m?.title ?? fp).padEnd(40)} ${m?.host ?? ''}  group ${g ?? '-'}${others.length > 0 ? ` (+${others.length} others: ${[...new Set(others.map((x) => rb.truth[x]?.failureId ?? 'noise'))].slice(0, 4).join(', ')})` : ''}`);
      }
    }
  }
}

const t = totals(results);
printTable(results, t, `DATASETS suite: public-dataset shapes through the replay reader (do not tune on it: see load-tests/datasets/README.md)${seedOffset ? `, seed offset ${seedOffset}` : ''}`);
if (t.engine) console.log(`engine F1 micro-avg: topology scenarios ${pct(t.topology?.f1)}, no-topology scenarios ${pct(t.noTopology?.f1)}; macro F1 ${pct(t.engine.macroF1)}.`);
console.log(`NR = noise reduction 1 - groups/alerts; idealNR = 1 - true groups/alerts. RCtop1 of no-topology rows: the group names the root host/service by name. Total ${((performance.now() - started) / 1000).toFixed(1)} s.`);
for (const r of results) {
  const fs = r.outcomes ?? [];
  if (!r.engine) continue;
  console.log(`  ${r.name}: ${fs.filter((f) => f.groups > 1).length}/${fs.length} incidents split, ${fs.filter((f) => f.bestPurity < 1).length} polluted, ` +
    `${fs.filter((f) => f.rootKnown && !f.rootCauseHit).length}/${fs.filter((f) => f.rootKnown).length} roots missed (${fs.filter((f) => f.namedPartOfRoot).length} named a part of the root), ${r.noiseAbsorbed}/${r.noiseAlerts} noise alerts absorbed`);
}

if (args.includes('--kinds')) {
  const agg = new Map<string, { n: number; alerts: number; groups: number; share: number; purity: number; rc: number; known: number }>();
  for (const r of results) for (const f of r.outcomes ?? []) {
    const k = `${r.topology ? '' : 'no-CMDB '}${r.shape} ${f.kind}`;
    const a = agg.get(k) ?? { n: 0, alerts: 0, groups: 0, share: 0, purity: 0, rc: 0, known: 0 };
    a.n++; a.alerts += f.alerts; a.groups += f.groups; a.share += f.bestShare; a.purity += f.bestPurity; a.rc += f.rootCauseHit ? 1 : 0; a.known += f.rootKnown ? 1 : 0;
    agg.set(k, a);
  }
  console.log('\nper failure kind: incidents, alerts/incident, groups/incident, best-group share, purity, root named (of known)');
  for (const [k, a] of [...agg].sort((x, y) => (x[0] < y[0] ? -1 : 1))) {
    console.log(`  ${k.padEnd(38)} ${String(a.n).padStart(3)} ${(a.alerts / a.n).toFixed(1).padStart(6)} ${(a.groups / a.n).toFixed(1).padStart(6)} ${pct(a.share / a.n)} ${pct(a.purity / a.n)} ${pct(a.known === 0 ? null : a.rc / a.known)}`);
  }
}

const report = {
  suite: 'datasets', engineAvailable: runner !== null, engineStatus: reason, engineConfig: configInput, seedOffset,
  f1: t.engine?.f1 ?? null, precision: t.engine?.precision ?? null, recall: t.engine?.recall ?? null, rootCauseTop1: t.engine?.rootCauseTop1 ?? null,
  f1Topology: t.topology?.f1 ?? null, f1NoTopology: t.noTopology?.f1 ?? null, baselineF1: t.baseline.f1,
  scenarios: results.map(({ outcomes: _o, groups: _g, ...r }) => r),
  failures: results.map((r) => ({ name: r.name, failures: r.outcomes })),
};
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, JSON.stringify(report, null, 2) + '\n');
console.log(`wrote ${out}`);
