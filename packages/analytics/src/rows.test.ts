import { describe, expect, it } from 'vitest';
import { CorrelationGroup } from '@aiops/model';
import { groupRow } from './rows.js';

const member = (alertId: string, over: Record<string, unknown> = {}) => ({
  alertId, fingerprint: `fp-${alertId}`, title: 't', template: 't', severity: 'major', status: 'firing', ciId: null, service: null,
  firstSeen: 100, lastSeen: 100, joinedAt: 100, rule: 'seed', evidence: {}, suppressed: false, flapping: false, ...over,
});

describe('groupRow for an alert the correlator moved between groups', () => {
  // the groups table keeps the latest version per group (ReplacingMergeTree by version): each side's row says where the alert is now
  it('the source row no longer lists it, the target row does, with where it came from in the payload', () => {
    const base = { domain: 'global', status: 'open', openedAt: 100, updatedAt: 300, rootCause: null, candidates: [], services: [], cis: [], maxSeverity: 'major', firingCount: 1 };
    const source = CorrelationGroup.parse({ ...base, id: 'g-src', change: 'alert_removed', version: 3, members: [member('a0')], removed: [{ alertId: 'a1', fingerprint: 'fp-a1', movedTo: 'g-dst', reason: 'its CI depends on the root' }] });
    const target = CorrelationGroup.parse({ ...base, id: 'g-dst', change: 'alert_added', version: 2, members: [member('b0'), member('a1', { rule: 'topology', evidence: { movedFrom: 'g-src' } })] });
    expect(groupRow(source)).toMatchObject({ change: 'alert_removed', members: 1, alert_ids: ['a0'], version: 3 });
    expect(groupRow(target)).toMatchObject({ change: 'alert_added', members: 2, alert_ids: ['b0', 'a1'] });
    expect(JSON.parse(groupRow(source).payload as string).removed[0]).toMatchObject({ alertId: 'a1', movedTo: 'g-dst' });
  });
});
