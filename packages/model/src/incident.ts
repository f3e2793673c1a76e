import { z } from 'zod';
import { Actor, EpochMs, Labels, Severity } from './common.js';

// Owned by the incident manager work (issue 13): extend additively; other stages read these records.

export const INCIDENT_STATES = ['new', 'acknowledged', 'in_progress', 'on_hold', 'resolved', 'closed'] as const;
export const IncidentState = z.enum(INCIDENT_STATES);
export type IncidentState = z.infer<typeof IncidentState>;

export const Level = z.enum(['high', 'medium', 'low']);
export type Level = z.infer<typeof Level>;

export const Priority = z.enum(['P1', 'P2', 'P3', 'P4', 'P5']);
export type Priority = z.infer<typeof Priority>;

/** IncidentSla holds the SLA clocks of an incident (targets per priority; on_hold may be excluded). */
export const IncidentSla = z.object({
  responseTargetMs: z.number().int().nonnegative(),
  resolutionTargetMs: z.number().int().nonnegative(),
  responseDueAt: EpochMs,
  resolutionDueAt: EpochMs.describe('moves later by the time spent on hold when on_hold is excluded'),
  responseWarned: z.boolean(),
  resolutionWarned: z.boolean(),
  responseBreached: z.boolean(),
  resolutionBreached: z.boolean(),
  responseBreachedAt: EpochMs.optional(),
  resolutionBreachedAt: EpochMs.optional(),
});
export type IncidentSla = z.infer<typeof IncidentSla>;

/** IncidentAlert is one alert linked to an incident, as last seen in its correlation group. */
export const IncidentAlert = z.object({
  alertId: z.string(),
  title: z.string(),
  template: z.string(),
  severity: Severity,
  status: z.enum(['firing', 'resolved']),
  ciId: z.string().nullable(),
  service: z.string().nullable(),
  firstSeen: EpochMs,
  lastSeen: EpochMs,
  resolvedAt: EpochMs.optional(),
  flapping: z.boolean(),
  suppressed: z.boolean(),
  rule: z.string(),
  labels: Labels.optional(),
});
export type IncidentAlert = z.infer<typeof IncidentAlert>;

/** ChangeSuspect is a recent change on an affected CI (or a CI it depends on), with the time gap. */
export const ChangeSuspect = z.object({
  changeId: z.string(),
  ciId: z.string(),
  via: z.string().describe('affected CI the change reaches: itself or a dependency of it'),
  startedAt: EpochMs,
  endedAt: EpochMs.optional(),
  gapMs: z.number().int().describe('incident start minus change end (or start)'),
  description: z.string(),
  risk: z.string(),
});
export type ChangeSuspect = z.infer<typeof ChangeSuspect>;

export const UserReport = z.object({
  incidentId: z.string(),
  reporter: z.string(),
  reportedAt: EpochMs,
  description: z.string(),
});
export type UserReport = z.infer<typeof UserReport>;

/** IncidentRecordFields are the record fields ITIL asks for (REQUIREMENTS R22), derived from CMDB and alerts. */
export const IncidentRecordFields = z.object({
  failingCi: z.object({ id: z.string(), name: z.string(), type: z.string() }).nullable(),
  failingService: z.string().nullable(),
  impactedServices: z.array(z.string()),
  impactedUsers: z.number().int().nonnegative(),
  dependentCis: z.number().int().nonnegative(),
  symptoms: z.array(z.string()),
  firstObservedAt: EpochMs,
  lastKnownGoodAt: EpochMs.nullable().describe('last time the failing CI was known to work: before the first alert'),
  autoFix: z.object({ applied: z.boolean(), reason: z.string() }),
  location: z.object({ site: z.string().nullable(), region: z.string().nullable(), cluster: z.string().nullable() }),
  similarCis: z.array(z.string()).describe('siblings of the failing CI that may be affected but currently work'),
  sequence: z.array(z.object({ at: EpochMs, kind: z.enum(['alert_fired', 'alert_resolved', 'change']), ref: z.string(), text: z.string() })),
  unmappedCi: z.boolean(),
});
export type IncidentRecordFields = z.infer<typeof IncidentRecordFields>;

export const RunbookRun = z.object({
  requestId: z.string(),
  runbookId: z.string(),
  outcome: z.string(),
  reason: z.string(),
  at: EpochMs,
  resultIds: z.array(z.string()),
});
export type RunbookRun = z.infer<typeof RunbookRun>;

export const CommandOutcome = z.object({
  id: z.string(),
  action: z.string(),
  outcome: z.enum(['applied', 'rejected']),
  code: z.string().optional(),
  message: z.string().optional(),
  statusCode: z.number().int().optional().describe('HTTP status the refusal maps to (400, 404, 409)'),
  field: z.string().optional().describe('the parameter that was wrong, for a 400'),
  version: z.number().int().nonnegative(),
});
export type CommandOutcome = z.infer<typeof CommandOutcome>;

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
  // ---- additions (issue 13); all optional or defaulted so older snapshots still parse ----
  /** categorySource says who set the category: a rule, the trained model, or a person. */
  categorySource: z.enum(['rule', 'model', 'human']).nullable().default(null),
  categoryRule: z.string().nullable().default(null),
  reporter: z.string().nullable().default(null).describe('user-reported incidents: who reported it'),
  /** KPI timestamps and counters (analytics): epoch ms, absent until the event happened. */
  userReportedAt: EpochMs.optional().describe('first time a user reported this disruption'),
  onHoldMs: z.number().int().nonnegative().default(0).describe('total time spent on_hold'),
  onHoldSince: EpochMs.optional(),
  sla: IncidentSla.optional(),
  resolutionCode: z.string().nullable().default(null),
  resolutionNotes: z.string().nullable().default(null),
  closeCode: z.string().nullable().default(null).describe('closed as merged | linked | moved (every alert moved to other correlation groups) | resolved | auto_closed'),
  modelId: z.string().nullable().default(null).describe('incident model (runbook / known error) used to resolve'),
  runbookId: z.string().nullable().default(null),
  autoFix: z.object({ applied: z.boolean(), reason: z.string() }).default({ applied: false, reason: 'no runbook matched yet' }),
  escalationLevel: z.number().int().nonnegative().default(0).describe('0 none, 1 functional, 2 hierarchical'),
  participants: z.array(z.string()).default([]).describe('swarming: teams/people working besides the assignee'),
  mergedInto: z.string().nullable().default(null),
  mergedFrom: z.array(z.string()).default([]),
  splitFrom: z.string().nullable().default(null),
  userReports: z.array(UserReport).default([]),
  alerts: z.array(IncidentAlert).default([]),
  changeSuspects: z.array(ChangeSuspect).default([]),
  rootCauseCandidates: z.array(z.object({ ciId: z.string(), score: z.number(), reason: z.string() })).default([]),
  record: IncidentRecordFields.optional(),
  runbookRuns: z.array(RunbookRun).default([]),
  groupVersion: z.number().int().nonnegative().default(0).describe('last correlation-group version applied'),
  recentCommands: z.array(CommandOutcome).default([]).describe('last commands applied or refused (idempotency, API feedback)'),
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
