/**
 * Chronic alerts: checks that fail on a schedule (a backup, a cron job) or flap all day. The engine's own
 * history says they fire and clear whatever else happens, so a failure that starts near one of their
 * firings is no evidence that they share its cause: they keep a group of their own.
 */

/** isChronic: the alert's last `minRuns` groups each closed with it alone (0 = off). */
export function isChronic(aloneRuns: number, minRuns: number): boolean {
  return minRuns > 0 && aloneRuns >= minRuns;
}

/** nextAloneRuns: the count after one of the alert's groups closed with `members` members (reset by company). */
export function nextAloneRuns(aloneRuns: number, members: number): number {
  return members === 1 ? aloneRuns + 1 : 0;
}

/**
 * standsApart: a small group (at most `maxMembers`) made only of chronic or flapping alerts is their own,
 * not a failure's: a new alert does not join it, and it is not merged into a failure's group, on the
 * evidence of a shared CI or a dependency alone.
 */
export function standsApart(members: ReadonlyArray<{ readonly fp: string }>, apart: (fp: string) => boolean, maxMembers: number): boolean {
  if (members.length === 0 || members.length > maxMembers) return false;
  for (const m of members) if (!apart(m.fp)) return false;
  return true;
}
