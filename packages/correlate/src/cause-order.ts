/**
 * When an alert's CI depends on failing members of several groups (two concurrent failures upstream of
 * it), one of them broke it. recentCauseFirst takes the cause that started last before the alert: an
 * effect follows its cause closely. A rule may first set some candidates apart (fanRootFirst: the
 * alerting root of an outage whose direct dependents keep failing, which the alert's CI needs directly).
 */
export interface CauseCandidate {
  /** onset of the failing upstream member the alert joins through (capped at the lookup time). */
  on: number;
  score: number;
  grp: { id: string; openedAt: number };
}

/**
 * pickCause: the candidates `first` holds for come first (when it holds for some only), then the most
 * recent cause, then the higher score, then the older group, then the smaller id (deterministic).
 */
export function pickCause<C extends CauseCandidate>(cands: readonly C[], first: ((c: C) => boolean) | null): C {
  let pick = cands[0] as C;
  let pickFirst = first !== null && first(pick);
  for (let i = 1; i < cands.length; i++) {
    const c = cands[i] as C;
    const f = first !== null && first(c);
    if (f !== pickFirst) {
      if (f) { pick = c; pickFirst = f; }
      continue;
    }
    if (c.on > pick.on || (c.on === pick.on && (c.score > pick.score || (c.score === pick.score && (c.grp.openedAt < pick.grp.openedAt || (c.grp.openedAt === pick.grp.openedAt && c.grp.id < pick.grp.id)))))) pick = c;
  }
  return pick;
}
