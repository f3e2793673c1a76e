import { alertmanagerAdapter } from './alertmanager.js';
import { cloudeventsAdapter } from './cloudevents.js';
import { datadogAdapter } from './datadog.js';
import { genericAdapter } from './generic.js';
import { grafanaAdapter } from './grafana.js';
import { icingaAdapter, nagiosAdapter } from './icinga.js';
import type { NormalizeContext, NormalizeResult, SourceAdapter } from './types.js';
import { zabbixAdapter } from './zabbix.js';

/** adapters is the registry by source name: the route /api/v1/events/{source} and the Kafka `source` header. */
export const adapters: Readonly<Record<string, SourceAdapter>> = Object.freeze({
  alertmanager: alertmanagerAdapter,
  grafana: grafanaAdapter,
  zabbix: zabbixAdapter,
  icinga: icingaAdapter,
  nagios: nagiosAdapter,
  datadog: datadogAdapter,
  cloudevents: cloudeventsAdapter,
  generic: genericAdapter,
});

/** SOURCES lists the known source names (bounded: usable as a metric label value). */
export const SOURCES: readonly string[] = Object.freeze(Object.keys(adapters));

export function isKnownSource(source: string): boolean {
  return Object.prototype.hasOwnProperty.call(adapters, source);
}

/**
 * normalize runs the adapter of `source` over a parsed body. It never throws: an unknown source, a bad
 * item or an adapter fault comes back as an issue, so an HTTP route answers 4xx and a consumer writes the
 * DLQ instead of crashing or stalling on a poison record.
 */
export function normalize(source: string, body: unknown, ctx: NormalizeContext): NormalizeResult {
  if (!isKnownSource(source)) {
    return {
      events: [],
      ignored: [],
      errors: [{ code: 'AIOPS_ERR_NORMALIZE_UNKNOWN_SOURCE', field: 'source', message: `unknown source ${JSON.stringify(source)}; known: ${SOURCES.join(', ')}` }],
    };
  }
  try {
    return (adapters[source] as SourceAdapter).normalize(body, ctx);
  } catch (err) {
    return {
      events: [],
      ignored: [],
      errors: [{ code: 'AIOPS_ERR_NORMALIZE_SCHEMA', field: '(root)', message: `payload could not be normalized: ${(err as Error).message}` }],
    };
  }
}
