import { z } from 'zod';
import { labelsFingerprint } from '@aiops/model';
import { AlertmanagerAlert, normalizeAlertmanagerShaped } from './alertmanager.js';
import { nonEmpty, scalarString } from './labels.js';
import { resourceFromLabels } from './resource.js';
import { ResultBuilder } from './result-builder.js';
import { labelSeverity } from './severity.js';
import type { NormalizeContext, NormalizeResult, SourceAdapter } from './types.js';

/** GrafanaAlert: an Alertmanager alert plus Grafana's links and values (grafana/alerting ExtendedAlert). */
export const GrafanaAlert = AlertmanagerAlert.extend({
  silenceURL: z.string().optional(),
  dashboardURL: z.string().optional(),
  panelURL: z.string().optional(),
  imageURL: z.string().optional(),
  values: z.record(z.string(), z.number().nullable()).nullable().optional(),
  valueString: z.string().optional(),
  orgId: z.number().optional(),
});

/** GrafanaLegacyMessage: the pre-8 dashboard-alert webhook (no alerts[]; evalMatches). */
export const GrafanaLegacyMessage = z.looseObject({
  title: z.string().optional(),
  ruleId: z.number().optional(),
  ruleName: z.string().optional(),
  ruleUrl: z.string().optional(),
  state: z.enum(['ok', 'paused', 'alerting', 'pending', 'no_data']),
  message: z.string().optional(),
  dashboardId: z.number().optional(),
  panelId: z.number().optional(),
  orgId: z.number().optional(),
  imageUrl: z.string().optional(),
  evalMatches: z.array(z.looseObject({ value: z.number().nullable().optional(), metric: z.string().optional() })).nullable().optional(),
  tags: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).nullable().optional(),
});

function grafanaExtras(a: z.infer<typeof GrafanaAlert>): { url?: string; annotations: Record<string, string> } {
  const ann: Record<string, string> = {};
  if (nonEmpty(a.valueString)) ann.value_string = a.valueString as string;
  if (nonEmpty(a.dashboardURL)) ann.dashboard_url = a.dashboardURL as string;
  if (nonEmpty(a.panelURL)) ann.panel_url = a.panelURL as string;
  if (nonEmpty(a.silenceURL)) ann.silence_url = a.silenceURL as string;
  if (nonEmpty(a.imageURL)) ann.image_url = a.imageURL as string;
  const url = nonEmpty(a.panelURL, a.dashboardURL, a.generatorURL);
  return url === undefined ? { annotations: ann } : { url, annotations: ann };
}

/**
 * normalizeLegacy maps one pre-8 Grafana notification: alerting/no_data fire, ok resolves, paused and
 * pending are not alert states (ignored). Identity is org/dashboard/panel/rule.
 */
function normalizeLegacy(body: unknown, ctx: NormalizeContext): NormalizeResult {
  const b = new ResultBuilder('grafana', ctx);
  const p = GrafanaLegacyMessage.safeParse(body);
  if (!p.success) {
    b.zodIssues(p.error);
    return b.result();
  }
  const m = p.data;
  if (m.state === 'paused' || m.state === 'pending') {
    b.ignore(`legacy Grafana state "${m.state}" is not an alert state`);
    return b.result();
  }
  const labels: Record<string, string> = {};
  for (const [k, v] of Object.entries(m.tags ?? {})) labels[k] = String(v);
  const title = nonEmpty(m.ruleName, m.title) ?? 'Grafana alert';
  if (labels.alertname === undefined) labels.alertname = title;
  const annotations: Record<string, string> = {};
  if (m.evalMatches && m.evalMatches.length > 0) {
    annotations.eval_matches = m.evalMatches.map((e) => `${e.metric ?? ''}=${scalarString(e.value) ?? 'null'}`).join(', ');
  }
  if (nonEmpty(m.imageUrl)) annotations.image_url = m.imageUrl as string;
  const identity = [m.orgId ?? 0, m.dashboardId ?? 0, m.panelId ?? 0, m.ruleId ?? 0].join('/');
  b.add({
    fingerprint: m.ruleId !== undefined && m.ruleId > 0 ? `grafana-legacy:${identity}` : labelsFingerprint({ ...labels, __rule: identity }),
    status: m.state === 'ok' ? 'resolved' : 'firing',
    severity: m.state === 'ok' ? 'info' : labelSeverity(labels.severity, m.state === 'no_data' ? 'warning' : undefined),
    title,
    description: m.message ?? '',
    labels,
    annotations,
    resource: resourceFromLabels(labels),
    url: nonEmpty(m.ruleUrl),
    raw: m,
  });
  return b.result();
}

/** grafanaAdapter: Grafana-managed alerting webhook (version "1"), and the legacy pre-8 format. */
export const grafanaAdapter: SourceAdapter = {
  name: 'grafana',
  description: 'Grafana alerting webhook (unified alerting version 1; legacy dashboard alerts)',
  normalize(body, ctx) {
    const isObject = typeof body === 'object' && body !== null && !Array.isArray(body);
    if (isObject && !('alerts' in body) && ('evalMatches' in body || 'ruleId' in body || 'ruleName' in body)) return normalizeLegacy(body, ctx);
    return normalizeAlertmanagerShaped('grafana', body, ctx, GrafanaAlert, (a) => grafanaExtras(a as z.infer<typeof GrafanaAlert>));
  },
};
