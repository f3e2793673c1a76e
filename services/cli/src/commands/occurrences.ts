/**
 * Occurrences: a labelled dataset's truth is per row, and real logs repeat an alert (`web01 HighCPU`)
 * across unrelated incidents hours apart. Scored per fingerprint, such an alert counts once, in its last
 * group, wherever each occurrence went. Here each occurrence (a run of the alert's rows, in time order,
 * naming one incident) is scored in the group the engine held the alert in at that time.
 */
import type { TruthEntry } from '@aiops/correlate';
import type { CorrelationGroup } from '@aiops/model';

export interface OccurrenceRow {
  fingerprint: string;
  at: number;
  /** the row's group (incident) id, null for noise */
  group: string | null;
}

export interface Occurrence {
  /** the fingerprint for its first occurrence, `fingerprint#n` for the n-th */
  key: string;
  fingerprint: string;
  /** first and last row time */
  from: number;
  to: number;
  truth: TruthEntry;
}

/**
 * occurrencesOf: per fingerprint, its rows by time; a row naming another incident than the current
 * occurrence's starts a new occurrence; a noise row continues the current one, and an occurrence of noise
 * rows takes the first incident a later row names (as the per-fingerprint truth does).
 */
export function occurrencesOf(rows: readonly OccurrenceRow[], rootOf: (group: string) => string | null): Occurrence[] {
  const byFp = new Map<string, OccurrenceRow[]>();
  for (const r of rows) {
    const l = byFp.get(r.fingerprint);
    if (l) l.push(r);
    else byFp.set(r.fingerprint, [r]);
  }
  const out: Occurrence[] = [];
  for (const fp of [...byFp.keys()].sort()) {
    const list = (byFp.get(fp) as OccurrenceRow[]).slice().sort((a, b) => a.at - b.at); // stable: file order on ties
    let n = 0;
    let cur: { group: string | null; from: number; to: number } | null = null;
    const emit = (c: { group: string | null; from: number; to: number }): void => {
      n++;
      out.push({ key: n === 1 ? fp : `${fp}#${n}`, fingerprint: fp, from: c.from, to: c.to, truth: c.group === null ? null : { failureId: c.group, rootCauseCi: rootOf(c.group) } });
    };
    for (const r of list) {
      if (cur === null) cur = { group: r.group, from: r.at, to: r.at };
      else if (r.group !== null && cur.group !== null && r.group !== cur.group) {
        emit(cur);
        cur = { group: r.group, from: r.at, to: r.at };
      } else {
        cur.group ??= r.group;
        cur.to = r.at;
      }
    }
    if (cur) emit(cur);
  }
  return out;
}

/** a group record as emitted (every version): its members with the time each joined. */
export interface MemberRecord {
  readonly id: string;
  readonly members: ReadonlyArray<{ readonly fingerprint: string; readonly joinedAt: number }>;
}

/** Memberships: per fingerprint, every (group, joinedAt) any version of any group listed. */
export type Memberships = Map<string, Array<{ group: string; joinedAt: number }>>;

/** noteMemberships adds a group version's members (call it on every emitted version: a member a later version removed is still history). */
export function noteMemberships(into: Memberships, g: MemberRecord): void {
  for (const m of g.members) {
    const l = into.get(m.fingerprint);
    if (!l) into.set(m.fingerprint, [{ group: g.id, joinedAt: m.joinedAt }]);
    else if (!l.some((x) => x.group === g.id && x.joinedAt === m.joinedAt)) l.push({ group: g.id, joinedAt: m.joinedAt });
  }
}

/**
 * placeOccurrences: the group each occurrence landed in: of the alert's memberships in groups still
 * reported (`live`: not merged away), the last one that began before the alert's next occurrence began
 * (so a move or a merge within an occurrence counts where it ended, as per-fingerprint scoring does);
 * none: the earliest. Null: in no reported group.
 */
export function placeOccurrences(occurrences: readonly Occurrence[], memberships: Memberships, live: (groupId: string) => boolean): Map<string, string | null> {
  const byFp = new Map<string, Occurrence[]>();
  for (const o of occurrences) {
    const l = byFp.get(o.fingerprint);
    if (l) l.push(o);
    else byFp.set(o.fingerprint, [o]);
  }
  const placed = new Map<string, string | null>();
  for (const [fp, occ] of byFp) {
    const ms = (memberships.get(fp) ?? []).filter((m) => live(m.group)).sort((a, b) => a.joinedAt - b.joinedAt || (a.group < b.group ? -1 : a.group > b.group ? 1 : 0));
    occ.sort((a, b) => a.from - b.from);
    occ.forEach((o, i) => {
      const next = occ[i + 1]?.from ?? Infinity;
      let at: string | null = ms[0]?.group ?? null;
      for (const m of ms) if (m.joinedAt < next) at = m.group;
      placed.set(o.key, at);
    });
  }
  return placed;
}

/** occurrenceTruth: the truth keyed by occurrence, for a scorer that takes `{ key: truth }`. */
export function occurrenceTruth(occurrences: readonly Occurrence[]): Record<string, TruthEntry> {
  const out: Record<string, TruthEntry> = {};
  for (const o of occurrences) out[o.key] = o.truth;
  return out;
}

/** keysByGroup: per group id, the occurrence keys placed in it (in occurrence order). */
export function keysByGroup(occurrences: readonly Occurrence[], placed: ReadonlyMap<string, string | null>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const o of occurrences) {
    const g = placed.get(o.key);
    if (g === null || g === undefined) continue;
    const l = out.get(g);
    if (l) l.push(o.key);
    else out.set(g, [o.key]);
  }
  return out;
}

/**
 * occurrenceScoring: the final groups with their members keyed by occurrence (the member view of the
 * alert, its fingerprint replaced by the occurrence key), and the truth keyed alike: what a scorer that
 * counts fingerprints (evaluateGroups) takes to count occurrences.
 */
export function occurrenceScoring(finals: readonly CorrelationGroup[], records: Iterable<MemberRecord>, occurrences: readonly Occurrence[]): { groups: CorrelationGroup[]; truth: Record<string, TruthEntry> } {
  const memberships: Memberships = new Map();
  for (const r of records) noteMemberships(memberships, r);
  const live = new Set(finals.map((g) => g.id));
  const keys = keysByGroup(occurrences, placeOccurrences(occurrences, memberships, (id) => live.has(id)));
  const fpOf = new Map(occurrences.map((o) => [o.key, o.fingerprint]));
  const groups = finals.map((g) => {
    const byFp = new Map(g.members.map((m) => [m.fingerprint, m]));
    const members = (keys.get(g.id) ?? []).flatMap((k) => {
      const m = byFp.get(fpOf.get(k) as string) ?? g.members[0];
      return m ? [{ ...m, fingerprint: k }] : [];
    });
    return { ...g, members };
  });
  return { groups, truth: occurrenceTruth(occurrences) };
}
