/**
 * createRecentCache: a memo of a pure function's results that keeps the recently used entries only, in
 * two generations of `generation` entries: a hit in the old one moves the entry to the young one, and
 * when the young one is full it becomes the old one (the previous old one is dropped). At most
 * 2 × generation entries are held, however many distinct keys a storm brings (titles carry numbers:
 * nearly every alert has its own), and no per-entry bookkeeping is kept, unlike an LRU list.
 * Only memory and the cost of a miss depend on it: a dropped entry is computed again, the same.
 */
export interface RecentCache<V> {
  get(key: string): V | undefined;
  set(key: string, value: V): void;
}

export function createRecentCache<V>(generation: number): RecentCache<V> {
  let young = new Map<string, V>();
  let old = new Map<string, V>();
  function set(key: string, value: V): void {
    if (young.size >= generation) {
      old = young;
      young = new Map();
    }
    young.set(key, value);
  }
  return {
    get(key) {
      const v = young.get(key);
      if (v !== undefined) return v;
      const w = old.get(key);
      if (w !== undefined) {
        old.delete(key);
        set(key, w);
      }
      return w;
    },
    set,
  };
}
