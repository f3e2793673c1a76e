import type { CorrelationEngine, DomainSnapshot } from '@aiops/correlate';
import type { ConsumedRecord } from '@aiops/kafka';

/**
 * ChangelogValue is what the correlator checkpoints per correlation domain: the engine's snapshot and
 * the offset (in the by-domain partition) of the last event it contains. On restore, events at or
 * below that offset are skipped, so a redelivered batch is not counted twice.
 */
export interface ChangelogValue {
  readonly v: 1 | 2;
  readonly partition: number;
  readonly offset: string;
  /** v1: the snapshot inline. */
  readonly state?: DomainSnapshot | null;
  /** v2: the gzipped snapshot JSON is split into `chunks` records keyed chunkKey(domain, epoch, i). */
  readonly epoch?: string;
  readonly chunks?: number;
}

/** chunkKey names one slice of a domain's gzipped snapshot; the epoch makes every checkpoint's slices distinct. */
export function chunkKey(domain: string, epoch: string, i: number): string {
  return `${domain}\u0000${epoch}\u0000${i}`;
}

export function isChunkKey(key: string): boolean {
  return key.includes('\u0000');
}

/** PartitionState is one by-domain partition's engine plus its applied offsets and a work queue. */
export interface PartitionState {
  readonly partition: number;
  readonly engine: CorrelationEngine;
  readonly applied: Map<string, bigint>;
  /** chunk keys of each domain's current checkpoint, tombstoned once a newer one is written. */
  readonly chunkKeys: Map<string, string[]>;
  /** serialises batch handling and timer work on this partition's engine. */
  queue: Promise<unknown>;
}

/** latestByKey folds a changelog read into the last value per key (compaction semantics). */
export function latestByKey(records: readonly ConsumedRecord[]): Map<string, ChangelogValue | null> {
  const out = new Map<string, ChangelogValue | null>();
  for (const r of records) {
    if (r.key === null || isChunkKey(r.key)) continue;
    if (r.value === null) {
      out.set(r.key, null);
      continue;
    }
    try {
      out.set(r.key, JSON.parse(r.value.toString('utf8')) as ChangelogValue);
    } catch {
      out.set(r.key, null);
    }
  }
  return out;
}

/** latestChunks: the last value of every chunk key (null = deleted). */
export function latestChunks(records: readonly ConsumedRecord[]): Map<string, Buffer | null> {
  const out = new Map<string, Buffer | null>();
  for (const r of records) if (r.key !== null && isChunkKey(r.key)) out.set(r.key, r.value);
  return out;
}

export function enqueue<T>(st: PartitionState, work: () => Promise<T>): Promise<T> {
  const next = st.queue.then(work, work);
  st.queue = next.catch(() => undefined);
  return next;
}
