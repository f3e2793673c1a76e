/**
 * False-pair attribution: which join put alerts of different failures (or noise) in one group. Precision
 * is lost pair by pair; a group's majority failure is taken as its own, and every other member is charged
 * with the pairs it forms with that majority, under the kind of evidence that brought it in (the rule and
 * the shape of its evidence: a dependency on the root, on a member, a merge, a text match...). Members that
 * joined through an earlier wrong member (same CI) show as same_ci: look at the first alert of each
 * polluting failure (`Pollution.first`) for the join that started it.
 */

export interface MemberLike {
  fingerprint: string;
  rule: string;
  evidence: { detail?: string | undefined; hops?: number | undefined };
}
export interface GroupLike {
  members: readonly MemberLike[];
}
export type TruthLike = Record<string, { failureId: string } | null | undefined>;

/** joinKind names the evidence behind a member's join: its rule, refined by the shape of the detail. */
export function joinKind(m: MemberLike): string {
  const d = m.evidence.detail ?? '';
  const merged = d.startsWith('merged from ');
  if (m.rule !== 'topology') return merged ? `${m.rule} (merged: ${mergeKind(d)})` : m.rule;
  if (merged) return `topology (merged: ${mergeKind(d)})`;
  if (d.includes("the group's suspected root")) return d.includes('is the group') ? 'topology: is the suspected root' : 'topology: depends on the suspected (silent) root';
  if (d.includes('both need')) return 'topology: siblings of a suspected CI';
  if (d.includes('parts fail')) return 'topology: calls a composite whose parts fail';
  if (d.includes('another part of')) return 'topology: part of the same whole';
  if (d.includes(' share ')) return 'topology: shares an upstream CI';
  if (d.startsWith('learned from text')) return 'topology: learned from text';
  if (d.includes('depends on root candidate') || d.includes('root candidate') && d.includes('depends on')) return 'topology: root-anchored';
  if (d.includes(' depends on ')) return `topology: depends on a member (${m.evidence.hops ?? '?'} hops)`;
  return 'topology: other';
}

function mergeKind(d: string): string {
  if (d.includes('belongs to both')) return 'an alert linked both';
  if (d.includes('is upstream of its root candidate')) return 'the alert explains its root';
  if (d.includes('most of its CIs need')) return 'most of its CIs need the root';
  if (d.includes(', a part of its root candidate')) return 'a part of its root fails';
  if (d.includes('needs')) return 'root chain';
  return 'other';
}

export interface Pollution {
  group: number;
  /** the polluting failure id, or 'noise'. */
  failure: string;
  majority: string;
  members: number;
  /** false pairs with the majority. */
  pairs: number;
  /** the polluting failure's earliest member (by onset, else member order). */
  first: MemberLike;
}

export interface Attribution {
  byKind: Map<string, { members: number; pairs: number }>;
  pollutions: Pollution[];
  /** false pairs charged (with the majority only; pairs between two minorities are not counted). */
  pairs: number;
}

/**
 * attributeFalsePairs charges each non-majority member of each group with its pairs against the group's
 * majority failure. A fingerprint in several groups counts in the first only (as the scorer does).
 */
export function attributeFalsePairs(groups: readonly GroupLike[], truth: TruthLike, onset?: ReadonlyMap<string, number>): Attribution {
  const byKind = new Map<string, { members: number; pairs: number }>();
  const pollutions: Pollution[] = [];
  const seen = new Set<string>();
  let total = 0;
  groups.forEach((g, gi) => {
    const own = g.members.filter((m) => !seen.has(m.fingerprint));
    for (const m of own) seen.add(m.fingerprint);
    const failureOf = (m: MemberLike): string => truth[m.fingerprint]?.failureId ?? `noise:${m.fingerprint}`;
    const count = new Map<string, number>();
    for (const m of own) count.set(failureOf(m), (count.get(failureOf(m)) ?? 0) + 1);
    let majority = '';
    let most = 0;
    for (const [f, n] of count) if (n > most || (n === most && f < majority)) [majority, most] = [f, n];
    const polluters = new Map<string, MemberLike[]>();
    for (const m of own) {
      const f = failureOf(m);
      if (f === majority) continue;
      const k = joinKind(m);
      const e = byKind.get(k) ?? { members: 0, pairs: 0 };
      e.members++;
      e.pairs += most;
      byKind.set(k, e);
      total += most;
      const key = f.startsWith('noise:') ? 'noise' : f;
      const list = polluters.get(key) ?? [];
      list.push(m);
      polluters.set(key, list);
    }
    for (const [f, ms] of polluters) {
      const first = ms.reduce((a, b) => ((onset?.get(b.fingerprint) ?? 0) < (onset?.get(a.fingerprint) ?? 0) ? b : a));
      pollutions.push({ group: gi, failure: f, majority: majority.startsWith('noise:') ? 'noise' : majority, members: ms.length, pairs: ms.length * most, first });
    }
  });
  pollutions.sort((a, b) => b.pairs - a.pairs || a.group - b.group);
  return { byKind, pollutions, pairs: total };
}
