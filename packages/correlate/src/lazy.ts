/**
 * Most groups keep one member, yet each group has a dozen derived maps and sets, and most of them stay
 * empty (upCount, namedCis, named, sources, ...): an empty Map still costs ~90 bytes. A group starts
 * with these shared empties and takes its own map on the first write (`own`, `ownSet`): every write to
 * a group index goes through them. The empties are plain Map/Set instances on purpose: a read-only
 * subclass made every group-index read site see two kinds of receiver (Map iteration and lookups lost
 * their fast paths; ~8 % of throughput); `sharedEmptiesIntact` checks them in tests instead.
 */
export const EMPTY_MAP: Map<string, never> = new Map<string, never>();
export const EMPTY_SET: Set<string> = new Set();

/** own: `m` itself, or a new map in place of the shared empty one (assign it back before writing). */
export function own<V>(m: Map<string, V>): Map<string, V> {
  return m === EMPTY_MAP ? new Map() : m;
}

/** ownSet: `s` itself, or a new set in place of the shared empty one (assign it back before writing). */
export function ownSet(s: Set<string>): Set<string> {
  return s === EMPTY_SET ? new Set() : s;
}

/** sharedEmptiesIntact: nothing was written into the shared empties (a write that skipped own/ownSet). */
export function sharedEmptiesIntact(): boolean {
  return EMPTY_MAP.size === 0 && EMPTY_SET.size === 0;
}
