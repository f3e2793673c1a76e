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
 *   joins that group: a dependency learned from the alert, which the CMDB lacks.
 */
export interface GapView {
  /** whether the CI's record has no relation of its own (not even part_of a cluster) and few dependents: likely a gap, not a root of the estate. */
  isOrphan(ci: string): boolean;
  /** the CIs the text names (after a connective, or with a port), found by name, alias or FQDN short name; never `self`. */
  namedCis(text: string, self: string, own: (name: string) => boolean): string[];
}

export interface GapOptions {
  /** an orphan has at most this many direct dependents. */
  orphanMaxDependents: number;
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
  return {
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
