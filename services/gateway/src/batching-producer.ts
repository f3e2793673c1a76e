import type { OutRecord, Producer } from '@aiops/kafka';

interface Waiter {
  readonly records: readonly OutRecord[];
  resolve(): void;
  reject(err: unknown): void;
}

export interface BatchingProducer {
  /** send resolves once the batch holding these records was acknowledged (acks=all), or rejects with the send error. */
  send(records: readonly OutRecord[]): Promise<void>;
  /** Sends what is pending now and waits for every send in flight. */
  flush(): Promise<void>;
}

/**
 * createBatchingProducer coalesces concurrent callers into one Producer.send (kafkajs has no linger:
 * tulios/kafkajs#1157): a batch goes out when it holds `maxRecords` or `maxDelayMs` after its first
 * record. One caller's records are never split across batches, so a request is acknowledged whole.
 * `observe` sees each batch size (metrics).
 */
export function createBatchingProducer(
  producer: Producer,
  opts: { maxRecords: number; maxDelayMs: number; observe?: (records: number) => void },
): BatchingProducer {
  let pending: Waiter[] = [];
  let pendingCount = 0;
  let timer: NodeJS.Timeout | undefined;
  const inFlight = new Set<Promise<void>>();

  function dispatch(): void {
    if (timer !== undefined) {
      clearTimeout(timer);
      timer = undefined;
    }
    if (pending.length === 0) return;
    const batch = pending;
    pending = [];
    pendingCount = 0;
    const records = batch.length === 1 ? (batch[0] as Waiter).records : batch.flatMap((w) => w.records);
    opts.observe?.(records.length);
    const p = producer.send(records).then(
      () => {
        for (const w of batch) w.resolve();
      },
      (err: unknown) => {
        for (const w of batch) w.reject(err);
      },
    );
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p));
  }

  return {
    send(records) {
      if (records.length === 0) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        if (pendingCount > 0 && pendingCount + records.length > opts.maxRecords) dispatch();
        pending.push({ records, resolve, reject });
        pendingCount += records.length;
        if (pendingCount >= opts.maxRecords || opts.maxDelayMs === 0) dispatch();
        else timer ??= setTimeout(dispatch, opts.maxDelayMs);
      });
    },
    async flush() {
      dispatch();
      await Promise.allSettled([...inFlight]);
    },
  };
}
