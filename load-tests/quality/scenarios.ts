import type { CmdbDrift } from './drift.js';
import type { ShopOptions } from './shop.js';
import type { StormOptions } from './storm.js';

/** Scenario is one benchmark case: a shop, a storm over it, and whether the engine gets the CMDB. */
export interface Scenario {
  name: string;
  description: string;
  shop: ShopOptions;
  storm: StormOptions;
  /** false = "no topology": the engine (and the baseline) get an EMPTY CMDB. */
  topology: boolean;
  /** the engine's CMDB lags the estate (missing/wrong relations, renamed and unknown CIs); unset = exact (`--transform stale` = DEFAULT_DRIFT). */
  cmdbDrift?: Partial<Omit<CmdbDrift, 'seed'>>;
}

const HOUR = 3_600_000;
const common = { durationMs: HOUR, flappingRate: 0.08, duplicateRate: 0.1, skewMs: 5_000, unmappedRate: 0.05, lateRate: 0.05, overlapRate: 0.3 } as const;

/**
 * DEFAULT_SCENARIOS is the storm set `npm run bench:quality` runs: three shop shapes, three sizes,
 * every label style, concurrent failures, and two scenarios without topology. Seeds are fixed so the
 * figures are comparable from run to run.
 */
export const DEFAULT_SCENARIOS: readonly Scenario[] = [
  { name: 'micro-300-prom', description: 'deep microservice chains, 300 CIs, Prometheus labels', topology: true,
    shop: { seed: 101, size: 300, shape: 'microservices' },
    storm: { ...common, seed: 101, failures: 8, noiseRate: 0.5, labelStyle: 'prometheus' } },
  { name: '3tier-300-icinga', description: 'classic 3-tier, 300 CIs, Icinga host!service checks', topology: true,
    shop: { seed: 202, size: 300, shape: 'three-tier' },
    storm: { ...common, seed: 202, failures: 10, noiseRate: 0.5, labelStyle: 'icinga' } },
  { name: 'k8s-3000-prom', description: 'wide Kubernetes clusters, 3,000 CIs, kube-prometheus alerts', topology: true,
    shop: { seed: 303, size: 3000, shape: 'k8s' },
    storm: { ...common, seed: 303, failures: 15, noiseRate: 1, labelStyle: 'prometheus' } },
  { name: '3tier-3000-zabbix', description: 'classic 3-tier with shared switches/SAN, 3,000 CIs, Zabbix triggers', topology: true,
    shop: { seed: 404, size: 3000, shape: 'three-tier' },
    storm: { ...common, seed: 404, failures: 15, noiseRate: 1, labelStyle: 'zabbix', maxCisPerFailure: 100 } },
  { name: 'micro-10000-mixed', description: 'microservices, 10,000 CIs, mixed senders, many overlapping failures', topology: true,
    shop: { seed: 505, size: 10000, shape: 'microservices' },
    storm: { ...common, seed: 505, failures: 25, noiseRate: 2, labelStyle: 'mixed', overlapRate: 0.5 } },
  { name: 'k8s-10000-burst', description: 'Kubernetes, 10,000 CIs, 30 failures in 20 minutes (heavy overlap)', topology: true,
    shop: { seed: 606, size: 10000, shape: 'k8s' },
    storm: { ...common, seed: 606, durationMs: HOUR / 3, failures: 30, noiseRate: 3, labelStyle: 'mixed', overlapRate: 0.6 } },
  { name: '3tier-10000-hubs', description: '3-tier, 10,000 CIs on two sites, mixed senders, large hub outages', topology: true,
    shop: { seed: 707, size: 10000, shape: 'three-tier' },
    storm: { ...common, seed: 707, failures: 20, noiseRate: 2, labelStyle: 'mixed', maxCisPerFailure: 150, unmappedRate: 0.1 } },
  { name: 'notopo-micro-3000-mixed', description: 'NO topology (empty CMDB): microservices, mixed senders', topology: false,
    shop: { seed: 808, size: 3000, shape: 'microservices' },
    storm: { ...common, seed: 808, failures: 15, noiseRate: 1, labelStyle: 'mixed' } },
  { name: 'notopo-k8s-3000-prom', description: 'NO topology (empty CMDB): Kubernetes, Prometheus labels', topology: false,
    shop: { seed: 909, size: 3000, shape: 'k8s' },
    storm: { ...common, seed: 909, failures: 15, noiseRate: 1, labelStyle: 'prometheus' } },
];

/** SMOKE_SCENARIO is small enough for a unit test (a few hundred events). */
export const SMOKE_SCENARIO: Scenario = {
  name: 'smoke-micro-300', description: 'smoke test scenario', topology: true,
  shop: { seed: 42, size: 300, shape: 'microservices' },
  storm: { ...common, durationMs: HOUR / 2, seed: 42, failures: 5, noiseRate: 0.5, labelStyle: 'mixed' },
};

/** withSeedOffset re-rolls a scenario's shop and storm seeds (same shapes and rates): an unseen storm. */
export function withSeedOffset(s: Scenario, offset: number): Scenario {
  return offset === 0 ? s : { ...s, shop: { ...s.shop, seed: s.shop.seed + offset }, storm: { ...s.storm, seed: s.storm.seed + offset } };
}
