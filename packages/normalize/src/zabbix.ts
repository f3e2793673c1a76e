import { z } from 'zod';
import { labelsFingerprint, type Severity } from '@aiops/model';
import { nonEmpty, scalarString, tagsToLabels } from './labels.js';
import { resourceFromLabels } from './resource.js';
import { ResultBuilder } from './result-builder.js';
import { DEFAULT_SEVERITY, ZABBIX_NSEVERITY, ZABBIX_SEVERITY } from './severity.js';
import { parseTimestamp } from './time.js';
import type { SourceAdapter } from './types.js';

const Id = z.union([z.string(), z.number()]);
const ZabbixTag = z.looseObject({ tag: z.string(), value: z.string().optional() });

/**
 * ZabbixMessage is our contract for Zabbix's webhook media type (deploy/examples/zabbix/): the script
 * posts these fields filled from macros. The flat Zulip-style body (hostname, trigger, status, severity,
 * item, link) is accepted as well. See packages/normalize/README.md.
 */
export const ZabbixMessage = z.looseObject({
  eventId: Id.optional().describe('{EVENT.ID} (recovery: {EVENT.RECOVERY.ID})'),
  eventValue: Id.optional().describe('{EVENT.VALUE}: 1 = problem, 0 = recovery'),
  status: z.string().optional().describe('{EVENT.STATUS}: PROBLEM | RESOLVED (OK accepted)'),
  updateStatus: Id.optional().describe('{EVENT.UPDATE.STATUS}: 1 = an update (acknowledge, comment): not an alert state'),
  severity: z.string().optional().describe('{EVENT.SEVERITY}: Not classified | Information | Warning | Average | High | Disaster'),
  severityId: Id.optional().describe('{EVENT.NSEVERITY}: 0..5, preferred over the name'),
  triggerId: Id.optional().describe('{TRIGGER.ID}: the alert identity (a recovery has a new event id, not a new trigger id)'),
  triggerName: z.string().optional().describe('{EVENT.NAME} or {TRIGGER.NAME}'),
  triggerDescription: z.string().optional(),
  hostName: z.string().optional().describe('{HOST.NAME} (visible name)'),
  hostHost: z.string().optional().describe('{HOST.HOST} (technical name)'),
  hostIp: z.string().optional().describe('{HOST.IP}'),
  hostGroups: z.string().optional(),
  itemName: z.string().optional(),
  itemValue: z.string().optional(),
  opdata: z.string().optional(),
  clock: Id.optional().describe('problem time, epoch seconds'),
  recoveryClock: Id.optional().describe('recovery time, epoch seconds'),
  tags: z.union([z.string(), z.array(ZabbixTag), z.record(z.string(), z.string())]).optional().describe('{EVENT.TAGSJSON}, an object, or "k:v,k:v"'),
  url: z.string().optional(),
  // the flat Zulip-style body
  hostname: z.string().optional(),
  trigger: z.string().optional(),
  item: z.string().optional(),
  link: z.string().optional(),
});

const TRIGGER_IN_LINK = /[?&]triggerid=(\d+)/;
const EVENT_IN_LINK = /[?&]eventid=(\d+)/;

function zabbixSeverity(name: string | undefined, id: string | undefined): Severity {
  if (id !== undefined && /^[0-5]$/.test(id.trim())) return ZABBIX_NSEVERITY[Number(id)] as Severity;
  if (name === undefined) return DEFAULT_SEVERITY;
  return ZABBIX_SEVERITY[name.trim().toLowerCase()] ?? DEFAULT_SEVERITY;
}

/** zabbixAdapter: Zabbix webhook media type (our contract) and the flat Zulip-style body. */
export const zabbixAdapter: SourceAdapter = {
  name: 'zabbix',
  description: 'Zabbix webhook media type (problem, recovery; updates are ignored); severity names or numbers',
  normalize(body, ctx) {
    const b = new ResultBuilder('zabbix', ctx);
    const p = ZabbixMessage.safeParse(body);
    if (!p.success) {
      b.zodIssues(p.error);
      return b.result();
    }
    const m = p.data;
    const host = nonEmpty(m.hostHost, m.hostName, m.hostname);
    const trigger = nonEmpty(m.triggerName, m.trigger);
    if (host === undefined) b.issue('AIOPS_ERR_NORMALIZE_SCHEMA', 'hostName', 'the host is required ({HOST.NAME} as hostName, or hostname)');
    if (trigger === undefined) b.issue('AIOPS_ERR_NORMALIZE_SCHEMA', 'triggerName', 'the trigger name is required ({EVENT.NAME} as triggerName, or trigger)');
    const value = scalarString(m.eventValue)?.trim();
    const statusText = m.status?.trim().toUpperCase();
    if (value === undefined && (statusText === undefined || statusText === '')) {
      b.issue('AIOPS_ERR_NORMALIZE_SCHEMA', 'status', 'either eventValue (1 problem, 0 recovery) or status (PROBLEM | RESOLVED) is required');
    }
    if (value !== undefined && value !== '0' && value !== '1') b.issue('AIOPS_ERR_NORMALIZE_SCHEMA', 'eventValue', `expected 0 or 1, got ${JSON.stringify(value)}`);
    const clock = parseTimestamp(m.clock);
    const recoveryClock = parseTimestamp(m.recoveryClock);
    if (clock === null) b.issue('AIOPS_ERR_NORMALIZE_SCHEMA', 'clock', 'expected epoch seconds');
    if (recoveryClock === null) b.issue('AIOPS_ERR_NORMALIZE_SCHEMA', 'recoveryClock', 'expected epoch seconds');
    if (b.hasErrors || host === undefined || trigger === undefined || clock === null || recoveryClock === null) return b.result();

    if (scalarString(m.updateStatus)?.trim() === '1' || statusText === 'UPDATE') {
      b.ignore('Zabbix problem update (acknowledge, comment, severity change) is not an alert state');
      return b.result();
    }
    const resolved = value !== undefined && value !== '' ? value === '0' : statusText === 'OK' || statusText === 'RESOLVED' || statusText === 'RECOVERY';
    const triggerId = scalarString(m.triggerId) ?? TRIGGER_IN_LINK.exec(m.link ?? m.url ?? '')?.[1];
    const eventId = scalarString(m.eventId) ?? EVENT_IN_LINK.exec(m.link ?? m.url ?? '')?.[1];

    const labels: Record<string, string> = {};
    if (typeof m.tags === 'string') tagsToLabels(m.tags, labels);
    else if (Array.isArray(m.tags)) for (const t of m.tags) if (!(t.tag in labels)) labels[t.tag] = t.value ?? '';
    else if (m.tags) Object.assign(labels, m.tags);
    labels.host = host;
    if (triggerId !== undefined) labels.zabbix_trigger_id = triggerId;

    const annotations: Record<string, string> = {};
    const item = nonEmpty(m.itemName, m.item);
    if (item !== undefined) annotations.item = item;
    if (nonEmpty(m.itemValue)) annotations.item_value = m.itemValue as string;
    if (nonEmpty(m.opdata)) annotations.opdata = m.opdata as string;
    if (nonEmpty(m.hostGroups)) annotations.host_groups = m.hostGroups as string;
    if (nonEmpty(m.severity)) annotations.zabbix_severity = m.severity as string;

    b.add({
      fingerprint: triggerId !== undefined ? `zabbix:${triggerId}` : `zabbix:${labelsFingerprint({ host, trigger })}`,
      status: resolved ? 'resolved' : 'firing',
      severity: zabbixSeverity(m.severity, scalarString(m.severityId)),
      title: trigger,
      description: nonEmpty(m.triggerDescription, m.opdata, item) ?? '',
      labels,
      annotations,
      resource: resourceFromLabels(labels, { host, ip: nonEmpty(m.hostIp) }),
      sourceTime: resolved ? (recoveryClock ?? clock) : clock,
      startsAt: clock,
      endsAt: resolved ? recoveryClock : undefined,
      sourceEventId: eventId,
      url: nonEmpty(m.url, m.link),
      raw: m,
    });
    return b.result();
  },
};
