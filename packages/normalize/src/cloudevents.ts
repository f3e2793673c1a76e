import { z } from 'zod';
import { labelsFingerprint } from '@aiops/model';
import { nonEmpty, scalarString } from './labels.js';
import { resourceFromLabels } from './resource.js';
import { ResultBuilder } from './result-builder.js';
import { labelSeverity } from './severity.js';
import { parseTimestamp } from './time.js';
import type { SourceAdapter } from './types.js';

/** CloudEvent is a CloudEvents 1.0 event in the structured JSON format; extension attributes are top-level keys. */
export const CloudEvent = z.looseObject({
  specversion: z.literal('1.0', { message: 'specversion must be "1.0"' }),
  id: z.string().min(1),
  source: z.string().min(1),
  type: z.string().min(1),
  subject: z.string().nullable().optional(),
  time: z.string().optional(),
  datacontenttype: z.string().optional(),
  dataschema: z.string().optional(),
  data: z.unknown().optional(),
  data_base64: z.string().optional(),
});

/** CloudEventsBatch is the JSON batch format (application/cloudevents-batch+json): an array of events. */
export const CloudEventsBatch = z.array(CloudEvent);

const CORE = new Set(['specversion', 'id', 'source', 'type', 'subject', 'time', 'datacontenttype', 'dataschema', 'data', 'data_base64']);
const RESOLVED = new Set(['resolved', 'ok', 'recovered', 'closed', 'success', 'cleared']);

function str(o: Record<string, unknown> | undefined, key: string): string | undefined {
  const v = o?.[key];
  return typeof v === 'string' ? v : undefined;
}

/**
 * cloudeventsAdapter maps CloudEvents to events. Alert semantics come from optional attributes, looked up
 * as an extension first and in an object `data` second: `fingerprint`, `status` (resolved/ok/… resolve),
 * `severity`; labels are the string-valued extensions plus `data.labels`. Identity defaults to
 * source+type+subject. One structured event or a batch (array).
 */
export const cloudeventsAdapter: SourceAdapter = {
  name: 'cloudevents',
  description: 'CloudEvents 1.0 JSON (structured mode, and the JSON batch format)',
  normalize(body, ctx) {
    const b = new ResultBuilder('cloudevents', ctx);
    const items = Array.isArray(body) ? body : [body];
    if (Array.isArray(body) && body.length === 0) b.issue('AIOPS_ERR_NORMALIZE_SCHEMA', '(root)', 'the batch is empty');
    items.forEach((item, i) => {
      const index = Array.isArray(body) ? i : undefined;
      const prefix = index === undefined ? '' : `[${i}]`;
      const p = CloudEvent.safeParse(item);
      if (!p.success) return b.zodIssues(p.error, index === undefined ? {} : { index, prefix });
      const e = p.data;
      const time = parseTimestamp(e.time);
      if (time === null) return b.issue('AIOPS_ERR_NORMALIZE_SCHEMA', `${prefix}${prefix ? '.' : ''}time`, 'not an RFC3339 time', index);
      const data = typeof e.data === 'object' && e.data !== null && !Array.isArray(e.data) ? (e.data as Record<string, unknown>) : undefined;
      const ext = e as Record<string, unknown>;
      const labels: Record<string, string> = { ce_source: e.source, ce_type: e.type };
      if (nonEmpty(e.subject)) labels.ce_subject = e.subject as string;
      for (const [k, v] of Object.entries(ext)) {
        if (CORE.has(k)) continue;
        const s = scalarString(v);
        if (s !== undefined) labels[k] = s;
      }
      const dataLabels = data?.labels;
      if (typeof dataLabels === 'object' && dataLabels !== null) {
        for (const [k, v] of Object.entries(dataLabels)) if (typeof v === 'string') labels[k] = v;
      }
      const status = nonEmpty(str(ext, 'status'), str(data, 'status'))?.trim().toLowerCase();
      const resolved = status !== undefined && RESOLVED.has(status);
      const fingerprint = nonEmpty(str(ext, 'fingerprint'), str(data, 'fingerprint'));
      const severityText = nonEmpty(str(ext, 'severity'), str(data, 'severity'), str(data, 'priority'));
      const annotations: Record<string, string> = { ce_id: e.id };
      if (e.datacontenttype) annotations.ce_datacontenttype = e.datacontenttype;
      if (e.dataschema) annotations.ce_dataschema = e.dataschema;
      b.add(
        {
          fingerprint: fingerprint ?? `cloudevents:${labelsFingerprint({ source: e.source, type: e.type, subject: e.subject ?? '' })}`,
          status: resolved ? 'resolved' : 'firing',
          severity: labelSeverity(severityText, 'info'),
          title: nonEmpty(str(data, 'title'), str(data, 'summary')) ?? (nonEmpty(e.subject) ? `${e.type} ${e.subject as string}` : e.type),
          description: nonEmpty(str(data, 'description'), str(data, 'message')) ?? (typeof e.data === 'string' ? e.data : ''),
          labels,
          annotations,
          resource: resourceFromLabels(labels),
          sourceTime: time,
          sourceEventId: e.id,
          url: nonEmpty(str(ext, 'url'), str(data, 'url')),
          raw: e,
        },
        index === undefined ? {} : { index, prefix },
      );
    });
    return b.result();
  },
};
