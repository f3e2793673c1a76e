import { describe, expect, it } from 'vitest';
import { stableId, type Alert, type Incident, type IncidentAlert } from '@aiops/model';
import { loadCatalog } from './load-catalog.js';
import { explainMatch, matchRunbooks, createRunbookMatcher } from './matcher.js';

export function incident(over: Partial<Incident> = {}): Incident {
  return {
    id: 'inc_1', number: 'INC-000001', version: 3, origin: 'monitoring', groupId: 'grp_1', title: 'checkout down', description: '',
    state: 'new', severity: 'critical', impact: 'high', urgency: 'medium', priority: 'P2', priorityReason: '', major: false,
    category: 'application', subcategory: null, categoryConfidence: 0.9, categoryApplied: true, assignmentGroup: 'team-checkout', assignee: null,
    affectedCis: ['ci-app-1'], affectedServices: ['svc-shop'], rootCauseCi: 'ci-app-1', alertIds: ['al_1'], problemId: null,
    detectedAt: 1000, occurredAt: 1000, updatedAt: 2000, reassignments: 0, reopenCount: 0, attributes: {},
    ...over,
  };
}

export function alert(over: Partial<Alert> = {}, labels: Record<string, string> = {}): Alert {
  return {
    id: 'al_1', fingerprint: 'f1', source: 'alertmanager', status: 'firing', severity: 'critical', title: 'ServiceDown checkout', description: '',
    labels: { alertname: 'ServiceDown', service: 'checkout', ...labels }, annotations: {}, resource: { host: 'web-1' } as Alert['resource'],
    firstSeen: 1000, lastSeen: 1000, count: 1, episode: 1, flapping: false, suppressedBy: null, ci: { id: 'ci-app-1', method: 'hostname' },
    service: 'svc-shop', domain: 'svc-shop', template: 'ServiceDown checkout', change: 'opened', lastEventId: 'ev_1', version: 1, at: 1000,
    ...over,
  };
}

const catalog = loadCatalog([
  {
    path: 'r.yaml',
    text: `
- id: restart
  description: restart
  match: { alertNames: [ServiceDown], priority: { highest: P1, lowest: P3 }, categories: [application], services: [svc-shop] }
  params:
    service: { from: alert.labels.service, pattern: '^[a-z-]+$' }
    ci: { from: incident.ciId }
    host: { from: alert.resource.host }
  guards: { approval: { atOrAbovePriority: P1 } }
  actions: [{ type: http, name: r, url: 'http://h/{{params.service}}' }]
- id: typed
  description: only databases
  trigger: reopen
  match: { ciTypes: [database] }
  actions: [{ type: http, name: r, url: 'http://h/x' }]
- id: summary
  description: matches an incident's linked-alert summary by title
  match: { alertNames: ['ServiceDown checkout'] }
  params: { svc: { from: alert.service }, ci: { from: alert.ci } }
  actions: [{ type: http, name: r, url: 'http://h/x' }]
- id: labels
  description: by label
  dryRun: true
  match: { labels: { team: payments } }
  params: { team: { from: alert.labels.team } }
  actions: [{ type: http, name: r, url: 'http://h/x' }]
`,
  },
]);

describe('matchRunbooks', () => {
  it('matches on alert name, priority, category and service, with deterministic ids and params', () => {
    const reqs = matchRunbooks(catalog, incident(), [alert()]);
    expect(reqs).toHaveLength(1);
    expect(reqs[0]).toEqual({
      id: stableId('rbr_', 'inc_1', 'restart', 'once'), runbookId: 'restart', incidentId: 'inc_1', ciId: 'ci-app-1', at: 2000,
      params: { service: 'checkout', ci: 'ci-app-1', host: 'web-1' }, approval: 'not_required', dryRun: false, priority: 'P2', trigger: 'once',
      assignmentGroup: 'team-checkout',
    });
    // the same incident at a later version asks for the same request id: the runner runs it once
    expect(matchRunbooks(catalog, incident({ version: 9, updatedAt: 5000 }), [alert()])[0]!.id).toBe(reqs[0]!.id);
  });

  it.each([
    ['priority out of range', incident({ priority: 'P4' }), [alert()]],
    ['closed incident', incident({ state: 'resolved' }), [alert()]],
    ['suggested category only', incident({ categoryApplied: false }), [alert()]],
    ['other service', incident({ affectedServices: ['svc-other'] }), [alert()]],
    ['alert resolved', incident(), [alert({ status: 'resolved' })]],
    ['alert suppressed', incident(), [alert({ suppressedBy: { kind: 'silence', id: 's', reason: 'r' } })]],
    ['other alert name', incident(), [alert({}, { alertname: 'DiskFull' })]],
    ['param fails its pattern', incident(), [alert({}, { service: 'checkout; rm -rf /' })]],
  ])('does not match: %s', (_why, inc, alerts) => {
    expect(matchRunbooks(catalog, inc, alerts).map((r) => r.runbookId)).not.toContain('restart');
  });

  it('explains why not, and asks for approval at P1', () => {
    expect(explainMatch(catalog.byId.get('restart')!, incident({ priority: 'P4' }), [alert()])).toMatchObject({ matched: false, reason: 'priority P4 out of range' });
    expect(matchRunbooks(catalog, incident({ priority: 'P1' }), [alert()])[0]!.approval).toBe('required');
  });

  it('adapts to the incident manager port: linked-alert summaries, CI types through the CMDB lookup, per reopening', () => {
    const m = createRunbookMatcher(catalog, { ciTypeOf: (id) => (id === 'ci-db' ? 'database' : 'application') });
    const linked: IncidentAlert = { alertId: 'al_9', title: 'ServiceDown checkout', template: 'ServiceDown checkout', severity: 'critical', status: 'firing', ciId: 'ci-app-1', service: 'svc-shop', firstSeen: 1, lastSeen: 1, flapping: false, suppressed: false, rule: 'seed' };
    const withAlerts = (over: Partial<Incident> = {}) => incident({ alerts: [linked], ...over } as Partial<Incident>);
    const open = m.match(withAlerts(), 'open', 7);
    expect(open.map((r) => r.runbookId)).toEqual(['summary']);
    expect(open[0]!.params).toEqual({ svc: 'svc-shop', ci: 'ci-app-1' });
    expect(m.match(withAlerts(), 'reopen:1', 7)).toEqual([]); // a once-runbook is not asked again on reopen
    const a = m.match(withAlerts({ rootCauseCi: 'ci-db' }), 'open', 7).find((r) => r.runbookId === 'typed')!;
    const b = m.match(withAlerts({ rootCauseCi: 'ci-db', reopenCount: 1 }), 'reopen:1', 7).find((r) => r.runbookId === 'typed')!;
    expect(a.trigger).toBe('reopen:0');
    expect(b.id).not.toBe(a.id);
    // without a lookup, the type the incident manager recorded from the CMDB is used
    const recorded = { failingCi: { id: 'ci-db', name: 'db', type: 'database' } } as unknown as Incident['record'];
    expect(createRunbookMatcher(catalog).match(withAlerts({ rootCauseCi: 'ci-db', record: recorded }), 'open', 7).map((r) => r.runbookId)).toContain('typed');
    // no lookup and no record: a CI-type condition never matches (safe default)
    expect(matchRunbooks(catalog, incident({ rootCauseCi: 'ci-db' }), [alert()]).map((r) => r.runbookId)).not.toContain('typed');
  });

  it('reads labels from linked-alert summaries when the correlator sent them (the shipped examples need them)', () => {
    const m = createRunbookMatcher(catalog);
    const linked: IncidentAlert = { alertId: 'al_7', title: 'Pods crash', template: 'Pods crash', severity: 'critical', status: 'firing', ciId: 'ci-app-1', service: 'svc-shop', firstSeen: 1, lastSeen: 1, flapping: false, suppressed: false, rule: 'seed', labels: { alertname: 'ServiceDown', team: 'payments' } };
    const reqs = m.match(incident({ alerts: [linked] } as Partial<Incident>), 'open', 7);
    expect(reqs.find((r) => r.runbookId === 'labels')?.params).toEqual({ team: 'payments' });
    const bare = { ...linked, labels: undefined };
    expect(m.match(incident({ alerts: [bare] } as Partial<Incident>), 'open', 7).map((r) => r.runbookId)).not.toContain('labels');
  });

  it('matches labels on one firing alert and carries the runbook dry-run', () => {
    const alerts = [alert({ id: 'al_2' }, { team: 'payments' }), alert({ id: 'al_0' })];
    const r = matchRunbooks(catalog, incident(), alerts).find((x) => x.runbookId === 'labels')!;
    expect(r.params).toEqual({ team: 'payments' });
    expect(r.dryRun).toBe(true);
  });
});
