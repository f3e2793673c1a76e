import { describe, expect, it } from 'vitest';
import { alertSnapshot, newAlert } from './alert-record.js';
import { NO_FLIPS, NONE, type AlertState } from './state.js';

const T0 = 1_733_500_000_000; // ms epoch: not a small integer

function init(over: Partial<AlertState> = {}): AlertState {
  return {
    id: 'al_x', fp: 'x', source: 's', title: 't', desc: '', template: 't', sev: 'major', status: 'firing', firstSeen: T0, lastSeen: T0, onset: T0, resolvedAt: undefined,
    count: 1, episode: 1, flapping: false, flips: NO_FLIPS, sup: null, ci: null, service: null, keys: [], labels: {}, resource: {}, groupId: null, version: 0,
    lastEventId: 'e1', recent: '', named: NONE, ...over,
  };
}

describe('alert record: times kept as offsets from firstSeen give back the exact time', () => {
  it.each([
    ['same instant', T0],
    ['an hour later', T0 + 3_600_000],
    ['earlier than firstSeen', T0 - 5_000],
    ['60 days later (past a small-integer offset)', T0 + 60 * 86_400_000],
    ['fractional milliseconds', T0 + 0.3],
    ['offset equal to the wide marker', T0 - 0x80000000],
  ])('%s', (_name, t) => {
    const a = newAlert(init());
    a.lastSeen = t;
    a.onset = t;
    a.resolvedAt = t;
    expect([a.lastSeen, a.onset, a.resolvedAt]).toEqual([t, t, t]);
    a.resolvedAt = undefined;
    expect(a.resolvedAt).toBeUndefined();
    a.lastSeen = T0 + 1;
    expect(a.lastSeen).toBe(T0 + 1);
  });
  it('fractional firstSeen', () => {
    const a = newAlert(init({ firstSeen: 0.1, lastSeen: 1.1, onset: 0.3 }));
    expect([a.firstSeen, a.lastSeen, a.onset]).toEqual([0.1, 1.1, 0.3]);
  });
});

describe('alert record: status flips read back as set (one flip is kept as an offset)', () => {
  it.each([
    ['none', [] as number[]],
    ['one flip', [T0 + 1_000]],
    ['one flip before firstSeen', [T0 - 1_000]],
    ['one flip at a fractional time', [T0 + 0.5]],
    ['one flip 60 days later', [T0 + 60 * 86_400_000]],
    ['several flips', [T0 + 1, T0 + 2, T0 + 3]],
  ])('%s', (_name, flips) => {
    const a = newAlert(init({ flips }));
    expect(a.flips).toEqual(flips);
    const later = newAlert(init());
    later.flips = flips;
    expect(later.flips).toEqual(flips);
    expect(alertSnapshot(later, []).flips).toEqual(flips);
  });
});

describe('alert record: rare fields read their defaults until set', () => {
  it.each([
    ['sup', { sup: { kind: 'inhibition', id: 'al_y', reason: 'r' } } as Partial<AlertState>],
    ['named', { named: ['db-1'] } as Partial<AlertState>],
    ['flapping', { flapping: true } as Partial<AlertState>],
  ])('%s', (field, over) => {
    const plain = newAlert(init());
    expect([plain.sup, plain.named, plain.flapping]).toEqual([null, NONE, false]);
    const set = newAlert(init(over));
    const key = field as 'sup' | 'named' | 'flapping';
    expect(set[key]).toEqual(over[key]);
    const later = newAlert(init());
    (later as unknown as Record<string, unknown>)[key] = over[key];
    expect(later[key]).toEqual(over[key]);
  });
});

describe('alert record: checkpoint form', () => {
  it('has every field as a plain property, in the checkpoint order, and restores to the same alert', () => {
    const a = newAlert(init({ lastSeen: T0 + 10, onset: T0 + 5, resolvedAt: T0 + 20, status: 'resolved', flapping: true, named: ['db-1'] }));
    const snap = alertSnapshot(a, [1, 2]);
    expect(Object.keys(snap)).toEqual(['id', 'fp', 'source', 'title', 'desc', 'template', 'sev', 'status', 'firstSeen', 'lastSeen', 'onset', 'resolvedAt', 'count', 'episode', 'flapping', 'flips', 'sup', 'ci', 'service', 'keys', 'labels', 'resource', 'groupId', 'version', 'lastEventId', 'recent', 'named']);
    expect(snap).toMatchObject({ lastSeen: T0 + 10, onset: T0 + 5, resolvedAt: T0 + 20, flapping: true, named: ['db-1'], recent: [1, 2] });
    const back = newAlert({ ...snap, resolvedAt: snap.resolvedAt ?? undefined, recent: '' });
    expect(alertSnapshot(back, [1, 2])).toEqual(snap);
  });
});
