import type { ConfigurationItem, CiRelationType } from '@aiops/model';

/** Reach is one CI found by a walk, with its distance in hops from the start. */
export interface Reach {
  readonly id: string;
  readonly hops: number;
}

/**
 * CmdbGraph is the in-memory CMDB every consumer keeps. Relations are stored as "upstream" edges: for
 * `A depends_on|runs_on|part_of|connected_to B`, B is upstream of A (A needs B). Walks are cached per
 * CI and the caches are dropped on any change (`version` increments), so the hot path of the
 * correlator pays a walk once per CI.
 */
export interface CmdbGraph {
  readonly size: number;
  /** Increments on every upsert/remove: consumers key their own caches by it. */
  readonly version: number;
  upsert(ci: ConfigurationItem): void;
  remove(id: string): boolean;
  get(id: string): ConfigurationItem | undefined;
  all(): IterableIterator<ConfigurationItem>;
  /** Direct upstream neighbours (what `id` needs), with the relation type. */
  upstreamOf(id: string): ReadonlyArray<{ readonly id: string; readonly type: CiRelationType }>;
  /** Direct downstream neighbours (what needs `id`). */
  downstreamOf(id: string): ReadonlyArray<{ readonly id: string; readonly type: CiRelationType }>;
  /** Transitive upstream walk (breadth first, nearest first), excluding `id`. */
  dependenciesOf(id: string, maxHops?: number): readonly Reach[];
  /** Transitive downstream walk (what would be affected), excluding `id`. */
  dependentsOf(id: string, maxHops?: number): readonly Reach[];
  /** Business services the CI serves: reachable downstream (they depend on it) or upstream (it is part of them). Sorted. */
  businessServicesOf(id: string): readonly string[];
  /** Shortest undirected path of CI ids from `from` to `to` within maxHops, or null. */
  path(from: string, to: string, maxHops?: number): string[] | null;
  /** Similar CIs: same type and sharing a direct upstream neighbour or a business service. Sorted. */
  siblingsOf(id: string): readonly string[];
}

interface Edge {
  readonly id: string;
  readonly type: CiRelationType;
}

const EMPTY: readonly Edge[] = [];

/** createCmdbGraph builds a graph, optionally from an initial list of items. */
export function createCmdbGraph(items?: readonly ConfigurationItem[]): CmdbGraph {
  const cis = new Map<string, ConfigurationItem>();
  const up = new Map<string, Edge[]>();
  const down = new Map<string, Edge[]>();
  let version = 0;
  let upCache = new Map<string, readonly Reach[]>();
  let downCache = new Map<string, readonly Reach[]>();
  let bsCache = new Map<string, readonly string[]>();
  let bsShared = new Map<string, readonly string[]>();

  function invalidate(): void {
    version++;
    if (upCache.size > 0) upCache = new Map();
    if (downCache.size > 0) downCache = new Map();
    if (bsCache.size > 0) bsCache = new Map();
    if (bsShared.size > 0) bsShared = new Map();
  }

  function unlink(id: string): void {
    const ci = cis.get(id);
    if (!ci) return;
    for (const r of ci.relations) {
      const list = down.get(r.target);
      if (!list) continue;
      const idx = list.findIndex((e) => e.id === id && e.type === r.type);
      if (idx >= 0) list.splice(idx, 1);
    }
    up.delete(id);
  }

  function upsert(ci: ConfigurationItem): void {
    unlink(ci.id);
    cis.set(ci.id, ci);
    const edges: Edge[] = [];
    const seen = new Set<string>();
    for (const r of ci.relations) {
      if (r.target === ci.id) continue;
      const k = `${r.type}\u0000${r.target}`;
      if (seen.has(k)) continue;
      seen.add(k);
      edges.push({ id: r.target, type: r.type });
      let list = down.get(r.target);
      if (!list) down.set(r.target, (list = []));
      list.push({ id: ci.id, type: r.type });
    }
    up.set(ci.id, edges);
    invalidate();
  }

  function walk(start: string, adj: Map<string, Edge[]>, maxHops: number): Reach[] {
    const out: Reach[] = [];
    const seen = new Set<string>([start]);
    let frontier = [start];
    for (let hops = 1; hops <= maxHops && frontier.length > 0; hops++) {
      const next: string[] = [];
      for (const id of frontier) {
        for (const e of adj.get(id) ?? EMPTY) {
          if (seen.has(e.id)) continue;
          seen.add(e.id);
          out.push({ id: e.id, hops });
          next.push(e.id);
        }
      }
      frontier = next;
    }
    return out;
  }

  function cached(cache: Map<string, readonly Reach[]>, adj: Map<string, Edge[]>, id: string, maxHops: number): readonly Reach[] {
    if (maxHops === Infinity) {
      let r = cache.get(id);
      if (!r) cache.set(id, (r = walk(id, adj, Infinity)));
      return r;
    }
    return walk(id, adj, maxHops);
  }

  const graph: CmdbGraph = {
    get size() {
      return cis.size;
    },
    get version() {
      return version;
    },
    upsert,
    remove(id) {
      if (!cis.has(id)) return false;
      unlink(id);
      cis.delete(id);
      invalidate();
      return true;
    },
    get: (id) => cis.get(id),
    all: () => cis.values(),
    upstreamOf: (id) => up.get(id) ?? EMPTY,
    downstreamOf: (id) => down.get(id) ?? EMPTY,
    dependenciesOf: (id, maxHops = Infinity) => cached(upCache, up, id, maxHops),
    dependentsOf: (id, maxHops = Infinity) => cached(downCache, down, id, maxHops),
    businessServicesOf(id) {
      let r = bsCache.get(id);
      if (r) return r;
      const found = new Set<string>();
      if (cis.get(id)?.type === 'business_service') found.add(id);
      // X serves B when B (or something B contains) needs X: walk what needs X, and look one step up
      // from each of those for the business service it is part of.
      // Uncached walks: the answer is cached, and caching the full walks of every CI asked about held
      // most of the graph's memory (the correlator asks for every alerting CI).
      const needers = [id, ...walk(id, down, Infinity).map((x) => x.id)];
      for (const y of needers) {
        if (cis.get(y)?.type === 'business_service') found.add(y);
        for (const e of up.get(y) ?? EMPTY) if (cis.get(e.id)?.type === 'business_service') found.add(e.id);
      }
      for (const x of walk(id, up, Infinity)) if (cis.get(x.id)?.type === 'business_service') found.add(x.id);
      r = [...found].sort();
      // equal answers share one array: most CIs serve the same one or two services
      const key = r.join('\u0000');
      const shared = bsShared.get(key);
      if (shared) r = shared;
      else bsShared.set(key, r);
      bsCache.set(id, r);
      return r;
    },
    path(from, to, maxHops = 6) {
      if (from === to) return cis.has(from) ? [from] : null;
      const prev = new Map<string, string>([[from, '']]);
      let frontier = [from];
      for (let hops = 1; hops <= maxHops && frontier.length > 0; hops++) {
        const next: string[] = [];
        for (const id of frontier) {
          for (const list of [up.get(id) ?? EMPTY, down.get(id) ?? EMPTY]) {
            for (const e of list) {
              if (prev.has(e.id)) continue;
              prev.set(e.id, id);
              if (e.id === to) {
                const out = [to];
                let cur = id;
                while (cur !== '') {
                  out.push(cur);
                  cur = prev.get(cur) ?? '';
                }
                return out.reverse();
              }
              next.push(e.id);
            }
          }
        }
        frontier = next;
      }
      return null;
    },
    siblingsOf(id) {
      const ci = cis.get(id);
      if (!ci) return [];
      const out = new Set<string>();
      for (const parent of up.get(id) ?? EMPTY) {
        for (const child of down.get(parent.id) ?? EMPTY) {
          if (child.id !== id && cis.get(child.id)?.type === ci.type) out.add(child.id);
        }
      }
      if (out.size === 0) {
        for (const bs of graph.businessServicesOf(id)) {
          for (const x of graph.dependentsOf(bs).concat(graph.dependenciesOf(bs))) {
            if (x.id !== id && cis.get(x.id)?.type === ci.type) out.add(x.id);
          }
        }
      }
      return [...out].sort();
    },
  };
  for (const ci of items ?? []) upsert(ci);
  return graph;
}
