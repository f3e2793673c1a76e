import type { Event } from '@aiops/model';

/**
 * toGenericEvent turns a canonical event of the storm generator into the gateway's documented generic
 * JSON (packages/normalize/src/generic.ts): what a sender that speaks our format would POST. The
 * fingerprint is kept so the ground truth (keyed by fingerprint) applies to what the pipeline makes.
 */
export function toGenericEvent(e: Event): Record<string, unknown> {
  const out: Record<string, unknown> = {
    title: e.title,
    status: e.status,
    severity: e.severity,
    fingerprint: e.fingerprint,
    labels: e.labels,
    occurredAt: e.occurredAt,
  };
  if (e.description !== '') out.description = e.description;
  if (e.annotations !== undefined && Object.keys(e.annotations).length > 0) out.annotations = e.annotations;
  if (e.resource !== undefined && Object.keys(e.resource).length > 0) out.resource = e.resource;
  if (e.url !== undefined) out.url = e.url;
  return out;
}

/** events per request: ~1 KB each stays well under the gateway's 1 MB body limit. */
export const MAX_BATCH = 400;

/**
 * pacedBatches yields the events in arrival order (receivedAt), each batch when its time has come at
 * `speedup` times real time, gathering what falls due within `tickMs` of wall time into one batch (one
 * HTTP request). A slow consumer of the batches delays later ones but never reorders them.
 */
export async function* pacedBatches(events: readonly Event[], speedup: number, tickMs: number, now: () => number = () => performance.now()): AsyncGenerator<Event[]> {
  const sorted = [...events].sort((a, b) => a.receivedAt - b.receivedAt);
  if (sorted.length === 0) return;
  const first = sorted[0]!.receivedAt;
  const start = now();
  let i = 0;
  while (i < sorted.length) {
    const due = (sorted[i]!.receivedAt - first) / speedup;
    for (let wait = due - (now() - start); wait > 0; wait = due - (now() - start)) await new Promise((r) => setTimeout(r, wait));
    const horizon = first + (now() - start + tickMs) * speedup;
    const batch: Event[] = [];
    while (i < sorted.length && (batch.length === 0 || sorted[i]!.receivedAt <= horizon) && batch.length < MAX_BATCH) batch.push(sorted[i++]!);
    yield batch;
  }
}
