import type { CorrelationGroup, Incident } from '@aiops/model';
import type { KeptExample } from '@aiops/incident';

/**
 * PartitionState is what one instance holds for one partition of aiops.incident-commands.v1: the
 * incidents it owns (restored from the compacted snapshots), the groups that did not yet meet the open
 * policy (restored from the changelog), the INC sequence, the training examples of evicted incidents
 * (changelog, bounded), and a queue that serialises batch handling and timer work so that one writer
 * at a time changes an incident.
 */
export interface PartitionState {
  readonly partition: number;
  readonly incidents: Map<string, Incident>;
  readonly pending: Map<string, CorrelationGroup>;
  /** training examples of evicted incidents, by incident id (changelog key EXAMPLE_PREFIX + id). */
  readonly examples: Map<string, KeptExample>;
  /** incidents evicted recently: id -> eviction time (changelog key EVICTED_PREFIX + id). */
  readonly evicted: Map<string, number>;
  seq: number;
  queue: Promise<unknown>;
}

export function enqueue<T>(st: PartitionState, work: () => Promise<T>): Promise<T> {
  const next = st.queue.then(work, work);
  st.queue = next.catch(() => undefined);
  return next;
}

/** PendingValue is the changelog value of a group waiting for the open policy (null = tombstone). */
export interface PendingValue {
  readonly v: 1;
  readonly group: CorrelationGroup;
}

/**
 * SEQ_KEY is the changelog key of a partition's INC sequence watermark. Restore takes the sequence
 * from the snapshots it reads; once closed incidents are evicted (their snapshots tombstoned) the
 * highest number may be among them, so the watermark is stored before any tombstone and a number
 * is never handed out twice. No incident id has this form (ids are `inc_...`).
 */
export const SEQ_KEY = '__seq__';

export interface SeqValue {
  readonly v: 1;
  readonly seq: number;
}

/** EXAMPLE_PREFIX + incident id: the changelog key of an evicted incident's training example (value ExampleValue). */
export const EXAMPLE_PREFIX = 'example:';

export interface ExampleValue extends KeptExample {
  readonly v: 1;
}

/**
 * EVICTED_PREFIX + incident id: the changelog marker of an evicted incident (value EvictedValue), kept
 * `manager.evictedMarkerMs`: a late or replayed change of its group opens nothing under its id.
 */
export const EVICTED_PREFIX = 'evicted:';

export interface EvictedValue {
  readonly v: 1;
  readonly at: number;
}
