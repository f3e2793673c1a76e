import { describe, expect, it } from 'vitest';
import type { ChangeRecord, ConfigurationItem, CorrelationGroup, GroupMember, Incident, IncidentCommand, IncidentState, RunbookRequest, Severity } from '@aiops/model';
import { createCmdbGraph } from '@aiops/cmdb';
import { createIncidentReducer, defaultPolicy, formatIncidentNumber, TRANSITIONS, canTransition, incidentIdForGroup, trainingExample, type ClassifyPort, type IncidentPolicyInput, type ReduceContext, type RunbookMatcher } from './index.js';

const MIN = 60_000;
const T0 = 1_700_000_000_000;

const ci = (x: Partial<ConfigurationItem> & { id: string; type: string }): ConfigurationItem => ({ name: x.id, aliases: [], attributes: {}, relations: [], ...x });
const cmdb = createCmdbGraph([
  ci({ id: 'checkout', type: 'business_service', criticality: 'high', users: 5000, slaClass: 'silver', supportGroup: 'team-checkout' }),
  ci({ id: 'search', type: 'business_service', criticality: 'medium', users: 50 }),
  ci({ id: 'checkout-api', type: 'application', supportGroup: 'team-checkout', relations: [{ type: 'part_of', target: 'checkout' }, { type: 'depends_on', target: 'orders-db' }] }),
  ci({ id: 'search-api', type: 'application', supportGroup: 'team-search', relations: [{ type: 'part_of', target: 'search' }] }),
  ci({ id: 'orders-db', type: 'database', supportGroup: 'team-dba', owner: 'dba-lead', relations: [{ type: 'runs_on', target: 'db-host-1' }], location: { site: 'fra1', region: 'eu-central', cluster: 'pg-main' } }),
  ci({ id: 'users-db', type: 'database', relations: [{ type: 'runs_on', target: 'db-host-1' }] }),
  ci({ id: 'billing-db', type: 'database', relations: [{ type: 'runs_on', target: 'db-host-1' }] }),
  ci({ id: 'db-host-1', type: 'host', supportGroup: 'team-infra' }),
]);

const changes: ChangeRecord[] = [
  { id: 'CHG-1', ciId: 'db-host-1', startedAt: T0 - 40 * MIN, endedAt: T0 - 30 * MIN, description: 'kernel upgrade', risk: 'high', status: 'completed' },
  { id: 'CHG-2', ciId: 'orders-db', startedAt: T0 - 5 * 60 * MIN, endedAt: T0 - 4 * 60 * MIN, description: 'old change', risk: 'low', status: 'completed' },
  { id: 'CHG-3', ciId: 'search-api', startedAt: T0 - 10 * MIN, endedAt: T0 - 5 * MIN, description: 'unrelated deploy', risk: 'low', status: 'completed' },
];

function member(id: string, x: Partial<GroupMember> = {}): GroupMember {
  return { alertId: id, fingerprint: `fp-${id}`, title: `alert ${id}`, template: `alert <n>`, severity: 'major', status: 'firing', ciId: 'orders-db', service: 'checkout', firstSeen: T0, lastSeen: T0, joinedAt: T0, rule: 'seed', evidence: {}, suppressed: false, flapping: false, ...x };
}

function group(version: number, members: GroupMember[], x: Partial<CorrelationGroup> = {}): CorrelationGroup {
  const sev = members.reduce<Severity>((s, m) => (['critical', 'major', 'minor', 'warning', 'info'].indexOf(m.severity) < ['critical', 'major', 'minor', 'warning', 'info'].indexOf(s) ? m.severity : s), 'info');
  return {
    id: 'grp-1', domain: 'checkout', status: 'open', change: version === 1 ? 'opened' : 'alert_updated', version, openedAt: T0, updatedAt: T0,
    members, rootCause: { ciId: 'orders-db', score: 0.9, reason: 'upstream of every alerting CI' }, candidates: [{ ciId: 'orders-db', score: 0.9, reason: 'topology' }],
    services: ['checkout'], cis: [...new Set(members.map((m) => m.ciId).filter((c): c is string => c !== null))], maxSeverity: sev, firingCount: members.filter((m) => m.status === 'firing').length, ...x,
  };
}

const stubClassifier = (confidence: number, threshold = 0.7): ClassifyPort => ({
  classify: () => ({ category: 'database', subcategory: 'availability', confidence, applied: confidence >= threshold, source: 'rule', ruleId: 'db', reason: 'stub' }),
});

function setup(over: IncidentPolicyInput = {}, opts: { classifier?: ClassifyPort; runbooks?: RunbookMatcher } = {}) {
  const policy = defaultPolicy(over);
  const reducer = createIncidentReducer(policy);
  let seq = 0;
  let now = T0;
  const ctx = (): ReduceContext => ({
    now,
    cmdb,
    classifier: opts.classifier ?? stubClassifier(0.9),
    runbooks: opts.runbooks ?? { match: () => [] },
    changes: { onCis: (ids, from, to) => changes.filter((c) => ids.has(c.ciId) && c.startedAt <= to && (c.endedAt ?? c.startedAt) >= from) },
    allocateNumber: () => formatIncidentNumber(3, ++seq),
  });
  return {
    policy, reducer, ctx,
    at: (t: number) => { now = t; },
    open(members = [member('a1'), member('a2', { ciId: 'checkout-api' })]): Incident {
      const r = reducer.applyGroup(undefined, group(1, members), ctx());
      if (r.incident === null) throw new Error('not opened');
      return r.incident;
    },
    cmd(inc: Incident | undefined, action: string, params: Record<string, unknown> = {}, reason = '', id = `cmd-${Math.random()}`): ReturnType<typeof reducer.applyCommand> {
      const c: IncidentCommand = { id, incidentId: inc?.id ?? 'inc_x', at: now, actor: { kind: 'user', id: 'alice' }, action, reason, params };
      return reducer.applyCommand(inc, c, ctx());
    },
  };
}

describe('incident creation from correlation groups', () => {
  it('registers one incident per group with a deterministic id, number, CIs, services, priority and timeline', () => {
    const s = setup();
    const r = s.reducer.applyGroup(undefined, group(1, [member('a1'), member('a2', { ciId: 'checkout-api' })]), s.ctx());
    const inc = r.incident!;
    expect(inc.id).toBe(incidentIdForGroup('grp-1'));
    expect(inc.number).toBe('INC-03000001');
    expect(inc.origin).toBe('monitoring');
    expect(inc.affectedCis).toEqual(expect.arrayContaining(['orders-db', 'checkout-api']));
    expect(inc.affectedServices).toEqual(['checkout']);
    expect(inc.rootCauseCi).toBe('orders-db');
    expect(inc.assignmentGroup).toBe('team-dba');
    expect(inc.impact).toBe('high');
    expect(inc.urgency).toBe('high');
    expect(inc.priority).toBe('P1');
    expect(inc.priorityReason).toMatch(/impact high .* urgency high .* → P1/);
    expect(inc.sla).toMatchObject({ responseDueAt: T0 + 15 * MIN, resolutionDueAt: T0 + 60 * MIN });
    expect(r.events[0]).toMatchObject({ type: 'created', version: 1, id: `${inc.id}:1` });
    expect(inc.version).toBe(r.events.length);
    expect(r.notifications.map((n) => n.kind)).toEqual(expect.arrayContaining(['opened', 'major_declared']));
    expect(inc.major).toBe(true);
  });

  it('a single transient warning does not open; a critical alert or two alerts do; a lasting one after the delay', () => {
    const s = setup();
    const blip = group(1, [member('w1', { severity: 'warning' })]);
    expect(s.reducer.applyGroup(undefined, blip, s.ctx()).incident).toBeNull();
    expect(s.reducer.shouldOpen(blip, T0 + 2 * MIN).open).toBe(true);
    expect(s.reducer.shouldOpen({ ...blip, members: [member('w1', { severity: 'warning', status: 'resolved' })] }, T0 + 10 * MIN).open).toBe(false);
    expect(s.reducer.shouldOpen(group(1, [member('c1', { severity: 'critical' })]), T0).open).toBe(true);
    expect(s.reducer.shouldOpen(group(1, [member('w1', { severity: 'warning' }), member('w2', { severity: 'warning' })]), T0).open).toBe(true);
    expect(s.reducer.shouldOpen(group(1, [member('i1', { severity: 'info' }), member('i2', { severity: 'info' })]), T0 + 60 * MIN).open).toBe(false);
    expect(s.reducer.shouldOpen(group(1, [member('s1', { severity: 'critical', suppressed: true })]), T0).open).toBe(false);
  });

  it('updates as alerts join and the root cause changes; replaying a group version changes nothing', () => {
    const s = setup();
    const inc = s.open();
    const g2 = group(2, [member('a1'), member('a2', { ciId: 'checkout-api' }), member('a3', { ciId: 'db-host-1', title: 'host down' })], { rootCause: { ciId: 'db-host-1', score: 0.95, reason: 'host under the db' } });
    const r = s.reducer.applyGroup(inc, g2, s.ctx());
    expect(r.events.map((e) => e.type)).toEqual(expect.arrayContaining(['alert_added', 'root_cause_changed']));
    expect(r.incident!.alertIds).toEqual(['a1', 'a2', 'a3']);
    expect(r.incident!.rootCauseCi).toBe('db-host-1');
    const again = s.reducer.applyGroup(r.incident!, g2, s.ctx());
    expect(again.events).toHaveLength(0);
    expect(again.incident).toBe(r.incident);
  });

  it('lists recent changes on affected CIs and their dependencies as suspects, with the gap', () => {
    const s = setup();
    const inc = s.open();
    expect(inc.changeSuspects.map((c) => c.changeId)).toEqual(['CHG-1']);
    expect(inc.changeSuspects[0]).toMatchObject({ ciId: 'db-host-1', via: 'orders-db', gapMs: 30 * MIN, risk: 'high' });
  });
});

describe('reassessment', () => {
  it('a change record imported after the incident opened becomes a suspect; CMDB criticality changes move the priority', () => {
    const s = setup();
    const inc = s.open();
    expect(s.reducer.reassess(inc, s.ctx()).events).toHaveLength(0);
    changes.push({ id: 'CHG-LATE', ciId: 'orders-db', startedAt: T0 - 15 * MIN, endedAt: T0 - 12 * MIN, description: 'index rebuild', risk: 'medium', status: 'completed' });
    try {
      const r = s.reducer.reassess(inc, s.ctx());
      expect(r.events.map((e) => e.type)).toEqual(['change_suspects']);
      expect(r.incident!.changeSuspects.map((c) => c.changeId)).toEqual(['CHG-LATE', 'CHG-1']);
    } finally {
      changes.pop();
    }
    const low = createCmdbGraph([...cmdb.all()].map((c) => (c.id === 'checkout' ? { ...c, criticality: 'low' as const, users: 5 } : c)));
    const r2 = s.reducer.reassess(inc, { ...s.ctx(), cmdb: low });
    expect(r2.events.map((e) => e.type)).toContain('priority_changed');
    expect(r2.incident!.impact).not.toBe('high');
  });
});

describe('classification', () => {
  it('applies the category above the threshold', () => {
    const s = setup({}, { classifier: stubClassifier(0.92) });
    const inc = s.open();
    expect(inc).toMatchObject({ category: 'database', subcategory: 'availability', categoryApplied: true, categoryConfidence: 0.92, categorySource: 'rule' });
  });

  it('below the threshold it is a suggestion; an SRE confirms or corrects it and that becomes training data', () => {
    const s = setup({}, { classifier: stubClassifier(0.4) });
    const inc = s.open();
    expect(inc).toMatchObject({ category: 'database', categoryApplied: false, categoryConfidence: 0.4 });
    expect(trainingExample(inc, cmdb)).toBeNull();
    const r = s.cmd(inc, 'set_category', { category: 'infrastructure', subcategory: 'host' }, 'it was the host');
    expect(r.incident).toMatchObject({ category: 'infrastructure', subcategory: 'host', categoryApplied: true, categorySource: 'human', categoryConfidence: 1 });
    expect(r.events[0]).toMatchObject({ type: 'category_corrected', data: { previous: { category: 'database' } } });
    expect(trainingExample(r.incident!, cmdb)).toMatchObject({ label: 'infrastructure/host', ciTypes: expect.arrayContaining(['database']) });
    const c = s.cmd(inc, 'set_category');
    expect(c.events[0]!.type).toBe('category_confirmed');
  });

  it('with no classification the category stays empty', () => {
    const none: ClassifyPort = { classify: () => ({ category: null, subcategory: null, confidence: 0, applied: false, source: null, ruleId: null, reason: 'none' }) };
    expect(setup({}, { classifier: none }).open()).toMatchObject({ category: null, categoryApplied: false });
  });
});

const ACTIONS: ReadonlyArray<[string, IncidentState, Record<string, unknown>]> = [
  ['acknowledge', 'acknowledged', {}],
  ['start', 'in_progress', {}],
  ['hold', 'on_hold', {}],
  ['resume', 'in_progress', {}],
  ['resolve', 'resolved', { code: 'fixed' }],
  ['close', 'closed', {}],
  ['reopen', 'in_progress', {}],
];

const PATH: Record<IncidentState, string[]> = {
  new: [],
  acknowledged: ['acknowledge'],
  in_progress: ['start'],
  on_hold: ['start', 'hold'],
  resolved: ['resolve'],
  closed: ['resolve', 'close'],
};

describe('lifecycle', () => {
  it('the table: new → acknowledged → in_progress ⇄ on_hold → resolved → closed, reopen', () => {
    expect(TRANSITIONS).toEqual({
      new: ['acknowledged', 'in_progress', 'resolved'],
      acknowledged: ['in_progress', 'on_hold', 'resolved'],
      in_progress: ['on_hold', 'resolved'],
      on_hold: ['in_progress', 'resolved'],
      resolved: ['closed', 'in_progress'],
      closed: [],
    });
  });

  const cases: Array<[IncidentState, string, IncidentState, boolean]> = [];
  for (const from of Object.keys(PATH) as IncidentState[]) {
    for (const [action, to] of ACTIONS) {
      let allowed = canTransition(from, to);
      if (action === 'resume') allowed = from === 'on_hold';
      if (action === 'reopen') allowed = from === 'resolved';
      if (action === 'start' && from === 'resolved') allowed = false; // reopening is its own action
      cases.push([from, action, to, allowed]);
    }
  }

  it.each(cases)('from %s, %s (→ %s) allowed=%s', (from, action, to, allowed) => {
    const s = setup({ major: { priorities: [], minServices: 9, criticalServiceDown: false, requireProblemToClose: true } });
    let inc = s.open();
    for (const step of PATH[from]) inc = s.cmd(inc, step, step === 'resolve' ? { code: 'fixed' } : {}).incident!;
    expect(inc.state).toBe(from);
    const params = ACTIONS.find((a) => a[0] === action)![2];
    const r = s.cmd(inc, action === 'start' && from === 'resolved' ? 'start' : action, params, 'because');
    if (allowed) {
      expect(r.rejected).toBeUndefined();
      expect(r.incident!.state).toBe(to);
      const ev = r.events.find((e) => e.type === 'state_changed')!;
      expect(ev).toMatchObject({ actor: { kind: 'user', id: 'alice' }, reason: 'because', data: { from, to } });
    } else {
      expect(r.rejected?.statusCode).toBe(409);
      expect(r.rejected?.message).toMatch(/cannot/);
      expect(r.incident!.state).toBe(from);
      expect(r.events.map((e) => e.type)).toEqual(['command_rejected']);
      expect(r.incident!.recentCommands.at(-1)).toMatchObject({ outcome: 'rejected', action });
    }
  });

  it('timestamps KPIs: acknowledgedAt, resolvedAt, closedAt, time on hold', () => {
    const s = setup({ major: { priorities: [], minServices: 9, criticalServiceDown: false, requireProblemToClose: true } });
    let inc = s.open();
    s.at(T0 + 2 * MIN);
    inc = s.cmd(inc, 'acknowledge').incident!;
    expect(inc.acknowledgedAt).toBe(T0 + 2 * MIN);
    expect(inc.assignee).toBe('alice');
    inc = s.cmd(inc, 'start').incident!;
    s.at(T0 + 5 * MIN);
    inc = s.cmd(inc, 'hold', {}, 'waiting for supplier').incident!;
    s.at(T0 + 25 * MIN);
    inc = s.cmd(inc, 'resume').incident!;
    expect(inc.onHoldMs).toBe(20 * MIN);
    inc = s.cmd(inc, 'resolve', { code: 'config_fix', notes: 'rolled back' }).incident!;
    expect(inc).toMatchObject({ resolvedAt: T0 + 25 * MIN, resolvedBy: 'human', resolutionCode: 'config_fix', resolutionNotes: 'rolled back' });
    inc = s.cmd(inc, 'close').incident!;
    expect(inc.closedAt).toBe(T0 + 25 * MIN);
  });

  it('commands are idempotent by id and refuse unknown actions or missing parameters clearly', () => {
    const s = setup();
    const inc = s.open();
    const a = s.cmd(inc, 'comment', { text: 'looking' }, '', 'c-1');
    const b = s.cmd(a.incident!, 'comment', { text: 'looking' }, '', 'c-1');
    expect(b.events).toHaveLength(0);
    expect(s.cmd(inc, 'frobnicate').rejected).toMatchObject({ statusCode: 400, message: expect.stringContaining('unknown action') });
    expect(s.cmd(inc, 'resolve').rejected).toMatchObject({ statusCode: 400, message: expect.stringContaining('"code"') });
    expect(s.cmd(inc, 'set_priority', { priority: 'P4' }).rejected).toMatchObject({ statusCode: 400, message: expect.stringContaining('reason') });
    expect(s.cmd(undefined, 'acknowledge').rejected).toMatchObject({ statusCode: 404 });
  });

  it('assignment counts reassignments; priority change with a reason sticks; swarming participants are recorded', () => {
    const s = setup();
    let inc = s.open();
    expect(inc.assignmentGroup).toBe('team-dba');
    inc = s.cmd(inc, 'assign', { group: 'team-infra' }, 'host issue').incident!;
    inc = s.cmd(inc, 'assign', { assignee: 'bob' }).incident!;
    expect(inc).toMatchObject({ assignmentGroup: 'team-infra', assignee: 'bob', reassignments: 1 });
    inc = s.cmd(inc, 'set_priority', { priority: 'P3' }, 'impact overstated').incident!;
    expect(inc.priority).toBe('P3');
    expect(inc.priorityReason).toContain('impact overstated');
    expect(inc.sla!.resolutionTargetMs).toBe(24 * 60 * MIN);
    const r = s.reducer.applyGroup(inc, group(2, [member('a1'), member('a2', { ciId: 'checkout-api' }), member('a9', { severity: 'critical' })]), s.ctx());
    expect(r.incident!.priority).toBe('P3');
    inc = s.cmd(r.incident!, 'add_participant', { participant: 'team-network' }).incident!;
    expect(inc.participants).toEqual(['team-network']);
  });
});

describe('SLA clocks', () => {
  it('warns before and records the breach of the response target, escalating functionally then hierarchically', () => {
    const s = setup();
    const inc = s.open(); // P1: response 15 min
    s.at(T0 + 11 * MIN);
    expect(s.reducer.tick(inc, s.ctx()).events).toHaveLength(0);
    s.at(T0 + 12 * MIN);
    const w = s.reducer.tick(inc, s.ctx());
    expect(w.events.map((e) => e.type)).toEqual(['sla_warning', 'escalated']);
    expect(w.notifications).toEqual([expect.objectContaining({ kind: 'escalated', audience: 'team', target: 'team-dba' })]);
    expect(s.reducer.tick(w.incident!, s.ctx()).events).toHaveLength(0);
    s.at(T0 + 15 * MIN + 1);
    const b = s.reducer.tick(w.incident!, s.ctx());
    expect(b.events.map((e) => e.type)).toEqual(['sla_breached', 'escalated']);
    expect(b.incident!.sla).toMatchObject({ responseBreached: true, responseBreachedAt: T0 + 15 * MIN });
    expect(b.incident!.escalationLevel).toBe(2);
    expect(b.notifications[0]).toMatchObject({ kind: 'sla_breach', audience: 'manager', target: 'incident-managers' });
    expect(b.notifications[1]).toMatchObject({ kind: 'sla_breach', audience: 'major', target: 'major-incident' }); // it is a major incident
  });

  it('acknowledging stops the response clock', () => {
    const s = setup();
    s.at(T0 + 5 * MIN);
    const inc = s.cmd(s.open(), 'acknowledge').incident!;
    s.at(T0 + 16 * MIN);
    expect(s.reducer.tick(inc, s.ctx()).events.filter((e) => e.data.clock === 'response')).toHaveLength(0);
  });

  it('time on hold is excluded from the resolution clock (configurable)', () => {
    for (const excludeOnHold of [true, false]) {
      const s = setup({ sla: { excludeOnHold } });
      let inc = s.cmd(s.open(), 'start').incident!;
      s.at(T0 + 10 * MIN);
      inc = s.cmd(inc, 'hold').incident!;
      s.at(T0 + 70 * MIN);
      expect(s.reducer.tick(inc, s.ctx()).events.some((e) => e.type === 'sla_breached')).toBe(!excludeOnHold);
      inc = s.cmd(inc, 'resume').incident!;
      expect(inc.sla!.resolutionDueAt).toBe(T0 + 60 * MIN + (excludeOnHold ? 60 * MIN : 0));
      s.at(T0 + 100 * MIN);
      inc = s.cmd(inc, 'resolve', { code: 'fixed' }).incident!;
      expect(inc.sla!.resolutionBreached).toBe(!excludeOnHold);
    }
  });
});

describe('auto-resolve and reopen', () => {
  const resolvedAt = T0 + 10 * MIN;
  const quiet = (s: ReturnType<typeof setup>, inc: Incident) =>
    s.reducer.applyGroup(inc, group(2, [member('a1', { status: 'resolved', lastSeen: resolvedAt }), member('a2', { ciId: 'checkout-api', status: 'resolved', lastSeen: resolvedAt })]), s.ctx()).incident!;

  it('resolves when every alert resolved and stayed quiet for the period, not before', () => {
    const s = setup();
    s.at(resolvedAt);
    const inc = quiet(s, s.open());
    expect(inc.alerts.every((a) => a.status === 'resolved')).toBe(true);
    s.at(resolvedAt + 4 * MIN);
    expect(s.reducer.tick(inc, s.ctx()).incident!.state).toBe('new');
    s.at(resolvedAt + 5 * MIN);
    const r = s.reducer.tick(inc, s.ctx()).incident!;
    expect(r).toMatchObject({ state: 'resolved', resolvedBy: 'auto_resolve', resolutionCode: 'auto_resolved', resolvedAt: resolvedAt + 5 * MIN });
  });

  it('one alert still firing keeps it open', () => {
    const s = setup();
    const inc = s.reducer.applyGroup(s.open(), group(2, [member('a1', { status: 'resolved', lastSeen: resolvedAt }), member('a2', { ciId: 'checkout-api' })]), s.ctx()).incident!;
    s.at(resolvedAt + 60 * MIN);
    expect(s.reducer.tick(inc, s.ctx()).incident!.state).not.toBe('resolved');
  });

  it('reopens when a linked alert fires again within the window, not after it', () => {
    const s = setup();
    s.at(resolvedAt);
    let inc = quiet(s, s.open());
    s.at(resolvedAt + 5 * MIN);
    inc = s.reducer.tick(inc, s.ctx()).incident!;
    s.at(resolvedAt + 20 * MIN);
    const refire = group(3, [member('a1', { lastSeen: resolvedAt + 20 * MIN }), member('a2', { ciId: 'checkout-api', status: 'resolved', lastSeen: resolvedAt })]);
    const r = s.reducer.applyGroup(inc, refire, s.ctx());
    expect(r.incident).toMatchObject({ state: 'in_progress', reopenCount: 1 });
    expect(r.incident!.resolvedAt).toBeUndefined();
    expect(r.events.map((e) => e.type)).toEqual(expect.arrayContaining(['alert_refired', 'state_changed']));
    s.at(resolvedAt + 5 * MIN + 61 * MIN);
    const late = s.reducer.applyGroup(inc, refire, s.ctx());
    expect(late.incident!.state).toBe('resolved');
    expect(late.events.map((e) => e.type)).toContain('alert_after_resolution');
  });

  it('a successful runbook makes the auto-resolve "by automation"; a failed one escalates to the owning team', () => {
    const req: RunbookRequest = { id: 'rq-1', runbookId: 'restart-db', incidentId: '', ciId: 'orders-db', at: T0, params: {}, approval: 'not_required', dryRun: false };
    const s = setup({}, { runbooks: { match: (i) => [{ ...req, incidentId: i.id }] } });
    const inc = s.open();
    expect(inc.runbookRuns).toEqual([expect.objectContaining({ requestId: 'rq-1', outcome: 'requested' })]);
    const fail = s.cmd(inc, 'runbook_result', { result: { id: 'res-1', requestId: 'rq-1', runbookId: 'restart-db', incidentId: inc.id, outcome: 'failed', reason: 'exit 1', startedAt: T0, attempts: 2, output: '' } });
    expect(fail.incident!.autoFix).toEqual({ applied: false, reason: 'runbook restart-db failed: exit 1' });
    expect(fail.notifications).toEqual([expect.objectContaining({ kind: 'runbook_failed', audience: 'team', target: 'team-dba' })]);
    const ok = s.cmd(inc, 'runbook_result', { result: { id: 'res-2', requestId: 'rq-1', runbookId: 'restart-db', incidentId: inc.id, outcome: 'succeeded', reason: 'restarted', startedAt: T0, endedAt: T0 + MIN, attempts: 1, output: 'ok' } });
    expect(ok.events.map((e) => e.type)).toEqual(['runbook_succeeded']);
    s.at(resolvedAt);
    const q = quiet(s, ok.incident!);
    s.at(resolvedAt + 5 * MIN);
    expect(s.reducer.tick(q, s.ctx()).incident).toMatchObject({ state: 'resolved', resolvedBy: 'automation', runbookId: 'restart-db', autoFix: { applied: true } });
  });

  it('auto-closes a resolved incident after the configured time, but not a major one without a problem', () => {
    const s = setup();
    s.at(resolvedAt);
    let inc = quiet(s, s.open());
    s.at(resolvedAt + 5 * MIN);
    inc = s.reducer.tick(inc, s.ctx()).incident!;
    expect(inc.major).toBe(true);
    s.at(resolvedAt + 25 * 60 * MIN);
    expect(s.reducer.tick(inc, s.ctx()).incident!.state).toBe('resolved');
    expect(s.cmd(inc, 'close').rejected?.message).toContain('problem');
    inc = s.cmd(inc, 'link_problem', { problemId: 'prb-1' }).incident!;
    expect(inc.modelId).toBeNull(); // a problem without a workaround is no incident model
    expect(s.reducer.tick(inc, s.ctx()).incident).toMatchObject({ state: 'closed', closeCode: 'auto_closed' });
  });

  it('a known error linked with its workaround becomes the incident model', () => {
    const s = setup();
    const inc = s.cmd(s.open(), 'link_problem', { problemId: 'prb-2', workaround: 'logrotate -f', modelId: 'prb-2' }).incident!;
    expect(inc).toMatchObject({ problemId: 'prb-2', modelId: 'prb-2' });
  });
});

describe('merge, split, user reports', () => {
  it('merge closes the source and the target absorbs its alerts; later group changes are forwarded', () => {
    const s = setup();
    const a = s.open();
    const other = s.reducer.applyGroup(undefined, group(1, [member('b1', { ciId: 'search-api', service: 'search', severity: 'critical' })], { id: 'grp-2', rootCause: null, services: ['search'] }), s.ctx()).incident!;
    const m = s.cmd(other, 'merge', { targetId: a.id }, 'same outage');
    expect(m.incident).toMatchObject({ state: 'closed', closeCode: 'merged', mergedInto: a.id });
    expect(m.commands).toHaveLength(1);
    const absorb = m.commands[0]!;
    expect(absorb).toMatchObject({ incidentId: a.id, action: 'absorb' });
    const t = s.reducer.applyCommand(a, absorb, s.ctx());
    expect(t.incident!.alertIds).toEqual(['a1', 'a2', 'b1']);
    expect(t.incident!.affectedServices).toEqual(['checkout', 'search']);
    expect(t.incident!.mergedFrom).toEqual([other.id]);
    expect(s.reducer.applyCommand(t.incident!, absorb, s.ctx()).events).toHaveLength(0);
    const fwd = s.reducer.applyGroup(m.incident!, group(2, [member('b1', { ciId: 'search-api', status: 'resolved', lastSeen: T0 + MIN })], { id: 'grp-2' }), s.ctx());
    expect(fwd.commands[0]).toMatchObject({ incidentId: a.id, action: 'group_change' });
    const t2 = s.reducer.applyCommand(t.incident!, fwd.commands[0]!, s.ctx()).incident!;
    expect(t2.alerts.find((x) => x.alertId === 'b1')!.status).toBe('resolved');
    expect(s.cmd(a, 'merge', { targetId: a.id }).rejected?.statusCode).toBe(400);
  });

  it('when the correlator merges two groups, the incident of the merged group closes into the other', () => {
    const s = setup();
    const a = s.reducer.applyGroup(undefined, group(1, [member('x1', { ciId: 'search-api', service: 'search', severity: 'critical' })], { id: 'gA', rootCause: null, services: ['search'] }), s.ctx()).incident!;
    const b = s.open();
    const moved = member('x1', { ciId: 'search-api', service: 'search', severity: 'critical', rule: 'topology', evidence: { detail: 'merged from gA: orders-db is upstream of its root candidate search-api' } });
    const rb = s.reducer.applyGroup(b, group(2, [member('a1'), member('a2', { ciId: 'checkout-api' }), moved]), s.ctx());
    expect(rb.incident!.alertIds).toEqual(['a1', 'a2', 'x1']);
    const cmd = rb.commands.find((c) => c.action === 'group_merged_into')!;
    expect(cmd).toMatchObject({ incidentId: a.id, params: { targetId: b.id } });
    const ra = s.reducer.applyCommand(a, cmd, s.ctx());
    expect(ra.incident).toMatchObject({ state: 'closed', closeCode: 'merged', mergedInto: b.id });
    const absorb = ra.commands[0]!;
    expect(s.reducer.applyCommand(rb.incident!, absorb, s.ctx()).incident!.mergedFrom).toEqual([a.id]);
    // the merged group's own closing record closes the incident too (whichever comes first)
    const closed = s.reducer.applyGroup(a, group(2, [member('x1', { ciId: 'search-api', service: 'search', severity: 'critical' })], { id: 'gA', status: 'closed', closeReason: 'merged', rootCause: null }), s.ctx());
    expect(closed.incident).toMatchObject({ state: 'closed', closeCode: 'merged' });
    // a merged group that never became an incident: nothing happens
    expect(s.reducer.applyCommand(undefined, { ...cmd, incidentId: 'inc_none' }, s.ctx())).toMatchObject({ incident: null, events: [] });
  });

  it('an alert the correlator moves to another group leaves this incident and joins that group\'s, in either order', () => {
    const s = setup();
    const a = s.open([member('a1'), member('a2', { ciId: 'checkout-api', rule: 'similarity', evidence: { score: 0.8 } })]);
    const b = s.reducer.applyGroup(undefined, group(1, [member('b1', { ciId: 'orders-db', severity: 'critical' })], { id: 'gB' }), s.ctx()).incident!;
    const moved = member('a2', { ciId: 'checkout-api', rule: 'topology', evidence: { hops: 1, movedFrom: 'grp-1', detail: 'moved from grp-1 (similarity, 0.62): checkout-api depends on orders-db' } });
    const removal = group(2, [member('a1')], { change: 'alert_removed', removed: [{ alertId: 'a2', fingerprint: 'fp-a2', movedTo: 'gB', reason: 'checkout-api depends on orders-db' }] });
    // the target first, then the source
    const rb = s.reducer.applyGroup(b, group(2, [member('b1', { severity: 'critical' }), moved], { id: 'gB', change: 'alert_added' }), s.ctx());
    expect(rb.incident!.alertIds).toEqual(['b1', 'a2']);
    expect(rb.commands).toHaveLength(0); // a move is not a merge: the source incident stays open
    const ra = s.reducer.applyGroup(a, removal, s.ctx());
    expect(ra.incident!.alertIds).toEqual(['a1']);
    expect(ra.incident!.state).not.toBe('closed');
    expect(ra.events.find((e) => e.type === 'alert_removed')).toMatchObject({ data: { alertId: 'a2', movedTo: 'gB' } });
    // replaying the removal changes nothing; the source first gives the same end state
    expect(s.reducer.applyGroup(ra.incident!, removal, s.ctx()).events).toHaveLength(0);
    const a2 = s.reducer.applyGroup(a, removal, s.ctx()).incident!;
    expect(a2.alertIds).toEqual(['a1']);
  });

  it('an alert moved into a group this incident absorbed stays; an incident whose every alert moved away closes', () => {
    const s = setup();
    const a = s.open([member('a1'), member('a2', { ciId: 'checkout-api' })]);
    // grp-1 moves a2 to itself-followed group gB (absorbed earlier): a2 stays
    const followed = { ...a, attributes: { ...a.attributes, groupVersions: { gB: 3 } } };
    const keep = s.reducer.applyGroup(followed, group(2, [member('a1')], { change: 'alert_removed', removed: [{ alertId: 'a2', fingerprint: 'fp-a2', movedTo: 'gB', reason: 'x' }] }), s.ctx());
    expect(keep.incident!.alertIds).toEqual(['a1', 'a2']);
    // a split-off incident's last alert is listed by a group that moves it away
    const gone = s.reducer.applyGroup(a, group(2, [], { change: 'alert_removed', removed: [{ alertId: 'a1', fingerprint: 'fp-a1', movedTo: 'gC', reason: 'x' }, { alertId: 'a2', fingerprint: 'fp-a2', movedTo: 'gC', reason: 'x' }] }), s.ctx());
    expect(gone.incident).toMatchObject({ state: 'closed', closeCode: 'moved', alertIds: [] });
  });

  it('affected CIs and services follow the current alerts: a moved or split-out alert takes its CI along, unless another alert, the root cause or a person still holds it', () => {
    const s = setup();
    const members = [member('a1'), member('a2', { ciId: 'checkout-api' }), member('a3', { ciId: 'search-api', service: 'search' }), member('a4', { ciId: 'checkout-api' }), member('a5', { ciId: 'users-db' })];
    const a = s.open(members);
    expect(a.affectedCis).toEqual(['orders-db', 'checkout-api', 'search-api', 'users-db']);
    expect(a.affectedServices).toEqual(['checkout', 'search']);
    const moved = (version: number, keep: GroupMember[], gone: string[]) => group(version, keep, { change: 'alert_removed', removed: gone.map((id) => ({ alertId: id, fingerprint: `fp-${id}`, movedTo: 'gB', reason: 'x' })) });
    // a3 moves away: search-api goes with it; a2 moves away: checkout-api stays (a4 is on it)
    const r1 = s.reducer.applyGroup(a, moved(2, [members[0]!, members[3]!, members[4]!], ['a3', 'a2']), s.ctx()).incident!;
    expect(r1.alertIds).toEqual(['a1', 'a4', 'a5']);
    expect(r1.affectedCis).toEqual(['orders-db', 'checkout-api', 'users-db']);
    expect(r1.affectedServices).toEqual(['checkout']); // the business service of the alert that left goes too
    // the root cause CI stays even when its own alert leaves
    const r2 = s.reducer.applyGroup(r1, moved(3, [members[3]!, members[4]!], ['a1']), s.ctx()).incident!;
    expect(r2.affectedCis).toEqual(['orders-db', 'checkout-api', 'users-db']);
    // a split-out alert's CI leaves, and the next group version (still listing it) does not bring it back
    const split = s.cmd(r2, 'split', { alertIds: ['a5'] }, 'other cause', 'split-ci').incident!;
    expect(split.affectedCis).toEqual(['orders-db', 'checkout-api']);
    const later = s.reducer.applyGroup(split, group(4, [members[3]!, members[4]!]), s.ctx()).incident!;
    expect(later.affectedCis).toEqual(['orders-db', 'checkout-api']);
  });

  it('CIs and services a person named (user reports\' services) stay on the incident they are merged into after the alerts on them move away', () => {
    const s = setup();
    const rc = { rootCause: { ciId: 'search-api', score: 0.9, reason: 'x' }, candidates: [] };
    const mon = s.reducer.applyGroup(undefined, group(1, [member('a1', { ciId: 'search-api', service: 'search' }), member('a2', { ciId: 'checkout-api' })], rc), s.ctx()).incident!;
    const report = (id: string, service: string) => s.reducer.applyCommand(undefined, { id, incidentId: `inc_user_${id}`, at: T0, actor: { kind: 'user', id: 'desk' }, action: 'report', reason: '', params: { description: `${service} is down`, service } }, s.ctx()).incident!;
    // 'checkout' is a CMDB business service (a CI); 'billing' is a service name the CMDB does not know
    let target = mon;
    for (const rep of [report('rep-1', 'checkout'), report('rep-2', 'billing')]) {
      const merged = s.cmd(rep, 'merge', { targetId: mon.id }, 'same outage', `merge-${rep.id}`);
      target = s.reducer.applyCommand(target, merged.commands[0]!, s.ctx()).incident!;
    }
    expect(target.affectedCis).toEqual(expect.arrayContaining(['search-api', 'checkout-api', 'checkout']));
    expect(target.affectedServices).toEqual(['billing', 'checkout', 'search']);
    const after = s.reducer.applyGroup(target, group(2, [member('a1', { ciId: 'search-api', service: 'search' })], { ...rc, change: 'alert_removed', removed: [{ alertId: 'a2', fingerprint: 'fp-a2', movedTo: 'gB', reason: 'x' }] }), s.ctx()).incident!;
    expect(after.affectedCis).toEqual(['search-api', 'checkout']);
    expect(after.affectedServices).toEqual(['billing', 'checkout', 'search']);
    // the same incident without the reports loses checkout with the alert
    const alone = s.reducer.applyGroup(mon, group(2, [member('a1', { ciId: 'search-api', service: 'search' })], { ...rc, change: 'alert_removed', removed: [{ alertId: 'a2', fingerprint: 'fp-a2', movedTo: 'gB', reason: 'x' }] }), s.ctx()).incident!;
    expect(alone.affectedCis).toEqual(['search-api']);
    expect(alone.affectedServices).toEqual(['search']);
  });

  it('split moves alerts into a new incident and keeps them out of the source', () => {
    const s = setup();
    const a = s.reducer.applyGroup(undefined, group(1, [member('a1'), member('a2', { ciId: 'search-api', service: 'search', title: 'search slow' })]), s.ctx()).incident!;
    const r = s.cmd(a, 'split', { alertIds: ['a2'] }, 'different cause', 'split-1');
    expect(r.incident!.alertIds).toEqual(['a1']);
    const create = r.commands[0]!;
    expect(create).toMatchObject({ action: 'create_split' });
    const n = s.reducer.applyCommand(undefined, create, s.ctx()).incident!;
    expect(n).toMatchObject({ id: create.incidentId, splitFrom: a.id, alertIds: ['a2'], affectedServices: ['search'], assignmentGroup: 'team-search' });
    expect(n.number).not.toBe(a.number);
    const later = s.reducer.applyGroup(r.incident!, group(2, [member('a1'), member('a2', { ciId: 'search-api', service: 'search' })]), s.ctx());
    expect(later.incident!.alertIds).toEqual(['a1']);
    expect(s.cmd(a, 'split', { alertIds: ['a1', 'a2'] }).rejected?.message).toContain('at least one');
    expect(s.cmd(a, 'split', { alertIds: ['zz'] }).rejected?.statusCode).toBe(400);
  });

  it('a user report registers an incident, and linking it records when users reported the monitored one', () => {
    const s = setup({}, { classifier: stubClassifier(0.95) });
    const mon = s.open();
    s.at(T0 + 7 * MIN);
    const rep = s.reducer.applyCommand(undefined, { id: 'rep-1', incidentId: 'inc_user_1', at: T0 + 7 * MIN, actor: { kind: 'user', id: 'desk' }, action: 'report', reason: '', params: { reporter: 'carol@example.com', description: 'Checkout page fails with an error', service: 'checkout' } }, s.ctx()).incident!;
    expect(rep).toMatchObject({ origin: 'user', reporter: 'carol@example.com', userReportedAt: T0 + 7 * MIN, affectedServices: ['checkout'], category: 'database', categoryApplied: false, assignmentGroup: 'team-checkout' });
    const link = s.cmd(rep, 'link_to', { targetId: mon.id });
    expect(link.incident).toMatchObject({ state: 'closed', closeCode: 'linked', mergedInto: mon.id });
    const t = s.reducer.applyCommand(mon, link.commands[0]!, s.ctx()).incident!;
    expect(t.userReportedAt).toBe(T0 + 7 * MIN);
    expect(t.userReports).toEqual([expect.objectContaining({ reporter: 'carol@example.com', incidentId: rep.id })]);
    expect(t.detectedAt).toBeLessThan(t.userReportedAt!);
    expect(s.cmd(mon, 'link_to', { targetId: rep.id }).rejected?.statusCode).toBe(409);
  });
});

describe('major incidents and notifications', () => {
  it('flags a major incident on configurable criteria and notifies the MIM channel once', () => {
    const s = setup({ major: { priorities: ['P1'], minServices: 2, criticalServiceDown: true, requireProblemToClose: true } });
    const inc = s.open();
    expect(inc.major).toBe(true);
    const r = s.reducer.applyGroup(inc, group(2, [member('a1'), member('a2', { ciId: 'checkout-api' }), member('a3')]), s.ctx());
    expect(r.notifications.filter((n) => n.kind === 'major_declared')).toHaveLength(0);
    const low = setup({ major: { priorities: [], minServices: 5, criticalServiceDown: false, requireProblemToClose: true } }).open();
    expect(low.major).toBe(false);
  });

  it('holds notifications back while every firing alert is flapping or suppressed', () => {
    const s = setup();
    const r = s.reducer.applyGroup(undefined, group(1, [member('f1', { flapping: true, severity: 'critical' })]), s.ctx());
    expect(r.notifications).toHaveLength(0);
    expect(r.events.map((e) => e.type)).toContain('notification_held');
  });
});

describe('incident record (R22)', () => {
  it('carries every field, derived from the CMDB and the alerts', () => {
    const s = setup();
    s.at(T0 + MIN);
    const inc = s.reducer.applyGroup(undefined, group(1, [
      member('a1', { title: 'orders-db connections exhausted', template: 'orders-db connections exhausted', firstSeen: T0 + 20_000, severity: 'critical' }),
      member('a2', { ciId: 'checkout-api', title: 'checkout 5xx', template: 'checkout <n>xx', firstSeen: T0 + 40_000 }),
    ]), s.ctx()).incident!;
    const rec = inc.record!;
    expect(rec.failingCi).toEqual({ id: 'orders-db', name: 'orders-db', type: 'database' });
    expect(rec.failingService).toBe('checkout');
    expect(rec.impactedServices).toEqual(['checkout']);
    expect(rec.impactedUsers).toBe(5000);
    expect(rec.dependentCis).toBe(1);
    expect(rec.symptoms).toEqual(['orders-db connections exhausted', 'checkout <n>xx']);
    expect(rec.firstObservedAt).toBe(T0 + 20_000);
    expect(rec).toHaveProperty('lastKnownGoodAt');
    expect(rec.autoFix).toEqual({ applied: false, reason: 'no runbook matched this incident' });
    expect(rec.location).toEqual({ site: 'fra1', region: 'eu-central', cluster: 'pg-main' });
    expect(rec.similarCis).toEqual(['billing-db', 'users-db']);
    expect(rec.sequence.map((x) => [x.kind, x.ref])).toEqual([['change', 'CHG-1'], ['alert_fired', 'a1'], ['alert_fired', 'a2']]);
    expect(rec.unmappedCi).toBe(false);
  });
});
