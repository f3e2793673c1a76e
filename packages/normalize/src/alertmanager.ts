import { z } from 'zod';
import type { EventStatus } from '@aiops/model';
import { alertmanagerFingerprint } from './fingerprint.js';
import { nonEmpty, StringMap } from './labels.js';
import { resourceFromLabels } from './resource.js';
import { ResultBuilder } from './result-builder.js';
import { labelSeverity } from './severity.js';
import { parseTimestamp } from './time.js';
import type { NormalizeContext, NormalizeResult, SourceAdapter } from './types.js';

const Status = z.enum(['firing', 'resolved']);

/** AlertmanagerAlert is one entry of `alerts[]` (template.Alert). Unknown keys are accepted: newer releases add some. */
export const AlertmanagerAlert = z.looseObject({
  status: Status.optional().describe('per-alert status; older senders omit it, then the group status applies'),
  labels: StringMap,
  annotations: StringMap.optional(),
  startsAt: z.string().optional().describe('RFC3339'),
  endsAt: z.string().optional().describe('RFC3339; 0001-01-01T00:00:00Z when unset'),
  generatorURL: z.string().optional(),
  fingerprint: z.string().optional().describe('absent before Alertmanager 0.19: then computed from labels the same way'),
});

/** AlertmanagerMessage is the webhook body, version "4" (notify/webhook.Message). */
export const AlertmanagerMessage = z.looseObject({
  version: z.string().optional(),
  groupKey: z.string().optional(),
  truncatedAlerts: z.number().int().nonnegative().optional(),
  status: Status.optional(),
  receiver: z.string().optional(),
  groupLabels: StringMap.optional(),
  commonLabels: StringMap.optional(),
  commonAnnotations: StringMap.optional(),
  externalURL: z.string().optional(),
  alerts: z.array(z.unknown()).min(1, 'at least one alert is required'),
});

export type AlertmanagerAlert = z.infer<typeof AlertmanagerAlert>;

/** Extra fields an Alertmanager-shaped sender (Grafana) adds to annotations and the link. */
export interface PrometheusAlertExtras {
  readonly url?: string | undefined;
  readonly annotations?: Readonly<Record<string, string>>;
}

/**
 * addPrometheusAlert maps one Alertmanager-shaped alert: fingerprint = the sender's, else Alertmanager's
 * own hash of the labels; severity from the `severity` (or `priority`) label; occurredAt = startsAt for
 * firing and endsAt for resolved (falling back to startsAt when a sender leaves endsAt at zero).
 */
export function addPrometheusAlert(
  b: ResultBuilder,
  a: AlertmanagerAlert,
  groupStatus: EventStatus | undefined,
  index: number,
  extras: PrometheusAlertExtras = {},
): void {
  const prefix = `alerts[${index}]`;
  const status = a.status ?? groupStatus;
  if (status === undefined) {
    b.issue('AIOPS_ERR_NORMALIZE_SCHEMA', `${prefix}.status`, 'no status on the alert nor on the message (expected firing or resolved)', index);
    return;
  }
  const startsAt = parseTimestamp(a.startsAt);
  const endsAt = parseTimestamp(a.endsAt);
  if (startsAt === null) b.issue('AIOPS_ERR_NORMALIZE_SCHEMA', `${prefix}.startsAt`, `not an RFC3339 time: ${JSON.stringify(a.startsAt)}`, index);
  if (endsAt === null) b.issue('AIOPS_ERR_NORMALIZE_SCHEMA', `${prefix}.endsAt`, `not an RFC3339 time: ${JSON.stringify(a.endsAt)}`, index);
  if (startsAt === null || endsAt === null) return;
  const labels = a.labels;
  const annotations = { ...(a.annotations ?? {}), ...(extras.annotations ?? {}) };
  const fingerprint = nonEmpty(a.fingerprint) ?? alertmanagerFingerprint(labels);
  b.add(
    {
      fingerprint,
      status,
      severity: labelSeverity(labels.severity ?? labels.priority),
      title: nonEmpty(annotations.summary, annotations.title, labels.alertname) ?? '',
      description: nonEmpty(annotations.description, annotations.message) ?? '',
      labels,
      annotations,
      resource: resourceFromLabels(labels),
      sourceTime: status === 'resolved' ? (endsAt ?? startsAt) : startsAt,
      startsAt,
      // a firing alert's endsAt is only the expiry Prometheus set, not an end
      endsAt: status === 'resolved' ? endsAt : undefined,
      url: extras.url ?? nonEmpty(a.generatorURL),
      raw: a,
    },
    { index, prefix },
  );
}

/** normalizeAlertmanagerShaped validates the envelope, then each alert on its own so issues carry its index. */
export function normalizeAlertmanagerShaped(
  source: string,
  body: unknown,
  ctx: NormalizeContext,
  alertSchema: z.ZodType<AlertmanagerAlert>,
  extras: (alert: AlertmanagerAlert, raw: unknown) => PrometheusAlertExtras,
): NormalizeResult {
  const b = new ResultBuilder(source, ctx);
  const env = AlertmanagerMessage.safeParse(body);
  if (!env.success) {
    b.zodIssues(env.error, { itemsAt: 'alerts' });
    return b.result();
  }
  env.data.alerts.forEach((raw, i) => {
    const parsed = alertSchema.safeParse(raw);
    if (!parsed.success) {
      b.zodIssues(parsed.error, { prefix: `alerts[${i}]`, index: i });
      return;
    }
    addPrometheusAlert(b, parsed.data, env.data.status, i, extras(parsed.data, raw));
  });
  return b.result();
}

/** alertmanagerAdapter: Prometheus Alertmanager webhook (version 4). */
export const alertmanagerAdapter: SourceAdapter = {
  name: 'alertmanager',
  description: 'Prometheus Alertmanager webhook_config (version 4): grouped alerts, firing and resolved',
  normalize: (body, ctx) => normalizeAlertmanagerShaped('alertmanager', body, ctx, AlertmanagerAlert, () => ({})),
};
