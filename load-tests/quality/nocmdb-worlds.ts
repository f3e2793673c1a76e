/**
 * The no-CMDB scenarios of all four suites (tuned, held-out, fresh, datasets) at the given seed offsets,
 * as events + truth: what the no-CMDB analysis tools (nocmdb-why, poll-why, template-why) read.
 */
import type { Event } from '@aiops/model';
import { readBack } from '../datasets/bench.js';
import { DATASET_SCENARIOS, withSeedOffset as datasetOffset } from '../datasets/suite.js';
import { buildWorld as buildFresh } from '../fresh/bench.js';
import { FRESH_SCENARIOS, withSeedOffset as freshOffset } from '../fresh/suite.js';
import { buildWorld } from '../heldout/bench.js';
import { HELDOUT_SCENARIOS, withSeedOffset as heldoutOffset } from '../heldout/suite.js';
import { DEFAULT_SCENARIOS, withSeedOffset } from './scenarios.js';
import { generateShop } from './shop.js';
import { generateStorm } from './storm.js';

export type Truth = Readonly<Record<string, { failureId: string } | null>>;
export interface World { suite: string; name: string; events: readonly Event[]; truth: Truth }

export function* noCmdbWorlds(offsets: readonly number[]): Generator<World> {
  for (const off of offsets) {
    for (const base of DEFAULT_SCENARIOS.filter((s) => s.name.startsWith('notopo'))) {
      const s = withSeedOffset(base, off);
      const storm = generateStorm(generateShop(s.shop), s.storm);
      yield { suite: 'Q', name: `${s.name}@${off}`, events: storm.events, truth: storm.truth };
    }
    for (const base of HELDOUT_SCENARIOS.filter((s) => s.cmdb === 'none')) {
      const w = buildWorld(heldoutOffset(base, off));
      yield { suite: 'H', name: `${base.name}@${off}`, events: w.outage.events, truth: w.outage.truth };
    }
    for (const base of FRESH_SCENARIOS.filter((s) => s.cmdb === 'none')) {
      const w = buildFresh(freshOffset(base, off));
      yield { suite: 'F', name: `${base.name}@${off}`, events: w.storm.events, truth: w.storm.truth };
    }
    for (const base of DATASET_SCENARIOS.filter((s) => !s.topology)) {
      const rb = readBack(datasetOffset(base, off));
      yield { suite: 'D', name: `${base.name}@${off}`, events: rb.events, truth: rb.truth as Truth };
    }
  }
}
