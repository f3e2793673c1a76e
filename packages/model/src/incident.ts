import { z } from 'zod';
import { Actor, EpochMs, Severity } from './common.js';

// Owned by the incident manager work (issue 13): extend additively; other stages read these records.

export const INCIDENT_STATES = ['new', 'acknowledged', 'in_progress', 'on_hold', 'resolved', 'closed'] as const;
export const IncidentState = z.enum(INCIDENT_STATES);
export type IncidentState = z.infer<typeof IncidentState>;

export const Level = z.enum(['high', 'medium', 'low']);
export type Level = z.infer<typeof Level>;

export const Priority = z.enum(['P1', 'P2', 'P3', 'P4', 'P5']);
export type Priority = z.infer<typeof Priority>;

/** Incident is the snapshot of one incident (topic aiops.incidents.v1, compacted, keyed by id). */
export const Incident = z.object({
  id: z.string(),
  number: z.string().describe('human-readable, e.g. INC-000123'),
  version: z.number().int().positive(),
  origin: z.enum(['monitoring', 'user']),
  groupId: z.string().nullable(),
  title: z.string(),
  description: z.string(),
  state: IncidentState,
  severity: Severity,
  impact: Level,
  urgency: Level,
  priority: Priority,
  priorityReason: z.string(),
  major: z.boolean(),
  category: z.string().nullable(),
  subcategory: z.string().nullable(),
  categoryConfidence: z.number().nullable(),
  categoryApplied: z.boolean().describe('false = a suggestion waiting for an SRE to confirm'),
  assignmentGroup: z.string().nullable(),
  assignee: z.string().nullable(),
  affectedCis: z.array(z.string()),
  affectedServices: z.array(z.string()),
  rootCauseCi: z.string().nullable(),
  alertIds: z.array(z.string()),
  problemId: z.string().nullable(),
  detectedAt: EpochMs,
  occurredAt: EpochMs,
  updatedAt: EpochMs,
  acknowledgedAt: EpochMs.optional(),
  resolvedAt: EpochMs.optional(),
  closedAt: EpochMs.optional(),
  reassignments: z.number().int().nonnegative(),
  reopenCount: z.number().int().nonnegative(),
  resolvedBy: z.enum(['human', 'automation', 'auto_resolve']).optional(),
  attributes: z.record(z.string(), z.unknown()).default({}),
});
export type Incident = z.infer<typeof Incident>;

/** IncidentEvent is one timeline entry (topic aiops.incident-events.v1, keyed by incident id). */
export const IncidentEvent = z.object({
  id: z.string().describe('deterministic: incident id + version'),
  incidentId: z.string(),
  version: z.number().int().positive(),
  at: EpochMs,
  actor: Actor,
  type: z.string().describe('created | alert_added | state_changed | assigned | priority_changed | comment | …'),
  reason: z.string(),
  data: z.record(z.string(), z.unknown()).default({}),
});
export type IncidentEvent = z.infer<typeof IncidentEvent>;

/** IncidentCommand is an SRE or system action (topic aiops.incident-commands.v1, keyed by incident id). */
export const IncidentCommand = z.object({
  id: z.string().describe('idempotency key: a command id is applied once'),
  incidentId: z.string(),
  at: EpochMs,
  actor: Actor,
  action: z.string(),
  reason: z.string().default(''),
  params: z.record(z.string(), z.unknown()).default({}),
});
export type IncidentCommand = z.infer<typeof IncidentCommand>;
