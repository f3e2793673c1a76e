/**
 * suite: the scenarios. The no-topology scenarios are their topology twin's very files without the CMDB,
 * so the difference between the two rows is what the CMDB adds (or costs). Each one is a public-dataset shape (see README.md), with a topology (CMDB CSV)
 * or none, its seeds and storm sizes; `withSeedOffset` re-rolls the estate and the storm.
 */
import { dcDataset, type DcOptions } from './datacenter.js';
import type { DatasetFile } from './core.js';
import { microDataset, type AppName, type MicroFlavor, type MicroStormOptions } from './microservices.js';
import { telecomDataset, type TelecomOptions } from './telecom.js';

type Spec =
  | { family: 'microservices'; app: AppName; flavor: MicroFlavor; storm: MicroStormOptions }
  | { family: 'telecom'; storm: TelecomOptions }
  | { family: 'datacenter'; storm: DcOptions };

export type DatasetScenario = Spec & { name: string; description: string; topology: boolean; estateSeed: number };

const START = Date.UTC(2026, 4, 11, 8, 0, 0);
const H = 3_600_000;
const micro = (seed: number, failures: number, hours: number, concurrent = 0.3, noise = 1): MicroStormOptions => ({ seed, startAt: START, durationMs: hours * H, failures, concurrent, noise });
const telco = (seed: number, failures: number, regions: number, hours = 6, concurrent = 0.25, noise = 1): TelecomOptions => ({ seed, startAt: START, durationMs: hours * H, failures, concurrent, noise, regions });
const dc = (seed: number, failures: number, size: number, hours = 8, concurrent = 0.2, noise = 1): DcOptions => ({ seed, startAt: START, durationMs: hours * H, failures, concurrent, noise, size });

export const DATASET_SCENARIOS: DatasetScenario[] = [
  { name: 'rca-boutique-am', description: 'Online Boutique, fault-injection cases; Alertmanager webhook log (JSON lines, nested labels, re-sent every 5 min); call graph + pods + nodes as CMDB', family: 'microservices', app: 'boutique', flavor: 'alertmanager', topology: true, estateSeed: 8101, storm: micro(18101, 16, 6) },
  { name: 'rca-sockshop-anomaly', description: 'Sock Shop, an anomaly detector\'s rows (one per minute per anomalous metric, no end rows), epoch seconds; call graph CMDB', family: 'microservices', app: 'sockshop', flavor: 'anomaly', topology: true, estateSeed: 8202, storm: micro(18202, 14, 5) },
  { name: 'rca-trainticket-kpi', description: 'Train Ticket (~50 services), AIOps-challenge table: cmdb_id, kpi_name, epoch ms, fault_id (--map group=fault_id); call graph CMDB', family: 'microservices', app: 'trainticket', flavor: 'challenge', topology: true, estateSeed: 8303, storm: micro(18303, 30, 6, 0.4) },
  { name: 'telco-nms-alarms', description: 'mobile backhaul, 3 regions: NMS alarm export (occur/clear time, vendor alarm names, flapping LOS, floods behind a cut), root alarm flagged; NE inventory CMDB', family: 'telecom', topology: true, estateSeed: 8404, storm: telco(18404, 28, 3) },
  { name: 'telco-nms-flood', description: 'a bigger network (5 regions), twice the faults, half of them within minutes of another, double background', family: 'telecom', topology: true, estateSeed: 8505, storm: telco(18505, 50, 5, 4, 0.5, 2) },
  { name: 'dc-incident-log', description: 'one datacenter site, ~240 hosts: Nagios-style check log with incident numbers (ToR switch, hypervisor, SAN, DNS, DB failover, bad deploy, cert, memory leak); inventory CMDB', family: 'datacenter', topology: true, estateSeed: 8606, storm: dc(18606, 26, 240) },
  { name: 'rca-sockshop-recurring', description: 'Sock Shop over a day: an anomaly detector\'s rows (one per minute, no end rows) where the same symptoms recur in cases hours apart (kept, not left out); each occurrence scored where it landed; call graph CMDB', family: 'microservices', app: 'sockshop', flavor: 'anomaly', topology: true, estateSeed: 8707, storm: { ...micro(18707, 16, 24, 0.1), recurring: true } },
  { name: 'notopo-rca-boutique', description: 'the same Online Boutique log as rca-boutique-am, without its CMDB (labels only)', family: 'microservices', app: 'boutique', flavor: 'alertmanager', topology: false, estateSeed: 8101, storm: micro(18101, 16, 6) },
  { name: 'notopo-rca-trainticket', description: 'the same Train Ticket KPI table as rca-trainticket-kpi, without its CMDB', family: 'microservices', app: 'trainticket', flavor: 'challenge', topology: false, estateSeed: 8303, storm: micro(18303, 30, 6, 0.4) },
  { name: 'notopo-telco-alarms', description: 'the same alarm export as telco-nms-alarms, without the NE inventory', family: 'telecom', topology: false, estateSeed: 8404, storm: telco(18404, 28, 3) },
  { name: 'notopo-dc-incident-log', description: 'the same datacenter log as dc-incident-log, alone, as most public incident logs come', family: 'datacenter', topology: false, estateSeed: 8606, storm: dc(18606, 26, 240) },
  { name: 'notopo-sockshop-recurring', description: 'the same recurring Sock Shop log as rca-sockshop-recurring, without its CMDB', family: 'microservices', app: 'sockshop', flavor: 'anomaly', topology: false, estateSeed: 8707, storm: { ...micro(18707, 16, 24, 0.1), recurring: true } },
];

/** a small scenario per family for the smoke test. */
export const DATASET_SMOKE: DatasetScenario[] = [
  { name: 'smoke-am', description: 'smoke', family: 'microservices', app: 'boutique', flavor: 'alertmanager', topology: true, estateSeed: 11, storm: micro(12, 6, 1) },
  { name: 'smoke-anomaly', description: 'smoke', family: 'microservices', app: 'sockshop', flavor: 'anomaly', topology: false, estateSeed: 13, storm: micro(14, 6, 1) },
  { name: 'smoke-kpi', description: 'smoke', family: 'microservices', app: 'trainticket', flavor: 'challenge', topology: true, estateSeed: 15, storm: micro(16, 6, 1) },
  { name: 'smoke-telco', description: 'smoke', family: 'telecom', topology: true, estateSeed: 17, storm: telco(18, 10, 1, 2) },
  { name: 'smoke-dc', description: 'smoke', family: 'datacenter', topology: true, estateSeed: 19, storm: dc(20, 10, 80, 2) },
];

/** the smoke test's recurring log: the same symptoms in cases hours apart (a per-occurrence truth). */
export const DATASET_SMOKE_RECURRING: DatasetScenario = { name: 'smoke-recurring', description: 'smoke', family: 'microservices', app: 'sockshop', flavor: 'anomaly', topology: true, estateSeed: 21, storm: { ...micro(22, 10, 16, 0.1), recurring: true } };

export function withSeedOffset(s: DatasetScenario, offset: number): DatasetScenario {
  return offset === 0 ? s : ({ ...s, estateSeed: s.estateSeed + offset, storm: { ...s.storm, seed: s.storm.seed + offset } } as DatasetScenario);
}

/** generate writes the scenario's dataset files (in memory). */
export function generate(s: DatasetScenario): DatasetFile {
  if (s.family === 'microservices') return microDataset(s.app, s.flavor, s.topology, s.estateSeed, s.storm);
  if (s.family === 'telecom') return telecomDataset(s.topology, s.estateSeed, s.storm);
  return dcDataset(s.topology, s.estateSeed, s.storm);
}
