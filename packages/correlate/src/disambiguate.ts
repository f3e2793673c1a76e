/**
 * pickDuplicate chooses among CIs the CMDB holds under the alert's one identifying key (duplicates: a
 * re-created Deployment, a discovery duplicate): the one whose evidence is best, e.g. the one that
 * joins an open group with the highest score, since a failure shows around the object that really
 * has it. Ties (nothing joins) keep the matcher's choice.
 */
export function pickDuplicate(matched: string, duplicates: readonly string[], score: (id: string) => number): string {
  let best = matched;
  let bestScore = duplicates.length === 0 ? 0 : score(matched);
  for (const id of duplicates) {
    if (id === matched) continue;
    const s = score(id);
    if (s > bestScore) {
      best = id;
      bestScore = s;
    }
  }
  return best;
}
