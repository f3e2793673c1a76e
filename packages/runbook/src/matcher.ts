import { stableId, type Alert, type Incident, type IncidentAlert, type RunbookRequest } from '@aiops/model';
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

/** MatchInput is an alert as the matcher sees it: a full Alert, or the incident's linked-alert summary. */
export type MatchInput = Alert | IncidentAlert;

/** MatchAlert is the one shape the matcher and parameter paths read (summaries carry labels when the correlator sent them). */
export interface MatchAlert {
  readonly id: string;
  readonly status: 'firing' | 'resolved';
  readonly suppressed: boolean;
  readonly title: string;
  readonly template: string;
  readonly severity: string;
  readonly source: string | null;
  readonly fingerprint: string | null;
  readonly service: string | null;
  readonly ciId: string | null;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  readonly resource: Readonly<Record<string, unknown>>;
}

/** toMatchAlert maps either alert form onto MatchAlert. */
export function toMatchAlert(a: MatchInput): MatchAlert {
  if ('alertId' in a) {
    return {
      id: a.alertId, status: a.status, suppressed: a.suppressed, title: a.title, template: a.template, severity: a.severity,
      source: null, fingerprint: null, service: a.service, ciId: a.ciId, labels: a.labels ?? {}, annotations: {}, resource: {},
    };
  }
  return {
    id: a.id, status: a.status, suppressed: a.suppressedBy !== null, title: a.title, template: a.template, severity: a.severity,
    source: a.source, fingerprint: a.fingerprint, service: a.service, ciId: a.ci?.id ?? null, labels: a.labels, annotations: a.annotations,
    resource: a.resource as Record<string, unknown>,
  };
}

/** alertNames match labels.alertname when the alert has labels, else its title or template. */
function nameMatches(names: readonly string[], a: MatchAlert): boolean {
  if (Object.hasOwn(a.labels, 'alertname')) return names.includes(a.labels.alertname as string);
  return names.includes(a.title) || names.includes(a.template);
}

function byId(a: MatchAlert, b: MatchAlert): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** pickAlert chooses the alert that satisfies the alert conditions: firing first, then by id (deterministic). */
function pickAlert(rb: Runbook, alerts: readonly MatchAlert[]): MatchAlert | undefined | null {
  const m = rb.match;
  const ok = (a: MatchAlert) =>
    (m.alertNames === undefined || nameMatches(m.alertNames, a)) &&
    (m.labels === undefined || Object.entries(m.labels).every(([k, v]) => Object.hasOwn(a.labels, k) && a.labels[k] === v));
  const firing = alerts.filter((a) => a.status === 'firing' && !a.suppressed).sort(byId);
  const hit = firing.find(ok);
  if (hit !== undefined) return hit;
  if (m.alertNames !== undefined || m.labels !== undefined) return null; // the alert conditions failed
  return undefined;
}

/** recordCiType reads the CI type the incident manager recorded from the CMDB (record.failingCi). */
function recordCiType(incident: Incident, ci: string): string | undefined {
  const f = incident.record?.failingCi;
  return f != null && f.id === ci && f.type !== 'unknown' ? f.type : undefined;
}

/** triggerOf names the occasion of a request, so that the request id is stable across replays. */
function triggerOf(rb: Runbook, incident: Incident): string {
  return rb.trigger === 'once' ? 'once' : `reopen:${incident.reopenCount}`;
}

/** explainMatch evaluates one runbook against one incident and its alerts. Pure and deterministic. */
export function explainMatch(rb: Runbook, incident: Incident, inputs: readonly MatchInput[], ctx: MatchContext = {}): MatchOutcome {
  const alerts = inputs.map(toMatchAlert);
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
    const type = ci === null ? undefined : (ctx.ciTypeOf?.(ci) ?? recordCiType(incident, ci));
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
export function matchRunbooks(catalog: RunbookCatalog, incident: Incident, alerts: readonly MatchInput[], ctx: MatchContext = {}): RunbookRequest[] {
  const out: RunbookRequest[] = [];
  for (const rb of catalog.runbooks) {
    const r = explainMatch(rb, incident, alerts, ctx);
    if (r.request !== undefined) out.push(r.request);
  }
  return out;
}

/**
 * IncidentRunbookMatcher has the shape of the incident manager's RunbookMatcher port (@aiops/incident):
 * `trigger` is `open` or `reopen:<n>`, `now` the reducer's time. Structural, so neither package imports
 * the other.
 */
export interface IncidentRunbookMatcher {
  match(incident: Incident, trigger: string, now: number): readonly RunbookRequest[];
}

/**
 * createRunbookMatcher adapts a catalog to the incident manager's port, reading the incident's linked
 * alerts. `once` runbooks are requested on `open` only; `reopen` runbooks on every (re)opening, with
 * the trigger in the request id. The request time is the incident's `updatedAt` (deterministic).
 */
export function createRunbookMatcher(catalog: RunbookCatalog, ctx: MatchContext = {}): IncidentRunbookMatcher {
  return {
    match(incident, trigger) {
      const reopening = trigger.startsWith('reopen');
      return matchRunbooks(catalog, incident, incident.alerts ?? [], ctx).filter((r) => !(reopening && r.trigger === 'once'));
    },
  };
}
