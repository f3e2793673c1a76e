/**
 * Most groups keep one member, yet each group has a dozen derived maps and sets, and most of them stay
 * empty (upCount, namedCis, named, sources, ...): an empty Map still costs ~90 bytes. A group starts
 * with these shared read-only empties and takes its own map on the first write (`own`, `ownSet`).
 * Writing to a shared empty throws, so a missed `own` fails loudly instead of leaking across groups.
 */
class EmptyMap extends Map<string, never> {
  override set(): this {
    return shared();
  }
}

class EmptySet extends Set<string> {
  override add(): this {
    return shared();
  }
}

function shared(): never {
  throw new Error('correlate: write to a shared empty group index (take it with own()/ownSet() first: a bug)');
}

export const EMPTY_MAP: Map<string, never> = new EmptyMap();
export const EMPTY_SET: Set<string> = new EmptySet();

/** own: `m` itself, or a new map in place of the shared empty one (assign it back before writing). */
export function own<V>(m: Map<string, V>): Map<string, V> {
  return m === EMPTY_MAP ? new Map() : m;
}

/** ownSet: `s` itself, or a new set in place of the shared empty one (assign it back before writing). */
export function ownSet(s: Set<string>): Set<string> {
  return s === EMPTY_SET ? new Set() : s;
}
