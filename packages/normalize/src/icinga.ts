import { z } from 'zod';
import type { EventStatus, Severity } from '@aiops/model';
import { nonEmpty, scalarString, StringMap } from './labels.js';
import { resourceFromLabels } from './resource.js';
import { ResultBuilder } from './result-builder.js';
import {
  ICINGA_NOTIFICATIONS_SEVERITY,
  NAGIOS_HOST_STATE,
  NAGIOS_HOST_STATE_IDS,
  NAGIOS_SERVICE_STATE,
  NAGIOS_SERVICE_STATE_IDS,
} from './severity.js';
import { parseTimestamp } from './time.js';
import type { NormalizeContext, NormalizeResult, SourceAdapter } from './types.js';

const Id = z.union([z.string(), z.number()]);

/**
 * IcingaNotification is OUR contract for Nagios and Icinga notification commands (they have no webhook):
 * deploy/examples/icinga/ builds it from macros with jq and posts it with curl. See the README.
 */
export const IcingaNotification = z.looseObject({
  notificationType: z.string().min(1).describe('$NOTIFICATIONTYPE$: PROBLEM | RECOVERY | ACKNOWLEDGEMENT | FLAPPINGSTART | FLAPPINGSTOP | DOWNTIMESTART | DOWNTIMEEND | DOWNTIMECANCELLED | CUSTOM'),
  hostName: z.string().min(1).describe('$HOSTNAME$'),
  hostDisplayName: z.string().optional(),
  hostAddress: z.string().optional().describe('$HOSTADDRESS$'),
  hostState: z.string().optional().describe('$HOSTSTATE$: UP | DOWN | UNREACHABLE'),
  serviceName: z.string().optional().describe('$SERVICEDESC$; absent or empty for a host notification'),
  serviceDisplayName: z.string().optional(),
  serviceState: z.string().optional().describe('$SERVICESTATE$: OK | WARNING | CRITICAL | UNKNOWN'),
  output: z.string().optional().describe('$SERVICEOUTPUT$ or $HOSTOUTPUT$'),
  longOutput: z.string().optional(),
  timestamp: Id.optional().describe('$TIMET$ (epoch seconds) or RFC3339'),
  problemId: Id.optional().describe('$SERVICEPROBLEMID$ / $HOSTPROBLEMID$'),
  author: z.string().optional(),
  comment: z.string().optional(),
  url: z.string().optional(),
  sender: z.string().optional().describe('icinga2 | nagios | …'),
  labels: StringMap.optional().describe('custom variables worth matching on (env, team, …)'),
});

/** Icinga 2 API event stream object (/v1/events), types StateChange, AcknowledgementSet, …. */
const Icinga2StreamEvent = z.looseObject({
  type: z.string(),
  host: z.string().min(1),
  service: z.string().optional(),
  state: z.number().int().min(0).max(3).optional(),
  state_type: z.number().int().optional(),
  timestamp: z.number().optional(),
  check_result: z.looseObject({ output: z.string().optional() }).optional(),
});

/** Icinga Notifications event (process-event API and its older example format). */
const IcingaNotificationsEvent = z.looseObject({
  name: z.string().optional(),
  url: z.string().optional(),
  type: z.string().optional(),
  severity: z.string().optional(),
  message: z.string().optional(),
  username: z.string().optional(),
  tags: z.record(z.string(), z.string()).refine((t) => nonEmpty(t.host) !== undefined, { message: 'tags.host is required', path: ['host'] }),
  extra_tags: z.record(z.string(), z.string().nullable()).optional(),
});

/** Nagios / Icinga 1.x macros flattened to an all-string JSON object (notify-by-mqtt style). */
const NagiosMacros = z.looseObject({
  hostname: z.string().min(1),
  hostdisplayname: z.string().optional(),
  hostaddress: z.string().optional(),
  hoststate: z.string().optional(),
  hoststateid: z.string().optional(),
  hostoutput: z.string().optional(),
  servicedesc: z.string().optional(),
  servicedisplayname: z.string().optional(),
  servicestate: z.string().optional(),
  servicestateid: z.string().optional(),
  serviceoutput: z.string().optional(),
  notificationtype: z.string().optional(),
  timet: z.string().optional(),
});

/** Severity and status of a Nagios-style state; `null` when the state name is unknown. */
function stateOf(kind: 'host' | 'service', state: string): { severity: Severity; status: EventStatus } | null {
  const s = state.trim().toLowerCase();
  const sev = kind === 'host' ? NAGIOS_HOST_STATE[s] : NAGIOS_SERVICE_STATE[s];
  if (sev === undefined) return null;
  return { severity: sev, status: s === 'ok' || s === 'up' ? 'resolved' : 'firing' };
}

/** fingerprintOf is Icinga's own object name: `host` or `host!service`, under the source name. */
function fingerprintOf(source: string, host: string, service: string | undefined): string {
  return service === undefined || service === '' ? `${source}:${host}` : `${source}:${host}!${service}`;
}

function titleOf(host: string, service: string | undefined, state: string): string {
  return service === undefined || service === '' ? `${host} is ${state.toUpperCase()}` : `${service} on ${host} is ${state.toUpperCase()}`;
}

const NON_STATE_TYPES = new Set(['ACKNOWLEDGEMENT', 'FLAPPINGSTART', 'FLAPPINGSTOP', 'FLAPPINGEND', 'FLAPPINGDISABLED', 'DOWNTIMESTART', 'DOWNTIMEEND', 'DOWNTIMECANCELLED', 'DOWNTIMEREMOVED', 'CUSTOM']);

function fromContract(b: ResultBuilder, body: unknown): void {
  const p = IcingaNotification.safeParse(body);
  if (!p.success) return b.zodIssues(p.error);
  const m = p.data;
  const type = m.notificationType.trim().toUpperCase();
  if (NON_STATE_TYPES.has(type)) return b.ignore(`${type} notification is not an alert state`);
  if (type !== 'PROBLEM' && type !== 'RECOVERY') {
    return b.issue('AIOPS_ERR_NORMALIZE_SCHEMA', 'notificationType', `unknown notification type ${JSON.stringify(m.notificationType)}`);
  }
  const service = nonEmpty(m.serviceName);
  const kind = service === undefined ? 'host' : 'service';
  const stateText = kind === 'host' ? m.hostState : m.serviceState;
  const field = kind === 'host' ? 'hostState' : 'serviceState';
  if (stateText === undefined || stateText.trim() === '') {
    return b.issue('AIOPS_ERR_NORMALIZE_SCHEMA', field, `required for a ${kind} notification`);
  }
  const st = stateOf(kind, stateText);
  if (st === null) {
    const allowed = kind === 'host' ? 'UP, DOWN, UNREACHABLE' : 'OK, WARNING, CRITICAL, UNKNOWN';
    return b.issue('AIOPS_ERR_NORMALIZE_SCHEMA', field, `unknown ${kind} state ${JSON.stringify(stateText)} (expected ${allowed})`);
  }
  const ts = parseTimestamp(m.timestamp);
  if (ts === null) return b.issue('AIOPS_ERR_NORMALIZE_SCHEMA', 'timestamp', 'expected epoch seconds or an RFC3339 time');
  const status: EventStatus = type === 'RECOVERY' ? 'resolved' : st.status;
  const labels: Record<string, string> = { ...(m.labels ?? {}), host: m.hostName };
  if (service !== undefined) labels.service = service;
  const annotations: Record<string, string> = { notification_type: type };
  if (nonEmpty(m.author)) annotations.author = m.author as string;
  if (nonEmpty(m.comment)) annotations.comment = m.comment as string;
  if (nonEmpty(m.longOutput)) annotations.long_output = m.longOutput as string;
  if (nonEmpty(m.sender)) annotations.sender = m.sender as string;
  b.add({
    fingerprint: fingerprintOf(b.source, m.hostName, service),
    status,
    severity: status === 'resolved' ? 'info' : st.severity,
    title: titleOf(nonEmpty(m.hostDisplayName) ?? m.hostName, nonEmpty(m.serviceDisplayName, service), stateText),
    description: [m.output, m.longOutput].filter((x) => nonEmpty(x) !== undefined).join('\n'),
    labels,
    annotations,
    resource: resourceFromLabels(labels, { host: m.hostName, ip: nonEmpty(m.hostAddress), service }),
    sourceTime: ts,
    sourceEventId: scalarString(m.problemId),
    url: nonEmpty(m.url),
    raw: m,
  });
}

function fromStream(b: ResultBuilder, body: unknown): void {
  const p = Icinga2StreamEvent.safeParse(body);
  if (!p.success) return b.zodIssues(p.error);
  const m = p.data;
  if (m.type !== 'StateChange') return b.ignore(`Icinga 2 ${m.type} event is not an alert state`);
  if (m.state === undefined) return b.issue('AIOPS_ERR_NORMALIZE_SCHEMA', 'state', 'required for a StateChange');
  const service = nonEmpty(m.service);
  const kind = service === undefined ? 'host' : 'service';
  const stateName = (kind === 'host' ? NAGIOS_HOST_STATE_IDS : NAGIOS_SERVICE_STATE_IDS)[m.state];
  if (stateName === undefined) return b.issue('AIOPS_ERR_NORMALIZE_SCHEMA', 'state', `no ${kind} state ${m.state}`);
  const st = stateOf(kind, stateName) as { severity: Severity; status: EventStatus };
  const ts = parseTimestamp(m.timestamp);
  const labels: Record<string, string> = { host: m.host, state_type: m.state_type === 1 ? 'HARD' : 'SOFT' };
  if (service !== undefined) labels.service = service;
  b.add({
    fingerprint: fingerprintOf(b.source, m.host, service),
    status: st.status,
    severity: st.status === 'resolved' ? 'info' : st.severity,
    title: titleOf(m.host, service, stateName),
    description: m.check_result?.output ?? '',
    labels,
    annotations: { event_type: m.type },
    resource: resourceFromLabels(labels, { host: m.host, service }),
    sourceTime: ts ?? undefined,
    raw: m,
  });
}

function fromNotifications(b: ResultBuilder, body: unknown): void {
  const p = IcingaNotificationsEvent.safeParse(body);
  if (!p.success) return b.zodIssues(p.error, { prefix: '' });
  const m = p.data;
  const type = m.type ?? 'state';
  if (type !== 'state') return b.ignore(`Icinga Notifications ${type} event is not an alert state`);
  if (m.severity === undefined) return b.issue('AIOPS_ERR_NORMALIZE_SCHEMA', 'severity', 'required for a state event');
  const sev = ICINGA_NOTIFICATIONS_SEVERITY[m.severity.trim().toLowerCase()];
  if (sev === undefined) return b.issue('AIOPS_ERR_NORMALIZE_SCHEMA', 'severity', `unknown severity ${JSON.stringify(m.severity)} (expected ok, debug, info, notice, warning, err, crit, alert, emerg)`);
  const host = m.tags.host as string;
  const service = nonEmpty(m.tags.service);
  const labels: Record<string, string> = { ...m.tags };
  for (const [k, v] of Object.entries(m.extra_tags ?? {})) if (!(k in labels)) labels[k] = v ?? '';
  const resolved = m.severity.trim().toLowerCase() === 'ok';
  b.add({
    fingerprint: fingerprintOf(b.source, host, service),
    status: resolved ? 'resolved' : 'firing',
    severity: sev,
    title: nonEmpty(m.name) ?? titleOf(host, service, m.severity),
    description: m.message ?? '',
    labels,
    annotations: { icinga_severity: m.severity },
    resource: resourceFromLabels(labels, { host, service }),
    url: nonEmpty(m.url),
    raw: m,
  });
}

function fromMacros(b: ResultBuilder, body: unknown): void {
  const p = NagiosMacros.safeParse(body);
  if (!p.success) return b.zodIssues(p.error);
  const m = p.data;
  const type = m.notificationtype?.trim().toUpperCase();
  if (type !== undefined && NON_STATE_TYPES.has(type)) return b.ignore(`${type} notification is not an alert state`);
  const service = nonEmpty(m.servicedesc);
  const kind = service === undefined ? 'host' : 'service';
  const ids = kind === 'host' ? NAGIOS_HOST_STATE_IDS : NAGIOS_SERVICE_STATE_IDS;
  const stateText = nonEmpty(kind === 'host' ? m.hoststate : m.servicestate) ?? ids[Number(kind === 'host' ? m.hoststateid : m.servicestateid)];
  const field = kind === 'host' ? 'hoststate' : 'servicestate';
  if (stateText === undefined) return b.issue('AIOPS_ERR_NORMALIZE_SCHEMA', field, `required for a ${kind} notification`);
  const st = stateOf(kind, stateText);
  if (st === null) return b.issue('AIOPS_ERR_NORMALIZE_SCHEMA', field, `unknown ${kind} state ${JSON.stringify(stateText)}`);
  const ts = parseTimestamp(m.timet);
  if (ts === null) return b.issue('AIOPS_ERR_NORMALIZE_SCHEMA', 'timet', 'expected epoch seconds');
  const status: EventStatus = type === 'RECOVERY' ? 'resolved' : st.status;
  const labels: Record<string, string> = { host: m.hostname };
  if (service !== undefined) labels.service = service;
  b.add({
    fingerprint: fingerprintOf(b.source, m.hostname, service),
    status,
    severity: status === 'resolved' ? 'info' : st.severity,
    title: titleOf(nonEmpty(m.hostdisplayname) ?? m.hostname, nonEmpty(m.servicedisplayname, service), stateText),
    description: (kind === 'host' ? m.hostoutput : m.serviceoutput) ?? '',
    labels,
    annotations: {},
    resource: resourceFromLabels(labels, { host: m.hostname, ip: nonEmpty(m.hostaddress), service }),
    sourceTime: ts,
    raw: m,
  });
}

/**
 * normalizeIcinga tells the four shapes apart by their keys: our contract (notificationType), the Icinga 2
 * event stream (type + host), Icinga Notifications events (tags.host), and flattened 1.x macros (hostname).
 * Anything else is refused with the contract's first missing field.
 */
function normalizeIcinga(source: string, body: unknown, ctx: NormalizeContext): NormalizeResult {
  const b = new ResultBuilder(source, ctx);
  const o = typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : undefined;
  if (o === undefined || 'notificationType' in o) fromContract(b, body);
  else if (typeof o.type === 'string' && typeof o.host === 'string') fromStream(b, body);
  else if (typeof o.tags === 'object' && o.tags !== null) fromNotifications(b, body);
  else if ('hostname' in o) fromMacros(b, body);
  else fromContract(b, body);
  return b.result();
}

/** icingaAdapter: Icinga 2 / Icinga Notifications / our notification-command contract. */
export const icingaAdapter: SourceAdapter = {
  name: 'icinga',
  description: 'Icinga 2 and Nagios notifications (our notification-command JSON, Icinga 2 event stream, Icinga Notifications events)',
  normalize: (body, ctx) => normalizeIcinga('icinga', body, ctx),
};

/** nagiosAdapter: the same formats posted under the nagios source name. */
export const nagiosAdapter: SourceAdapter = {
  name: 'nagios',
  description: 'Nagios Core notifications (same contract as icinga)',
  normalize: (body, ctx) => normalizeIcinga('nagios', body, ctx),
};
