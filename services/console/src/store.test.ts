import { describe, expect, it } from 'vitest';
import { createIncidentReducer, defaultPolicy, formatIncidentNumber, noChanges, noRunbooks } from '@aiops/incident';
import { createCmdbGraph } from '@aiops/cmdb';
import type { CorrelationGroup, IncidentEvent } from '@aiops/model';
import { createIncidentStore } from './store.js';

const T0 = 1_700_000_000_000;

function opened(gid: string, seq: number) {
  const g: CorrelationGroup = {
    id: gid, domain: 'd', status: 'open', change: 'opened', version: 1, openedAt: T0, updatedAt: T0, rootCause: null, candidates: [], services: [], cis: ['h'], maxSeverity: 'critical', firingCount: 1,
    members: [{ alertId: `${gid}-a`, fingerprint: gid, title: 't', template: 't', severity: 'critical', status: 'firing', ciId: 'h', service: null, firstSeen: T0, lastSeen: T0, joinedAt: T0, rule: 'seed', evidence: {}, suppressed: false, flapping: false }],
  };
  const ctx = { now: T0, cmdb: createCmdbGraph([]), classifier: { classify: () => ({ category: null, subcategory: null, confidence: 0, applied: false, source: null, ruleId: null, reason: '' }) }, runbooks: noRunbooks, changes: noChanges, allocateNumber: () => formatIncidentNumber(0, seq) };
  const r = createIncidentReducer(defaultPolicy()).applyGroup(undefined, g, ctx);
  return { incident: r.incident!, events: r.events as IncidentEvent[] };
}

describe('incident store: evicted incidents', () => {
  it('remove forgets the incident, its number and its timeline; the others stay', () => {
    const store = createIncidentStore();
    const a = opened('g-a', 1);
    const b = opened('g-b', 2);
    for (const x of [a, b]) {
      for (const e of x.events) store.addEvent(e);
      store.upsert(x.incident);
    }
    store.remove(a.incident.id);
    expect(store.get(a.incident.id)).toBeUndefined();
    expect(store.get(a.incident.number)).toBeUndefined();
    expect(store.timeline(a.incident.id)).toEqual([]);
    expect(store.get(b.incident.number)?.id).toBe(b.incident.id);
    expect(store.size).toBe(1);
  });
});
