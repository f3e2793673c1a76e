import { ConfigurationItem } from '@aiops/model';
import type { CmdbGraph } from './graph.js';

export interface CmdbSyncResult {
  /** CIs upserted or removed by this call. */
  readonly changed: number;
  /** values that were not valid ConfigurationItem JSON (left out of the graph). */
  readonly invalid: number;
}

/**
 * CmdbSync keeps a graph equal to the table view of the compacted aiops.cmdb.v1 topic: given the latest
 * value per CI id (null = tombstone), it upserts what changed, removes what is gone, and leaves unchanged
 * CIs alone (so the graph's walk caches survive a periodic re-read).
 */
export interface CmdbSync {
  apply(latest: ReadonlyMap<string, string | null>): CmdbSyncResult;
}

export function createCmdbSync(graph: CmdbGraph): CmdbSync {
  const rawById = new Map<string, string>();
  return {
    apply(latest) {
      const seen = new Set<string>();
      let changed = 0;
      let invalid = 0;
      for (const [id, raw] of latest) {
        if (raw === null) continue;
        const parsed = ConfigurationItem.safeParse(parseJson(raw));
        if (!parsed.success) {
          invalid++;
          continue;
        }
        seen.add(id);
        if (rawById.get(id) === raw) continue;
        rawById.set(id, raw);
        graph.upsert(parsed.data);
        changed++;
      }
      for (const id of [...rawById.keys()]) {
        if (seen.has(id)) continue;
        rawById.delete(id);
        graph.remove(id);
        changed++;
      }
      return { changed, invalid };
    },
  };
}

function parseJson(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return undefined;
  }
}
