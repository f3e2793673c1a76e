import type { CiRelation, ConfigurationItem } from '@aiops/model';
import { createPrng, type Prng } from './prng.js';

/**
 * CmdbDrift describes how far the CMDB the engine gets has drifted from the estate that raised the
 * storm: real CMDBs lag behind the estate (new dependencies never recorded, machines never
 * discovered, hosts renamed by a new naming convention while monitoring keeps the old name) and keep
 * some relations that are no longer true. The storm and the truth come from the real estate; only the
 * engine's CMDB drifts.
 */
export interface CmdbDrift {
  seed: number;
  /** fraction of relations missing from the CMDB (never recorded, or lost in a sync). */
  dropRelations: number;
  /** spurious relations added, as a fraction of the relation count (decommissioned or misdeclared links). */
  wrongRelations: number;
  /** fraction of CIs renamed in the CMDB while the monitoring still sends the old name (Kubernetes objects keep theirs: the cluster names them). */
  renamed: number;
  /** fraction of machines (hosts, VMs) the CMDB does not know at all (never discovered). */
  missingMachines: number;
}

/** DEFAULT_DRIFT: a CMDB a few months behind: a quarter of the relations missing, some CIs renamed or unknown. */
export const DEFAULT_DRIFT: Omit<CmdbDrift, 'seed'> = { dropRelations: 0.25, wrongRelations: 0.02, renamed: 0.06, missingMachines: 0.06 };

const MACHINES = new Set(['host', 'vm']);
/** Types a wrong relation may point between: declared dependencies between applications and their stores and machines. */
const LINKABLE = new Set(['application', 'service', 'database', 'cache', 'queue', 'k8s_workload', 'cloud_service', 'host', 'vm', 'load_balancer']);

/**
 * driftCmdb returns a drifted copy of `cis` (the input is not modified), deterministic for a seed.
 * Renames take three real forms, a third each: the display form of the same name ("orders-api" ->
 * "Orders Api": still found by display name), a new name keeping the old one as an alias (a CMDB that
 * records former names), and a new name with no trace of the old one (FQDN re-written with it; the IP
 * stays, so an alert carrying the IP still matches).
 */
export function driftCmdb(cis: readonly ConfigurationItem[], drift: CmdbDrift): ConfigurationItem[] {
  const rng = createPrng(drift.seed ^ 0x5ca1ab1e);
  const missing = new Set<string>();
  for (const ci of cis) if (MACHINES.has(ci.type) && rng.chance(drift.missingMachines)) missing.add(ci.id);
  const out: ConfigurationItem[] = [];
  let relationCount = 0;
  for (const ci of cis) {
    if (missing.has(ci.id)) continue;
    const relations: CiRelation[] = ci.relations.filter((r) => !missing.has(r.target) && !rng.chance(drift.dropRelations));
    relationCount += ci.relations.length;
    const renamed = !ci.type.startsWith('k8s_') && rng.chance(drift.renamed) ? rename(ci, rng) : ci;
    out.push({ ...renamed, relations });
  }
  addWrongRelations(out, Math.round(relationCount * drift.wrongRelations), rng);
  return out;
}

function rename(ci: ConfigurationItem, rng: Prng): ConfigurationItem {
  const form = rng.int(0, 2);
  if (form === 0) {
    const display = ci.name.split(/[-_.]/).filter((w) => w !== '').map((w) => w[0]!.toUpperCase() + w.slice(1)).join(' ');
    return { ...ci, name: display };
  }
  const prefix = MACHINES.has(ci.type) ? 'srv' : ci.type.replace(/_/g, '').slice(0, 3);
  const name = `${prefix}-${rng.hex(6)}`;
  const old = ci.name.toLowerCase();
  const oldShort = old.split('.')[0]!;
  if (form === 1) return { ...ci, name, aliases: [...ci.aliases, ci.name] };
  // no trace: aliases and attributes that spell the old name are re-written with the new one
  const rewrite = (v: string): string => (v.toLowerCase() === old ? name : v.toLowerCase().startsWith(`${oldShort}.`) ? `${name}${v.slice(oldShort.length)}` : v);
  const attributes = Object.fromEntries(Object.entries(ci.attributes).map(([k, v]) => [k, typeof v === 'string' ? rewrite(v) : v]));
  return { ...ci, name, aliases: ci.aliases.map(rewrite).filter((a) => !a.toLowerCase().includes(oldShort)), attributes };
}

function addWrongRelations(cis: ConfigurationItem[], count: number, rng: Prng): void {
  const linkable = cis.filter((ci) => LINKABLE.has(ci.type));
  if (linkable.length < 2) return;
  for (let i = 0; i < count; i++) {
    const from = rng.pick(linkable);
    const to = rng.pick(linkable);
    if (from === to || from.relations.some((r) => r.target === to.id)) continue;
    const type = MACHINES.has(to.type) && !MACHINES.has(from.type) ? 'runs_on' : 'depends_on';
    from.relations = [...from.relations, { type, target: to.id }];
  }
}
