/**
 * Key spread: how many distinct entities carried a label value recently. A shared label value is
 * evidence in proportion to how rare it is (IDF-like): a namespace, a scrape job or a name word that
 * dozens of unrelated entities carry in the last hour (`job=kube-state-metrics`, a busy namespace)
 * says little about two alerts belonging to one failure; a value five entities carry says much.
 * Counted per domain in event time, so a replay gives the same figures.
 */

/** KeySpread: label key -> entity -> last onset (event time, ms). */
export type KeySpread = Map<string, Map<string, number>>;

/** at most this many entities are tracked per key: past it the key is a hub whatever the threshold. */
export const SPREAD_CAP = 64;

/** noteKey records that `entity` carried `key` at time t. */
export function noteKey(spread: KeySpread, key: string, entity: string, t: number): void {
  let m = spread.get(key);
  if (!m) spread.set(key, (m = new Map()));
  const cur = m.get(entity);
  if (cur !== undefined) {
    if (t > cur) m.set(entity, t);
  } else if (m.size < SPREAD_CAP) m.set(entity, t);
}

/**
 * spreadOf: distinct entities other than `self` that carried `key` within windowMs before t, not
 * counting those that started within the last burstMs when they outnumber the earlier ones: a value
 * suddenly carried by many entities at once (a node, a site failing) is a burst, the evidence itself,
 * not background.
 */
export function spreadOf(spread: KeySpread, key: string, self: string, t: number, windowMs: number, burstMs = 0): number {
  const m = spread.get(key);
  if (!m) return 0;
  let before = 0;
  let burst = 0;
  for (const ent of m.keys()) {
    const at = m.get(ent) as number;
    if (ent === self || at < t - windowMs) continue;
    if (at >= t - burstMs) burst++;
    else before++;
  }
  return burst > before ? before : before + burst;
}

/**
 * spreadWeight: the share of a key's score kept when `n` other entities carry it: 1 up to `rare`,
 * falling log-linearly to 0 at `hub` (a value on 500 alerts is weak evidence; on 5, strong).
 */
export function spreadWeight(n: number, rare: number, hub: number): number {
  if (hub <= 0 || n <= rare) return 1;
  if (n >= hub) return 0;
  return 1 - Math.log((n + 1) / (rare + 1)) / Math.log((hub + 1) / (rare + 1));
}

/** pruneSpread drops entries older than windowMs before t (retention sweep). */
export function pruneSpread(spread: KeySpread, t: number, windowMs: number): void {
  for (const k of spread.keys()) {
    const m = spread.get(k) as Map<string, number>;
    for (const ent of m.keys()) if ((m.get(ent) as number) < t - windowMs) m.delete(ent);
    if (m.size === 0) spread.delete(k);
  }
}
