import type { CmdbGraph } from '@aiops/cmdb';
import type { CorrelateConfig } from './config.js';
import { createCausalTopology, type CausalTopology } from './causal.js';
import { createSharer, fnv, FNV_SEED } from './intern.js';

/** how far root-cause ranking and merges look up or down the CMDB (hops). */
export const RC_HOPS = 8;

export type Hop = { id: string; hops: number };

/**
 * TopologyView: the CMDB walks the engine needs, each cached until the CMDB changes (its version). The
 * walks read `part_of` as configured (partOfFlow: composite wholes depend on their parts, first hop only)
 * and leave business services out (same_service handles them).
 */
export interface TopologyView {
  /** upstream within maxHops (the walk joins use). */
  upOf(ci: string): readonly Hop[];
  /** what the CI causally needs within maxHops (no part_of parents). */
  causalUpOf(ci: string): readonly Hop[];
  /** every CI `ci` causally needs within RC_HOPS. */
  causalFullUpOf(ci: string): Set<string>;
  /** through depends_on / runs_on / connected_to only (a whole needs its parts only in part): root chains. */
  strictUpOf(ci: string): readonly Hop[];
  /** upstream within RC_HOPS with hop counts (root-cause ranking, inhibition, maintenance). */
  fullUpOf(ci: string): Map<string, number>;
  /** how many CIs depend on it within RC_HOPS. */
  dependentsCount(ci: string): number;
  /** more direct dependents than hubDegree. */
  isHub(ci: string): boolean;
}

/**
 * createWalkSharer: CIs with the same parents have equal upward walks (pods of one workload on one node,
 * say): one shared map or set per distinct walk (a 10,000-CI microservice shop has ~2.6 CIs per walk).
 * Walks are never mutated once cached.
 */
function createWalkSharer<W extends Map<string, number> | Set<string>>(): (w: W) => W {
  return createSharer<W>(
    200_000,
    (w) => {
      let h = FNV_SEED;
      for (const [k, v] of w.entries()) h = fnv(h, typeof v === 'number' ? `${k}\u0000${v}` : k);
      return h;
    },
    (x, y) => {
      if (x.size !== y.size) return false;
      const a = x.entries();
      const b = y.entries();
      for (let p = a.next(), q = b.next(); !p.done && !q.done; p = a.next(), q = b.next()) if (p.value[0] !== q.value[0] || p.value[1] !== q.value[1]) return false;
      return true;
    },
  );
}

const NO_HOPS: readonly Hop[] = []; // not frozen: hot loops then see one kind of array (readonly by type)

export function createTopologyView(cmdb: CmdbGraph, causal: CausalTopology | null, g: CorrelateConfig['grouping'], joinCausal: CausalTopology | null = null): TopologyView {
  const composite = g.partOfFlow === 'composite';
  const topo = causal ?? cmdb;
  /**
   * The cached walks hold one shared { id, hops } per CI and distance instead of a fresh object
   * per walk and entry (a walk entry costs a pointer, not an object), and drop business services.
   */
  let hopsVersion = -1;
  let hopTables: Array<Map<string, Hop>> = []; // by distance: most CIs are met at one or two distances
  function hopOf(id: string, hops: number): Hop {
    if (hopsVersion !== cmdb.version) {
      hopTables = [];
      hopsVersion = cmdb.version;
    }
    while (hopTables.length <= hops) hopTables.push(new Map());
    const table = hopTables[hops] as Map<string, Hop>;
    let h = table.get(id);
    if (!h) table.set(id, (h = { id, hops })); // shared: never mutated (readonly by type)
    return h;
  }
  function shareHops(walk: readonly Hop[]): readonly Hop[] {
    const out: Hop[] = [];
    for (const x of walk) if (cmdb.get(x.id)?.type !== 'business_service') out.push(hopOf(x.id, x.hops));
    return out.length === 0 ? NO_HOPS : out.slice(); // exact size: push grows a short array to 17 slots
  }
  /** sameOr: `other` when it lists the same hops as `r` (shared objects, so identity per entry), else `r`. */
  function sameOr(r: readonly Hop[], other: readonly Hop[]): readonly Hop[] {
    if (r.length !== other.length) return r;
    for (let i = 0; i < r.length; i++) if (r[i] !== other[i]) return r;
    return other;
  }
  let upCacheVersion = -1;
  let upCache = new Map<string, ReadonlyArray<{ id: string; hops: number }>>();
  let fullUpCache = new Map<string, Map<string, number>>();
  let shareFullUp = createWalkSharer<Map<string, number>>();
  function checkCaches(): void {
    if (upCacheVersion !== cmdb.version) {
      upCache = new Map();
      fullUpCache = new Map();
      shareFullUp = createWalkSharer();
      upCacheVersion = cmdb.version;
    }
  }
  /** upstream within maxHops, business services excluded (they are handled by same_service). */
  function upOf(ci: string): ReadonlyArray<{ id: string; hops: number }> {
    checkCaches();
    let r = upCache.get(ci);
    if (!r) {
      // joinCausal: the join walk may read links both ways while root ranking reads them as stored (linkFlow: joins)
      const jc = joinCausal ?? causal;
      r = shareHops(jc ? jc.dependenciesOf(ci, g.maxHops, 'none') : cmdb.dependenciesOf(ci, g.maxHops));
      upCache.set(ci, r);
    }
    return r;
  }
  /**
   * causalUpOf: what the CI needs through depends_on / runs_on / connected_to only. A `part_of` parent
   * (pod -> workload) is a victim of its parts, not their cause, so it is not a path by which an alert
   * "depends on" a group (pods on two failed nodes do not meet through their shared workload).
   */
  let causalCache = new Map<string, ReadonlyArray<{ id: string; hops: number }>>();
  let causalVersion = -1;
  let causalFullCache = new Map<string, Set<string>>();
  let shareCausalFull = createWalkSharer<Set<string>>();
  function causalUpOf(ci: string): ReadonlyArray<{ id: string; hops: number }> {
    if (causalVersion !== cmdb.version) {
      causalCache = new Map();
      causalFullCache = new Map();
      shareCausalFull = createWalkSharer();
      causalVersion = cmdb.version;
    }
    let r = causalCache.get(ci);
    if (r) return r;
    // most CIs have no parts, and then this walk is the joins' walk: one shared array
    r = shareHops(walkCausalUp(ci, g.maxHops));
    if (composite) r = sameOr(r, upOf(ci));
    if (causalCache.size < 200_000) causalCache.set(ci, r);
    return r;
  }
  /** causalFullUpOf: every CI `ci` causally needs within RC_HOPS (no part_of parents). */
  function causalFullUpOf(ci: string): Set<string> {
    causalUpOf(ci); // checks the CMDB version
    let r = causalFullCache.get(ci);
    if (!r) {
      r = new Set();
      for (const x of walkCausalUp(ci, RC_HOPS)) if (cmdb.get(x.id)?.type !== 'business_service') r.add(x.id);
      r = shareCausalFull(r);
      if (causalFullCache.size < 200_000) causalFullCache.set(ci, r);
    }
    return r;
  }
  /**
   * strictUpOf: what `ci` needs through depends_on / runs_on / connected_to only (a whole needs its parts
   * only in part): root chains. It is the walk with no part_of edge at all, which one of the two walks
   * above already is (composite: upOf, over the causal topology without parts; stored: causalUpOf), so
   * it has no cache of its own.
   */
  function strictUpOf(ci: string): ReadonlyArray<{ id: string; hops: number }> {
    return composite ? upOf(ci) : causalUpOf(ci);
  }
  // without composites, the same walk over a topology that reads no part_of edge at all
  const partless = causal ?? createCausalTopology(cmdb, []);
  /** walkCausalUp: the causal upstream walk (a composite's own parts on the first hop only; none when strict), business services left out. */
  function walkCausalUp(ci: string, maxHops: number): readonly Hop[] {
    return partless.dependenciesOf(ci, maxHops, composite ? 'first' : 'none');
  }

  function fullUpOf(ci: string): Map<string, number> {
    checkCaches();
    let r = fullUpCache.get(ci);
    if (!r) {
      r = new Map();
      for (const x of topo.dependenciesOf(ci, RC_HOPS)) if (cmdb.get(x.id)?.type !== 'business_service') r.set(x.id, x.hops);
      r = shareFullUp(r);
      if (fullUpCache.size < 200_000) fullUpCache.set(ci, r);
    }
    return r;
  }
  let depCount = new Map<string, number>();
  let depCountVersion = -1;
  function dependentsCount(ci: string): number {
    if (depCountVersion !== cmdb.version) {
      depCount = new Map();
      depCountVersion = cmdb.version;
    }
    let n = depCount.get(ci);
    if (n === undefined) {
      n = topo.dependentsOf(ci, RC_HOPS).length;
      depCount.set(ci, n);
    }
    return n;
  }
  function isHub(ci: string): boolean {
    return topo.downstreamOf(ci).length > g.hubDegree;
  }

  return { upOf, causalUpOf, causalFullUpOf, strictUpOf, fullUpOf, dependentsCount, isHub };
}
