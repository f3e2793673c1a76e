/**
 * run is `npm run bench:heldout`: the HELD-OUT storm set (estates and senders written apart from the
 * generator our rules were tuned on) through the correlation engine and the Alertmanager-style baseline;
 * prints the same table as bench:quality and writes load-tests/results/heldout.json (+ -details.json,
 * per failure). Options (../quality/suite-cli.ts): --scenario <substring> (repeatable), --out <file>,
 * --config '<json>', --seed-offset <n>, --train [windows] (learn patterns from a history of the same estate first).
 */
import { runSuiteCli } from '../quality/suite-cli.js';
import { runHeldout } from './bench.js';
import { HELDOUT_SCENARIOS, withSeedOffset } from './suite.js';

await runSuiteCli({
  suite: 'heldout',
  title: 'HELD-OUT suite (do not tune on it: see load-tests/README.md)',
  scenarios: HELDOUT_SCENARIOS,
  withSeedOffset,
  run: runHeldout,
});
