import { heapPop, heapPush, heapSize, heapTopAt, newDeadlineHeap } from './deadline-heap.js';

/** The part of a topology RecentOnsets reads: direct upstream neighbours, and a version that changes with them. */
export interface UpstreamTopology {
  readonly version: number;
  upstreamOf(id: string): ReadonlyArray<{ readonly id: string }>;
}

/**
 * RecentOnsets: the CIs with an alert onset within the last `windowMs`, and per CI how many of its direct
 * dependents are among them. An upper bound on how many dependents of a CI started alerting recently,
 * so that the "several dependents of one CI alert together" check skips a CI that cannot reach its
 * threshold without looking at each of its dependents (a hub has hundreds). Performance only.
 */
export interface RecentOnsets {
  /** an alert on `ci` has onset `onset`; `now` is the domain's clock (never goes back). */
  bump(ci: string, onset: number, now: number): void;
  /** at least the number of distinct direct dependents of `ci` with an onset in (now − windowMs, now]. */
  dependentsBound(ci: string, now: number): number;
}

export function createRecentOnsets(topo: UpstreamTopology, windowMs: number): RecentOnsets {
  const last = new Map<string, { ci: string; onset: number; ups: ReadonlyArray<{ readonly id: string }> }>();
  const expiry = newDeadlineHeap();
  const count = new Map<string, number>();
  let version = topo.version;

  function add(ups: ReadonlyArray<{ readonly id: string }>, by: number): void {
    for (const u of ups) count.set(u.id, (count.get(u.id) ?? 0) + by);
  }
  function expire(now: number): void {
    if (topo.version !== version) {
      // the CMDB changed: count again along the current relations
      version = topo.version;
      count.clear();
      for (const x of last.values()) {
        x.ups = topo.upstreamOf(x.ci);
        add(x.ups, 1);
      }
    }
    while (heapSize(expiry) > 0 && heapTopAt(expiry) < now - windowMs) {
      const at = heapTopAt(expiry);
      const id = heapPop(expiry) as string;
      const x = last.get(id);
      if (!x || x.onset !== at) continue; // superseded by a later onset
      last.delete(id);
      add(x.ups, -1);
    }
  }

  return {
    bump(ci, onset, now) {
      expire(now);
      if (onset < now - windowMs) return;
      const x = last.get(ci);
      if (!x) {
        const ups = topo.upstreamOf(ci);
        last.set(ci, { ci, onset, ups });
        add(ups, 1);
      } else if (onset > x.onset) x.onset = onset;
      else return;
      heapPush(expiry, onset, ci);
    },
    dependentsBound(ci, now) {
      expire(now);
      return count.get(ci) ?? 0;
    },
  };
}
