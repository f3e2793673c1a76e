import type { Severity } from '@aiops/model';

/**
 * Severity tables: every source maps onto our five levels (critical > major > minor > warning > info)
 * through one explicit table, listed in the README and tested row by row. Keys are lower-case.
 */

/** LABEL_SEVERITY reads free-form `severity`/`priority` labels (Prometheus rules, Grafana, generic, CloudEvents). */
export const LABEL_SEVERITY: Readonly<Record<string, Severity>> = Object.freeze({
  critical: 'critical', crit: 'critical', fatal: 'critical', emergency: 'critical', emerg: 'critical', alert: 'critical',
  disaster: 'critical', page: 'critical', p1: 'critical', sev1: 'critical', 'sev-1': 'critical', blocker: 'critical',
  major: 'major', high: 'major', error: 'major', err: 'major', severe: 'major', p2: 'major', sev2: 'major', 'sev-2': 'major',
  minor: 'minor', average: 'minor', medium: 'minor', moderate: 'minor', p3: 'minor', sev3: 'minor', 'sev-3': 'minor',
  warning: 'warning', warn: 'warning', low: 'warning', p4: 'warning', sev4: 'warning', 'sev-4': 'warning',
  info: 'info', informational: 'info', information: 'info', notice: 'info', debug: 'info', ok: 'info', none: 'info',
  'not classified': 'info', p5: 'info', sev5: 'info', 'sev-5': 'info',
});

/** The level used when a source sends no severity, or one that no table knows. */
export const DEFAULT_SEVERITY: Severity = 'warning';

/** labelSeverity maps a free-form severity text; unknown or missing gives `fallback`. */
export function labelSeverity(value: string | undefined, fallback: Severity = DEFAULT_SEVERITY): Severity {
  if (value === undefined) return fallback;
  return LABEL_SEVERITY[value.trim().toLowerCase()] ?? fallback;
}

/** ZABBIX_SEVERITY: Zabbix's six trigger severities by name ({EVENT.SEVERITY}). */
export const ZABBIX_SEVERITY: Readonly<Record<string, Severity>> = Object.freeze({
  'not classified': 'info',
  information: 'info',
  warning: 'warning',
  average: 'minor',
  high: 'major',
  disaster: 'critical',
});

/** ZABBIX_NSEVERITY: the same by number ({EVENT.NSEVERITY} 0..5), which survives renamed severities. */
export const ZABBIX_NSEVERITY: readonly Severity[] = Object.freeze(['info', 'info', 'warning', 'minor', 'major', 'critical']);

/** NAGIOS_SERVICE_STATE: Nagios/Icinga service states; OK is the recovery. */
export const NAGIOS_SERVICE_STATE: Readonly<Record<string, Severity>> = Object.freeze({
  ok: 'info',
  warning: 'warning',
  critical: 'critical',
  unknown: 'minor',
});
/** Service states by number (0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN). */
export const NAGIOS_SERVICE_STATE_IDS: readonly string[] = Object.freeze(['ok', 'warning', 'critical', 'unknown']);

/** NAGIOS_HOST_STATE: Nagios/Icinga host states; UP is the recovery. */
export const NAGIOS_HOST_STATE: Readonly<Record<string, Severity>> = Object.freeze({
  up: 'info',
  down: 'critical',
  unreachable: 'major',
});
/** Host states by number (0 UP, 1 DOWN, 2 UNREACHABLE). */
export const NAGIOS_HOST_STATE_IDS: readonly string[] = Object.freeze(['up', 'down', 'unreachable']);

/** ICINGA_NOTIFICATIONS_SEVERITY: Icinga Notifications event severities (syslog-like); ok is the recovery. */
export const ICINGA_NOTIFICATIONS_SEVERITY: Readonly<Record<string, Severity>> = Object.freeze({
  ok: 'info',
  debug: 'info',
  info: 'info',
  notice: 'info',
  warning: 'warning',
  err: 'major',
  crit: 'critical',
  alert: 'critical',
  emerg: 'critical',
});

/** DATADOG_PRIORITY: monitor priority P1..P5 ($ALERT_PRIORITY), preferred when set. */
export const DATADOG_PRIORITY: Readonly<Record<string, Severity>> = Object.freeze({
  p1: 'critical',
  p2: 'major',
  p3: 'minor',
  p4: 'warning',
  p5: 'info',
});

/** DATADOG_ALERT_TYPE: $ALERT_TYPE when the monitor has no priority. */
export const DATADOG_ALERT_TYPE: Readonly<Record<string, Severity>> = Object.freeze({
  error: 'critical',
  warning: 'warning',
  info: 'info',
  success: 'info',
});
