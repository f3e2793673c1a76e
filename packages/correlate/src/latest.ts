/**
 * Latest is the latest onset per key that a group keeps for its burst checks (per template, per name
 * family key). Only looked up and raised, never iterated. Most groups see one or two keys, and a Map
 * costs ~250 bytes even with one entry: up to SMALL keys the pairs sit in one flat exact-size array
 * `[key, onset, key, onset, ...]` (~80 bytes for one key); past that a Map (no linear scans on big groups).
 */
export type Latest = ReadonlyArray<string | number> | Map<string, number>;

const SMALL = 8;

/** NO_LATEST: shared by every group without keys yet; never written (setLatest copies it). Not frozen: one array kind for the reads. */
export const NO_LATEST: Latest = [];

/** latestOf: the onset kept for `k`, if any. */
export function latestOf(l: Latest, k: string): number | undefined {
  if (l instanceof Map) return l.get(k);
  for (let i = 0; i < l.length; i += 2) if (l[i] === k) return l[i + 1] as number;
  return undefined;
}

/** setLatest: `l` with `k` set to `t`; a new value when `l` grows (assign it back). */
export function setLatest(l: Latest, k: string, t: number): Latest {
  if (l instanceof Map) return l.set(k, t);
  for (let i = 0; i < l.length; i += 2) {
    if (l[i] === k) {
      (l as Array<string | number>)[i + 1] = t; // never NO_LATEST: it has no keys
      return l;
    }
  }
  if (l.length < 2 * SMALL) return l.concat(k, t); // exact size: a push would leave slack per group
  const m = new Map<string, number>();
  for (let i = 0; i < l.length; i += 2) m.set(l[i] as string, l[i + 1] as number);
  return m.set(k, t);
}
