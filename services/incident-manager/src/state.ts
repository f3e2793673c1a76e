import type { CorrelationGroup, Incident } from '@aiops/model';

/**
 * PartitionState is what one instance holds for one partition of aiops.incident-commands.v1: the
 * incidents it owns (restored from the compacted snapshots), the groups that did not yet meet the open
 * policy (restored from the changelog), the INC sequence, and a queue that serialises batch handling
 * and timer work so that one writer at a time changes an incident.
 */
export interface PartitionState {
  readonly partition: number;
  readonly incidents: Map<string, Incident>;
  readonly pending: Map<string, CorrelationGroup>;
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
