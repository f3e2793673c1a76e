import type { ConsumedRecord } from './types.js';

/**
 * latestByKey turns the records of a compacted topic (in offset order, as readAll returns them) into its
 * table view: the last value per key as UTF-8, null for a tombstone. Records without a key are skipped.
 */
export function latestByKey(records: ReadonlyArray<Pick<ConsumedRecord, 'key' | 'value'>>): Map<string, string | null> {
  const out = new Map<string, string | null>();
  for (const r of records) if (r.key !== null) out.set(r.key, r.value === null ? null : r.value.toString('utf8'));
  return out;
}
