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

/**
 * createSharer: one shared copy of equal values, found by a 32-bit hash of the content and then compared
 * (no key string is kept per value: for short lists and small records the key would cost as much as the
 * copy it saves). Shared values must never be mutated. Bounded like the interners: past `max` hashes new
 * values are returned as given.
 */
export function createSharer<T>(max: number, hash: (x: T) => number, same: (x: T, y: T) => boolean): (x: T) => T {
  // the first value per hash is held as is (a list per hash would cost more than most values it shares)
  const first = new Map<number, T>();
  const more = new Map<number, T[]>();
  return (x) => {
    const h = hash(x) | 0; // a small integer key
    const y = first.get(h);
    if (y === undefined) {
      if (first.size < max) first.set(h, x);
      return x;
    }
    if (same(y, x)) return y;
    const list = more.get(h);
    if (list === undefined) {
      more.set(h, [x]);
      return x;
    }
    for (const z of list) if (same(z, x)) return z;
    if (list.length < 8) list.push(x);
    return x;
  };
}

/** fnv: FNV-1a over `s`, continuing from `h`. */
export function fnv(h: number, s: string): number {
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return Math.imul(h ^ 0xff, 0x01000193); // a separator: ["ab", "c"] and ["a", "bc"] differ
}
export const FNV_SEED = 0x811c9dc5;

/** createListSharer: equal string lists (an alert's entity keys: alerts on one CI with the same labels have the same) become one array. */
export function createListSharer(max: number): (l: string[]) => string[] {
  return createSharer<string[]>(
    max,
    (l) => {
      let h = FNV_SEED;
      for (const s of l) h = fnv(h, s);
      return h;
    },
    (x, y) => x.length === y.length && x.every((s, i) => s === y[i]),
  );
}

type EvidenceLike = Readonly<Record<string, string | number | readonly string[] | undefined>>;
/** evidenceHash mixes one evidence value into `h` without building a string for it (numbers, lists). */
function evidenceHash(h: number, v: string | number | readonly string[] | undefined): number {
  if (v === undefined) return Math.imul(h ^ 1, 0x01000193);
  if (typeof v === 'string') return fnv(h, v);
  if (typeof v === 'number') return Math.imul(Math.imul(h ^ 2, 0x01000193) ^ (v * 1_000_003 | 0), 0x01000193);
  h = Math.imul(h ^ 3, 0x01000193);
  for (let i = 0; i < v.length; i++) h = fnv(h, v[i] as string);
  return h;
}
/**
 * createEvidenceSharer: equal join evidence (same fields in the same order, equal values: "same name
 * family: tmp", score 0.6) becomes one object; about half of all members' evidence repeats another's.
 * (fields by for-in and Object.keys, not Object.entries: no pair per field on every member added.)
 */
export function createEvidenceSharer<E extends object>(max: number): (e: E) => E {
  return createSharer<E>(
    max,
    (e) => {
      let h = FNV_SEED;
      const r = e as EvidenceLike;
      for (const k in r) h = evidenceHash(fnv(h, k), r[k]);
      return h;
    },
    (x, y) => {
      const a = x as EvidenceLike;
      const b = y as EvidenceLike;
      const ka = Object.keys(a);
      const kb = Object.keys(b);
      if (ka.length !== kb.length) return false;
      for (let i = 0; i < ka.length; i++) {
        const k = ka[i] as string;
        if (k !== kb[i]) return false;
        const va = a[k];
        const vb = b[k];
        if (va === vb) continue;
        if (typeof va !== 'object' || typeof vb !== 'object' || va.length !== vb.length || va.some((s, j) => s !== vb[j])) return false;
      }
      return true;
    },
  );
}
