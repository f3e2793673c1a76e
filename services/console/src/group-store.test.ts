import { describe, expect, it } from 'vitest';
import { Alert, CorrelationGroup, type GroupMember } from '@aiops/model';
import { createGroupStore } from './group-store.js';

const alert = Alert.parse({
  id: 'al-1', fingerprint: 'fp-1', source: 'test', status: 'firing', severity: 'major', title: 't', description: '', labels: {}, annotations: {}, resource: {},
  firstSeen: 100, lastSeen: 100, count: 1, episode: 1, flapping: false, suppressedBy: null, ci: null, service: null, domain: 'global', template: 't',
  change: 'opened', lastEventId: 'e1', version: 1, at: 100,
});

const member: GroupMember = {
  alertId: 'al-1', fingerprint: 'fp-1', title: 't', template: 't', severity: 'major', status: 'firing', ciId: null, service: null,
  firstSeen: 100, lastSeen: 100, joinedAt: 100, rule: 'seed', evidence: {}, suppressed: false, flapping: false,
};

function group(id: string, over: Partial<CorrelationGroup>): CorrelationGroup {
  return CorrelationGroup.parse({
    id, domain: 'global', status: 'open', change: 'opened', version: 1, openedAt: 100, updatedAt: 100, members: [member],
    rootCause: null, candidates: [], services: [], cis: [], maxSeverity: 'major', firingCount: 1, ...over,
  });
}

describe('group store: the group an alert is in', () => {
  it.each([
    ['the merge target, not the later group merged into it, once both closed', [
      group('g-target', { status: 'closed', change: 'closed', openedAt: 100, updatedAt: 900, closedAt: 900, closeReason: 'resolved_quiet' }),
      group('g-merged', { status: 'closed', change: 'closed', openedAt: 200, updatedAt: 300, closedAt: 300, closeReason: 'merged' }),
    ], 'g-target'],
    ['an open group before a closed one', [
      group('g-old', { status: 'open', openedAt: 100, updatedAt: 150 }),
      group('g-new', { status: 'closed', change: 'closed', openedAt: 500, updatedAt: 600, closedAt: 600, closeReason: 'resolved_quiet' }),
    ], 'g-old'],
    ['among closed groups, the one that changed last', [
      group('g-a', { status: 'closed', change: 'closed', openedAt: 300, updatedAt: 400, closedAt: 400, closeReason: 'max_lifetime' }),
      group('g-b', { status: 'closed', change: 'closed', openedAt: 100, updatedAt: 800, closedAt: 800, closeReason: 'resolved_quiet' }),
    ], 'g-b'],
  ] as const)('%s', (_name, groups, want) => {
    const store = createGroupStore({ retentionMs: 3_600_000, maxGroups: 100, maxAlerts: 100 });
    store.upsertAlert(alert, 1_000);
    for (const g of groups) store.upsertGroup(g, 1_000);
    const view = store.getAlert('al-1');
    expect(view?.groupId).toBe(want);
    expect(view?.groupIds).toHaveLength(2);
    expect(store.listAlerts({ groupId: want }, 10, 0).items.map((a) => a.id)).toEqual(['al-1']);
  });
});

describe('group store: a group record truncated to fit Kafka', () => {
  it('still places the alerts listed only by id (moreAlertIds) in their group', () => {
    const store = createGroupStore({ retentionMs: 3_600_000, maxGroups: 100, maxAlerts: 100 });
    const other = Alert.parse({ ...alert, id: 'al-2', fingerprint: 'fp-2' });
    store.upsertAlert(alert, 1_000);
    store.upsertAlert(other, 1_000);
    store.upsertGroup(group('g-big', { memberCount: 2, membersTruncated: true, moreAlertIds: ['al-2'] }), 1_000);
    expect(store.getAlert('al-2')?.groupId).toBe('g-big');
    expect(store.listAlerts({ groupId: 'g-big' }, 10, 0).items.map((a) => a.id).sort()).toEqual(['al-1', 'al-2']);
  });
});

describe('group store: an alert the correlator moved to another group', () => {
  it.each([
    ['the target version first', ['target', 'source']],
    ['the source version first', ['source', 'target']],
  ] as const)('is listed in the target only, whichever version comes first (%s)', (_name, order) => {
    const store = createGroupStore({ retentionMs: 3_600_000, maxGroups: 100, maxAlerts: 100 });
    const seed = Alert.parse({ ...alert, id: 'al-0', fingerprint: 'fp-0' });
    store.upsertAlert(alert, 1_000);
    store.upsertAlert(seed, 1_000);
    const seedMember = { ...member, alertId: 'al-0', fingerprint: 'fp-0' };
    store.upsertGroup(group('g-src', { members: [seedMember, { ...member, rule: 'similarity', evidence: { score: 0.8 } }] }), 1_000);
    store.upsertGroup(group('g-dst', { openedAt: 200, updatedAt: 200, members: [{ ...seedMember, alertId: 'al-9', fingerprint: 'fp-9' }] }), 1_000);
    const versions = {
      source: group('g-src', { version: 2, change: 'alert_removed', updatedAt: 300, members: [seedMember], removed: [{ alertId: 'al-1', fingerprint: 'fp-1', movedTo: 'g-dst', reason: 'its CI depends on the root' }] }),
      target: group('g-dst', { version: 2, change: 'alert_added', openedAt: 200, updatedAt: 300, members: [{ ...seedMember, alertId: 'al-9', fingerprint: 'fp-9' }, { ...member, joinedAt: 300, rule: 'topology', evidence: { movedFrom: 'g-src' } }] }),
    };
    for (const k of order) store.upsertGroup(versions[k], 1_000);
    expect(store.getAlert('al-1')).toMatchObject({ groupId: 'g-dst', groupIds: ['g-dst'] });
    expect(store.getGroup('g-src')?.size).toBe(1);
    expect(store.listAlerts({ groupId: 'g-src' }, 10, 0).items.map((a) => a.id)).toEqual(['al-0']);
    expect(store.getGroup('g-dst')?.members.find((m) => m.alertId === 'al-1')?.evidence.movedFrom).toBe('g-src');
  });
});

describe('group store: closed groups leave memory', () => {
  it('over 30 days of a group every 5 minutes, the groups held stay at the retention window (plus the open ones), never the history', () => {
    const STEP = 5 * 60_000;
    const steps = (30 * 24 * 3600_000) / STEP;
    const perDay = (24 * 3600_000) / STEP;
    const store = createGroupStore({ retentionMs: 24 * 3600_000, maxGroups: 1_000_000, maxAlerts: 1_000_000 });
    const t0 = 1_700_000_000_000;
    const base = group('g', {});
    let peak = 0;
    for (let m = 0; m < steps; m++) {
      const now = t0 + m * STEP;
      store.upsertGroup({ ...base, id: `g-${m}`, openedAt: now, updatedAt: now, members: [{ ...member, alertId: `al-${m}` }] }, now);
      // each group closes two steps after it opened; one in 100 never closes (kept: the correlator owns open groups)
      const c = m - 2;
      if (c >= 0 && c % 100 !== 0) store.upsertGroup({ ...base, id: `g-${c}`, status: 'closed', change: 'closed', version: 2, openedAt: now - 2 * STEP, updatedAt: now, closedAt: now, closeReason: 'resolved_quiet' }, now);
      store.sweep(now);
      if (m % 12 === 0) peak = Math.max(peak, store.stats().groups);
    }
    const s = store.stats();
    const neverClosed = Math.ceil((steps - 2) / 100) + 2;
    expect(s.openGroups).toBe(neverClosed);
    // a day of closed groups (+ a sweep interval, 1 % of the retention) and the open ones, of 8,640 created
    expect(peak).toBeLessThanOrEqual(perDay * 1.01 + neverClosed + 1);
    expect(s.groups + s.evictedGroups).toBe(steps);
    // what is held is the last day's: an old closed group is gone, a recent one still answers
    expect(store.getGroup('g-101')).toBeUndefined();
    expect(store.getGroup(`g-${steps - 20}`)?.status).toBe('closed');
  });
});

describe('group store: versions sent longer than the retention ago (a restart re-reading the topic)', () => {
  const H = 3_600_000;
  const closed = (id: string, version = 2) => group(id, { status: 'closed', change: 'closed', version, updatedAt: 200, closedAt: 200, closeReason: 'resolved_quiet' });
  it.each([
    // [case, version sent `ago` before now, held after upsert]
    ['a closed group sent within the retention', closed('g'), H - 1, true],
    ['a closed group sent at the retention', closed('g'), H, true],
    ['a closed group sent past the retention', closed('g'), H + 1, false],
    ['an open group sent long ago (the correlator owns open groups)', group('g', {}), 100 * H, true],
  ] as const)('%s', (_case, g, ago, held) => {
    const store = createGroupStore({ retentionMs: H, maxGroups: 100, maxAlerts: 100 });
    const now = 1_000 * H;
    store.upsertGroup(g, now - ago, now);
    expect(store.getGroup('g') !== undefined).toBe(held);
    expect(store.stats().evictedGroups).toBe(held ? 0 : 1);
  });

  it('an old closed version replaces the open one held (dropped, its alerts unlinked), and a resolved alert likewise', () => {
    const store = createGroupStore({ retentionMs: H, maxGroups: 100, maxAlerts: 100 });
    const now = 1_000 * H;
    store.upsertGroup(group('g', {}), now - 3 * H, now);
    store.upsertAlert(alert, now - 3 * H, now);
    expect(store.getAlert('al-1')?.groupId).toBe('g');
    store.upsertGroup(closed('g'), now - 2 * H, now);
    expect(store.getGroup('g')).toBeUndefined();
    expect(store.getAlert('al-1')?.groupIds).toEqual([]);
    store.upsertAlert({ ...alert, status: 'resolved', resolvedAt: 300, version: 2 }, now - 2 * H, now);
    expect(store.getAlert('al-1')).toBeUndefined();
    expect(store.stats()).toMatchObject({ groups: 0, alerts: 0, evictedGroups: 1, evictedAlerts: 1 });
  });
});
