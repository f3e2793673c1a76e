import type { Incident } from '@aiops/model';
import type { ParamSpec, Runbook } from './catalog.js';
import { ParamInvalid } from './errors.js';
import type { MatchAlert } from './matcher.js';

/** incidentCi is the CI a runbook acts on: the root-cause candidate, else the first affected CI. */
export function incidentCi(incident: Incident): string | null {
  return incident.rootCauseCi ?? incident.affectedCis[0] ?? null;
}

const INCIDENT_FIELDS = new Set(['id', 'number', 'title', 'category', 'subcategory', 'priority', 'severity', 'assignmentGroup', 'rootCauseCi', 'state', 'impact', 'urgency']);
const ALERT_FIELDS = new Set(['id', 'source', 'severity', 'title', 'template', 'fingerprint', 'service']);

/** readPath reads one `from:` path of a ParamSpec; undefined when the incident or alert has no such value. */
export function readPath(from: string, incident: Incident, alert: MatchAlert | undefined): string | undefined {
  const [root, field, ...rest] = from.split('.');
  if (root === 'incident') {
    if (rest.length > 0 || field === undefined) return undefined;
    if (field === 'ciId') return incidentCi(incident) ?? undefined;
    if (field === 'service') return incident.affectedServices[0];
    if (!INCIDENT_FIELDS.has(field)) return undefined;
    const v = (incident as Record<string, unknown>)[field];
    return typeof v === 'string' ? v : undefined;
  }
  if (root === 'alert' && alert !== undefined && field !== undefined) {
    const key = rest.join('.');
    if (field === 'labels' || field === 'annotations') return key === '' ? undefined : own(alert[field], key);
    if (field === 'resource') return key === '' ? undefined : stringOrUndefined(own(alert.resource, key));
    if (rest.length > 0) return undefined;
    if (field === 'name') return own(alert.labels, 'alertname') ?? alert.title;
    if (field === 'ci') return alert.ciId ?? undefined;
    if (!ALERT_FIELDS.has(field)) return undefined;
    const v = (alert as unknown as Record<string, unknown>)[field];
    return typeof v === 'string' ? v : undefined;
  }
  return undefined;
}

function own<T>(o: Readonly<Record<string, T>>, k: string): T | undefined {
  return Object.hasOwn(o, k) ? o[k] : undefined;
}
function stringOrUndefined(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** checkParam validates a value against its spec; returns a reason or null. */
export function checkParam(spec: ParamSpec, value: string): string | null {
  if (value.length > spec.maxLength) return `longer than ${spec.maxLength}`;
  if (value.includes('\u0000')) return 'contains a NUL byte';
  if (spec.pattern !== undefined && !new RegExp(spec.pattern, 'u').test(value)) return `does not match ${spec.pattern}`;
  return null;
}

/**
 * resolveParams takes every declared parameter from the incident and the chosen alert. Returns the
 * values, or the reason the runbook cannot run (a required value missing or invalid).
 */
export function resolveParams(
  runbook: Runbook,
  incident: Incident,
  alert: MatchAlert | undefined,
): { ok: true; params: Record<string, string> } | { ok: false; reason: string } {
  const params: Record<string, string> = {};
  for (const [name, spec] of Object.entries(runbook.params)) {
    const v = readPath(spec.from, incident, alert) ?? spec.default;
    if (v === undefined) {
      if (spec.required) return { ok: false, reason: `parameter ${name}: no value at ${spec.from}` };
      continue;
    }
    const bad = checkParam(spec, v);
    if (bad !== null) return { ok: false, reason: `parameter ${name}: ${bad}` };
    params[name] = v;
  }
  return { ok: true, params };
}

/**
 * validateRequestParams re-checks a request's params against the runbook on the runner side: the
 * request topic is an input like any other, so the runner trusts nothing the matcher decided.
 */
export function validateRequestParams(runbook: Runbook, params: Readonly<Record<string, string>>): void {
  for (const name of Object.keys(params)) {
    if (!Object.hasOwn(runbook.params, name)) throw ParamInvalid(name, 'not declared by the runbook');
  }
  for (const [name, spec] of Object.entries(runbook.params)) {
    const v = Object.hasOwn(params, name) ? params[name] : undefined;
    if (v === undefined) {
      if (spec.required && spec.default === undefined) throw ParamInvalid(name, 'missing');
      continue;
    }
    const bad = checkParam(spec, v);
    if (bad !== null) throw ParamInvalid(name, bad);
  }
}
