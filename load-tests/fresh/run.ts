/**
 * run is `npm run bench:fresh`: the FRESH storm set (a third suite: shops, failure mechanics and senders written apart from both
 * other suites) through the correlation engine and the Alertmanager-style baseline;
 * prints the same table as bench:quality and writes load-tests/results/fresh.json (+ -details.json,
 * per failure). Options (../quality/suite-cli.ts): --scenario <substring> (repeatable), --out <file>, --config '<json>',
 * --seed-offset <n>, --train [windows] (learn patterns from a history of the same estate first); here also --kinds (a line per
 * failure kind: how its failures split and what they were merged with).
 */
import { runSuiteCli } from '../quality/suite-cli.js';
import { pct } from '../quality/table.js';
import { runFresh, type FreshResult } from './bench.js';
import { FRESH_SCENARIOS, withSeedOffset } from './suite.js';

/** --kinds: per failure kind (over all scenarios, no-CMDB variants apart): alerts and groups per failure, share in the best group, its purity, root named */
function printKinds(results: readonly FreshResult[]): void {
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

await runSuiteCli({
  suite: 'fresh',
  title: 'FRESH suite (do not tune on it: see load-tests/fresh/README.md)',
  scenarios: FRESH_SCENARIOS,
  withSeedOffset,
  run: runFresh,
  after: (results, args) => {
    if (args.includes('--kinds')) printKinds(results);
  },
});
