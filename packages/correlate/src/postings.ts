/**
 * The candidate index: per kind of evidence, key -> the open groups holding it (findGroup looks these up
 * instead of scanning groups). One map per kind keyed by the CI id, entity key or token itself, so a
 * lookup or an insert builds no prefixed string (`r${ci}`) to hash: the keys are already interned.
 * A group keeps the postings it is in (GroupState.indexed) so that leaving the index is one pass.
 */
/**
 * A posting holds its groups in an array while they are few and in a Set past SMALL: most postings (a
 * template token, an upstream CI of one group) hold one group and leave the index with it, and a Set each
 * cost ~100 bytes and a hash per insert; a hub's posting (a shared service, a common token) keeps O(1)
 * joins and leaves. Arrays are replaced by an exact-size copy on insert (push would grow a short array
 * to 17 slots) and spliced on removal; nobody iterates a posting while it changes.
 */
const SMALL = 8;

export class Posting {
  /** open groups, in insertion order (candidate order depends on it); a posting never holds a closed group. */
  groups: Posted[] | Set<Posted>;
  constructor(readonly home: Map<string, Posting>, readonly key: string, first: Posted) {
    this.groups = [first];
  }
  get size(): number {
    const gs = this.groups;
    return Array.isArray(gs) ? gs.length : gs.size;
  }
}

/** has: the posting holds `grp` */
function has(p: Posting, grp: Posted): boolean {
  const gs = p.groups;
  return Array.isArray(gs) ? gs.includes(grp) : gs.has(grp);
}

/** drop takes `grp` out of the posting; false when it was not there. */
function drop(p: Posting, grp: Posted): boolean {
  const gs = p.groups;
  if (!Array.isArray(gs)) return gs.delete(grp);
  const i = gs.indexOf(grp);
  if (i < 0) return false;
  gs.splice(i, 1);
  return true;
}

export interface CandidateIndex {
  /** entity keys of members (k: every group, K: label keys of groups without CIs) */
  readonly k: Map<string, Posting>;
  readonly K: Map<string, Posting>;
  /** template tokens (t: every group, u: groups without CMDB CIs) */
  readonly t: Map<string, Posting>;
  readonly u: Map<string, Posting>;
  /** learned pattern cluster (its number as a string) */
  readonly p: Map<string, Posting>;
  /** member CI */
  readonly m: Map<string, Posting>;
  /** member CI or a CI upstream of one (reach) */
  readonly r: Map<string, Posting>;
  /** a composite (whole) one of whose parts is a member */
  readonly w: Map<string, Posting>;
  /** the root candidate, and what it strictly depends on (O) */
  readonly o: Map<string, Posting>;
  readonly O: Map<string, Posting>;
}

export function newCandidateIndex(): CandidateIndex {
  return { k: new Map(), K: new Map(), t: new Map(), u: new Map(), p: new Map(), m: new Map(), r: new Map(), w: new Map(), o: new Map(), O: new Map() };
}

/** the postings a group is in; groups start with this shared empty one (never written). */
export const NO_POSTINGS: readonly Posting[] = Object.freeze([]);

/** what a posting holds: a group (GroupState), seen only through the postings it is in. */
export interface Posted {
  indexed: readonly Posting[];
}

/** post puts the group in `home`'s posting for `key` (no-op when it is there). */
export function post(grp: Posted, home: Map<string, Posting>, key: string): void {
  let p = home.get(key);
  if (!p) home.set(key, (p = new Posting(home, key, grp)));
  else {
    const gs = p.groups;
    if (Array.isArray(gs)) {
      if (gs.includes(grp)) return;
      p.groups = gs.length < SMALL ? gs.concat([grp]) : new Set(gs).add(grp);
    } else if (gs.has(grp)) return;
    else gs.add(grp);
  }
  if (grp.indexed === NO_POSTINGS) grp.indexed = [p];
  else (grp.indexed as Posting[]).push(p);
}

/** unpost takes the group out of `home`'s posting for `key`; an emptied posting leaves its map. */
export function unpost(grp: Posted, home: Map<string, Posting>, key: string): void {
  const p = home.get(key);
  if (!p || !drop(p, grp)) return;
  if (p.size === 0) home.delete(key);
  const list = grp.indexed as Posting[];
  list.splice(list.indexOf(p), 1);
}

/** unpostAll takes the group out of every posting it is in (it left the join window or closed). */
export function unpostAll(grp: Posted): void {
  // an index loop: `indexed` is the frozen empty list or a plain one, and for-of over both kinds kept an
  // iterator result per posting
  const list = grp.indexed;
  for (let i = 0; i < list.length; i++) {
    const p = list[i] as Posting;
    drop(p, grp);
    if (p.size === 0 && p.home.get(p.key) === p) p.home.delete(p.key);
  }
  grp.indexed = NO_POSTINGS;
}

/** groupsOf: the open groups `home` holds under `key`, if any, in insertion order (the caller's group type: only groups are posted). */
export function groupsOf<G extends Posted>(home: Map<string, Posting>, key: string): Iterable<G> | undefined {
  return home.get(key)?.groups as Iterable<G> | undefined;
}

/** holds: `home` holds `grp` under `key`. */
export function holds(home: Map<string, Posting>, key: string, grp: Posted): boolean {
  const p = home.get(key);
  return p !== undefined && has(p, grp);
}

/** postingSize: how many open groups `home` holds under `key`. */
export function postingSize(home: Map<string, Posting>, key: string): number {
  return home.get(key)?.size ?? 0;
}
