import { z } from 'zod';
import { EpochMs, EventStatus, Labels, Severity } from './common.js';

/**
 * ResourceHints are what a source tells us about where an event happened. CI matching (@aiops/cmdb)
 * turns them into a configuration item; adapters fill what they can and leave the rest out.
 */
export const ResourceHints = z.object({
  ci: z.string().optional().describe('explicit CI id, when the sender knows it'),
  host: z.string().optional().describe('host name as sent (may be an FQDN)'),
  ip: z.string().optional(),
  instance: z.string().optional().describe('instance without port'),
  service: z.string().optional(),
  application: z.string().optional(),
  job: z.string().optional(),
  namespace: z.string().optional(),
  pod: z.string().optional(),
  container: z.string().optional(),
  workload: z.string().optional(),
  cluster: z.string().optional(),
  environment: z.string().optional(),
  region: z.string().optional(),
});
export type ResourceHints = z.infer<typeof ResourceHints>;

/** Event is one normalised observation from a monitoring source (topic aiops.events.v1). */
export const Event = z.object({
  id: z.string().min(1).describe('deterministic: same input, same id'),
  source: z.string().min(1).describe('alertmanager | grafana | zabbix | icinga | nagios | datadog | cloudevents | generic | …'),
  sourceEventId: z.string().optional(),
  fingerprint: z.string().min(1).describe('identity of the alert this event is about; same fingerprint = same alert'),
  status: EventStatus,
  severity: Severity,
  title: z.string(),
  description: z.string(),
  labels: Labels,
  annotations: Labels,
  resource: ResourceHints,
  occurredAt: EpochMs.describe('source time of the observation (startsAt, or endsAt for resolved)'),
  receivedAt: EpochMs.describe('time the pipeline accepted it'),
  startsAt: EpochMs.optional(),
  endsAt: EpochMs.optional(),
  url: z.string().optional().describe('link back to the source (generatorURL, dashboard…)'),
});
export type Event = z.infer<typeof Event>;
