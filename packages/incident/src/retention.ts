import type { Incident } from '@aiops/model';
import type { TrainingExample } from './training.js';

/**
 * dueForEviction picks the closed incidents the incident manager may drop from memory (and tombstone
 * in the compacted snapshot topic) at `now`: closed, and neither closed nor touched for `retainMs`.
 * The last touch counts, not only the closure: a closed incident still takes alerts of its living
 * correlation group (`alert_after_close`, `group_updated`), and dropping it while its group changes
 * would let the next change open a new incident under the same id. `retainMs` 0 keeps everything.
 *
 * At most `max` ids, oldest first (by last touch, then id), so one timer tick stays short after a
 * long-running instance first enables retention; the rest follow on the next ticks.
 */
export function dueForEviction(incidents: Iterable<Incident>, now: number, retainMs: number, max = Number.POSITIVE_INFINITY): string[] {
  if (retainMs <= 0 || max <= 0) return [];
  const due: Array<{ id: string; at: number }> = [];
  for (const i of incidents) {
    if (i.state !== 'closed') continue;
    const at = Math.max(i.closedAt ?? i.updatedAt, i.updatedAt);
    if (now - at >= retainMs) due.push({ id: i.id, at });
  }
  due.sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return due.slice(0, max).map((d) => d.id);
}

/**
 * KeptExample is the training example (R16) of an evicted incident: the classifier trains on the
 * incidents in memory, so a validated category would otherwise be forgotten with the incident.
 * `at` orders them (the incident's last touch).
 */
export interface KeptExample {
  readonly at: number;
  readonly example: TrainingExample;
}

/**
 * examplesOverCap: the ids of the oldest kept examples beyond `max` (by `at`, then id), so the kept
 * corpus, and the changelog it is restored from, stay bounded. 0 keeps none.
 */
export function examplesOverCap(kept: ReadonlyMap<string, KeptExample>, max: number): string[] {
  if (kept.size <= max) return [];
  const byAge = [...kept].sort(([ia, a], [ib, b]) => a.at - b.at || (ia < ib ? -1 : ia > ib ? 1 : 0));
  return byAge.slice(0, kept.size - Math.max(0, max)).map(([id]) => id);
}

/**
 * expiredMarkers: the evicted-incident markers older than `keepMs` at `now` (at = eviction time). A
 * marker makes a late or replayed change of the evicted incident's group open nothing under its id;
 * once no such change can arrive any more (past the group and command topics' retention) it goes too,
 * so the markers stay bounded by the eviction rate, not by history.
 */
export function expiredMarkers(markers: ReadonlyMap<string, number>, now: number, keepMs: number): string[] {
  const out: string[] = [];
  for (const [id, at] of markers) if (now - at >= keepMs) out.push(id);
  return out.sort();
}
