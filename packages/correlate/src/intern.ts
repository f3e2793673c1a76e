import type { CiMatch } from '@aiops/model';

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
 * createMatchSharer: equal CI matches ({ id, method, hint }) become one shared object, looked up by CI
 * id (a short list per CI), so no key string is built and kept per match. Matches are never mutated
 * once built; any other shape is returned as given.
 */
export function createMatchSharer(max: number): (m: CiMatch) => CiMatch {
  const byCi = new Map<string, readonly CiMatch[]>();
  return (m) => {
    const keys = Object.keys(m);
    if (keys.length !== 3 || keys[0] !== 'id' || keys[1] !== 'method' || keys[2] !== 'hint' || m.hint === undefined) return m;
    const list = byCi.get(m.id);
    if (list) {
      for (const x of list) if (x.method === m.method && x.hint === m.hint) return x;
      if (list.length < 16) byCi.set(m.id, list.concat(m)); // exact size
    } else if (byCi.size < max) byCi.set(m.id, [m]);
    return m;
  };
}
