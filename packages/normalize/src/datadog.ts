import { z } from 'zod';
import type { Severity } from '@aiops/model';
import { nonEmpty, scalarString, tagsToLabels } from './labels.js';
import { resourceFromLabels } from './resource.js';
import { ResultBuilder } from './result-builder.js';
import { DATADOG_ALERT_TYPE, DATADOG_PRIORITY, DEFAULT_SEVERITY } from './severity.js';
import { parseTimestamp } from './time.js';
import type { SourceAdapter } from './types.js';

const Id = z.union([z.string(), z.number()]);
const Tags = z.union([z.string(), z.array(z.string())]);

/**
 * DatadogWebhook is a Datadog webhook integration body. Datadog has no fixed body: the payload template
 * decides. We read the variables of the documented template (README) and Keep's template, which the
 * fixtures use: $ID, $AGGREG_KEY, $ALERT_ID (monitor_id), $ALERT_TRANSITION, $ALERT_TYPE, $ALERT_PRIORITY,
 * $ALERT_SCOPE, $TAGS, $EVENT_TITLE, $EVENT_MSG, $DATE, $LINK, $HOSTNAME.
 */
export const DatadogWebhook = z.looseObject({
  id: Id.optional().describe('$ID: changes per notification'),
  aggreg_key: z.string().optional().describe('$AGGREG_KEY: stable per monitor and group, preferred identity'),
  monitor_id: Id.optional().describe('$ALERT_ID'),
  alert_id: Id.optional(),
  alert_transition: z.string().optional().describe('Triggered | Re-Triggered | Warn | Recovered | No Data | Renotify'),
  alert_type: z.string().optional().describe('error | warning | info | success'),
  severity: z.string().optional().describe('$ALERT_PRIORITY (P1..P5) or empty'),
  priority: z.string().optional(),
  title: z.string().min(1).describe('$EVENT_TITLE'),
  body: z.string().optional().describe('$EVENT_MSG'),
  text: z.string().optional(),
  event_type: z.string().optional(),
  date: Id.optional().describe('$DATE: epoch ms'),
  last_updated: Id.optional(),
  scopes: z.string().optional().describe('$ALERT_SCOPE: "k:v,k:v"'),
  alert_scope: z.string().optional(),
  tags: Tags.optional().describe('$TAGS: "k:v,k:v" or a list'),
  url: z.string().optional().describe('$LINK'),
  link: z.string().optional(),
  hostname: z.string().optional().describe('$HOSTNAME'),
  org: z.looseObject({ id: Id.optional(), name: z.string().optional() }).optional(),
});

const RECOVERED = new Set(['recovered', 'success']);
/** Datadog titles start with status tokens ("[P2] [Warn] …", "[Triggered on {…}] …"): not part of the name. */
const TITLE_PREFIX = /^(\s*\[[^\]]*\]\s*)+/;

function datadogSeverity(priority: string | undefined, alertType: string | undefined): Severity {
  const p = priority?.trim().toLowerCase();
  if (p !== undefined && DATADOG_PRIORITY[p] !== undefined) return DATADOG_PRIORITY[p];
  const t = alertType?.trim().toLowerCase();
  return (t !== undefined ? DATADOG_ALERT_TYPE[t] : undefined) ?? DEFAULT_SEVERITY;
}

/** datadogAdapter: Datadog monitor notifications through the webhooks integration. */
export const datadogAdapter: SourceAdapter = {
  name: 'datadog',
  description: 'Datadog webhook integration (monitor notifications: Triggered, Warn, Recovered)',
  normalize(body, ctx) {
    const b = new ResultBuilder('datadog', ctx);
    const p = DatadogWebhook.safeParse(body);
    if (!p.success) {
      b.zodIssues(p.error);
      return b.result();
    }
    const m = p.data;
    const monitor = scalarString(m.monitor_id) ?? scalarString(m.alert_id);
    const scope = nonEmpty(m.scopes, m.alert_scope) ?? '';
    const aggreg = nonEmpty(m.aggreg_key);
    if (aggreg === undefined && monitor === undefined) {
      b.issue('AIOPS_ERR_NORMALIZE_SCHEMA', 'monitor_id', 'one of aggreg_key ($AGGREG_KEY) or monitor_id ($ALERT_ID) is required to identify the alert');
    }
    const at = parseTimestamp(m.date ?? m.last_updated);
    if (at === null) b.issue('AIOPS_ERR_NORMALIZE_SCHEMA', 'date', 'expected epoch milliseconds');
    if (b.hasErrors || at === null) return b.result();

    const transition = m.alert_transition?.trim().toLowerCase();
    const type = m.alert_type?.trim().toLowerCase();
    const resolved = (transition !== undefined && RECOVERED.has(transition)) || type === 'success';
    const labels = tagsToLabels(m.tags);
    tagsToLabels(scope, labels);
    if (nonEmpty(m.hostname) && labels.host === undefined) labels.host = m.hostname as string;
    if (monitor !== undefined) labels.monitor_id = monitor;
    const title = m.title.replace(TITLE_PREFIX, '').trim();
    const annotations: Record<string, string> = {};
    if (m.alert_transition) annotations.alert_transition = m.alert_transition;
    if (m.event_type) annotations.event_type = m.event_type;
    if (scope !== '') annotations.scope = scope;
    const text = (m.body ?? m.text ?? '').replace(/^%%%\s*/, '').replace(/\s*%%%$/, '');
    b.add({
      fingerprint: aggreg !== undefined ? `datadog:${aggreg}` : `datadog:${monitor as string}:${scope}`,
      status: resolved ? 'resolved' : 'firing',
      severity: datadogSeverity(nonEmpty(m.severity, m.priority), resolved ? 'success' : type),
      title: title === '' ? m.title : title,
      description: text,
      labels,
      annotations,
      resource: resourceFromLabels(labels),
      sourceTime: at,
      sourceEventId: scalarString(m.id),
      url: nonEmpty(m.url, m.link),
      raw: m,
    });
    return b.result();
  },
};
