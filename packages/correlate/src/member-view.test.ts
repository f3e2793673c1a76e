import { describe, expect, it } from 'vitest';
import { createMemberViews, insertSorted, memberView, NO_SERVICES, NO_VIEWS, type GroupViews, type MemberAlert, type MemberRef } from './member-view.js';

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

describe('createMemberViews', () => {
  // a group past keepFrom is emitted from its kept views and what it was told changed: the same as
  // building every member anew from its alert
  const sevs = ['info', 'warning', 'minor', 'major', 'critical'] as const;
  it.each([
    { name: 'small group, built anew', size: 3, steps: 5 },
    { name: 'kept views, members changing and joining', size: 20, steps: 40 },
    { name: 'a fingerprint twice (every member checked)', size: 20, steps: 20, twice: true },
  ])('$name', ({ size, steps, twice }) => {
    let seed = 7;
    const next = (n: number): number => (seed = (seed * 1103515245 + 12345) % 2147483648) % n;
    const alerts = new Map<string, MemberAlert>();
    // a group starts with the shared empty lists (state.ts emptyDerived)
    const grp: GroupViews & { members: MemberRef[] } = { members: [], views: NO_VIEWS, memberServices: NO_SERVICES };
    const join = (i: number): void => {
      const fp = twice && i === size - 1 ? 'fp0' : `fp${i}`;
      if (!alerts.has(fp)) alerts.set(fp, { ...alert, service: `svc${i % 3}`, sev: sevs[i % 5] as MemberAlert['sev'] });
      grp.members.push({ ...ref, alertId: `al_${i}`, fp });
    };
    for (let i = 0; i < size; i++) join(i);
    const kept = createMemberViews(16);
    const fresh = createMemberViews(Number.MAX_SAFE_INTEGER);
    const alertOf = (fp: string): MemberAlert => alerts.get(fp) as MemberAlert;
    for (let s = 0; s < steps; s++) {
      for (let c = next(3); c > 0; c--) {
        const fp = `fp${next(size)}`;
        const a = alerts.get(fp) as MemberAlert;
        const changes: Array<Partial<MemberAlert>> = [{ lastSeen: a.lastSeen + 1 }, { status: a.status === 'firing' ? 'resolved' : 'firing' }, { sev: sevs[next(5)] as MemberAlert['sev'] }, { service: `svc${next(4)}` }];
        alerts.set(fp, { ...a, ...changes[next(changes.length)] });
        kept.changed(grp, fp);
      }
      if (next(4) === 0) join(grp.members.length);
      const got = kept.emit(grp, alertOf);
      const want = fresh.emit({ members: grp.members, views: NO_VIEWS, memberServices: NO_SERVICES }, alertOf);
      expect(got).toEqual(want);
    }
    expect([NO_VIEWS.length, NO_SERVICES.length]).toEqual([0, 0]);
  });
});

describe('createMemberViews after a member left (a move)', () => {
  it('emits the remaining members, services and counts once told to forget the kept views', () => {
    const views = createMemberViews(2);
    const members: MemberRef[] = ['a', 'b', 'c', 'd'].map((x, i) => ({ ...ref, alertId: `al_${x}`, fp: x, joinedAt: i }));
    const alerts: Record<string, MemberAlert> = {
      a: alert, b: { ...alert, service: 'pay', sev: 'critical' }, c: { ...alert, status: 'resolved' }, d: { ...alert, service: 'search' },
    };
    const grp: GroupViews = { members, views: [], memberServices: [] };
    expect(views.emit(grp, (fp) => alerts[fp] as MemberAlert)).toMatchObject({ services: ['pay', 'search', 'shop'], maxSeverity: 'critical', firingCount: 3 });
    // the engine removes the member, resets the group's views (rebuildDerived) and tells the views to forget
    members.splice(1, 1);
    grp.views = [];
    grp.memberServices = [];
    views.forget(grp);
    const out = views.emit(grp, (fp) => alerts[fp] as MemberAlert);
    expect(out.members.map((m) => m.fingerprint)).toEqual(['a', 'c', 'd']);
    expect(out).toMatchObject({ services: ['search', 'shop'], maxSeverity: 'major', firingCount: 2 });
  });
});
