/**
 * CiAlerts: the fingerprints of the alerts on one CI, in the order they came (DomainState.byCi). Most
 * CIs carry a few alerts, and a Set costs 150-200 bytes even for one: up to SMALL fingerprints they sit
 * in an exact-size array, past that in a Set. Read with for..of; written only through ciAlertsAdd/Delete.
 */
export type CiAlerts = readonly string[] | Set<string>;

const SMALL = 8;

/** ciAlertsAdd: `l` (or none yet) with `fp` added; store the result back. */
export function ciAlertsAdd(l: CiAlerts | undefined, fp: string): CiAlerts {
  if (l === undefined) return [fp];
  if (l instanceof Set) return l.add(fp);
  if (l.includes(fp)) return l;
  if (l.length < SMALL) return l.concat(fp);
  return new Set(l).add(fp);
}

/** ciAlertsDelete: `l` without `fp` (an empty list stays: the CI had alerts); store the result back. */
export function ciAlertsDelete(l: CiAlerts, fp: string): CiAlerts {
  if (l instanceof Set) {
    l.delete(fp);
    return l;
  }
  const i = l.indexOf(fp);
  return i < 0 ? l : l.slice(0, i).concat(l.slice(i + 1));
}
