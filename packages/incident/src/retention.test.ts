import { describe, expect, it } from 'vitest';
import type { CorrelationGroup, GroupMember, Incident, IncidentCommand } from '@aiops/model';
import { createCmdbGraph } from '@aiops/cmdb';
import { createIncidentReducer, defaultPolicy, dueForEviction, examplesOverCap, expiredMarkers, formatIncidentNumber, incidentIdForGroup, noChanges, noRunbooks, type KeptExample, type ReduceContext } from './index.js';

const DAY = 86_400_000;
const T0 = 1_700_000_000_000;
const RETAIN = 7 * DAY;

function member(id: string, x: Partial<GroupMember> = {}): GroupMember {
  return { alertId: id, fingerprint: `fp-${id}`, title: `alert ${id}`, template: 'alert <n>', severity: 'critical', status: 'firing', ciId: 'host-1', service: null, firstSeen: T0, lastSeen: T0, joinedAt: T0, rule: 'seed', evidence: {}, suppressed: false, flapping: false, ...x };
}

function group(id: string, version: number, members: GroupMember[]): CorrelationGroup {
  return { id, domain: 'd', status: 'open', change: version === 1 ? 'opened' : 'alert_updated', version, openedAt: T0, updatedAt: T0, members, rootCause: null, candidates: [], services: [], cis: ['host-1'], maxSeverity: 'critical', firingCount: members.filter((m) => m.status === 'firing').length };
}

/** A real reducer run: open, resolve and close at the given times, so the fixtures carry what the service holds. */
function world() {
  const reducer = createIncidentReducer(defaultPolicy());
  let seq = 0;
  const ctx = (now: number): ReduceContext => ({ now, cmdb: createCmdbGraph([]), classifier: { classify: () => ({ category: null, subcategory: null, confidence: 0, applied: false, source: null, ruleId: null, reason: '' }) }, runbooks: noRunbooks, changes: noChanges, allocateNumber: () => formatIncidentNumber(0, ++seq) });
  const cmd = (inc: Incident, action: string, at: number, params: Record<string, unknown> = {}): Incident => {
    const c: IncidentCommand = { id: `${inc.id}-${action}-${at}`, incidentId: inc.id, at, actor: { kind: 'user', id: 'alice' }, action, reason: action, params };
    const r = reducer.applyCommand(inc, c, ctx(at));
    if (r.rejected) throw new Error(r.rejected.message);
    return r.incident!;
  };
  return {
    reducer, ctx, cmd,
    open: (gid: string, at = T0): Incident => reducer.applyGroup(undefined, group(gid, 1, [member(`${gid}-a`)]), ctx(at)).incident!,
    closed(gid: string, closeAt: number): Incident {
      const resolved = cmd(this.open(gid), 'resolve', closeAt - 1000, { code: 'fixed' });
      return cmd(resolved, 'close', closeAt);
    },
  };
}

describe('dueForEviction: which closed incidents leave the incident manager\'s memory', () => {
  const w = world();
  const closedLongAgo = w.closed('g-old', T0 + DAY);
  const closedRecently = w.closed('g-new', T0 + 6 * DAY);
  const resolvedLongAgo = w.cmd(w.open('g-res'), 'resolve', T0 + DAY, { code: 'fixed' });
  const openLongAgo = w.open('g-open');
  const all = [closedRecently, resolvedLongAgo, openLongAgo, closedLongAgo];
  const now = T0 + 9 * DAY;

  it.each([
    { name: 'closed past the retention', retain: RETAIN, want: [closedLongAgo.id] },
    { name: 'a shorter retention takes the recently closed too, oldest first', retain: 2 * DAY, want: [closedLongAgo.id, closedRecently.id] },
    { name: 'exactly at the retention counts as due', retain: 8 * DAY, want: [closedLongAgo.id] },
    { name: 'retention 0 keeps everything', retain: 0, want: [] },
  ])('$name', ({ retain, want }) => {
    expect(dueForEviction(all, now, retain)).toEqual(want);
  });

  it('never picks an incident that is open or only resolved, however old (a resolved one may still reopen)', () => {
    expect(dueForEviction([resolvedLongAgo, openLongAgo], T0 + 365 * DAY, RETAIN)).toEqual([]);
  });

  it('counts from the last touch: a closed incident whose group keeps changing stays', () => {
    // the group fires again five days after closure: recorded on the closed incident (alert_after_close)
    const refired = w.reducer.applyGroup(closedLongAgo, group('g-old', 2, [member('g-old-a', { status: 'resolved', lastSeen: T0 + 2 * DAY }), member('g-old-b', { firstSeen: T0 + 6 * DAY, lastSeen: T0 + 6 * DAY })]), w.ctx(T0 + 6 * DAY)).incident!;
    expect(refired.state).toBe('closed');
    expect(refired.updatedAt).toBe(T0 + 6 * DAY);
    expect(dueForEviction([refired], T0 + 9 * DAY, RETAIN)).toEqual([]);
    expect(dueForEviction([refired], T0 + 13 * DAY, RETAIN)).toEqual([refired.id]);
  });

  it('takes at most `max`, oldest first, and the rest on the next call', () => {
    const many = [3, 1, 2].map((d) => w.closed(`g-${d}`, T0 + d * DAY));
    const first = dueForEviction(many, T0 + 30 * DAY, RETAIN, 2);
    expect(first).toEqual([many[1]!.id, many[2]!.id]);
    expect(dueForEviction(many.filter((i) => !first.includes(i.id)), T0 + 30 * DAY, RETAIN, 2)).toEqual([many[0]!.id]);
  });
});

describe('examplesOverCap: the training examples of evicted incidents stay bounded', () => {
  const ex = (at: number): KeptExample => ({ at, example: { text: `t${at}`, ciTypes: [], label: 'database' } });
  const kept = new Map([['inc_c', ex(3)], ['inc_a', ex(1)], ['inc_b2', ex(2)], ['inc_b1', ex(2)]]);

  it.each([
    { max: 4, drop: [] },
    { max: 10, drop: [] },
    { max: 2, drop: ['inc_a', 'inc_b1'] },
    { max: 0, drop: ['inc_a', 'inc_b1', 'inc_b2', 'inc_c'] },
  ])('keeping $max drops the oldest: $drop', ({ max, drop }) => {
    expect(examplesOverCap(kept, max)).toEqual(drop);
  });
});

describe('after eviction: inputs for an incident no longer held open nothing in its place', () => {
  const w = world();
  const change = (incidentId: string, g: CorrelationGroup): IncidentCommand => ({ id: `cmd-${g.id}-${g.version}`, incidentId, at: T0, actor: { kind: 'system', id: 'correlator' }, action: 'group_change', reason: 'x', params: { group: g } });

  it.each([
    { name: 'the last change of its group (closed at max lifetime, still firing)', incidentId: 'own', g: { ...group('g-late', 7, [member('g-late-a')]), status: 'closed' as const, closeReason: 'max_lifetime' as const, change: 'closed' as const } },
    { name: 'a change of a merged group forwarded to an evicted target', incidentId: 'inc_evicted_target', g: group('g-src', 4, [member('g-src-a')]) },
  ])('$name', ({ incidentId, g }) => {
    const id = incidentId === 'own' ? incidentIdForGroup(g.id) : incidentId;
    const r = w.reducer.applyCommand(undefined, change(id, g), w.ctx(T0 + 30 * DAY));
    expect(r).toMatchObject({ incident: null, events: [], commands: [] });
  });

  it('a new group still opens its incident', () => {
    const g = group('g-fresh', 1, [member('g-fresh-a')]);
    const r = w.reducer.applyCommand(undefined, change(incidentIdForGroup(g.id), g), w.ctx(T0));
    expect(r.incident).toMatchObject({ state: 'new', groupId: 'g-fresh' });
  });
});

describe('expiredMarkers: markers of evicted incidents expire once no change of their group can arrive', () => {
  const markers = new Map([['inc_b', T0], ['inc_a', T0], ['inc_c', T0 + 10 * DAY]]);
  it.each([
    { days: 13, want: [] },
    { days: 14, want: ['inc_a', 'inc_b'] },
    { days: 30, want: ['inc_a', 'inc_b', 'inc_c'] },
  ])('$days days after the first evictions: $want', ({ days, want }) => {
    expect(expiredMarkers(markers, T0 + days * DAY, 14 * DAY)).toEqual(want);
  });
});
