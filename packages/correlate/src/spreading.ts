/**
 * A symptom still spreading: without a CMDB, a group past `noTopologyWindowMs` is closed to label and
 * text evidence (a long group absorbs the next failure), but a failure that reaches many machines one by
 * one (an availability zone, a hypervisor, a shared service) keeps raising the very same alert on new
 * entities for longer than that. While the group's last alert of exactly the new alert's template started
 * at most `recentMs` ago, the new one is the same symptom of the same spread, not a new failure.
 */
export interface SpreadingInput {
  /** the group's age in the join window's reference (first or last onset), ms. */
  age: number;
  /** the no-topology join window (the group is past it when age > this). */
  noTopologyWindowMs: number;
  /** the general join window: never past it. */
  windowMs: number;
  /** onset of the group's latest member with the alert's exact masked template, or undefined. */
  sameTemplateAt: number | undefined;
  /** the alert's onset. */
  t: number;
  /** how recent that member must be (similarityWindowMs: one burst). */
  recentMs: number;
}

/** stillSpreading: the group past its no-topology window may still take the alert as the same symptom. */
export function stillSpreading(x: SpreadingInput): boolean {
  if (x.age <= x.noTopologyWindowMs || x.age > x.windowMs) return false;
  return x.sameTemplateAt !== undefined && x.t - x.sameTemplateAt <= x.recentMs;
}

/** openedWith: one of the group's first `n` members raised template `tpl` (the symptom the group opened with). */
export function openedWith(grp: { readonly members: ReadonlyArray<{ readonly fp: string }> }, tpl: string, n: number, templateOf: (fp: string) => string | undefined): boolean {
  for (let i = 0; i < n && i < grp.members.length; i++) if (templateOf((grp.members[i] as { fp: string }).fp) === tpl) return true;
  return false;
}
