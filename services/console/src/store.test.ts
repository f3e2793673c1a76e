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
      for (const e of x.events) store.addEvent(e, T0);
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

describe('incident store: timelines of incidents not held', () => {
  const HOUR = 3600_000;
  const grace = HOUR;

  it.each([
    // [case, held, produced ago, accepted]
    ['held, written long ago', true, 30 * 24 * HOUR, true],
    ['held, just written', true, 0, true],
    ['not held, just written (snapshot on its way)', false, 0, true],
    ['not held, within the grace', false, grace - 1, true],
    ['not held, at the grace (evicted or never written)', false, grace, false],
    ['not held, 30 days old (evicted)', false, 30 * 24 * HOUR, false],
  ])('accepts: %s', (_case, held, ago, want) => {
    const store = createIncidentStore({ orphanGraceMs: grace });
    const a = opened('g-a', 1);
    if (held) store.upsert(a.incident);
    const now = T0 + 40 * 24 * HOUR;
    expect(store.accepts(a.incident.id, now - ago, now)).toBe(want);
  });

  it('a timeline that arrives before its snapshot is kept whole once the snapshot comes, whatever the sweeps meanwhile', () => {
    const store = createIncidentStore({ orphanGraceMs: grace });
    const a = opened('g-a', 1);
    for (const e of a.events) store.addEvent(e, T0);
    expect(store.sweep(T0 + grace - 1)).toBe(0);
    store.upsert(a.incident);
    expect(store.sweep(T0 + 10 * grace)).toBe(0);
    expect(store.timeline(a.incident.id).map((e) => e.id)).toEqual(a.events.map((e) => e.id));
    expect(store.timelineEntries).toBe(a.events.length);
  });

  it('a timeline whose snapshot never comes is dropped after the grace (counted from its oldest entry); the held ones stay', () => {
    const store = createIncidentStore({ orphanGraceMs: grace });
    const held = opened('g-held', 1);
    const orphan = opened('g-orphan', 2);
    for (const e of held.events) store.addEvent(e, T0);
    store.upsert(held.incident);
    store.addEvent(orphan.events[0]!, T0);
    for (const e of orphan.events.slice(1)) store.addEvent(e, T0 + grace / 2);
    expect(store.timelineEntries).toBe(held.events.length + orphan.events.length);
    expect(store.sweep(T0 + grace)).toBe(orphan.events.length);
    expect(store.timeline(orphan.incident.id)).toEqual([]);
    expect(store.timeline(held.incident.id)).toHaveLength(held.events.length);
    expect(store.timelineEntries).toBe(held.events.length);
  });

  it('a duplicate entry (same event id, e.g. re-read) is counted once; remove and sweep keep the count right', () => {
    const store = createIncidentStore({ orphanGraceMs: grace });
    const a = opened('g-a', 1);
    for (const e of [...a.events, ...a.events]) store.addEvent(e, T0);
    store.upsert(a.incident);
    expect(store.timelineEntries).toBe(a.events.length);
    store.remove(a.incident.id);
    expect(store.timelineEntries).toBe(0);
    expect(store.sweep(T0 + 10 * grace)).toBe(0);
  });

  it('a refusal for an unknown incident still answers the waiting call, then goes with the sweep', async () => {
    const store = createIncidentStore({ orphanGraceMs: grace });
    const waiting = store.waitForCommand('inc_nope', 'cmd-1', 1000);
    store.addEvent({ id: 'inc_nope:rejected:cmd-1', incidentId: 'inc_nope', version: 1, at: T0, actor: { kind: 'user', id: 'u' }, type: 'command_rejected', reason: 'unknown incident', data: { commandId: 'cmd-1', code: 'AIOPS_ERR_INCIDENT_UNKNOWN', statusCode: 404 } }, T0);
    expect(await waiting).toMatchObject({ outcome: 'rejected', statusCode: 404, incident: null });
    expect(store.sweep(T0 + grace)).toBe(1);
    expect(store.timelineEntries).toBe(0);
  });
});

describe('incident store: timeline cap per incident', () => {
  const comment = (incidentId: string, v: number): IncidentEvent => ({ id: `${incidentId}:${v}`, incidentId, version: v, at: T0 + v, actor: { kind: 'user', id: 'sre' }, type: 'comment', reason: `c${v}`, data: {} });
  // cap, entries added (versions 1..n, in order), then: versions kept, omitted
  const cases: Array<[string, number, number, number[], number]> = [
    ['under the cap: complete', 20, 15, Array.from({ length: 15 }, (_, i) => i + 1), 0],
    ['at the cap: complete', 20, 20, Array.from({ length: 20 }, (_, i) => i + 1), 0],
    ['past the cap: the first tenth and the latest', 20, 50, [1, 2, ...Array.from({ length: 18 }, (_, i) => 33 + i)], 30],
    ['cap 1: the opening entry only', 1, 5, [1], 4],
  ];
  it.each(cases)('%s', (_name, cap, n, kept, omitted) => {
    const store = createIncidentStore({ orphanGraceMs: 3600_000, maxTimelineEntries: cap });
    const x = opened('g-cap', 1);
    store.upsert(x.incident);
    let left = 0;
    for (let v = 1; v <= n; v++) left += store.addEvent(comment(x.incident.id, v), T0);
    expect(store.timeline(x.incident.id).map((e) => e.version)).toEqual(kept);
    expect(store.timelineOmitted(x.incident.id)).toBe(omitted);
    // what addEvent reports left out is what the console counts (outcome="cap_dropped")
    expect(left).toBe(omitted);
    expect(store.timelineEntries).toBe(kept.length);
  });

  it('a redelivered entry (same event id) replaces itself and is not counted again; removing the incident frees its entries', () => {
    const store = createIncidentStore({ orphanGraceMs: 3600_000, maxTimelineEntries: 10 });
    const x = opened('g-dup', 1);
    store.upsert(x.incident);
    for (let v = 1; v <= 12; v++) store.addEvent(comment(x.incident.id, v), T0);
    expect(store.addEvent(comment(x.incident.id, 1), T0)).toBe(0);
    expect(store.addEvent(comment(x.incident.id, 12), T0)).toBe(0);
    expect(store.timeline(x.incident.id).map((e) => e.version)).toEqual([1, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(store.timelineOmitted(x.incident.id)).toBe(2);
    // a redelivery of an entry already pushed out of the latest stays out and is not counted twice
    expect(store.addEvent(comment(x.incident.id, 3), T0)).toBe(0);
    expect(store.timeline(x.incident.id).map((e) => e.version)).toEqual([1, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(store.timelineOmitted(x.incident.id)).toBe(2);
    expect(store.timelineEntries).toBe(10);
    store.remove(x.incident.id);
    expect(store.timelineEntries).toBe(0);
    expect(store.timelineOmitted(x.incident.id)).toBe(0);
  });
});
