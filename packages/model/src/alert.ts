import { z } from 'zod';
import { EpochMs, EventStatus, Labels, Severity } from './common.js';
import { ResourceHints } from './event.js';

export const CiMatchMethod = z.enum(['explicit_id', 'hostname', 'fqdn', 'short_name', 'alias', 'instance', 'ip', 'service_env', 'service', 'k8s_workload', 'k8s_namespace', 'label', 'none', 'k8s_pod', 'host_check', 'name', 'display_name', 'subject', 'k8s_mesh', 'k8s_dns', 'label_part', 'host_service']);
export type CiMatchMethod = z.infer<typeof CiMatchMethod>;

export const CiMatch = z.object({
  id: z.string(),
  method: CiMatchMethod,
  hint: z.string().optional().describe('which hint value matched'),
});
export type CiMatch = z.infer<typeof CiMatch>;

export const Suppression = z.object({
  kind: z.enum(['silence', 'maintenance', 'inhibition']),
  id: z.string(),
  reason: z.string(),
});
export type Suppression = z.infer<typeof Suppression>;

export const AlertChange = z.enum(['opened', 'repeated', 'updated', 'resolved', 'reopened', 'flapping_started', 'flapping_stopped', 'suppressed', 'unsuppressed']);
export type AlertChange = z.infer<typeof AlertChange>;

/** Alert is the deduplicated state of one fingerprint, emitted on every state change (topic aiops.alerts.v1). */
export const Alert = z.object({
  id: z.string().describe('deterministic from the fingerprint'),
  fingerprint: z.string(),
  source: z.string(),
  status: EventStatus,
  severity: Severity,
  title: z.string(),
  description: z.string(),
  labels: Labels,
  annotations: Labels,
  resource: ResourceHints,
  firstSeen: EpochMs,
  lastSeen: EpochMs,
  resolvedAt: EpochMs.optional(),
  count: z.number().int().positive().describe('events folded into this alert'),
  episode: z.number().int().positive().describe('1 + times it fired again after resolving'),
  flapping: z.boolean(),
  suppressedBy: Suppression.nullable(),
  ci: CiMatch.nullable(),
  service: z.string().nullable().describe('business service id the CI belongs to'),
  domain: z.string().describe('correlation domain = partition key'),
  template: z.string().describe('title with numbers, ids and addresses masked'),
  change: AlertChange,
  lastEventId: z.string(),
  version: z.number().int().positive(),
  at: EpochMs.describe('event time of this change'),
});
export type Alert = z.infer<typeof Alert>;
