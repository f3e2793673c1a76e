/**
 * pickDuplicate chooses among CIs the CMDB holds under the alert's one identifying key (duplicates: a
 * re-created Deployment, a discovery duplicate): the one with the most direct neighbours alerting
 * now, since a failure shows around the object that really has it. Ties (none alerting) keep the
 * matcher's choice, so the result never depends on arrival order beyond what is alerting.
 */
export function pickDuplicate(
  matched: string,
  duplicates: readonly string[],
  neighbours: (id: string) => Iterable<string>,
  alerting: (id: string) => boolean,
): string {
  if (duplicates.length === 0) return matched;
  const count = (id: string): number => {
    let n = 0;
    for (const x of neighbours(id)) if (alerting(x)) n++;
    return n;
  };
  let best = matched;
  let bestN = count(matched);
  for (const id of duplicates) {
    if (id === matched) continue;
    const n = count(id);
    if (n > bestN) {
      best = id;
      bestN = n;
    }
  }
  return best;
}
