import { describe, expect, it } from 'vitest';
import { insertSorted, memberView, type MemberAlert, type MemberRef } from './member-view.js';

const ref: MemberRef = { alertId: 'al_1', fp: 'fp1', joinedAt: 10, rule: 'same_ci', evidence: { detail: 'same ci: db-1' } };
const alert: MemberAlert = {
  title: 'Disk full on db-1', template: 'Disk full on <n>', sev: 'major', status: 'firing', ci: { id: 'db-1', method: 'name', confidence: 1 } as MemberAlert['ci'],
  service: 'shop', firstSeen: 5, lastSeen: 10, sup: null, flapping: false, labels: { host: 'db-1' },
};

describe('memberView', () => {
  it('shows the member and its alert', () => {
    expect(memberView(undefined, ref, alert)).toEqual({
      alertId: 'al_1', fingerprint: 'fp1', title: 'Disk full on db-1', template: 'Disk full on <n>', severity: 'major', status: 'firing',
      ciId: 'db-1', service: 'shop', firstSeen: 5, lastSeen: 10, joinedAt: 10, rule: 'same_ci', evidence: { detail: 'same ci: db-1' },
      suppressed: false, flapping: false, labels: { host: 'db-1' },
    });
  });

  it('reuses the previous view while nothing it shows changed', () => {
    const v = memberView(undefined, ref, alert);
    expect(memberView(v, ref, { ...alert })).toBe(v);
  });

  it('builds a new view when a shown field changed, leaving the old one as emitted', () => {
    const v = memberView(undefined, ref, alert);
    const changes: Array<Partial<MemberAlert>> = [
      { lastSeen: 11 }, { status: 'resolved' }, { sev: 'critical' }, { title: 'x' }, { template: 'y' }, { flapping: true }, { firstSeen: 1 },
      { sup: { kind: 'silence', id: 's', reason: 'r' } }, { ci: null }, { service: null }, { labels: { host: 'db-1' } },
    ];
    for (const c of changes) {
      const next = memberView(v, ref, { ...alert, ...c });
      expect(next).not.toBe(v);
      expect(v.lastSeen).toBe(10);
      expect(v.status).toBe('firing');
    }
  });
});

describe('insertSorted', () => {
  it('keeps the distinct values in default sort order', () => {
    const words = ['shop', 'pay', null, 'Auth', 'pay', 'zeta', 'alpha', 'shop', 'é', 'b'];
    const list: string[] = [];
    for (const w of words) insertSorted(list, w);
    expect(list).toEqual([...new Set(words.filter((w): w is string => w !== null))].sort());
  });
});
