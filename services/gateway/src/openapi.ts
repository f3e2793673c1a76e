import { z } from 'zod';
import {
  AlertmanagerAlert,
  AlertmanagerMessage,
  CloudEvent,
  DatadogWebhook,
  GenericPayload,
  GrafanaAlert,
  IcingaNotification,
  SOURCES,
  ZabbixMessage,
} from '@aiops/normalize';
import { Event } from '@aiops/model';

function schema(s: z.ZodType): Record<string, unknown> {
  const out = z.toJSONSchema(s, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  delete out.$schema;
  return out;
}

/** ErrorBody: every 4xx/5xx answer. */
const ErrorBody = z.object({ error: z.object({ code: z.string(), message: z.string(), field: z.string().optional() }) });
const Accepted = z.object({ accepted: z.number().int(), ids: z.array(z.string()).describe('deterministic event ids: a retry of the same payload yields the same ids'), ignored: z.number().int().describe('well-formed items that are not alert states (acknowledgements, downtimes, updates)') });

/**
 * openApiDocument is generated from the zod schemas the adapters validate with (z.toJSONSchema), so the
 * document cannot drift from the code. OpenAPI 3.1 uses JSON Schema 2020-12 directly.
 */
export function openApiDocument(): Record<string, unknown> {
  const alertmanager = schema(AlertmanagerMessage);
  (alertmanager.properties as Record<string, unknown>).alerts = { type: 'array', minItems: 1, items: schema(AlertmanagerAlert) };
  const grafana = schema(AlertmanagerMessage);
  (grafana.properties as Record<string, unknown>).alerts = { type: 'array', minItems: 1, items: schema(GrafanaAlert) };
  const bodies: Record<string, Record<string, unknown>> = {
    generic: schema(GenericPayload),
    alertmanager,
    grafana,
    zabbix: schema(ZabbixMessage),
    icinga: schema(IcingaNotification),
    nagios: schema(IcingaNotification),
    datadog: schema(DatadogWebhook),
    cloudevents: { oneOf: [schema(CloudEvent), { type: 'array', items: schema(CloudEvent) }] },
  };
  const err = (d: string) => ({ description: d, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } });
  return {
    openapi: '3.1.0',
    info: {
      title: 'AIOps ingestion gateway',
      version: '1',
      description:
        'Monitoring systems post alerts here. 202 means Kafka acknowledged every event (acks=all); a refused body is kept in the DLQ (aiops.dlq.v1) with the reason. A payload with any bad item is refused whole (400 naming the first bad item and field), so a sender retries it whole.',
    },
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      schemas: { Error: schema(ErrorBody), Accepted: schema(Accepted), Event: schema(Event), ...Object.fromEntries(Object.entries(bodies).map(([k, v]) => [`${k}Payload`, v])) },
    },
    security: [{ bearer: [] }],
    paths: {
      '/api/v1/events/{source}': {
        post: {
          summary: 'Post alerts from a monitoring source',
          parameters: [{ name: 'source', in: 'path', required: true, schema: { type: 'string', enum: [...SOURCES] } }],
          requestBody: {
            required: true,
            content: {
              'application/json': { schema: { oneOf: SOURCES.map((s) => ({ $ref: `#/components/schemas/${s}Payload` })) } },
              'application/cloudevents+json': { schema: { $ref: '#/components/schemas/cloudeventsPayload' } },
              'application/cloudevents-batch+json': { schema: { $ref: '#/components/schemas/cloudeventsPayload' } },
            },
          },
          responses: {
            '202': { description: 'accepted: every event acknowledged by Kafka', content: { 'application/json': { schema: { $ref: '#/components/schemas/Accepted' } } } },
            '400': err('invalid payload: the message names the item index, the field and why'),
            '401': err('missing or invalid bearer token, or a bad HMAC signature'),
            '403': err('the token may not post for this source'),
            '404': err('unknown source'),
            '413': err('body larger than the limit (its first 64 KiB are kept in the DLQ)'),
            '415': err('unsupported Content-Type'),
            '429': err('rate limit of this token exceeded; see Retry-After'),
            '503': err('Kafka unavailable: nothing was accepted; retry after Retry-After'),
          },
        },
      },
      '/healthz': { get: { security: [], summary: 'liveness', responses: { '200': { description: 'alive' } } } },
      '/readyz': { get: { security: [], summary: 'readiness: 503 while Kafka is unavailable', responses: { '200': { description: 'ready' }, '503': { description: 'not ready' } } } },
      '/metrics': { get: { security: [], summary: 'Prometheus metrics', responses: { '200': { description: 'text exposition' } } } },
    },
  };
}

/** docsPage is a minimal HTML page listing the sources and linking the OpenAPI document. */
export function docsPage(): string {
  const rows = SOURCES.map((s) => `<li><code>POST /api/v1/events/${s}</code></li>`).join('\n');
  return `<!doctype html><html><head><meta charset="utf-8"><title>AIOps gateway API</title></head><body>
<h1>AIOps ingestion gateway</h1>
<p>Send <code>Authorization: Bearer &lt;token&gt;</code> and <code>Content-Type: application/json</code>. 202 means Kafka acknowledged every event.</p>
<ul>
${rows}
</ul>
<p>OpenAPI 3.1 document: <a href="/docs/openapi.json">/docs/openapi.json</a></p>
</body></html>`;
}
