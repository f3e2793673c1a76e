import { stableId, type Alert, type Incident, type RunbookRequest } from '@aiops/model';
import type { Runbook, RunbookCatalog } from './catalog.js';
import { approvalRequired, priorityRank } from './approval-policy.js';
import { incidentCi, resolveParams } from './params.js';

/** MatchContext gives the matcher what the incident does not carry itself (CI types come from the CMDB). */
export interface MatchContext {
  readonly ciTypeOf?: (ciId: string) => string | undefined;
}

/** MatchOutcome explains one runbook's verdict for one incident (for the timeline and tests). */
export interface MatchOutcome {
  readonly runbookId: string;
  readonly matched: boolean;
  readonly reason: string;
  readonly request?: RunbookRequest;
}

function alertName(a: Alert): string {
  return Object.hasOwn(a.labels, 'alertname') ? (a.labels.alertname as string) : a.title;
}

function byId(a: Alert, b: Alert): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** pickAlert chooses the alert that satisfies the alert conditions: firing first, then by id (deterministic). */
function pickAlert(rb: Runbook, alerts: readonly Alert[]): Alert | undefined | null {
  const m = rb.match;
  const ok = (a: Alert) =>
    (m.alertNames === undefined || m.alertNames.includes(alertName(a))) &&
    (m.labels === undefined || Object.entries(m.labels).every(([k, v]) => Object.hasOwn(a.labels, k) && a.labels[k] === v));
  const firing = alerts.filter((a) => a.status === 'firing' && a.suppressedBy === null).sort(byId);
  const hit = firing.find(ok);
  if (hit !== undefined) return hit;
  if (m.alertNames !== undefined || m.labels !== undefined) return null; // the alert conditions failed
  return undefined;
}

/** triggerOf names the occasion of a request, so that the request id is stable across replays. */
function triggerOf(rb: Runbook, incident: Incident): string {
  return rb.trigger === 'once' ? 'once' : `reopen:${incident.reopenCount}`;
}

/** explainMatch evaluates one runbook against one incident and its alerts. Pure and deterministic. */
export function explainMatch(rb: Runbook, incident: Incident, alerts: readonly Alert[], ctx: MatchContext = {}): MatchOutcome {
  const no = (reason: string): MatchOutcome => ({ runbookId: rb.id, matched: false, reason });
  const m = rb.match;
  if (!rb.enabled) return no('runbook disabled');
  if (!m.states.includes(incident.state)) return no(`incident state ${incident.state}`);
  if (m.priority !== undefined) {
    const r = priorityRank(incident.priority);
    if (r < priorityRank(m.priority.highest) || r > priorityRank(m.priority.lowest)) return no(`priority ${incident.priority} out of range`);
  }
  if (m.categories !== undefined && !(incident.categoryApplied && incident.category !== null && m.categories.includes(incident.category))) {
    return no('category');
  }
  if (m.services !== undefined && !incident.affectedServices.some((s) => m.services?.includes(s))) return no('service');
  const ci = incidentCi(incident);
  if (m.ciTypes !== undefined) {
    const type = ci === null ? undefined : ctx.ciTypeOf?.(ci);
    if (type === undefined || !m.ciTypes.includes(type)) return no(`CI type ${type ?? 'unknown'}`);
  }
  const alert = pickAlert(rb, alerts);
  if (alert === null) return no('no firing alert matches alertNames/labels');
  const params = resolveParams(rb, incident, alert);
  if (!params.ok) return no(params.reason);
  const trigger = triggerOf(rb, incident);
  const request: RunbookRequest = {
    id: stableId('rbr_', incident.id, rb.id, trigger),
    runbookId: rb.id,
    incidentId: incident.id,
    ciId: ci,
    at: incident.updatedAt,
    params: params.params,
    approval: approvalRequired(rb, incident.priority) ? 'required' : 'not_required',
    dryRun: rb.dryRun,
    priority: incident.priority,
    trigger,
    assignmentGroup: incident.assignmentGroup,
  };
  return { runbookId: rb.id, matched: true, reason: 'matched', request };
}

/**
 * matchRunbooks returns the requests for every runbook that fits the incident, in catalog (id) order.
 * Request ids are stableId('rbr_', incidentId, runbookId, trigger): calling it again on every incident
 * change yields the same ids, and the runner runs each id at most once.
 */
export function matchRunbooks(catalog: RunbookCatalog, incident: Incident, alerts: readonly Alert[], ctx: MatchContext = {}): RunbookRequest[] {
  const out: RunbookRequest[] = [];
  for (const rb of catalog.runbooks) {
    const r = explainMatch(rb, incident, alerts, ctx);
    if (r.request !== undefined) out.push(r.request);
  }
  return out;
}

/** RunbookMatcherFn is the shape the incident manager's matcher port calls. */
export type RunbookMatcherFn = (incident: Incident, alerts: readonly Alert[]) => RunbookRequest[];

/** createRunbookMatcher adapts a catalog to the incident manager's matcher port. */
export function createRunbookMatcher(catalog: RunbookCatalog, ctx: MatchContext = {}): { match: RunbookMatcherFn } {
  return { match: (incident, alerts) => matchRunbooks(catalog, incident, alerts, ctx) };
}
