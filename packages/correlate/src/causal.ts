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
  /** `throughParts: false` leaves out whole -> part edges (a whole's parts are not each a cause of what the whole is grouped with). */
  dependenciesOf(id: string, maxHops?: number, throughParts?: boolean): readonly Reach[];
  dependentsOf(id: string, maxHops?: number): readonly Reach[];
}

type Edge = { readonly id: string; readonly type: CiRelationType };

/**
 * createCausalTopology reads `A part_of B` by what B is. When B's type is one of `compositeTypes` (a
 * Kubernetes workload and its pods, an application and its instances) B is degraded by its parts:
 * B depends on A, and a failure flows part -> whole (a node kills its pods, the pods' Deployment loses
 * replicas). Any other whole is a logical container (namespace, cluster, site): nothing flows either
 * way (a node going NotReady does not fail its cluster object, and a namespace is never the reason a
 * pod crashes). depends_on / runs_on / connected_to are kept as stored (the target is upstream).
 * Edges are derived lazily per CI and cached until the graph changes.
 */
export function createCausalTopology(cmdb: CmdbGraph, compositeTypes: readonly string[]): CausalTopology {
  const composite = new Set(compositeTypes);
  let version = -1;
  let up = new Map<string, Edge[]>();
  let down = new Map<string, Edge[]>();
  function check(): void {
    if (version !== cmdb.version) {
      up = new Map();
      down = new Map();
      version = cmdb.version;
    }
  }
  const isComposite = (id: string): boolean => composite.has(cmdb.get(id)?.type ?? '');
  function upstreamOf(id: string): readonly Edge[] {
    check();
    let r = up.get(id);
    if (r) return r;
    r = [];
    for (const e of cmdb.upstreamOf(id)) if (e.type !== 'part_of') r.push(e);
    if (isComposite(id)) for (const e of cmdb.downstreamOf(id)) if (e.type === 'part_of') r.push(e);
    up.set(id, r);
    return r;
  }
  function downstreamOf(id: string): readonly Edge[] {
    check();
    let r = down.get(id);
    if (r) return r;
    r = [];
    for (const e of cmdb.downstreamOf(id)) if (e.type !== 'part_of') r.push(e);
    for (const e of cmdb.upstreamOf(id)) if (e.type === 'part_of' && isComposite(e.id)) r.push(e);
    down.set(id, r);
    return r;
  }
  function walk(start: string, next: (id: string) => readonly Edge[], maxHops: number, throughParts = true): Reach[] {
    const out: Reach[] = [];
    const seen = new Set<string>([start]);
    let frontier = [start];
    for (let hops = 1; hops <= maxHops && frontier.length > 0; hops++) {
      const nf: string[] = [];
      for (const id of frontier) {
        for (const e of next(id)) {
          if (seen.has(e.id) || (!throughParts && e.type === 'part_of')) continue;
          seen.add(e.id);
          out.push({ id: e.id, hops });
          nf.push(e.id);
        }
      }
      frontier = nf;
    }
    return out;
  }
  return {
    get version() {
      return cmdb.version;
    },
    upstreamOf,
    downstreamOf,
    dependenciesOf: (id, maxHops = Infinity, throughParts = true) => walk(id, upstreamOf, maxHops, throughParts),
    dependentsOf: (id, maxHops = Infinity) => walk(id, downstreamOf, maxHops),
  };
}
