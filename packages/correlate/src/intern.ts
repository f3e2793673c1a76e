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
