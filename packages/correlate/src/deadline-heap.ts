/**
 * DeadlineHeap is a domain's close-deadline heap of (time, group id) entries, held as two parallel
 * arrays: times unboxed in a double array, ids beside them (16 bytes an entry, where an { at, id }
 * object with its boxed time cost ~64). A binary min-heap on (at, id): the order is total, so two
 * engines fed the same events pop the same deadlines in the same order (stale entries are skipped by the caller).
 */
export interface DeadlineHeap {
  readonly at: number[];
  readonly id: string[];
}

export function newDeadlineHeap(): DeadlineHeap {
  return { at: [], id: [] };
}

export function heapSize(h: DeadlineHeap): number {
  return h.id.length;
}

/** heapTopAt: the earliest time in a non-empty heap. */
export function heapTopAt(h: DeadlineHeap): number {
  return h.at[0] as number;
}

function less(h: DeadlineHeap, i: number, j: number): boolean {
  const x = h.at[i] as number;
  const y = h.at[j] as number;
  return x < y || (x === y && (h.id[i] as string) < (h.id[j] as string));
}

function swap(h: DeadlineHeap, i: number, j: number): void {
  const at = h.at[i] as number;
  h.at[i] = h.at[j] as number;
  h.at[j] = at;
  const id = h.id[i] as string;
  h.id[i] = h.id[j] as string;
  h.id[j] = id;
}

export function heapPush(h: DeadlineHeap, at: number, id: string): void {
  h.at.push(at);
  h.id.push(id);
  let i = h.id.length - 1;
  while (i > 0) {
    const p = (i - 1) >> 1;
    if (!less(h, i, p)) break;
    swap(h, i, p);
    i = p;
  }
}

/** heapPop removes the earliest entry and returns its id (read its time with heapTopAt first). */
export function heapPop(h: DeadlineHeap): string | undefined {
  const top = h.id[0];
  const lastAt = h.at.pop();
  const lastId = h.id.pop();
  const n = h.id.length;
  if (n > 0 && lastId !== undefined && lastAt !== undefined) {
    h.at[0] = lastAt;
    h.id[0] = lastId;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < n && less(h, l, m)) m = l;
      if (r < n && less(h, r, m)) m = r;
      if (m === i) break;
      swap(h, i, m);
      i = m;
    }
  }
  return top;
}
