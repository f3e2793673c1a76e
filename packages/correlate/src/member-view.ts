import type { CiMatch, GroupMember, JoinEvidence, JoinRule, Labels, Severity, EventStatus, Suppression } from '@aiops/model';

/** MemberRef is what a group records about a member when it joins (fixed from then on). */
export interface MemberRef {
  readonly alertId: string;
  readonly fp: string;
  readonly joinedAt: number;
  readonly rule: JoinRule;
  readonly evidence: JoinEvidence;
}

/** MemberAlert is the part of an alert's state a group member shows. */
export interface MemberAlert {
  readonly title: string;
  readonly template: string;
  readonly sev: Severity;
  readonly status: EventStatus;
  readonly ci: CiMatch | null;
  readonly service: string | null;
  readonly firstSeen: number;
  readonly lastSeen: number;
  readonly sup: Suppression | null;
  readonly flapping: boolean;
  readonly labels: Labels;
}

/**
 * memberView is a group member as emitted. `prev` (the view last emitted for this member) is returned
 * as is when nothing it shows changed: a group is emitted on every change of any member, and building
 * every member anew each time made emitting a group of n members O(n) allocations per join. Views are
 * shared between emitted group versions, so they are never mutated once built.
 */
export function memberView(prev: GroupMember | undefined, m: MemberRef, a: MemberAlert): GroupMember {
  if (
    prev !== undefined &&
    prev.lastSeen === a.lastSeen &&
    prev.labels === a.labels &&
    prev.status === a.status &&
    prev.title === a.title &&
    prev.template === a.template &&
    prev.severity === a.sev &&
    prev.suppressed === (a.sup !== null) &&
    prev.flapping === a.flapping &&
    prev.firstSeen === a.firstSeen &&
    prev.ciId === (a.ci?.id ?? null) &&
    prev.service === a.service
  ) return prev;
  return {
    alertId: m.alertId,
    fingerprint: m.fp,
    title: a.title,
    template: a.template,
    severity: a.sev,
    status: a.status,
    ciId: a.ci?.id ?? null,
    service: a.service,
    firstSeen: a.firstSeen,
    lastSeen: a.lastSeen,
    joinedAt: m.joinedAt,
    rule: m.rule,
    evidence: m.evidence,
    suppressed: a.sup !== null,
    flapping: a.flapping,
    labels: a.labels, // runbook conditions and parameters read them downstream
  };
}

/** insertSorted adds `s` to a sorted list of distinct strings (default sort order) unless null or already there. */
export function insertSorted(list: string[], s: string | null): void {
  if (s === null) return;
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((list[mid] as string) < s) lo = mid + 1;
    else hi = mid;
  }
  if (list[lo] !== s) list.splice(lo, 0, s);
}

/**
 * Shared empty view and service lists: most groups never reach `keepFrom` members, and two empty arrays
 * per group cost ~64 bytes. emit takes its own lists on the first write (never write into these).
 */
export const NO_VIEWS: GroupMember[] = [];
export const NO_SERVICES: string[] = [];

/** GroupViews is the part of a group the member views are kept in (state.ts GroupState). */
export interface GroupViews {
  readonly members: readonly MemberRef[];
  /** the views last emitted, by member index, once the group has more than `keepFrom` members. */
  views: GroupMember[];
  /** the distinct services of the kept views, sorted. */
  memberServices: string[];
}

export interface EmittedMembers {
  readonly members: GroupMember[];
  readonly services: string[];
  readonly maxSeverity: Severity;
  readonly firingCount: number;
}

/** What a group with kept views knows between two emissions; derived (a restored group starts without). */
interface Kept {
  /** member index by fingerprint; `exact` is off if a fingerprint is a member twice (then every member is checked). */
  readonly at: Map<string, number>;
  exact: boolean;
  /** fingerprints whose alert changed since the last emission. */
  readonly changed: Set<string>;
  /** kept views by severity rank, and how many are firing. */
  readonly bySeverity: number[];
  firing: number;
}

const SEVERITY_BY_RANK: readonly Severity[] = ['info', 'warning', 'minor', 'major', 'critical'];
const RANK: Readonly<Record<string, number>> = { info: 0, warning: 1, minor: 2, major: 3, critical: 4 };

/**
 * createMemberViews emits a group's members. A group is emitted whole on every change of any member,
 * so a group past `keepFrom` members keeps its views and is told which of its alerts changed since
 * (`changed`): an emission rebuilds those and adds the new members, and copies the rest, instead of
 * comparing every member with its alert each time (O(changes) instead of O(members) per emission, plus
 * the copy). Smaller groups are built anew each time (no memory kept).
 */
export function createMemberViews(keepFrom: number): {
  changed(grp: GroupViews, fp: string): void;
  /** forget: the group's members were reordered or removed (and its views reset): the next emission looks at every member. */
  forget(grp: GroupViews): void;
  emit(grp: GroupViews, alertOf: (fp: string) => MemberAlert): EmittedMembers;
} {
  const kept = new WeakMap<GroupViews, Kept>();

  function count(k: Kept, v: GroupMember, by: number): void {
    const r = RANK[v.severity];
    if (r !== undefined) k.bySeverity[r] = (k.bySeverity[r] ?? 0) + by;
    if (v.status === 'firing') k.firing += by;
  }

  function small(grp: GroupViews, alertOf: (fp: string) => MemberAlert): EmittedMembers {
    const members: GroupMember[] = [];
    const services: string[] = [];
    let maxRank = 0;
    let firing = 0;
    for (const m of grp.members) {
      const v = memberView(undefined, m, alertOf(m.fp));
      members.push(v);
      insertSorted(services, v.service);
      const r = RANK[v.severity] ?? 0;
      if (r > maxRank) maxRank = r;
      if (v.status === 'firing') firing++;
    }
    return { members, services, maxSeverity: SEVERITY_BY_RANK[maxRank] as Severity, firingCount: firing };
  }

  function emit(grp: GroupViews, alertOf: (fp: string) => MemberAlert): EmittedMembers {
    const n = grp.members.length;
    if (n <= keepFrom) return small(grp, alertOf);
    let k = kept.get(grp);
    let servicesStale = false;
    if (grp.views === NO_VIEWS) grp.views = [];
    if (grp.memberServices === NO_SERVICES) grp.memberServices = [];
    const views = grp.views;
    if (!k || !k.exact) {
      // first emission with kept views (or a fingerprint twice): look at every member
      if (!k) kept.set(grp, (k = { at: new Map(), exact: true, changed: new Set(), bySeverity: [0, 0, 0, 0, 0], firing: 0 }));
      k.at.clear();
      k.exact = true;
      k.bySeverity.fill(0);
      k.firing = 0;
      for (let i = 0; i < views.length; i++) {
        const m = grp.members[i] as MemberRef;
        const prev = views[i] as GroupMember;
        const v = memberView(prev, m, alertOf(m.fp));
        if (v !== prev) {
          views[i] = v;
          if (prev.service !== v.service) servicesStale = true;
        }
        if (k.at.has(m.fp)) k.exact = false;
        k.at.set(m.fp, i);
        count(k, v, 1);
      }
    } else {
      for (const fp of k.changed) {
        const i = k.at.get(fp);
        if (i === undefined) continue;
        const prev = views[i] as GroupMember;
        const v = memberView(prev, grp.members[i] as MemberRef, alertOf(fp));
        if (v === prev) continue;
        views[i] = v;
        count(k, prev, -1);
        count(k, v, 1);
        if (prev.service !== v.service) servicesStale = true;
      }
    }
    k.changed.clear();
    // members added since the last emission
    for (let i = views.length; i < n; i++) {
      const m = grp.members[i] as MemberRef;
      const v = memberView(undefined, m, alertOf(m.fp));
      views.push(v);
      insertSorted(grp.memberServices, v.service);
      if (k.at.has(m.fp)) k.exact = false;
      k.at.set(m.fp, i);
      count(k, v, 1);
    }
    if (servicesStale) {
      const services: string[] = [];
      for (const v of views) insertSorted(services, v.service);
      grp.memberServices = services;
    }
    let maxRank = 0;
    for (let r = 4; r > 0; r--) {
      if ((k.bySeverity[r] ?? 0) > 0) {
        maxRank = r;
        break;
      }
    }
    return { members: views.slice(), services: grp.memberServices.slice(), maxSeverity: SEVERITY_BY_RANK[maxRank] as Severity, firingCount: k.firing };
  }

  return {
    changed(grp, fp) {
      kept.get(grp)?.changed.add(fp);
    },
    forget(grp) {
      kept.delete(grp);
    },
    emit,
  };
}
