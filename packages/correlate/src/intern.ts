/**
 * createInterner returns a function that gives back one shared copy of equal strings: alerts on the same
 * CI, host or service have the same entity keys, and each alert held its own copy of each. Bounded: past
 * `max` distinct strings new ones are returned as given, so memory stays capped on endless variety.
 */
export function createInterner(max: number): (s: string) => string {
  const strings = new Map<string, string>();
  return (s) => {
    const shared = strings.get(s);
    if (shared !== undefined) return shared;
    if (strings.size < max) strings.set(s, s);
    return s;
  };
}

/**
 * createSharer is createInterner for small immutable objects: equal ones (by `keyOf`) are one shared
 * object. For values that are never mutated once built (a CI match: thousands of alerts on one CI).
 * `keyOf` returns undefined for an object it cannot key completely: it is kept as given.
 */
export function createSharer<T>(max: number, keyOf: (x: T) => string | undefined): (x: T) => T {
  const shared = new Map<string, T>();
  return (x) => {
    const k = keyOf(x);
    if (k === undefined) return x;
    const s = shared.get(k);
    if (s !== undefined) return s;
    if (shared.size < max) shared.set(k, x);
    return x;
  };
}
