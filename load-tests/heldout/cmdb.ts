/**
 * cmdb derives what the CMDB says about an estate. Real CMDBs lag reality: relations nobody recorded,
 * hosts renamed since the last discovery, new machines not yet imported, links that were true once.
 * `stale` options reproduce that; the truth (estate.ts) is untouched, so scores still count real causes.
 */
import type { ConfigurationItem } from '@aiops/model';
import type { Prng } from '../quality/prng.js';
import type { Estate } from './estate.js';

export interface CmdbOptions {
  /** share of real links the CMDB does not record. */
  missingRelations?: number;
  /** share of assets known under an older name only (senders use the new one). */
  renamed?: number;
  /** share of non-root-eligible assets (servers, VMs, instances) not in the CMDB at all. */
  unknown?: number;
  /** share of recorded links that point at the wrong (former) target. */
  wrongRelations?: number;
  /** share of applications recorded under a display name only, without the slug the tools use. */
  displayNameOnly?: number;
}

export interface CmdbView {
  cis: ConfigurationItem[];
  /** asset ids present in the CMDB. */
  known: Set<string>;
  /** asset id -> every name a human or a tool knows it by (lower case), to credit a root named without topology. */
  names: Record<string, string[]>;
}

const display = (slug: string): string => slug.split('-').map((w) => (w.length <= 3 ? w.toUpperCase() : w[0]?.toUpperCase() + w.slice(1))).join(' ');
/** kinds of asset a discovery tool adds on its own; applications and platform services are registered by hand. */
const DISCOVERED = new Set(['server', 'vm', 'ec2', 'hypervisor']);

export function toCmdb(estate: Estate, rng: Prng, opts: CmdbOptions = {}): CmdbView {
  const { missingRelations = 0, renamed = 0, unknown = 0, wrongRelations = 0, displayNameOnly = 0.05 } = opts;
  const known = new Set<string>();
  for (const a of estate.assets) if (!(DISCOVERED.has(a.role) && rng.chance(unknown))) known.add(a.id);
  const sameType = new Map<string, string[]>();
  for (const a of estate.assets) if (known.has(a.id)) sameType.set(a.type, [...(sameType.get(a.type) ?? []), a.id]);
  const names: Record<string, string[]> = {};
  const cis: ConfigurationItem[] = [];
  for (const a of estate.assets) {
    const all = [a.name, a.handle, a.fqdn, a.ip, a.arn].filter((x): x is string => x !== undefined);
    names[a.id] = [...new Set(all.map((x) => x.toLowerCase()))];
    if (!known.has(a.id)) continue;
    let name = a.name;
    let aliases = [a.name, a.handle, a.fqdn, a.ip, a.arn].filter((x): x is string => x !== undefined);
    if (a.role === 'app' || a.role === 'ecs') {
      // registered by hand under a display name; the slug the tools use is an alias, when someone added it
      name = display(a.handle);
      if (rng.chance(displayNameOnly)) aliases = aliases.filter((x) => x !== a.handle);
    }
    if (rng.chance(renamed)) {
      // known under its former name; the tools already use the new one
      const old = `${a.handle.split(/[-./]/)[0] ?? 'ci'}-${rng.hex(3)}`;
      aliases = aliases.filter((x) => x !== a.handle && x !== a.fqdn && x !== a.name);
      name = old;
      names[a.id]?.push(old);
    }
    aliases = aliases.filter((x) => x !== name);
    const relations = [];
    for (const l of a.links) {
      if (!known.has(l.target) || rng.chance(missingRelations)) continue;
      let target = l.target;
      if (rng.chance(wrongRelations)) target = rng.pick(sameType.get(estate.byId.get(l.target)?.type ?? '') ?? [l.target]);
      if (target !== a.id) relations.push({ type: l.type, target });
    }
    const attributes: Record<string, string> = { role: a.role };
    if (a.fqdn) attributes['fqdn'] = a.fqdn;
    if (a.ip) attributes['ip'] = a.ip;
    if (a.arn) attributes['arn'] = a.arn;
    cis.push({
      id: a.id, name, type: a.type, environment: 'production', aliases: [...new Set(aliases)], attributes, relations,
      supportGroup: a.team, owner: `${a.team}-lead`, location: { site: a.site },
    });
  }
  return { cis, known, names };
}
