import type { Clock } from '@aiops/pipeline';

export type LoadPhase = 'starting' | 'snapshots' | 'timelines' | 'ready';

/** LoadReport is what /readyz and the API's 503 say while the console loads the incident topics. */
export interface LoadReport {
  readonly phase: LoadPhase;
  /** records on the incident topics up to the end offsets seen at start, and how many of them were read. */
  readonly records: number;
  readonly recordsRead: number;
  /** recordsRead / records in %, one decimal (100 when there is nothing to read). */
  readonly percent: number;
  readonly incidents: number;
  readonly timelineEntries: number;
  readonly sinceMs: number;
}

/**
 * createLoadProgress follows how far the start-up read of the incident topics got, per topic
 * partition, against the end offsets seen before it began (records produced meanwhile do not move the
 * goal). Counted from offsets, so records skipped unread (timelines of evicted incidents) count as read.
 */
export function createLoadProgress(clock: Clock) {
  const started = clock.now();
  let phase: LoadPhase = 'starting';
  const ends = new Map<string, bigint>();
  const at = new Map<string, bigint>();
  return {
    /** begin takes the low and end offsets per "topic/partition" (partitions with records only). */
    begin(offsets: ReadonlyMap<string, { readonly low: bigint; readonly high: bigint }>): void {
      for (const [k, o] of offsets) {
        ends.set(k, o.high);
        at.set(k, o.low);
      }
    },
    /** readWhole: a topic was read to its end offsets (readAll), not through the consumer. */
    readWhole(topic: string): void {
      for (const [k, end] of ends) if (k.startsWith(`${topic}/`)) at.set(k, end);
    },
    phase(p: LoadPhase): void {
      phase = p;
    },
    /** reached: the consumer read "topic/partition" up to `next` (exclusive). */
    reached(key: string, next: bigint): void {
      // (`at` starts at the low offset, so records gone to retention count as read)
      if (ends.has(key) && next > (at.get(key) ?? 0n)) at.set(key, next);
    },
    report(store: { readonly size: number; readonly timelineEntries: number }): LoadReport {
      let records = 0n;
      let read = 0n;
      for (const [k, end] of ends) {
        records += end;
        const r = at.get(k) ?? 0n;
        read += r < end ? r : end;
      }
      const percent = records === 0n ? 100 : Math.floor(Number((read * 1000n) / records)) / 10;
      return { phase, records: Number(records), recordsRead: Number(read), percent, incidents: store.size, timelineEntries: store.timelineEntries, sinceMs: clock.now() - started };
    },
  };
}
