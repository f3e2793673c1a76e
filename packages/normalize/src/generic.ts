import { z } from 'zod';
import { EventStatus, labelsFingerprint, ResourceHints, Severity } from '@aiops/model';
import { StringMap } from './labels.js';
import { resourceFromLabels } from './resource.js';
import { ResultBuilder } from './result-builder.js';
import { parseTimestamp } from './time.js';
import type { SourceAdapter } from './types.js';

/**
 * GenericEvent is our documented format for anything that can POST JSON. Strict: an unknown key is an
 * error, so a typo ("sevrity") is reported instead of silently ignored.
 */
export const GenericEvent = z
  .strictObject({
    title: z.string().min(1).max(1024).describe('short text naming what is wrong'),
    status: EventStatus.default('firing').describe('firing (default) or resolved'),
    severity: Severity.default('warning').describe('critical | major | minor | warning (default) | info'),
    fingerprint: z.string().min(1).max(512).optional().describe('identity of the alert: same fingerprint = same alert; default: hash of labels (+ title as alertname)'),
    description: z.string().optional(),
    labels: StringMap.optional().describe('identifying dimensions (host, service, alertname, …)'),
    annotations: StringMap.optional().describe('informational text (runbook_url, summary, …)'),
    resource: z.strictObject(ResourceHints.shape).optional().describe('explicit resource hints; default: read from labels'),
    occurredAt: z.union([z.number().int().nonnegative(), z.string()]).optional().describe('epoch ms, or RFC3339; default: time received'),
    sourceEventId: z.string().max(512).optional().describe("the sender's own id of this notification"),
    url: z.string().optional().describe('link back to the sender'),
  })
  .describe('generic event');

/** GenericPayload is one GenericEvent or a non-empty array of them. */
export const GenericPayload = z.union([GenericEvent, z.array(GenericEvent).min(1)]);

/** genericAdapter: our own JSON format (README). Per-item validation: issues name the array index. */
export const genericAdapter: SourceAdapter = {
  name: 'generic',
  description: 'documented generic JSON event, or an array of them',
  normalize(body, ctx) {
    const b = new ResultBuilder('generic', ctx);
    const isArray = Array.isArray(body);
    const items: unknown[] = isArray ? body : [body];
    if (isArray && items.length === 0) b.issue('AIOPS_ERR_NORMALIZE_SCHEMA', '(root)', 'the array is empty: send at least one event');
    items.forEach((item, i) => {
      const index = isArray ? i : undefined;
      const prefix = isArray ? `[${i}]` : '';
      const p = GenericEvent.safeParse(item);
      if (!p.success) return b.zodIssues(p.error, index === undefined ? {} : { index, prefix });
      const e = p.data;
      const at = parseTimestamp(e.occurredAt);
      if (at === null) return b.issue('AIOPS_ERR_NORMALIZE_SCHEMA', `${prefix}${prefix ? '.' : ''}occurredAt`, 'expected epoch milliseconds or an RFC3339 time', index);
      const labels = { ...(e.labels ?? {}) };
      // Identity: the labels, the title as alertname when the labels name none, and the explicit resource
      // hints (the same check on two hosts is two alerts, even when the labels do not say which host).
      const identity: Record<string, string> = labels.alertname === undefined ? { ...labels, alertname: e.title } : { ...labels };
      for (const [k, v] of Object.entries(e.resource ?? {})) if (typeof v === 'string') identity[`resource.${k}`] = v;
      b.add(
        {
          fingerprint: e.fingerprint ?? `generic:${labelsFingerprint(identity)}`,
          status: e.status,
          severity: e.severity,
          title: e.title,
          description: e.description ?? '',
          labels,
          annotations: { ...(e.annotations ?? {}) },
          resource: { ...resourceFromLabels(labels), ...(e.resource ?? {}) },
          // a number is epoch ms here (documented); parseTimestamp would read a small number as seconds
          sourceTime: typeof e.occurredAt === 'number' ? e.occurredAt : at,
          sourceEventId: e.sourceEventId,
          url: e.url,
          raw: e,
        },
        index === undefined ? {} : { index, prefix },
      );
    });
    return b.result();
  },
};
