import type { CmdbGraph } from '@aiops/cmdb';
import { mentionsOf, normEntity } from './mentions.js';
import { namesOf } from './named-cause.js';

/**
 * Joining across the gaps of a stale CMDB. Real CMDBs lag the estate: a dependency never recorded,
 * a VM whose `runs_on` was lost in a sync. An alert matched to such a CI finds no path to the failure
 * it belongs to, and topology-first grouping would open a new group for it. When (and only when) the
 * CMDB gives an alert no group at all, the engine looks again with the evidence a stream without
 * topology has, narrowed to what a gap explains:
 *
 * - an **orphan** CI (its record has no relation of its own, not even `part_of` a cluster, and at most
 *   a few dependents: not the bottom of the stack, a switch or a SAN with many) is an incomplete record: its
 *   alerts may join by text similarity within a burst, as if the CI were unknown;
 * - an alert whose text **names** a CI that alerts in an open group ("NFS server san-02 not responding")
 *   joins that group: a dependency learned from the alert, which the CMDB lacks;
 * - a CI with a **lost uplink**: its record (or that of what it directly needs) is needed by others but
 *   records nothing upstream although most CIs of its type do (an access switch, a hypervisor whose uplink
 *   was never imported; a core switch that distribution switches need, or a type none of whose CIs needs
 *   anything, a zone, is the bottom of the stack instead).
 *   Its missing uplink is one of the CIs its type peers hang from; when one of those started alerting in
 *   an open group shortly before, the alert joins that group as a hypothesised hop.
 */
export interface GapView {
  /** whether the CI's record has no relation of its own (not even part_of a cluster) and few dependents: likely a gap, not a root of the estate. */
  isOrphan(ci: string): boolean;
  /** the CIs the text names (after a connective, or with a port), found by name, alias or FQDN short name; never `self`. */
  namedCis(text: string, self: string, own: (name: string) => boolean): string[];
  /**
   * The CI with a lost uplink on the alert's way up: `ci` itself or one it directly needs whose record has
   * no upstream relation although at least `uplinkMinShare` of the CIs of its type have one; null if none.
   */
  lostUplink(ci: string): string | null;
  /** The CIs that CIs of `ci`'s type directly need (where its lost uplink most likely points). */
  peerUplinks(ci: string): ReadonlySet<string>;
}

export interface GapOptions {
  /** an orphan has at most this many direct dependents. */
  orphanMaxDependents: number;
  /** a record without upstream relations has lost its uplink when at least this share of its type has one (> 1 = off). */
  uplinkMinShare: number;
  connectives: ReadonlySet<string>;
  ignored: ReadonlySet<string>;
}

export function createGapView(cmdb: CmdbGraph, opts: GapOptions): GapView {
  let builtAt = -1;
  let byName = new Map<string, string>(); // '' = several CIs go by that name: never resolved
  function index(): Map<string, string> {
    if (builtAt === cmdb.version) return byName;
    builtAt = cmdb.version;
    byName = new Map();
    for (const ci of cmdb.all()) {
      for (const n of namesOf(cmdb, ci.id)) {
        const k = normEntity(n);
        if (k.length < 4) continue;
        const prev = byName.get(k);
        byName.set(k, prev === undefined || prev === ci.id ? ci.id : '');
      }
    }
    return byName;
  }
  // per CI type, among the CIs no CI of their own type needs (the head of a same-type chain, a core
  // switch above distribution switches, is the bottom of the stack, not a record that lost its link):
  // the share with an upstream relation, and the CIs they directly need
  let typesAt = -1;
  const types = new Map<string, { share: number; uplinks: Set<string> }>();
  const heads = new Set<string>();
  function typeOf(id: string): { share: number; uplinks: ReadonlySet<string> } | undefined {
    if (typesAt !== cmdb.version) {
      typesAt = cmdb.version;
      types.clear();
      heads.clear();
      const n = new Map<string, { all: number; up: number; uplinks: Set<string> }>();
      for (const c of cmdb.all()) {
        if (cmdb.downstreamOf(c.id).some((x) => cmdb.get(x.id)?.type === c.type)) {
          heads.add(c.id);
          continue;
        }
        const v = n.get(c.type) ?? { all: 0, up: 0, uplinks: new Set<string>() };
        const up = cmdb.upstreamOf(c.id);
        v.all++;
        if (up.length > 0) v.up++;
        for (const u of up) v.uplinks.add(u.id);
        n.set(c.type, v);
      }
      // fewer than 3 CIs of a type say nothing about what its records should hold
      for (const [k, v] of n) types.set(k, { share: v.all >= 3 ? v.up / v.all : 0, uplinks: v.uplinks });
    }
    const t = cmdb.get(id)?.type;
    return t === undefined || heads.has(id) ? undefined : types.get(t);
  }
  // a record with no relation at all is an orphan (isOrphan); one that others need but that needs nothing lost its uplink
  const lost = (id: string): boolean => opts.uplinkMinShare <= 1 && cmdb.upstreamOf(id).length === 0 && cmdb.downstreamOf(id).length > 0 && (typeOf(id)?.share ?? 0) >= opts.uplinkMinShare;
  const NONE: ReadonlySet<string> = new Set();
  return {
    lostUplink(ci) {
      if (lost(ci)) return ci;
      for (const u of cmdb.upstreamOf(ci)) if (lost(u.id)) return u.id;
      return null;
    },
    peerUplinks(ci) {
      return typeOf(ci)?.uplinks ?? NONE;
    },
    isOrphan(ci) {
      return opts.orphanMaxDependents >= 0 && cmdb.upstreamOf(ci).length === 0 && cmdb.downstreamOf(ci).length <= opts.orphanMaxDependents;
    },
    namedCis(text, self, own) {
      if (text === '') return [];
      const names = mentionsOf(text, { connectives: opts.connectives, ignored: opts.ignored, isOwn: own, max: 4 });
      if (names.length === 0) return [];
      const idx = index();
      const out: string[] = [];
      for (const n of names) {
        const id = idx.get(n);
        if (id && id !== self && !out.includes(id)) out.push(id);
      }
      return out;
    },
  };
}
