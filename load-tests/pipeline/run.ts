/**
 * Correlation quality through the product's public interfaces (`npm run bench:pipeline`).
 *
 * The quality bench (`npm run bench:quality`) feeds storms straight into the engine. Evaluators and
 * users do not: they import a CMDB with `aiops cmdb import`, POST alerts to the gateway and read the
 * groups from the console's HTTP API, with Kafka, the router, partition consumers and the wall-clock
 * driven engine in between. This bench does exactly that for each scenario, paced at `--speedup` times
 * real time, scores the groups the console serves against the ground truth, and prints them next to
 * the in-process figures for the same storm plus their agreement (pairwise F1 of the pipeline's groups
 * against the in-process groups: 100 % = the running product groups exactly like the engine alone).
 *
 * Needs the local stack (Kafka + ClickHouse on loopback: `npm run stack:up`) and built services
 * (`npx tsc -b`). Each scenario gets its own topic namespace, so runs never see each other's data.
 *
 *   node load-tests/dist/pipeline/run.js [--scenario name,name|all] [--speedup 60] [--seed-offset n] [--dump]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DEFAULT_SCENARIOS, type Scenario } from '../quality/scenarios.js';
import { generateShop } from '../quality/shop.js';
import { generateStorm, type Storm, type Truth } from '../quality/storm.js';
import { loadEngine } from '../quality/engine.js';
import { score, type PredictedGroup } from '../quality/scorer.js';
import { throughPipeline } from './pipeline.js';

// compiled to load-tests/dist/pipeline/run.js
const repoRoot = resolve(import.meta.dirname, '../../..');
const DEFAULT_SET = ['micro-300-prom', 'k8s-3000-prom', 'notopo-micro-3000-mixed'];

interface Args { scenarios: string[]; speedup: number; seedOffset: number; out: string; dump: boolean }

function parseArgs(argv: string[]): Args {
  const a: Args = { scenarios: DEFAULT_SET, speedup: 60, seedOffset: 0, out: join(repoRoot, 'load-tests/results/pipeline.json'), dump: false };
  for (let i = 0; i < argv.length; i++) {
    const v = argv[i + 1];
    switch (argv[i]) {
      case '--scenario': a.scenarios = v === 'all' ? DEFAULT_SCENARIOS.map((s) => s.name) : (v ?? '').split(',').filter((s) => s !== ''); i++; break;
      case '--speedup': a.speedup = Number(v); i++; break;
      case '--seed-offset': a.seedOffset = Number(v); i++; break;
      case '--out': a.out = v ?? a.out; i++; break;
      case '--dump': a.dump = true; break;
      default: throw new Error(`unknown option ${argv[i]} (see the header of load-tests/pipeline/run.ts)`);
    }
  }
  if (!(a.speedup > 0)) throw new Error('--speedup must be > 0 (1 = real time)');
  return a;
}

async function reachable(url: string): Promise<boolean> {
  try {
    return (await fetch(url, { signal: AbortSignal.timeout(2000) })).ok;
  } catch {
    return false;
  }
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  process.env.DOTENV_CONFIG_QUIET ??= 'true';
  mkdirSync(resolve(args.out, '..'), { recursive: true });
  process.env.AIOPS_KAFKA_BROKERS ??= '127.0.0.1:9092';
  process.env.AIOPS_CLICKHOUSE_URL ??= 'http://127.0.0.1:8123';
  if (!(await reachable(new URL('/ping', process.env.AIOPS_CLICKHOUSE_URL).href))) {
    throw new Error(`ClickHouse is not reachable at ${process.env.AIOPS_CLICKHOUSE_URL}: start the local stack with \`npm run stack:up\` (install once: \`npm run stack:install\`)`);
  }
  const { runner, reason } = await loadEngine({});
  if (!runner) throw new Error(reason);
  const rows: Row[] = [];
  for (const name of args.scenarios) {
    const base = DEFAULT_SCENARIOS.find((s) => s.name === name);
    if (!base) throw new Error(`unknown scenario ${name}; known: ${DEFAULT_SCENARIOS.map((s) => s.name).join(', ')}`);
    const s: Scenario = { ...base, shop: { ...base.shop, seed: base.shop.seed + args.seedOffset }, storm: { ...base.storm, seed: base.storm.seed + args.seedOffset } };
    const shop = generateShop(s.shop);
    const storm = generateStorm(shop, s.storm);
    const cmdb = s.topology ? shop.cis : [];
    const inProcess = runner.run(storm.events, cmdb).groups;
    const t0 = performance.now();
    const piped = await throughPipeline(s, storm, cmdb, args.speedup);
    const row = scoreRow(s.name, storm, piped.groups, inProcess, storm.events.length, (performance.now() - t0) / 1000, piped.postMs / 1000);
    rows.push(row);
    printRow(row);
    if (args.dump) {
      // both groupings and the truth, to diff where the pipeline and the engine part ways
      const file = resolve(args.out, '..', `pipeline-${s.name}.json`);
      writeFileSync(file, JSON.stringify({ pipeline: piped.groups, inProcess, truth: storm.truth }));
      console.log(`  groupings in ${file}`);
    }
  }
  writeFileSync(args.out, JSON.stringify({ speedup: args.speedup, seedOffset: args.seedOffset, scenarios: rows }, null, 2));
  console.log(`wrote ${args.out}`);
}

interface Row {
  scenario: string;
  events: number;
  seconds: number;
  postSeconds: number;
  pipeline: { f1: number; precision: number; recall: number; rootCauseTop1: number; groups: number };
  inProcess: { f1: number; precision: number; recall: number; rootCauseTop1: number; groups: number };
  /** pairwise F1 of the pipeline's groups against the in-process groups. */
  agreement: number;
}

function scoreRow(scenario: string, storm: Storm, piped: PredictedGroup[], inProc: PredictedGroup[], events: number, seconds: number, postSeconds: number): Row {
  const opts = { rootCauseNames: storm.ciNames };
  const p = score(piped, storm.truth, opts);
  const q = score(inProc, storm.truth, opts);
  const agreement = score(piped, asTruth(inProc)).f1;
  const fig = (x: typeof p) => ({ f1: x.f1, precision: x.precision, recall: x.recall, rootCauseTop1: x.rootCauseTop1, groups: x.groups });
  return { scenario, events, seconds, postSeconds, pipeline: fig(p), inProcess: fig(q), agreement };
}

/** asTruth turns one grouping into "truth" for another: every alert's group id becomes its failure id. */
function asTruth(groups: readonly PredictedGroup[]): Truth {
  const t: Truth = {};
  groups.forEach((g, i) => {
    for (const m of g.members) if (!(m in t)) t[m] = { failureId: `g${i}`, rootCauseCi: g.rootCauseCi ?? '' };
  });
  return t;
}

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;

function printRow(r: Row): void {
  console.log(
    `${r.scenario.padEnd(26)} events ${String(r.events).padStart(5)}  posted in ${r.postSeconds.toFixed(0).padStart(4)} s` +
      `  pipeline F1 ${pct(r.pipeline.f1).padStart(6)} RC ${pct(r.pipeline.rootCauseTop1).padStart(6)} groups ${String(r.pipeline.groups).padStart(4)}` +
      `  | in-process F1 ${pct(r.inProcess.f1).padStart(6)} RC ${pct(r.inProcess.rootCauseTop1).padStart(6)} groups ${String(r.inProcess.groups).padStart(4)}` +
      `  | agreement ${pct(r.agreement)}`,
  );
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
