export { adapters, normalize, isKnownSource, SOURCES } from './registry.js';
export { DEFAULT_LIMITS } from './types.js';
export type { NormalizeContext, NormalizeResult, NormalizeIssue, NormalizeErrorCode, NormalizeLimits, IgnoredItem, SourceAdapter } from './types.js';
export { NormalizeRejected } from './errors.js';
export {
  LABEL_SEVERITY,
  DEFAULT_SEVERITY,
  ZABBIX_SEVERITY,
  ZABBIX_NSEVERITY,
  NAGIOS_SERVICE_STATE,
  NAGIOS_HOST_STATE,
  ICINGA_NOTIFICATIONS_SEVERITY,
  DATADOG_PRIORITY,
  DATADOG_ALERT_TYPE,
  labelSeverity,
} from './severity.js';
export { alertmanagerFingerprint } from './fingerprint.js';
export { parseTimestamp } from './time.js';
export { stripPort, resourceFromLabels } from './resource.js';
export { AlertmanagerMessage, AlertmanagerAlert } from './alertmanager.js';
export { GrafanaAlert, GrafanaLegacyMessage } from './grafana.js';
export { ZabbixMessage } from './zabbix.js';
export { IcingaNotification } from './icinga.js';
export { DatadogWebhook } from './datadog.js';
export { CloudEvent, CloudEventsBatch } from './cloudevents.js';
export { GenericEvent, GenericPayload } from './generic.js';
