import type { ChangeSuspect } from '@aiops/model';
import type { IncidentPolicy } from './policy.js';
import type { ChangeLookup, CmdbView } from './ports.js';

/**
 * changeSuspects lists changes (R95) on an affected CI, or on a CI it depends on (within
 * `dependencyHops`), that were running or ended at most `windowMs` before the incident started.
 * Sorted nearest first: the smaller the gap, the stronger the suspicion.
 */
export function changeSuspects(cis: readonly string[], startedAt: number, cmdb: CmdbView, changes: ChangeLookup, p: IncidentPolicy['changes']): ChangeSuspect[] {
  const via = new Map<string, string>();
  for (const id of cis) {
    if (!via.has(id)) via.set(id, id);
    if (cmdb.get(id) === undefined) continue;
    for (const d of cmdb.dependenciesOf(id, p.dependencyHops)) if (!via.has(d.id)) via.set(d.id, id);
  }
  const out: ChangeSuspect[] = [];
  for (const c of changes.onCis(new Set(via.keys()), startedAt - p.windowMs, startedAt)) {
    if (c.startedAt > startedAt) continue;
    const end = c.endedAt ?? c.startedAt;
    if (c.endedAt !== undefined && c.endedAt < startedAt - p.windowMs) continue;
    out.push({
      changeId: c.id,
      ciId: c.ciId,
      via: via.get(c.ciId) ?? c.ciId,
      startedAt: c.startedAt,
      ...(c.endedAt !== undefined ? { endedAt: c.endedAt } : {}),
      gapMs: Math.max(0, startedAt - end),
      description: c.description,
      risk: c.risk,
    });
  }
  return out.sort((a, b) => a.gapMs - b.gapMs || a.changeId.localeCompare(b.changeId));
}
