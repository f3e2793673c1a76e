import type { CmdbGraph, Reach } from '@aiops/cmdb';
import type { CiRelationType } from '@aiops/model';

/**
 * CausalTopology is the CMDB seen as "whose failure reaches whom": `upstreamOf(x)` lists what x's
 * health depends on, `downstreamOf(x)` what a failure of x reaches. Same shape as the CmdbGraph walks,
 * so the engine uses either.
 */
export interface CausalTopology {
  readonly version: number;
  upstreamOf(id: string): ReadonlyArray<{ readonly id: string; readonly type: CiRelationType }>;
  downstreamOf(id: string): ReadonlyArray<{ readonly id: string; readonly type: CiRelationType }>;
  /**
   * Upstream walk. `parts` says where whole -> part edges are followed: `any` hop, only as the `first`
   * hop (a workload's own pods and their nodes, but not the pods of the workloads it calls: one replica
   * of a callee is weak evidence), or `none` (a whole's parts are not each a cause of its group).
   */
  dependenciesOf(id: string, maxHops?: number, parts?: PartsWalk): readonly Reach[];
  dependentsOf(id: string, maxHops?: number): readonly Reach[];
  /** The composite wholes `id` is a part of (a pod's workload). */
  wholesOf(id: string): readonly string[];
  /** How many parts the composite `id` has. */
  partCount(id: string): number;
  /**
   * The shared services of the cluster a composite `id` (a workload) is in: the composites in a namespace
   * named in `sharedNamespaces` (cluster DNS, CNI). Every workload needs them although a Kubernetes import
   * records no relation; a hint, not an edge (walks do not follow it). Empty for a shared service itself.
   */
  sharedServicesOf(id: string): readonly string[];
  /** `id` is a composite in a shared namespace of its cluster. */
  isSharedService(id: string): boolean;
}

type Edge = { readonly id: string; readonly type: CiRelationType };
/** ClusterScope: a cluster's shared service composites. */
interface ClusterScope { readonly services: readonly string[] }
const NO_WHOLES: readonly string[] = [];
export type PartsWalk = 'any' | 'first' | 'none';
/**
 * LinkFlow: how `A connected_to B` is read. stored: B is upstream of A. both: also A upstream of B. peel: by
 * the layering of the link graph when the inventory's directions mostly contradict it (see peelOf), else as
 * stored. A link inventory (an NMS export) records a physical link once, from whichever end was entered
 * first: there its direction says nothing about who needs whom.
 */
export type LinkFlow = 'stored' | 'both' | 'peel';
const NO_EDGES: readonly Edge[] = []; // not frozen: hot loops then see one kind of array (readonly by type)

/**
 * compact: the derived edge list as kept per CI: the graph's own list when they are the same edges (no
 * part_of involved: most CIs), else an exact-size copy (push leaves a short array with 17 slots).
 */
function compact(out: readonly Edge[], stored: readonly Edge[]): readonly Edge[] {
  if (out.length === 0) return NO_EDGES;
  if (out.length === stored.length && out.every((e, i) => e === stored[i])) return stored;
  return out.slice();
}

/**
 * createCausalTopology reads `A part_of B` by what B is. When B's type is one of `compositeTypes` (a
 * Kubernetes workload and its pods, an application and its instances) B is degraded by its parts:
 * B depends on A, and a failure flows part -> whole (a node kills its pods, the pods' Deployment loses
 * replicas). Any other whole is a logical container (namespace, cluster, site): nothing flows either
 * way (a node going NotReady does not fail its cluster object, and a namespace is never the reason a
 * pod crashes). depends_on / runs_on are kept as stored (the target is upstream), connected_to as `links` says.
 * Edges are derived lazily per CI and cached until the graph changes.
 */
export function createCausalTopology(cmdb: CmdbGraph, compositeTypes: readonly string[], sharedNamespaces: readonly string[] = [], links: LinkFlow = 'stored'): CausalTopology {
  const composite = new Set(compositeTypes);
  /** the upstream edges that read a stored link backwards (links: both). */
  const reversed = new WeakSet<Edge>();
  let peels: Map<string, number> | null = null;
  /**
   * peelOf: the round in which `id` falls off when the link graph (connected_to, either way) is peeled
   * leaf by leaf: 1 for a stub, 2 for what is a stub once those are gone (the last site of a chain) …;
   * Infinity for the meshed core (rings, dual-homed nodes) and CIs on no link. A failure flows outward,
   * from the core to what hangs off it, whichever end the inventory recorded the link from.
   */
  function peelOf(id: string): number {
    if (peels === null) {
      const nb = new Map<string, Set<string>>();
      const add = (a: string, b: string): void => {
        if (a === b) return;
        let x = nb.get(a);
        if (!x) nb.set(a, (x = new Set()));
        x.add(b);
      };
      for (const c of cmdb.all()) for (const r of c.relations) if (r.type === 'connected_to' && cmdb.get(r.target)) { add(c.id, r.target); add(r.target, c.id); }
      const deg = new Map<string, number>();
      for (const [k, v] of nb) deg.set(k, v.size);
      const out = new Map<string, number>();
      let round = [...nb.keys()].filter((k) => (deg.get(k) ?? 0) <= 1);
      for (let n = 1; round.length > 0; n++) {
        for (const k of round) out.set(k, n);
        const next: string[] = [];
        for (const k of round) {
          for (const o of nb.get(k) ?? []) {
            if (out.has(o)) continue;
            const d = (deg.get(o) ?? 0) - 1;
            deg.set(o, d);
            if (d === 1) next.push(o);
          }
        }
        round = next;
      }
      peels = out;
      // the stored direction counts when it follows the layering: links stored from the outer end (a router
      // "needing" its stub) are the sign of a link table entered in some other order
      let outward = 0;
      let inward = 0;
      for (const c of cmdb.all()) {
        for (const r of c.relations) {
          if (r.type !== 'connected_to') continue;
          const a = out.get(c.id) ?? Number.POSITIVE_INFINITY;
          const b = out.get(r.target) ?? Number.POSITIVE_INFINITY;
          if (b < a) outward++;
          else if (a < b) inward++;
        }
      }
      // an inventory whose links mostly point inward (access -> edge -> core) says who needs whom: kept as stored
      if (outward <= inward) peels.clear();
    }
    return peels.get(id) ?? Number.POSITIVE_INFINITY;
  }
  const sharedNs = new Set(sharedNamespaces.map((n) => n.toLowerCase()));
  let version = -1;
  let up = new Map<string, readonly Edge[]>();
  let down = new Map<string, readonly Edge[]>();
  let wholes = new Map<string, readonly string[]>();
  let parts = new Map<string, number>();
  let scopes = new Map<string, ClusterScope | null>();
  let ciScopes = new Map<string, { scope: ClusterScope; shared: boolean } | null>(); // ranking asks on every rerank
  function check(): void {
    if (version !== cmdb.version) {
      up = new Map();
      down = new Map();
      wholes = new Map();
      parts = new Map();
      scopes = new Map();
      ciScopes = new Map();
      peels = null;
      version = cmdb.version;
    }
  }
  const isComposite = (id: string): boolean => composite.has(cmdb.get(id)?.type ?? '');
  /** containersOf: the non-composite wholes `id` is part_of (a workload's namespace, a namespace's cluster). */
  const containersOf = (id: string): string[] => cmdb.upstreamOf(id).filter((e) => e.type === 'part_of' && !isComposite(e.id)).map((e) => e.id);
  /**
   * scopeOf: for a composite in a namespace of a cluster, the cluster's shared services (composites in a
   * namespace named in `sharedNamespaces`: cluster DNS, CNI, kube-proxy serve every pod), cached per
   * cluster, and whether `id` is one of them; null when the CI is in no such cluster.
   */
  function scopeOf(id: string): { scope: ClusterScope; shared: boolean } | null {
    if (sharedNs.size === 0 || !isComposite(id)) return null;
    let r = ciScopes.get(id);
    if (r === undefined) {
      r = findScope(id);
      ciScopes.set(id, r);
    }
    return r;
  }
  function findScope(id: string): { scope: ClusterScope; shared: boolean } | null {
    for (const ns of containersOf(id)) {
      for (const cluster of containersOf(ns)) {
        let sc = scopes.get(cluster);
        if (sc === undefined) {
          const services: string[] = [];
          for (const n of cmdb.downstreamOf(cluster)) {
            if (n.type !== 'part_of' || !sharedNs.has((cmdb.get(n.id)?.name ?? '').toLowerCase())) continue;
            for (const w of cmdb.downstreamOf(n.id)) if (w.type === 'part_of' && isComposite(w.id)) services.push(w.id);
          }
          sc = services.length === 0 ? null : { services };
          scopes.set(cluster, sc);
        }
        if (sc) return { scope: sc, shared: sc.services.includes(id) };
      }
    }
    return null;
  }
  function upstreamOf(id: string): readonly Edge[] {
    check();
    let r = up.get(id);
    if (r) return r;
    const stored = cmdb.upstreamOf(id);
    const out: Edge[] = [];
    for (const e of stored) if (e.type !== 'part_of' && (links === 'stored' || e.type !== 'connected_to' || links === 'both' || peelOf(e.id) >= peelOf(id))) out.push(e);
    if (isComposite(id)) for (const e of cmdb.downstreamOf(id)) if (e.type === 'part_of') out.push(e);
    // peel: a link stored from the outer end is read from the inner one (ties as stored)
    if (links === 'peel') for (const e of cmdb.downstreamOf(id)) if (e.type === 'connected_to' && peelOf(e.id) > peelOf(id) && !out.some((o) => o.id === e.id)) out.push(e);
    // links both ways: what is linked to `id` is upstream of it too (once: a link may be stored from both ends)
    if (links === 'both') {
      for (const e of cmdb.downstreamOf(id)) {
        if (e.type !== 'connected_to' || out.some((o) => o.id === e.id)) continue;
        const back = { id: e.id, type: e.type };
        reversed.add(back);
        out.push(back);
      }
    }
    r = compact(out, stored);
    up.set(id, r);
    return r;
  }
  function downstreamOf(id: string): readonly Edge[] {
    check();
    let r = down.get(id);
    if (r) return r;
    const stored = cmdb.downstreamOf(id);
    const out: Edge[] = [];
    for (const e of stored) if (e.type !== 'part_of' && (links === 'stored' || e.type !== 'connected_to' || links === 'both' || peelOf(id) >= peelOf(e.id))) out.push(e);
    for (const e of cmdb.upstreamOf(id)) if (e.type === 'part_of' && isComposite(e.id)) out.push(e);
    if (links === 'peel') for (const e of cmdb.upstreamOf(id)) if (e.type === 'connected_to' && peelOf(id) > peelOf(e.id) && !out.some((o) => o.id === e.id)) out.push(e);
    if (links === 'both') for (const e of cmdb.upstreamOf(id)) if (e.type === 'connected_to' && !out.some((o) => o.id === e.id)) out.push(e);
    r = compact(out, stored);
    down.set(id, r);
    return r;
  }
  function walk(start: string, next: (id: string) => readonly Edge[], maxHops: number, parts: PartsWalk = 'any'): Reach[] {
    const out: Reach[] = [];
    const seen = new Set<string>([start]);
    let frontier = [start];
    // links both ways: a walk that went up a stored edge does not come back down a link read backwards
    // (two access nodes on one router are siblings, not each other's cause); climbed holds such CIs
    let climbed: Set<string> | null = links === 'both' && next === upstreamOf ? new Set() : null;
    for (let hops = 1; hops <= maxHops && frontier.length > 0; hops++) {
      const nf: string[] = [];
      const nc: Set<string> | null = climbed ? new Set() : null;
      for (const id of frontier) {
        const up = climbed?.has(id) ?? false;
        for (const e of next(id)) {
          if (seen.has(e.id) || (e.type === 'part_of' && (parts === 'none' || (parts === 'first' && hops > 1)))) continue;
          const back = nc !== null && reversed.has(e);
          if (up && back) continue;
          seen.add(e.id);
          out.push({ id: e.id, hops });
          nf.push(e.id);
          if (nc !== null && !back) nc.add(e.id);
        }
      }
      frontier = nf;
      climbed = nc;
    }
    return out;
  }
  // ranking asks for the wholes of every CI of a group on every join: cached like the edges (most CIs share NO_WHOLES)
  function wholesOf(id: string): readonly string[] {
    check();
    let r = wholes.get(id);
    if (r) return r;
    let found: string[] | null = null;
    for (const e of cmdb.upstreamOf(id)) if (e.type === 'part_of' && isComposite(e.id)) (found ??= []).push(e.id);
    r = found ?? NO_WHOLES;
    wholes.set(id, r);
    return r;
  }
  // joins ask for the parts of every CI an alert's CI calls: a hub with 30k dependents was a 30k-edge scan
  // per join (O(n²) over its outage); cached for such CIs only, a short list is cheaper to scan than to hold
  function partCount(id: string): number {
    check();
    const cachedN = parts.get(id);
    if (cachedN !== undefined) return cachedN;
    const edges = cmdb.downstreamOf(id);
    let n = 0;
    for (const e of edges) if (e.type === 'part_of') n++;
    if (edges.length > 32) parts.set(id, n);
    return n;
  }
  return {
    get version() {
      return cmdb.version;
    },
    upstreamOf,
    downstreamOf,
    dependenciesOf: (id, maxHops = Infinity, parts: PartsWalk = 'any') => walk(id, upstreamOf, maxHops, parts),
    dependentsOf: (id, maxHops = Infinity) => walk(id, downstreamOf, maxHops),
    wholesOf,
    partCount,
    sharedServicesOf(id) {
      check();
      const sc = scopeOf(id);
      return sc && !sc.shared ? sc.scope.services : NO_WHOLES;
    },
    isSharedService(id) {
      check();
      return scopeOf(id)?.shared ?? false;
    },
  };
}

/** WholeCandidate: a composite named as a root-cause candidate because several of its parts alert. */
export interface WholeCandidate {
  ciId: string;
  /** group CIs it explains: its alerting parts, itself, and what depends on it. */
  explained: number;
  partsAlerting: number;
  reason: string;
}

/**
 * wholeCandidates: when at least `minParts` parts of one composite are in a group (several pods of a
 * Deployment crash-looping, each on another node), their common whole is the better explanation than
 * any one part: a bad rollout, config or image breaks every replica. Returns the wholes with their
 * cover (parts + itself + the group CIs that depend on it, from `dependsOnIt`), best first.
 */
export function wholeCandidates(
  groupCis: Iterable<string>,
  topo: Pick<CausalTopology, 'wholesOf' | 'partCount'>,
  dependsOnIt: (whole: string) => number,
  inGroup: (ci: string) => boolean,
  minParts = 2,
): WholeCandidate[] {
  const parts = new Map<string, number>();
  for (const ci of groupCis) for (const w of topo.wholesOf(ci)) parts.set(w, (parts.get(w) ?? 0) + 1);
  const out: WholeCandidate[] = [];
  for (const w of parts.keys()) {
    const n = parts.get(w) as number;
    if (n < minParts) continue;
    const explained = n + dependsOnIt(w) + (inGroup(w) ? 1 : 0);
    out.push({ ciId: w, explained, partsAlerting: n, reason: `${n} of its ${topo.partCount(w)} parts alert in the group (common cause of its parts)` });
  }
  return out.sort((x, y) => y.explained - x.explained || (x.ciId < y.ciId ? -1 : x.ciId > y.ciId ? 1 : 0));
}
