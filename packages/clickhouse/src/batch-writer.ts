/**
 * BatchWriter coalesces rows from many callers into one insert, flushed by size or by time, the way
 * ClickHouse wants them (few, large inserts). `write` resolves only after the insert that carried the
 * caller's rows was acknowledged, so a Kafka consumer can commit after it; a failed insert rejects
 * every caller of that batch, so each retries its own records.
 */
export interface BatchWriter<R> {
  write(rows: readonly R[]): Promise<void>;
  flush(): Promise<void>;
  readonly pending: number;
}

export function createBatchWriter<R>(opts: { insert: (rows: R[]) => Promise<void>; maxRows: number; maxDelayMs: number }): BatchWriter<R> {
  let rows: R[] = [];
  let waiters: Array<{ resolve: () => void; reject: (e: unknown) => void }> = [];
  let timer: NodeJS.Timeout | undefined;

  async function flush(): Promise<void> {
    if (timer) {
      clearTimeout(timer);
      timer = undefined;
    }
    if (rows.length === 0 && waiters.length === 0) return;
    const batch = rows;
    const ws = waiters;
    rows = [];
    waiters = [];
    try {
      if (batch.length > 0) await opts.insert(batch);
      for (const w of ws) w.resolve();
    } catch (err) {
      for (const w of ws) w.reject(err);
    }
  }

  return {
    get pending() {
      return rows.length;
    },
    write(newRows) {
      return new Promise<void>((resolve, reject) => {
        for (const r of newRows) rows.push(r);
        waiters.push({ resolve, reject });
        if (rows.length >= opts.maxRows) void flush();
        else timer ??= setTimeout(() => void flush(), opts.maxDelayMs);
      });
    },
    flush,
  };
}
