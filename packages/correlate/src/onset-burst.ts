/**
 * Onset bursts: without a CMDB, when alerts start is the one piece of evidence every alert carries. In a
 * quiet background, a sudden run of onsets far above the stream's usual rate is most likely one failure
 * spreading (a switch, an AZ, a shared platform service), even when the alerts share no label or word.
 * The rate is measured against the stream's own background (not a fixed count), so a noisy stream needs a
 * bigger run to count as a burst. Kept per domain in event time, so a replay gives the same answers.
 */

/** OnsetLog: onset times (event time, ms, ascending) and fingerprints of recent alerts without a CI. */
export interface OnsetLog {
  at: number[];
  fp: string[];
  /** earliest onset ever noted: before a full background window has passed, the rate is over what was seen. */
  since: number;
}

export function emptyOnsetLog(): OnsetLog {
  return { at: [], fp: [], since: Infinity };
}

/** noteOnset records an alert's onset (kept ascending: a late onset is inserted in place). */
export function noteOnset(log: OnsetLog, t: number, fp: string): void {
  let i = log.at.length;
  while (i > 0 && (log.at[i - 1] as number) > t) i--;
  if (i === log.at.length) {
    log.at.push(t);
    log.fp.push(fp);
  } else {
    log.at.splice(i, 0, t);
    log.fp.splice(i, 0, fp);
  }
  if (t < log.since) log.since = t;
}

/** pruneOnsets drops onsets older than keepMs before t. */
export function pruneOnsets(log: OnsetLog, t: number, keepMs: number): void {
  let n = 0;
  while (n < log.at.length && (log.at[n] as number) < t - keepMs) n++;
  if (n > 0) {
    log.at.splice(0, n);
    log.fp.splice(0, n);
  }
}

/**
 * burstAt: the fingerprints of the alerts that started within windowMs before t, when they are a burst:
 * at least minOnsets of them, and at least `factor` times what the background rate (onsets in the
 * backgroundMs before that window) predicts for such a window; else null.
 */
export function burstAt(log: OnsetLog, t: number, windowMs: number, backgroundMs: number, minOnsets: number, factor: number): string[] | null {
  let lo = log.at.length;
  while (lo > 0 && (log.at[lo - 1] as number) > t) lo--;
  const hi = lo; // onsets up to t
  while (lo > 0 && (log.at[lo - 1] as number) > t - windowMs) lo--;
  const recent = hi - lo;
  if (recent < minOnsets) return null;
  let b = lo;
  while (b > 0 && (log.at[b - 1] as number) >= t - windowMs - backgroundMs) b--;
  const span = Math.min(backgroundMs, t - windowMs - log.since);
  // no history before the window: nothing says the stream is usually quiet, and nothing says it is not;
  // the minimum count alone decides (a storm's first minutes)
  const expected = span > 0 ? ((lo - b) * windowMs) / span : 0;
  if (recent < factor * expected) return null;
  return log.fp.slice(lo, hi);
}
