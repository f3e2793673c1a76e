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
