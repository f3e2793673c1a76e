import type { CmdbOptions } from './cmdb.js';
import type { EstateOptions } from './estate.js';
import type { OutageOptions } from './outage.js';

/** HeldoutScenario is one held-out case: an estate, what the CMDB says about it ('none' = empty CMDB), a storm. */
export interface HeldoutScenario {
  name: string;
  description: string;
  estate: EstateOptions;
  cmdb: CmdbOptions | 'none';
  outage: OutageOptions & { seed: number };
}

const HOUR = 3_600_000;
const common = { durationMs: 2 * HOUR, overlapRate: 0.3, flapRate: 0.1, duplicateRate: 0.05, maxAffected: 150 } as const;
const STALE: CmdbOptions = { missingRelations: 0.3, renamed: 0.1, unknown: 0.1, wrongRelations: 0.05, displayNameOnly: 0.15 };

/**
 * HELDOUT_SCENARIOS: shapes our tuned generator does not make (network estates seen through SNMP,
 * shared platform services fanning out, an AWS shop through CloudWatch, a stale CMDB, no CMDB).
 * Seeds are fixed for comparable figures; `--seed-offset` re-rolls them.
 */
export const HELDOUT_SCENARIOS: readonly HeldoutScenario[] = [
  { name: 'net-600-snmp', description: 'datacenter network estate (core/dist/access, firewalls, F5), SNMP traps + cron checks', cmdb: {},
    estate: { seed: 11, shape: 'network', size: 600 },
    outage: { ...common, seed: 11, failures: 24, noiseRate: 0.6, recurringNoise: 4, chattyNoise: 3 } },
  { name: 'platform-500-datadog', description: 'VMware shop leaning on shared DNS/SSO/broker/object storage/vault, Datadog + vCenter', cmdb: {},
    estate: { seed: 22, shape: 'platform', size: 500 },
    outage: { ...common, seed: 22, failures: 20, noiseRate: 0.6, recurringNoise: 3, chattyNoise: 3 } },
  { name: 'cloud-600-cloudwatch', description: 'AWS, two regions: AZs, ECS, RDS, SQS/Lambda, ElastiCache, NAT; CloudWatch alarms in bursts', cmdb: {},
    estate: { seed: 33, shape: 'cloud', size: 600 },
    outage: { ...common, seed: 33, failures: 28, noiseRate: 0.8, recurringNoise: 3, chattyNoise: 2 } },
  { name: 'stale-net-1500', description: 'network estate, CMDB stale: 30% relations missing, 10% renamed, 10% servers unknown', cmdb: STALE,
    estate: { seed: 44, shape: 'network', size: 1500 },
    outage: { ...common, seed: 44, failures: 36, noiseRate: 1.2, recurringNoise: 6, chattyNoise: 5 } },
  { name: 'stale-platform-500', description: 'platform shop, same stale CMDB', cmdb: STALE,
    estate: { seed: 55, shape: 'platform', size: 500 },
    outage: { ...common, seed: 55, failures: 20, noiseRate: 0.6, recurringNoise: 3, chattyNoise: 3 } },
  { name: 'cloud-1500-burst', description: 'AWS, 40 failures in one hour (heavy overlap)', cmdb: {},
    estate: { seed: 66, shape: 'cloud', size: 1500 },
    outage: { ...common, seed: 66, durationMs: HOUR, failures: 40, overlapRate: 0.6, noiseRate: 1.5, recurringNoise: 4, chattyNoise: 4 } },
  { name: 'notopo-net-600', description: 'NO topology (empty CMDB): network estate', cmdb: 'none',
    estate: { seed: 77, shape: 'network', size: 600 },
    outage: { ...common, seed: 77, failures: 24, noiseRate: 0.6, recurringNoise: 4, chattyNoise: 3 } },
  { name: 'notopo-platform-500', description: 'NO topology (empty CMDB): platform shop', cmdb: 'none',
    estate: { seed: 88, shape: 'platform', size: 500 },
    outage: { ...common, seed: 88, failures: 20, noiseRate: 0.6, recurringNoise: 3, chattyNoise: 3 } },
  { name: 'notopo-cloud-600', description: 'NO topology (empty CMDB): AWS shop', cmdb: 'none',
    estate: { seed: 99, shape: 'cloud', size: 600 },
    outage: { ...common, seed: 99, failures: 28, noiseRate: 0.8, recurringNoise: 3, chattyNoise: 2 } },
];

/** HELDOUT_SMOKE is small enough for a unit test. */
export const HELDOUT_SMOKE: HeldoutScenario = {
  name: 'smoke-net-200', description: 'smoke', cmdb: STALE,
  estate: { seed: 5, shape: 'network', size: 200 },
  outage: { ...common, durationMs: HOUR / 2, seed: 5, failures: 4, noiseRate: 0.5, recurringNoise: 2, chattyNoise: 1 },
};

/** withSeedOffset re-rolls a scenario (same shapes and rates, other seeds). */
export function withSeedOffset(s: HeldoutScenario, offset: number): HeldoutScenario {
  return offset === 0 ? s : { ...s, estate: { ...s.estate, seed: s.estate.seed + offset }, outage: { ...s.outage, seed: s.outage.seed + offset } };
}
