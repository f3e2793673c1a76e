/**
 * topK is `[...items].sort(order).slice(0, k)` without sorting everything: the k first items in `order`,
 * ties kept in input order (as the stable sort does). Ranking a group's root cause keeps 5 candidates
 * out of every CI of the group and what they depend on, on every join.
 */
export function topK<T>(items: readonly T[], k: number, order: (a: T, b: T) => number): T[] {
  const out: T[] = [];
  if (k <= 0) return out;
  for (const x of items) {
    let i = out.length;
    if (i === k) {
      if (order(x, out[k - 1] as T) >= 0) continue;
      i = k - 1;
    } else out.push(x);
    while (i > 0 && order(x, out[i - 1] as T) < 0) {
      out[i] = out[i - 1] as T;
      i--;
    }
    out[i] = x;
  }
  return out;
}

/** cmp orders strings by code unit (locale-free, so the same everywhere): the engine's tie-break on ids. */
export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
