/** Deadline is one (time, group id) entry of a domain's close-deadline heap. */
export interface Deadline {
  at: number;
  id: string;
}

/**
 * A binary min-heap on (at, id) kept in a plain array: the order is total, so two engines fed the same
 * events pop the same deadlines in the same order (stale entries are skipped by the caller).
 */
function heapLess(x: Deadline, y: Deadline): boolean {
  return x.at < y.at || (x.at === y.at && x.id < y.id);
}
export function heapPush(h: Array<Deadline>, e: Deadline): void {
  h.push(e);
  let i = h.length - 1;
  while (i > 0) {
    const p = (i - 1) >> 1;
    if (!heapLess(h[i] as Deadline, h[p] as Deadline)) break;
    [h[i], h[p]] = [h[p] as Deadline, h[i] as Deadline];
    i = p;
  }
}
export function heapPop(h: Array<Deadline>): Deadline | undefined {
  const top = h[0];
  const last = h.pop();
  if (h.length > 0 && last) {
    h[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && heapLess(h[l] as Deadline, h[m] as Deadline)) m = l;
      if (r < h.length && heapLess(h[r] as Deadline, h[m] as Deadline)) m = r;
      if (m === i) break;
      [h[i], h[m]] = [h[m] as Deadline, h[i] as Deadline];
      i = m;
    }
  }
  return top;
}
