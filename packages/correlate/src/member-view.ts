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
