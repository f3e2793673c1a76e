import type { StaleOptions } from './core.js';
import type { StormOptions } from './play.js';

export type ShopName = 'telco' | 'bank' | 'mesh';

export interface FreshScenario {
  name: string;
  description: string;
  shop: ShopName;
  /** roughly the number of CIs in the estate. */
  size: number;
  estateSeed: number;
  /** what the engine gets as CMDB: the full view, a stale one, or nothing. */
  cmdb: 'full' | 'none' | StaleOptions;
  storm: StormOptions;
}

const START = 1_780_000_000_000 - (1_780_000_000_000 % 3_600_000);
const H = 3_600_000;
const STALE: StaleOptions = { dropRelations: 0.3, dropCis: 0.1, renamed: 0.1, wrongLinks: 0.05, duplicates: 0.03 };

const telco = (seed: number, failures: number, noise = 1): StormOptions => ({ seed, startAt: START, durationMs: 2 * H, failures, concurrent: 0.25, noise });
// the bank's storm is the overnight batch window: 22:00 to 06:00 UTC
const BATCH_START = START - (START % (24 * H)) + 22 * H;
const bank = (seed: number, failures: number, noise = 1): StormOptions => ({ seed, startAt: BATCH_START, durationMs: 8 * H, failures, concurrent: 0.2, noise });
const mesh = (seed: number, failures: number, noise = 1): StormOptions => ({ seed, startAt: START, durationMs: 2 * H, failures, concurrent: 0.3, noise });

export const FRESH_SCENARIOS: FreshScenario[] = [
  { name: 'telco-isp-900', description: 'ISP: POPs, core circuits on DWDM, PEs, BNGs, OLTs, cell sites; SNMP traps + Zabbix + synthetic probes', shop: 'telco', size: 900, estateSeed: 7101, cmdb: 'full', storm: telco(17101, 26) },
  { name: 'bank-batch-700', description: 'bank: z/OS LPARs, DB2, MQ channels, Control-M job chains (late upstream -> downstream SLA misses hours later), distributed apps; overnight 8 h', shop: 'bank', size: 700, estateSeed: 7202, cmdb: 'full', storm: bank(17202, 22) },
  { name: 'mesh-shop-1200', description: 'e-commerce on Kubernetes + Istio: SLO burn alerts on callers, bad deploys (Argo CD), node loss, datastores, PSP; Alertmanager v4 only', shop: 'mesh', size: 1200, estateSeed: 7303, cmdb: 'full', storm: mesh(17303, 28) },
  { name: 'stale-telco-900', description: 'the ISP with a stale CMDB (30 % relations missing, 10 % CIs missing, 10 % renamed, 5 % wrong links, duplicates)', shop: 'telco', size: 900, estateSeed: 7404, cmdb: STALE, storm: telco(17404, 26) },
  { name: 'stale-mesh-1200', description: 'the Kubernetes shop with a stale CMDB', shop: 'mesh', size: 1200, estateSeed: 7505, cmdb: STALE, storm: mesh(17505, 28) },
  { name: 'mesh-2500-burst', description: 'a bigger Kubernetes shop, 1 h, many concurrent failures and double noise', shop: 'mesh', size: 2500, estateSeed: 7606, cmdb: 'full', storm: { ...mesh(17606, 30, 2), durationMs: H, concurrent: 0.6 } },
  { name: 'notopo-telco', description: 'the ISP with no CMDB (labels and text only)', shop: 'telco', size: 900, estateSeed: 7707, cmdb: 'none', storm: telco(17707, 26) },
  { name: 'notopo-bank', description: 'the bank with no CMDB', shop: 'bank', size: 700, estateSeed: 7808, cmdb: 'none', storm: bank(17808, 22) },
  { name: 'notopo-mesh', description: 'the Kubernetes shop with no CMDB (Alertmanager labels only, as in public datasets)', shop: 'mesh', size: 1200, estateSeed: 7909, cmdb: 'none', storm: mesh(17909, 28) },
];

/** a small storm for the smoke test. */
export const FRESH_SMOKE: FreshScenario = { name: 'smoke', description: 'smoke', shop: 'telco', size: 300, estateSeed: 11, cmdb: STALE, storm: { ...telco(12, 8), durationMs: H } };

/** withSeedOffset re-rolls the estate and the storm (unseen storms of the same shapes). */
export function withSeedOffset(s: FreshScenario, offset: number): FreshScenario {
  return offset === 0 ? s : { ...s, estateSeed: s.estateSeed + offset, storm: { ...s.storm, seed: s.storm.seed + offset } };
}
