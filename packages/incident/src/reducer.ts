import { severityRank, stableId } from '@aiops/model';
import type { Actor, CorrelationGroup, GroupMember, Incident, IncidentAlert, IncidentCommand, IncidentEvent, Priority, RunbookRequest, RunbookResult, Severity } from '@aiops/model';
import { isAiopsError } from '@aiops/errors';
import { CommandConflict, CommandInvalid, IncidentUnknown } from './errors.js';
import { Draft, SYSTEM } from './draft.js';
import { isOpen } from './lifecycle.js';
import type { Notification } from './notification.js';
import type { IncidentPolicy } from './policy.js';
import type { ReduceContext } from './ports.js';
import { assessImpact, assessUrgency, impactFacts, prioritise, priorityRank } from './priority.js';
import { completeRecord } from './record.js';
import { slaFor, slaSignals } from './sla.js';
import { changeSuspects } from './suspects.js';

/** StepResult is what one reducer step produced; `incident` is null when nothing exists (yet). */
export interface StepResult {
  readonly incident: Incident | null;
  readonly events: readonly IncidentEvent[];
  readonly notifications: readonly Notification[];
  /** follow-up commands for other incidents (merge, split, link), keyed by their incident id. */
  readonly commands: readonly IncidentCommand[];
  readonly runbookRequests: readonly RunbookRequest[];
  /** set when a command was refused: the reason is also on the timeline and in recentCommands. */
  readonly rejected?: { readonly code: string; readonly message: string; readonly statusCode: number; readonly field?: string };
}

export interface IncidentReducer {
  /** shouldOpen: does this group (not yet an incident) meet the open policy at `now`? */
  shouldOpen(group: CorrelationGroup, now: number): { open: boolean; reason: string };
  applyGroup(current: Incident | undefined, group: CorrelationGroup, ctx: ReduceContext): StepResult;
  applyCommand(current: Incident | undefined, command: IncidentCommand, ctx: ReduceContext): StepResult;
  tick(current: Incident, ctx: ReduceContext): StepResult;
  /** reassess recomputes impact, priority, SLA and change suspects after CMDB or change records changed (R38, R95). */
  reassess(current: Incident, ctx: ReduceContext): StepResult;
}

const NOTHING = (incident: Incident | null): StepResult => ({ incident, events: [], notifications: [], commands: [], runbookRequests: [] });

/** incidentIdForGroup: one incident per correlation group, deterministic (replays find the same one). */
export function incidentIdForGroup(groupId: string): string {
  return stableId('inc_', groupId);
}

function result(d: Draft): StepResult {
  if (d.inc.record !== undefined) d.inc.record = { ...d.inc.record, autoFix: { ...d.inc.autoFix } };
  return { incident: d.inc, events: d.events, notifications: d.notifications, commands: d.commands, runbookRequests: d.runbookRequests };
}

function maxSeverity(alerts: readonly IncidentAlert[], fallback: Severity): Severity {
  const firing = alerts.filter((a) => a.status === 'firing');
  const pool = firing.length > 0 ? firing : alerts;
  let best: Severity | null = null;
  for (const a of pool) if (best === null || severityRank(a.severity) > severityRank(best)) best = a.severity;
  return best ?? fallback;
}

function toAlert(m: GroupMember, prev: IncidentAlert | undefined): IncidentAlert {
  const resolvedAt = m.status === 'resolved' ? (prev?.status === 'resolved' && prev.resolvedAt !== undefined ? prev.resolvedAt : m.lastSeen) : undefined;
  return {
    alertId: m.alertId, title: m.title, template: m.template, severity: m.severity, status: m.status, ciId: m.ciId, service: m.service,
    firstSeen: prev ? Math.min(prev.firstSeen, m.firstSeen) : m.firstSeen, lastSeen: m.lastSeen,
    ...(resolvedAt !== undefined ? { resolvedAt } : {}),
    flapping: m.flapping, suppressed: m.suppressed, rule: m.rule,
    ...(m.labels !== undefined ? { labels: m.labels } : prev?.labels !== undefined ? { labels: prev.labels } : {}),
  };
}

function str(params: Record<string, unknown>, key: string, required: true): string;
function str(params: Record<string, unknown>, key: string, required?: false): string | undefined;
function str(params: Record<string, unknown>, key: string, required = false): string | undefined {
  const v = params[key];
  if (typeof v === 'string' && v.trim() !== '') return v.trim();
  if (required) throw CommandInvalid(`parameter "${key}" is required`, key);
  return undefined;
}

/**
 * named: the CIs (`reportedCis`) or business services (`reportedServices`) people named on the incident
 * (a user report's service), kept whatever happens to its alerts. A user-reported incident stored
 * before these were recorded keeps all it had (`stored`): nothing tells which were named.
 */
function named(i: Incident, key: 'reportedCis' | 'reportedServices', stored: readonly string[]): readonly string[] {
  const list = i.attributes[key] as string[] | undefined;
  if (list !== undefined) return list;
  return i.origin === 'user' ? stored : [];
}

/** MERGED_FROM reads the correlator's evidence on members it moved from a merged group. */
const MERGED_FROM = /^merged from (\S+?):/;

const PRIORITIES: readonly Priority[] = ['P1', 'P2', 'P3', 'P4', 'P5'];

/**
 * createIncidentReducer builds the pure incident state machine:
 * `(incident, groupChange | command | tick) -> {incident, events, notifications, commands, runbookRequests}`.
 * No I/O and no clock: `ctx.now` is the time, the CMDB, classifier, runbook matcher and change records
 * are ports. The service applies steps in input order per incident (one writer per incident).
 */
export function createIncidentReducer(policy: IncidentPolicy): IncidentReducer {
  function blank(id: string, number: string, origin: Incident['origin'], now: number): Incident {
    return {
      id, number, version: 0, origin, groupId: null, title: '', description: '', state: 'new', severity: 'warning',
      impact: 'low', urgency: 'low', priority: 'P5', priorityReason: '', major: false, category: null, subcategory: null,
      categoryConfidence: null, categoryApplied: false, assignmentGroup: null, assignee: null, affectedCis: [], affectedServices: [],
      rootCauseCi: null, alertIds: [], problemId: null, detectedAt: now, occurredAt: now, updatedAt: now, reassignments: 0, reopenCount: 0,
      attributes: {}, categorySource: null, categoryRule: null, reporter: null, onHoldMs: 0, resolutionCode: null, resolutionNotes: null,
      closeCode: null, modelId: null, runbookId: null, autoFix: { applied: false, reason: 'no runbook matched yet' }, escalationLevel: 0,
      participants: [], mergedInto: null, mergedFrom: [], splitFrom: null, userReports: [], alerts: [], changeSuspects: [],
      rootCauseCandidates: [], runbookRuns: [], groupVersion: 0, recentCommands: [],
    };
  }

  /**
   * affectedCisOf: the CIs of the incident's current alerts, its root cause and the CIs people named
   * (reportedCis), in their previous order, new ones after. An alert that moved to another group or was
   * split out takes its CI along unless something else still holds it.
   */
  function affectedCisOf(i: Incident): string[] {
    const cis = new Set<string>();
    if (i.rootCauseCi !== null) cis.add(i.rootCauseCi);
    for (const a of i.alerts) if (a.ciId !== null) cis.add(a.ciId);
    for (const c of named(i, 'reportedCis', i.affectedCis)) cis.add(c);
    return [...i.affectedCis.filter((c) => cis.has(c)), ...[...cis].filter((c) => !i.affectedCis.includes(c))];
  }

  /** refresh recomputes everything derived (R38): CIs, services, severity, priority, SLA, major, suspects, record. */
  function refresh(d: Draft, ctx: ReduceContext, actor: Actor, why: string): void {
    const i = d.inc;
    i.affectedCis = affectedCisOf(i);
    i.alertIds = i.alerts.map((a) => a.alertId);
    i.severity = maxSeverity(i.alerts, i.severity);
    // business services follow the alerts too: their CIs' services (CMDB), the services they name, and
    // the services people named (a user report's)
    const extra = new Set<string>(named(i, 'reportedServices', i.affectedServices));
    for (const a of i.alerts) if (a.service !== null) extra.add(a.service);
    const facts = impactFacts(ctx.cmdb, i.affectedCis, [...extra], i.rootCauseCi);
    i.affectedServices = [...facts.services];
    const impact = assessImpact(facts, policy.impact);
    const urgency = i.origin === 'user' && i.alerts.length === 0
      ? { level: (i.attributes.reportedUrgency as 'high' | 'medium' | 'low' | undefined) ?? 'medium', reasons: ['reported by a user'] }
      : assessUrgency(i.severity, facts.serviceCis, policy.urgency);
    const pr = prioritise(impact, urgency, policy.matrix);
    const manual = i.attributes.priorityManual === true;
    const prevPriority = i.priority;
    const first = i.priorityReason === '';
    if (pr.impact !== i.impact || pr.urgency !== i.urgency || (!manual && pr.priority !== i.priority) || first) {
      i.impact = pr.impact;
      i.urgency = pr.urgency;
      if (!manual) {
        i.priority = pr.priority;
        i.priorityReason = pr.reason;
      }
      if (!first) d.emit('priority_changed', actor, `${why}: ${pr.reason}${manual ? ' (priority kept: set by a person)' : ''}`, { from: prevPriority, to: i.priority, impact: pr.impact, urgency: pr.urgency });
    }
    if (i.sla === undefined || prevPriority !== i.priority) i.sla = slaFor(i.priority, i.detectedAt, i.onHoldMs, i.sla, policy.sla);
    // assignment group: the team of the failing CI (R71), else its owner, else a service's team
    if (i.assignmentGroup === null) {
      const failing = i.rootCauseCi ?? i.affectedCis[0];
      const candidates = [failing, ...i.affectedCis, ...i.affectedServices].filter((x): x is string => x !== undefined);
      let team: string | null = null;
      for (const id of candidates) {
        const ci = ctx.cmdb.get(id);
        team = ci?.supportGroup ?? ci?.owner ?? null;
        if (team !== null) break;
      }
      i.assignmentGroup = team ?? policy.defaultAssignmentGroup;
      if (i.version > 0) d.emit('assigned', SYSTEM, `assignment group from the CMDB owner of ${failing ?? 'the affected CIs'}`, { group: i.assignmentGroup, assignee: null });
    }
    i.changeSuspects = changeSuspects(i.affectedCis, i.occurredAt, ctx.cmdb, ctx.changes, policy.changes);
    const history = (i.attributes.alertHistory as IncidentAlert[] | undefined) ?? [];
    i.record = completeRecord(i, ctx.cmdb, facts.users, facts.dependents, i.changeSuspects, history);
    checkMajor(d, facts.serviceCis.filter((s) => s.criticality === 'critical').length > 0, actor);
  }

  function checkMajor(d: Draft, criticalService: boolean, actor: Actor): void {
    const i = d.inc;
    if (i.major || !isOpen(i.state)) return;
    const reasons: string[] = [];
    if (policy.major.priorities.includes(i.priority)) reasons.push(`priority ${i.priority}`);
    if (i.affectedServices.length >= policy.major.minServices) reasons.push(`${i.affectedServices.length} business services affected`);
    if (policy.major.criticalServiceDown && criticalService && i.severity === 'critical') reasons.push('a critical business service has a critical alert');
    if (reasons.length === 0) return;
    i.major = true;
    d.emit('major_declared', actor, reasons.join('; '), { reasons });
    d.notify('major_declared', 'major', policy.majorChannel, `Major incident ${i.number}: ${reasons.join('; ')}. Services: ${i.affectedServices.join(', ') || 'unknown'}`);
  }

  function classify(d: Draft, ctx: ReduceContext): void {
    const i = d.inc;
    if (i.categorySource === 'human') return;
    const ciTypes = [...new Set(i.affectedCis.map((id) => ctx.cmdb.get(id)?.type).filter((t): t is string => t !== undefined))];
    const text = [i.title, i.description, ...new Set(i.alerts.map((a) => a.template))].join('\n');
    const c = ctx.classifier.classify({ text, ciTypes });
    if (c.category === null) return;
    if (c.category === i.category && c.subcategory === i.subcategory && c.applied === i.categoryApplied) return;
    i.category = c.category;
    i.subcategory = c.subcategory;
    i.categoryConfidence = c.confidence;
    i.categoryApplied = c.applied;
    i.categorySource = c.source;
    i.categoryRule = c.ruleId;
    d.emit(c.applied ? 'category_applied' : 'category_suggested', SYSTEM, c.reason, { category: c.category, subcategory: c.subcategory, confidence: c.confidence, source: c.source });
  }

  function requestRunbooks(d: Draft, ctx: ReduceContext, trigger: string): void {
    const reqs = ctx.runbooks.match(d.inc, trigger, ctx.now);
    if (reqs.length === 0) {
      d.inc.autoFix = { applied: false, reason: 'no runbook matched this incident' };
      return;
    }
    for (const r of reqs) {
      d.runbookRequests.push(r);
      d.inc.runbookRuns.push({ requestId: r.id, runbookId: r.runbookId, outcome: 'requested', reason: trigger, at: ctx.now, resultIds: [] });
      d.emit('runbook_requested', SYSTEM, `runbook ${r.runbookId} requested (${trigger})${r.approval === 'required' ? ', waiting for approval' : ''}`, { requestId: r.id, runbookId: r.runbookId, approval: r.approval });
    }
    d.inc.autoFix = { applied: false, reason: `runbook ${reqs.map((r) => r.runbookId).join(', ')} requested` };
  }

  function announceOpen(d: Draft, ctx: ReduceContext): void {
    const i = d.inc;
    d.notify('opened', 'team', i.assignmentGroup ?? policy.defaultAssignmentGroup, `${i.number} opened (${i.priority}): ${i.title}. ${i.priorityReason}`);
    requestRunbooks(d, ctx, 'open');
  }

  /** mergeMembers folds a group's members into the incident's alerts and records what changed. */
  function mergeMembers(d: Draft, group: CorrelationGroup, now: number): { refired: boolean; mergedGroups: Set<string>; removed: number } {
    const i = d.inc;
    const splitOut = new Set((i.attributes.splitOut as string[] | undefined) ?? []);
    const byId = new Map(i.alerts.map((a) => [a.alertId, a] as const));
    let refired = false;
    const mergedGroups = new Set<string>();
    const history = [...((i.attributes.alertHistory as IncidentAlert[] | undefined) ?? [])];
    for (const m of group.members) {
      if (splitOut.has(m.alertId)) continue;
      const prev = byId.get(m.alertId);
      const next = toAlert(m, prev);
      byId.set(m.alertId, next);
      if (prev === undefined) {
        const src = MERGED_FROM.exec(m.evidence.detail ?? '')?.[1];
        if (src !== undefined && src !== group.id && src !== i.groupId) mergedGroups.add(src);
        if (i.version > 0) d.emit('alert_added', SYSTEM, `alert joined the correlation group by rule ${m.rule}`, { alertId: m.alertId, title: m.title, ciId: m.ciId, rule: m.rule, evidence: m.evidence });
        if (m.status === 'firing' && i.state === 'resolved') refired = true;
      } else if (prev.status === 'firing' && next.status === 'resolved') {
        history.push(next);
        d.emit('alert_resolved', SYSTEM, `alert resolved: ${m.title}`, { alertId: m.alertId, at: next.resolvedAt ?? now });
      } else if (prev.status === 'resolved' && next.status === 'firing') {
        refired = true;
        d.emit('alert_refired', SYSTEM, `alert fired again: ${m.title}`, { alertId: m.alertId });
      }
    }
    const removed = dropMoved(d, group, byId);
    i.alerts = [...byId.values()];
    if (history.length > 0) i.attributes = { ...i.attributes, alertHistory: history.slice(-50) };
    return { refired, mergedGroups, removed };
  }

  /**
   * dropMoved: alerts the correlator moved out of `group` (group.removed) leave the incident, unless they
   * moved into a group whose changes this incident also follows (its own, or one it absorbed): in whichever
   * order the two groups' versions arrive, the alert ends up with the incident of the group holding it.
   */
  function dropMoved(d: Draft, group: CorrelationGroup, byId: Map<string, IncidentAlert>): number {
    if (group.removed === undefined || group.removed.length === 0) return 0;
    const i = d.inc;
    const followed = new Set(Object.keys((i.attributes.groupVersions as Record<string, number> | undefined) ?? {}));
    if (i.groupId !== null) followed.add(i.groupId);
    const listed = new Set(group.members.map((m) => m.alertId));
    let n = 0;
    for (const r of group.removed) {
      if (listed.has(r.alertId) || (r.movedTo !== group.id && followed.has(r.movedTo)) || !byId.delete(r.alertId)) continue;
      n++;
      d.emit('alert_removed', SYSTEM, `alert moved to correlation group ${r.movedTo}: ${r.reason}`, { alertId: r.alertId, fromGroup: group.id, movedTo: r.movedTo, reason: r.reason });
    }
    return n;
  }

  function fromGroup(d: Draft, group: CorrelationGroup, ctx: ReduceContext): void {
    const i = d.inc;
    const { refired, mergedGroups, removed } = mergeMembers(d, group, ctx.now);
    // every alert moved to other groups (the correlator keeps a group's first alert, so only after
    // people split or merged incidents): nothing is left to work on here
    if (removed > 0 && i.alerts.length === 0 && i.origin === 'monitoring' && isOpen(i.state)) {
      d.forceClose(SYSTEM, 'every alert of this incident moved to other correlation groups; they continue there', 'moved', 'alerts_moved');
    }
    // the correlator merged another group into this one: its incident (if it opened) closes into this one
    for (const src of mergedGroups) {
      d.commands.push({ id: stableId('cmd_gmerge_', src, i.id), incidentId: incidentIdForGroup(src), at: ctx.now, actor: SYSTEM, action: 'group_merged_into', reason: `correlation group ${src} merged into ${group.id}`, params: { targetId: i.id, targetNumber: i.number } });
    }
    if (group.id === i.groupId) {
      i.groupVersion = group.version;
      const rc = group.rootCause?.ciId ?? null;
      if (rc !== i.rootCauseCi) {
        const from = i.rootCauseCi;
        i.rootCauseCi = rc;
        if (i.version > 0) d.emit('root_cause_changed', SYSTEM, group.rootCause?.reason ?? 'root cause candidate changed', { from, to: rc, score: group.rootCause?.score ?? null });
      }
      i.rootCauseCandidates = group.candidates.map((c) => ({ ciId: c.ciId, score: c.score, reason: c.reason }));
    } else {
      const versions = { ...((i.attributes.groupVersions as Record<string, number> | undefined) ?? {}), [group.id]: group.version };
      i.attributes = { ...i.attributes, groupVersions: versions };
    }
    if (refired && i.state === 'resolved') {
      const since = ctx.now - (i.resolvedAt ?? ctx.now);
      if (since <= policy.autoResolve.reopenWindowMs) {
        d.transition('in_progress', SYSTEM, `a linked alert fired again ${Math.round(since / 1000)} s after resolution`, 'reopen');
        requestRunbooks(d, ctx, `reopen:${i.reopenCount}`);
      } else {
        d.emit('alert_after_resolution', SYSTEM, 'a linked alert fired again after the reopen window; not reopened', {});
      }
    } else if (refired && i.state === 'closed') {
      d.emit('alert_after_close', SYSTEM, 'a linked alert fired again after closure; not reopened', {});
    }
  }

  function shouldOpen(group: CorrelationGroup, now: number): { open: boolean; reason: string } {
    const o = policy.open;
    // a closed group is over (resolved, expired or merged into another): its alerts open nothing new.
    // Its incident, if any, is known; one that is not held (evicted after its retention) stays closed.
    if (group.status === 'closed') return { open: false, reason: 'the correlation group is closed' };
    const live = group.members.filter((m) => m.status === 'firing' && !m.suppressed && severityRank(m.severity) >= severityRank(o.minSeverity));
    if (live.length === 0) return { open: false, reason: `no firing, unsuppressed alert of severity ${o.minSeverity} or worse` };
    if (live.some((m) => severityRank(m.severity) >= severityRank(o.immediateSeverity))) return { open: true, reason: `a ${o.immediateSeverity} alert is firing` };
    if (live.length >= o.minAlerts) return { open: true, reason: `${live.length} alerts firing (≥ ${o.minAlerts})` };
    if (now - group.openedAt >= o.delayMs) return { open: true, reason: `still firing ${Math.round((now - group.openedAt) / 1000)} s after the group opened (≥ ${o.delayMs / 1000} s)` };
    return { open: false, reason: 'below the open policy (waiting for the delay)' };
  }

  function applyGroup(current: Incident | undefined, group: CorrelationGroup, ctx: ReduceContext): StepResult {
    if (current === undefined) {
      const verdict = shouldOpen(group, ctx.now);
      if (!verdict.open) return NOTHING(null);
      const d = new Draft(blank(incidentIdForGroup(group.id), ctx.allocateNumber(), 'monitoring', ctx.now), ctx.now);
      d.excludeOnHold = policy.sla.excludeOnHold;
      const i = d.inc;
      i.groupId = group.id;
      i.occurredAt = Math.min(group.openedAt, ...group.members.map((m) => m.firstSeen));
      fromGroup(d, group, ctx);
      const lead = [...group.members].sort((a, b) => severityRank(b.severity) - severityRank(a.severity) || a.firstSeen - b.firstSeen)[0];
      const rcName = i.rootCauseCi === null ? null : (ctx.cmdb.get(i.rootCauseCi)?.name ?? i.rootCauseCi);
      i.title = `${lead?.title ?? 'correlated alerts'}${rcName !== null ? ` on ${rcName}` : ''}${group.members.length > 1 ? ` (+${group.members.length - 1} related)` : ''}`;
      i.description = `${group.members.length} alert(s) correlated in group ${group.id} (domain ${group.domain}). ${verdict.reason}.`;
      i.severity = maxSeverity(i.alerts, group.maxSeverity);
      refresh(d, ctx, SYSTEM, 'opened');
      classify(d, ctx);
      // 'created' is the first timeline entry; derived entries above (category) follow it
      d.inc.version = 0;
      d.events.length = 0;
      d.emit('created', SYSTEM, `registered from correlation group: ${verdict.reason}`, { groupId: group.id, number: i.number, priority: i.priority, priorityReason: i.priorityReason, impact: i.impact, urgency: i.urgency, category: i.category, subcategory: i.subcategory, categoryApplied: i.categoryApplied, assignmentGroup: i.assignmentGroup, affectedCis: i.affectedCis, affectedServices: i.affectedServices, changeSuspects: i.changeSuspects.map((c) => c.changeId) });
      if (i.category !== null) d.emit(i.categoryApplied ? 'category_applied' : 'category_suggested', SYSTEM, `classified with confidence ${i.categoryConfidence ?? 0}`, { category: i.category, subcategory: i.subcategory, confidence: i.categoryConfidence, source: i.categorySource });
      if (i.major) d.emit('major_declared', SYSTEM, 'major incident criteria met at registration', {});
      if (i.changeSuspects.length > 0) d.emit('change_suspects', SYSTEM, `${i.changeSuspects.length} recent change(s) on affected CIs or their dependencies`, { changes: i.changeSuspects });
      const notes = d.notifications.splice(0);
      announceOpen(d, ctx);
      for (const n of notes) d.notifications.push(n);
      return result(d);
    }
    if (current.mergedInto !== null) {
      // the group's alerts now belong to the merge target: forward the change there, in order
      const d = new Draft(current, ctx.now);
      d.commands.push(forward(current.mergedInto, group, ctx.now));
      return result(d);
    }
    const seen = group.id === current.groupId ? current.groupVersion : ((current.attributes.groupVersions as Record<string, number> | undefined)?.[group.id] ?? 0);
    if (group.version <= seen) return NOTHING(current);
    const d = new Draft(current, ctx.now);
    d.excludeOnHold = policy.sla.excludeOnHold;
    const before = d.inc.version;
    fromGroup(d, group, ctx);
    if (group.id === d.inc.groupId && group.status === 'closed' && group.closeReason === 'merged' && d.inc.state !== 'closed') {
      d.forceClose(SYSTEM, 'the correlator merged this correlation group into another one; its alerts continue there', 'merged', 'group_merged');
      return result(d);
    }
    refresh(d, ctx, SYSTEM, 'correlation group changed');
    if (!d.inc.categoryApplied) classify(d, ctx);
    if (d.inc.version === before) {
      // nothing visible changed; still advance the applied group version
      d.emit('group_updated', SYSTEM, `correlation group ${group.change}`, { groupVersion: group.version });
    }
    return result(d);
  }

  function forward(target: string, group: CorrelationGroup, now: number): IncidentCommand {
    return { id: stableId('cmd_fwd_', group.id, group.version, target), incidentId: target, at: now, actor: SYSTEM, action: 'group_change', reason: 'alerts of a merged incident', params: { group } };
  }

  function remember(d: Draft, cmd: IncidentCommand, outcome: 'applied' | 'rejected', err?: { code: string; message: string; statusCode: number; field: string | undefined }): void {
    const detail = err === undefined ? {} : { code: err.code, message: err.message, statusCode: err.statusCode, ...(err.field !== undefined ? { field: err.field } : {}) };
    const list = [...d.inc.recentCommands, { id: cmd.id, action: cmd.action, outcome, version: d.inc.version, ...detail }];
    d.inc.recentCommands = list.slice(-policy.recentCommands);
  }

  function applyCommand(current: Incident | undefined, cmd: IncidentCommand, ctx: ReduceContext): StepResult {
    if (current !== undefined && current.recentCommands.some((c) => c.id === cmd.id)) return NOTHING(current);
    if (cmd.action === 'group_change') {
      const g = cmd.params.group as CorrelationGroup;
      // forwarded to a merge target that is not held (evicted after its retention): nothing opens under its id
      if (current === undefined && incidentIdForGroup(g.id) !== cmd.incidentId) return NOTHING(null);
      return applyGroup(current, g, ctx);
    }
    if (current === undefined) {
      if (cmd.action === 'report' || cmd.action === 'create_split') {
        const d = new Draft(blank(cmd.incidentId, ctx.allocateNumber(), cmd.action === 'report' ? 'user' : 'monitoring', ctx.now), ctx.now);
        d.excludeOnHold = policy.sla.excludeOnHold;
        try {
          if (cmd.action === 'report') createReport(d, cmd, ctx);
          else createSplit(d, cmd, ctx);
        } catch (err) {
          if (!isAiopsError(err)) throw err;
          return { ...NOTHING(null), rejected: { code: err.code, message: err.message, statusCode: err.statusCode } };
        }
        remember(d, cmd, 'applied');
        return result(d);
      }
      // a merged group whose incident never opened: nothing to close
      if (cmd.action === 'group_merged_into') return NOTHING(null);
      const e = IncidentUnknown(cmd.incidentId);
      return { ...NOTHING(null), rejected: { code: e.code, message: e.message, statusCode: e.statusCode } };
    }
    const d = new Draft(current, ctx.now);
    d.excludeOnHold = policy.sla.excludeOnHold;
    try {
      handle(d, cmd, ctx);
    } catch (err) {
      if (!isAiopsError(err)) throw err;
      // a refused command leaves the incident as it was, apart from the refusal on its timeline
      const r = new Draft(current, ctx.now);
      r.emit('command_rejected', cmd.actor, err.message, { commandId: cmd.id, action: cmd.action, code: err.code, statusCode: err.statusCode, field: err.field ?? null });
      remember(r, cmd, 'rejected', { code: err.code, message: err.message, statusCode: err.statusCode, field: err.field });
      return { ...result(r), rejected: { code: err.code, message: err.message, statusCode: err.statusCode, ...(err.field !== undefined ? { field: err.field } : {}) } };
    }
    remember(d, cmd, 'applied');
    return result(d);
  }

  function createReport(d: Draft, cmd: IncidentCommand, ctx: ReduceContext): void {
    const i = d.inc;
    const reporter = str(cmd.params, 'reporter') ?? cmd.actor.id;
    const description = str(cmd.params, 'description', true);
    const service = str(cmd.params, 'service');
    const urgency = str(cmd.params, 'urgency');
    if (urgency !== undefined && !['high', 'medium', 'low'].includes(urgency)) throw CommandInvalid('urgency must be high, medium or low', 'urgency');
    i.reporter = reporter;
    i.title = str(cmd.params, 'title') ?? description.split('\n')[0]!.slice(0, 120);
    i.description = description;
    i.userReportedAt = cmd.at;
    i.occurredAt = cmd.at;
    i.userReports = [{ incidentId: i.id, reporter, reportedAt: cmd.at, description }];
    if (urgency !== undefined) i.attributes = { ...i.attributes, reportedUrgency: urgency };
    if (service !== undefined) {
      i.affectedServices = [service];
      if (ctx.cmdb.get(service) !== undefined) i.affectedCis = [service];
    }
    i.attributes = { ...i.attributes, reportedCis: [...i.affectedCis], reportedServices: [...i.affectedServices] }; // named by a person: kept whatever its alerts do
    i.autoFix = { applied: false, reason: 'user-reported: no automated fix for a report' };
    refresh(d, ctx, cmd.actor, 'reported');
    classify(d, ctx);
    d.inc.version = 0;
    d.events.length = 0;
    d.emit('created', cmd.actor, `reported by ${reporter}`, { origin: 'user', number: i.number, reporter, service: service ?? null, priority: i.priority, priorityReason: i.priorityReason, category: i.category, subcategory: i.subcategory, categoryApplied: i.categoryApplied });
    if (i.category !== null) d.emit('category_suggested', SYSTEM, `suggested from the report text (confidence ${i.categoryConfidence ?? 0})`, { category: i.category, subcategory: i.subcategory, confidence: i.categoryConfidence });
    // a user's report is a suggestion until a person confirms it (R27)
    i.categoryApplied = false;
    d.notifications.length = 0;
    d.notify('opened', 'team', i.assignmentGroup ?? policy.defaultAssignmentGroup, `${i.number} reported by ${reporter}: ${i.title}`);
  }

  function createSplit(d: Draft, cmd: IncidentCommand, ctx: ReduceContext): void {
    const i = d.inc;
    const alerts = cmd.params.alerts as IncidentAlert[];
    const source = str(cmd.params, 'sourceId', true);
    i.alerts = alerts;
    i.splitFrom = source;
    i.occurredAt = Math.min(...alerts.map((a) => a.firstSeen));
    i.title = `${alerts[0]?.title ?? 'alerts'} (split from ${str(cmd.params, 'sourceNumber') ?? source})`;
    i.description = `${alerts.length} alert(s) split out of ${source}: ${cmd.reason}`;
    refresh(d, ctx, cmd.actor, 'split');
    classify(d, ctx);
    d.inc.version = 0;
    d.events.length = 0;
    d.emit('created', cmd.actor, `split out of ${source}: ${cmd.reason}`, { splitFrom: source, alertIds: i.alertIds, priority: i.priority });
    d.notifications.length = 0;
    announceOpen(d, ctx);
  }

  function handle(d: Draft, cmd: IncidentCommand, ctx: ReduceContext): void {
    const i = d.inc;
    const p = cmd.params;
    const a = cmd.actor;
    switch (cmd.action) {
      case 'acknowledge':
        d.transition('acknowledged', a, cmd.reason || 'acknowledged', 'acknowledge');
        if (i.assignee === null && a.kind === 'user') setAssignee(d, a.id, a, 'took ownership on acknowledge');
        return;
      case 'start':
        if (i.state === 'resolved') throw CommandConflict('cannot start: incident is resolved; use reopen');
        d.transition('in_progress', a, cmd.reason || 'work started', 'start');
        if (i.assignee === null && a.kind === 'user') setAssignee(d, a.id, a, 'took ownership');
        return;
      case 'hold':
        d.transition('on_hold', a, cmd.reason || 'waiting', 'hold');
        return;
      case 'resume':
        if (i.state !== 'on_hold') throw CommandConflict(`cannot resume: incident is ${i.state}, not on_hold`);
        d.transition('in_progress', a, cmd.reason || 'resumed', 'resume');
        return;
      case 'resolve': {
        const code = str(p, 'code', true);
        d.transition('resolved', a, cmd.reason || `resolved: ${code}`, 'resolve');
        i.resolutionCode = code;
        i.resolutionNotes = str(p, 'notes') ?? null;
        i.resolvedBy = a.kind === 'automation' ? 'automation' : 'human';
        if (typeof p.modelId === 'string') i.modelId = p.modelId;
        return;
      }
      case 'close':
        if (i.major && policy.major.requireProblemToClose && i.problemId === null && i.state === 'resolved') {
          throw CommandConflict('a major incident closes only once a problem is linked (root cause analysis, R61): link_problem first');
        }
        d.transition('closed', a, cmd.reason || 'closed', 'close');
        i.closeCode = str(p, 'code') ?? 'resolved';
        return;
      case 'reopen':
        if (i.state !== 'resolved') throw CommandConflict(`cannot reopen: incident is ${i.state}; only a resolved incident reopens`);
        d.transition('in_progress', a, cmd.reason || 'reopened', 'reopen');
        return;
      case 'assign': {
        const group = str(p, 'group');
        const assignee = str(p, 'assignee');
        if (group === undefined && assignee === undefined) throw CommandInvalid('assign needs "group" and/or "assignee"', 'group');
        if (!isOpen(i.state)) throw CommandConflict(`cannot assign a ${i.state} incident`);
        if (group !== undefined && group !== i.assignmentGroup) {
          const from = i.assignmentGroup;
          i.assignmentGroup = group;
          if (from !== null) i.reassignments += 1;
          if (assignee === undefined) i.assignee = null;
          d.emit('reassigned', a, cmd.reason || `assigned to ${group}`, { from, to: group, reassignments: i.reassignments });
          d.notify('reassigned', 'team', group, `${i.number} assigned to ${group}${cmd.reason ? `: ${cmd.reason}` : ''}`);
        }
        if (assignee !== undefined && assignee !== i.assignee) setAssignee(d, assignee, a, cmd.reason || `assigned to ${assignee}`);
        return;
      }
      case 'add_participant': {
        const who = str(p, 'participant', true);
        if (i.participants.includes(who)) return;
        i.participants = [...i.participants, who];
        d.emit('participant_added', a, cmd.reason || `${who} joined (swarming)`, { participant: who });
        return;
      }
      case 'comment':
        d.emit('comment', a, str(p, 'text', true), {});
        return;
      case 'set_priority': {
        const pr = str(p, 'priority', true) as Priority;
        if (!PRIORITIES.includes(pr)) throw CommandInvalid('priority must be one of P1..P5', 'priority');
        if (cmd.reason.trim() === '') throw CommandInvalid('changing the priority needs a reason', 'reason');
        const from = i.priority;
        i.priority = pr;
        i.priorityReason = `set by ${a.id}: ${cmd.reason} (computed: impact ${i.impact} × urgency ${i.urgency})`;
        i.attributes = { ...i.attributes, priorityManual: true };
        i.sla = slaFor(pr, i.detectedAt, i.onHoldMs, i.sla, policy.sla);
        d.emit('priority_changed', a, cmd.reason, { from, to: pr, manual: true });
        if (priorityRank(pr) > priorityRank(from)) checkMajor(d, false, a);
        return;
      }
      case 'set_category': {
        const category = str(p, 'category') ?? i.category;
        if (category === null) throw CommandInvalid('no category to confirm: give "category"', 'category');
        const subcategory = str(p, 'subcategory') ?? (str(p, 'category') === undefined ? i.subcategory : null);
        const corrected = category !== i.category || subcategory !== i.subcategory;
        const previous = { category: i.category, subcategory: i.subcategory, confidence: i.categoryConfidence, source: i.categorySource };
        i.category = category;
        i.subcategory = subcategory;
        i.categoryConfidence = 1;
        i.categoryApplied = true;
        i.categorySource = 'human';
        d.emit(corrected ? 'category_corrected' : 'category_confirmed', a, cmd.reason || (corrected ? 'category corrected' : 'suggestion confirmed'), { category, subcategory, previous, trainingExample: true });
        return;
      }
      case 'link_problem': {
        const problemId = str(p, 'problemId', true);
        i.problemId = problemId;
        // A known error linked with its workaround is an incident model (the KPI "resolved using models").
        const workaround = str(p, 'workaround');
        const modelId = str(p, 'modelId');
        if (modelId !== undefined && workaround !== undefined && workaround !== '') i.modelId = modelId;
        d.emit('problem_linked', a, cmd.reason || `linked to problem ${problemId}`, { problemId, ...(workaround ? { workaround } : {}), ...(modelId ? { modelId } : {}) });
        return;
      }
      case 'approve_runbook':
      case 'reject_runbook': {
        const requestId = str(p, 'requestId', true);
        const run = i.runbookRuns.find((r) => r.requestId === requestId);
        if (run === undefined) throw CommandInvalid(`no runbook request ${requestId} on this incident`, 'requestId');
        const approved = cmd.action === 'approve_runbook';
        d.emit(approved ? 'runbook_approved' : 'runbook_rejected', a, cmd.reason || (approved ? 'approved' : 'rejected'), { requestId, runbookId: run.runbookId });
        if (!approved) i.autoFix = { applied: false, reason: `runbook ${run.runbookId} rejected by ${a.id}${cmd.reason ? `: ${cmd.reason}` : ''}` };
        return;
      }
      case 'runbook_result':
        runbookResult(d, p.result as RunbookResult);
        return;
      case 'merge': {
        const target = str(p, 'targetId', true);
        if (target === i.id) throw CommandInvalid('cannot merge an incident into itself', 'targetId');
        if (i.state === 'closed') throw CommandConflict('cannot merge a closed incident');
        d.forceClose(a, cmd.reason || `merged into ${target}`, 'merged', 'merge');
        i.mergedInto = target;
        d.commands.push({ id: stableId('cmd_absorb_', cmd.id), incidentId: target, at: cmd.at, actor: a, action: 'absorb', reason: cmd.reason || `merged from ${i.number}`, params: { sourceId: i.id, sourceNumber: i.number, groupId: i.groupId, alerts: i.alerts, affectedCis: i.affectedCis, reportedCis: named(i, 'reportedCis', i.affectedCis), reportedServices: named(i, 'reportedServices', i.affectedServices), affectedServices: i.affectedServices, userReports: i.userReports } });
        return;
      }
      case 'group_merged_into': {
        const target = str(p, 'targetId', true);
        if (i.mergedInto !== null) return;
        if (i.state !== 'closed') d.forceClose(a, cmd.reason, 'merged', 'group_merged');
        i.mergedInto = target;
        d.emit('merged_into', a, cmd.reason, { targetId: target, targetNumber: str(p, 'targetNumber') ?? null });
        d.commands.push({ id: stableId('cmd_absorb_', cmd.id), incidentId: target, at: cmd.at, actor: a, action: 'absorb', reason: `merged from ${i.number}`, params: { sourceId: i.id, sourceNumber: i.number, groupId: i.groupId, alerts: i.alerts, affectedCis: i.affectedCis, reportedCis: named(i, 'reportedCis', i.affectedCis), reportedServices: named(i, 'reportedServices', i.affectedServices), affectedServices: i.affectedServices, userReports: i.userReports } });
        return;
      }
      case 'absorb': {
        const sourceId = str(p, 'sourceId', true);
        const alerts = (p.alerts as IncidentAlert[] | undefined) ?? [];
        const byId = new Map(i.alerts.map((x) => [x.alertId, x] as const));
        for (const x of alerts) if (!byId.has(x.alertId)) byId.set(x.alertId, x);
        i.alerts = [...byId.values()];
        // the source's alerts bring their CIs and services; what people named on it stays named here
        for (const [key, stored] of [['reportedCis', i.affectedCis], ['reportedServices', i.affectedServices]] as const) {
          const more = (p[key] as string[] | undefined) ?? [];
          if (more.length > 0) i.attributes = { ...i.attributes, [key]: [...new Set([...named(i, key, stored), ...more])] };
        }
        i.mergedFrom = [...new Set([...i.mergedFrom, sourceId])];
        const groupId = typeof p.groupId === 'string' ? p.groupId : null;
        if (groupId !== null) i.attributes = { ...i.attributes, groupVersions: { ...((i.attributes.groupVersions as Record<string, number> | undefined) ?? {}), [groupId]: 0 } };
        for (const r of (p.userReports as Incident['userReports'] | undefined) ?? []) addUserReport(d, r);
        d.emit('merged_from', a, cmd.reason || `merged from ${str(p, 'sourceNumber') ?? sourceId}`, { sourceId, alertIds: alerts.map((x) => x.alertId) });
        refresh(d, ctx, a, 'merged');
        return;
      }
      case 'split': {
        const ids = Array.isArray(p.alertIds) ? p.alertIds.map(String) : [];
        if (ids.length === 0) throw CommandInvalid('split needs a non-empty "alertIds"', 'alertIds');
        const moving = i.alerts.filter((x) => ids.includes(x.alertId));
        if (moving.length !== ids.length) throw CommandInvalid('every alert to split out must be linked to this incident', 'alertIds');
        if (moving.length === i.alerts.length) throw CommandInvalid('cannot split out every alert: at least one must stay', 'alertIds');
        if (i.state === 'closed') throw CommandConflict('cannot split a closed incident');
        const newId = stableId('inc_split_', i.id, cmd.id);
        i.alerts = i.alerts.filter((x) => !ids.includes(x.alertId));
        i.attributes = { ...i.attributes, splitOut: [...new Set([...((i.attributes.splitOut as string[] | undefined) ?? []), ...ids])] };
        d.emit('split', a, cmd.reason || `${ids.length} alert(s) split out`, { alertIds: ids, newIncidentId: newId });
        d.commands.push({ id: stableId('cmd_split_', cmd.id), incidentId: newId, at: cmd.at, actor: a, action: 'create_split', reason: cmd.reason || 'split', params: { sourceId: i.id, sourceNumber: i.number, alerts: moving } });
        refresh(d, ctx, a, 'split');
        return;
      }
      case 'link_to': {
        // a user report is linked to the monitoring-detected incident of the same disruption
        const target = str(p, 'targetId', true);
        if (target === i.id) throw CommandInvalid('cannot link an incident to itself', 'targetId');
        if (i.origin !== 'user') throw CommandConflict('only a user-reported incident is linked to another incident; use merge');
        if (i.state === 'closed') throw CommandConflict('cannot link a closed incident');
        d.forceClose(a, cmd.reason || `linked to ${target}`, 'linked', 'link_to');
        i.mergedInto = target;
        d.commands.push({ id: stableId('cmd_linkrep_', cmd.id), incidentId: target, at: cmd.at, actor: a, action: 'user_report_linked', reason: cmd.reason || `user report ${i.number} linked`, params: { reports: i.userReports, sourceId: i.id, sourceNumber: i.number } });
        return;
      }
      case 'user_report_linked': {
        const reports = (p.reports as Incident['userReports'] | undefined) ?? [];
        if (reports.length === 0) throw CommandInvalid('no user report to link', 'reports');
        for (const r of reports) addUserReport(d, r);
        i.mergedFrom = [...new Set([...i.mergedFrom, str(p, 'sourceId', true)])];
        d.emit('user_report_linked', a, cmd.reason || 'user report linked', { reports, userReportedAt: i.userReportedAt, detectedBeforeUsers: i.origin === 'monitoring' && i.detectedAt <= (i.userReportedAt ?? Infinity) });
        return;
      }
      default:
        throw CommandInvalid(`unknown action "${cmd.action}"`, 'action');
    }
  }

  function addUserReport(d: Draft, r: Incident['userReports'][number]): void {
    const i = d.inc;
    if (i.userReports.some((x) => x.incidentId === r.incidentId)) return;
    i.userReports = [...i.userReports, r];
    i.userReportedAt = i.userReportedAt === undefined ? r.reportedAt : Math.min(i.userReportedAt, r.reportedAt);
  }

  function setAssignee(d: Draft, who: string, actor: Actor, reason: string): void {
    const from = d.inc.assignee;
    d.inc.assignee = who;
    d.emit('assigned', actor, reason, { from, to: who, group: d.inc.assignmentGroup });
  }

  function runbookResult(d: Draft, r: RunbookResult): void {
    const i = d.inc;
    let run = i.runbookRuns.find((x) => x.requestId === r.requestId);
    if (run?.resultIds.includes(r.id)) return;
    if (run === undefined) {
      run = { requestId: r.requestId, runbookId: r.runbookId, outcome: r.outcome, reason: r.reason, at: r.endedAt ?? r.startedAt, resultIds: [] };
      i.runbookRuns = [...i.runbookRuns, run];
    }
    i.runbookRuns = i.runbookRuns.map((x) => (x.requestId === r.requestId ? { ...x, outcome: r.outcome, reason: r.reason, at: r.endedAt ?? r.startedAt, resultIds: [...x.resultIds, r.id] } : x));
    const actor: Actor = { kind: 'automation', id: `runbook:${r.runbookId}` };
    d.emit(`runbook_${r.outcome}`, actor, `runbook ${r.runbookId}: ${r.outcome}${r.reason ? ` — ${r.reason}` : ''}`, { requestId: r.requestId, runbookId: r.runbookId, attempts: r.attempts, startedAt: r.startedAt, endedAt: r.endedAt ?? null, output: r.output.slice(0, 2000) });
    switch (r.outcome) {
      case 'succeeded':
        i.autoFix = { applied: true, reason: `runbook ${r.runbookId} succeeded` };
        i.runbookId = r.runbookId;
        i.modelId = r.runbookId;
        i.attributes = { ...i.attributes, automationSucceededAt: r.endedAt ?? d.now };
        return;
      case 'failed':
        i.autoFix = { applied: false, reason: `runbook ${r.runbookId} failed: ${r.reason}` };
        escalate(d, 1, `automated fix ${r.runbookId} failed (${r.reason}): functional escalation to ${i.assignmentGroup ?? policy.defaultAssignmentGroup}`, 'runbook_failed');
        return;
      case 'skipped':
      case 'rejected':
        i.autoFix = { applied: false, reason: `runbook ${r.runbookId} ${r.outcome}: ${r.reason}` };
        if (r.escalate === true) escalate(d, 1, `automated fix ${r.runbookId} ${r.outcome}: escalated to the owning team`, 'escalated');
        return;
      case 'dry_run':
        i.autoFix = { applied: false, reason: `runbook ${r.runbookId} ran as a dry run` };
        return;
      default:
        return;
    }
  }

  function escalate(d: Draft, level: 1 | 2, reason: string, kind: 'escalated' | 'runbook_failed' | 'sla_breach'): void {
    const i = d.inc;
    i.escalationLevel = Math.max(i.escalationLevel, level);
    d.emit('escalated', SYSTEM, reason, { level: level === 1 ? 'functional' : 'hierarchical', to: level === 1 ? i.assignmentGroup : policy.managerChannel });
    if (level === 1) d.notify(kind, 'team', i.assignmentGroup ?? policy.defaultAssignmentGroup, reason);
    else {
      d.notify(kind, 'manager', policy.managerChannel, reason);
      // hierarchical escalation of a major incident also goes to the major-incident process (MIM)
      if (i.major) d.notify(kind, 'major', policy.majorChannel, reason);
    }
  }

  /** due: whether a tick at `now` would change anything (checked before cloning: ticks run every second). */
  function due(i: Incident, now: number): boolean {
    if (slaSignals(i, now, policy.sla).length > 0) return true;
    if ((i.state === 'new' || i.state === 'acknowledged' || i.state === 'in_progress') && i.alerts.length > 0 && i.alerts.every((x) => x.status === 'resolved')) {
      if (now - Math.max(...i.alerts.map((x) => x.resolvedAt ?? x.lastSeen)) >= policy.autoResolve.quietMs) return true;
    }
    return i.state === 'resolved' && policy.autoResolve.autoCloseMs > 0 && i.resolvedAt !== undefined && now - i.resolvedAt >= policy.autoResolve.autoCloseMs;
  }

  function tick(current: Incident, ctx: ReduceContext): StepResult {
    if (!due(current, ctx.now)) return NOTHING(current);
    const d = new Draft(current, ctx.now);
    d.excludeOnHold = policy.sla.excludeOnHold;
    const i = d.inc;
    const now = ctx.now;
    for (const s of slaSignals(i, now, policy.sla)) {
      if (i.sla === undefined) break;
      if (s.kind === 'warning') {
        i.sla = s.clock === 'response' ? { ...i.sla, responseWarned: true } : { ...i.sla, resolutionWarned: true };
        d.emit('sla_warning', SYSTEM, `${s.clock} target ${i.priority} due in ${Math.round((s.dueAt - now) / 60000)} min`, { clock: s.clock, dueAt: s.dueAt });
        escalate(d, 1, `${i.number}: ${s.clock} SLA breach imminent (due ${new Date(s.dueAt).toISOString()})`, 'escalated');
      } else {
        i.sla = s.clock === 'response' ? { ...i.sla, responseBreached: true, responseBreachedAt: s.dueAt } : { ...i.sla, resolutionBreached: true, resolutionBreachedAt: s.dueAt };
        d.emit('sla_breached', SYSTEM, `${s.clock} target for ${i.priority} missed (due ${new Date(s.dueAt).toISOString()})`, { clock: s.clock, dueAt: s.dueAt });
        escalate(d, 2, `${i.number}: ${s.clock} SLA breached — hierarchical escalation${i.major ? ' (major incident process)' : ''}`, 'sla_breach');
      }
    }
    // auto-resolve: every linked alert resolved and quiet for the configured period
    if ((i.state === 'new' || i.state === 'acknowledged' || i.state === 'in_progress') && i.alerts.length > 0 && i.alerts.every((x) => x.status === 'resolved')) {
      const lastResolved = Math.max(...i.alerts.map((x) => x.resolvedAt ?? x.lastSeen));
      if (now - lastResolved >= policy.autoResolve.quietMs) {
        const byAutomation = i.autoFix.applied;
        d.transition('resolved', SYSTEM, `every linked alert resolved and quiet for ${Math.round((now - lastResolved) / 1000)} s${byAutomation ? ` after runbook ${i.runbookId ?? ''} succeeded` : ''}`, 'auto_resolve');
        i.resolvedBy = byAutomation ? 'automation' : 'auto_resolve';
        i.resolutionCode = byAutomation ? 'automated_fix' : 'auto_resolved';
      }
    }
    if (i.state === 'resolved' && policy.autoResolve.autoCloseMs > 0 && i.resolvedAt !== undefined && now - i.resolvedAt >= policy.autoResolve.autoCloseMs) {
      if (!(i.major && policy.major.requireProblemToClose && i.problemId === null)) {
        d.transition('closed', SYSTEM, `resolved for ${Math.round((now - i.resolvedAt) / 60000)} min without reopening`, 'auto_close');
        i.closeCode = 'auto_closed';
      }
    }
    return d.events.length === 0 ? NOTHING(current) : result(d);
  }

  function reassess(current: Incident, ctx: ReduceContext): StepResult {
    if (!isOpen(current.state) || current.mergedInto !== null) return NOTHING(current);
    const d = new Draft(current, ctx.now);
    d.excludeOnHold = policy.sla.excludeOnHold;
    const before = current.changeSuspects.map((c) => c.changeId).join(',');
    refresh(d, ctx, SYSTEM, 'CMDB or change records changed');
    const after = d.inc.changeSuspects.map((c) => c.changeId).join(',');
    if (after !== before) d.emit('change_suspects', SYSTEM, `${d.inc.changeSuspects.length} recent change(s) on affected CIs or their dependencies`, { changes: d.inc.changeSuspects });
    return d.events.length === 0 ? NOTHING(current) : result(d);
  }

  return { shouldOpen, applyGroup, applyCommand, tick, reassess };
}
