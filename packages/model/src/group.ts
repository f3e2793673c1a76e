import { z } from 'zod';
import { EpochMs, EventStatus, Labels, Severity } from './common.js';

export const JoinRule = z.enum(['seed', 'same_ci', 'same_service', 'topology', 'similarity', 'pattern', 'manual', 'shared_label', 'burst']);
export type JoinRule = z.infer<typeof JoinRule>;

/** Evidence says why an alert joined a group: the CI path walked, the similarity score, the pattern. */
export const JoinEvidence = z.object({
  matchedAlertId: z.string().optional(),
  path: z.array(z.string()).optional().describe('CI ids from the joining CI to a CI in the group'),
  hops: z.number().int().optional(),
  score: z.number().optional(),
  patternId: z.string().optional(),
  detail: z.string().optional(),
  movedFrom: z.string().optional().describe('the group the alert left for this one (stronger evidence appeared after it joined there)'),
});
export type JoinEvidence = z.infer<typeof JoinEvidence>;

export const GroupMember = z.object({
  alertId: z.string(),
  fingerprint: z.string(),
  title: z.string(),
  template: z.string(),
  severity: Severity,
  status: EventStatus,
  ciId: z.string().nullable(),
  service: z.string().nullable(),
  firstSeen: EpochMs,
  lastSeen: EpochMs,
  joinedAt: EpochMs,
  rule: JoinRule,
  evidence: JoinEvidence,
  suppressed: z.boolean(),
  flapping: z.boolean(),
  labels: Labels.optional().describe("the alert's labels, for runbook conditions and parameters downstream"),
});
export type GroupMember = z.infer<typeof GroupMember>;

export const RootCauseCandidate = z.object({
  ciId: z.string(),
  score: z.number(),
  reason: z.string(),
});
export type RootCauseCandidate = z.infer<typeof RootCauseCandidate>;

export const GroupChange = z.enum(['opened', 'alert_added', 'alert_removed', 'alert_updated', 'root_cause_changed', 'closed']);
export type GroupChange = z.infer<typeof GroupChange>;

/** RemovedMember: an alert that left the group in this version (moved to `movedTo`, where it is listed with evidence.movedFrom). */
export const RemovedMember = z.object({
  alertId: z.string(),
  fingerprint: z.string(),
  movedTo: z.string(),
  reason: z.string(),
});
export type RemovedMember = z.infer<typeof RemovedMember>;

/** CorrelationGroup is the set of alerts believed to share one cause (topic aiops.groups.v1, keyed by id). */
export const CorrelationGroup = z.object({
  id: z.string().describe('deterministic from the domain and the alert that opened it'),
  domain: z.string(),
  status: z.enum(['open', 'closed']),
  change: GroupChange,
  version: z.number().int().positive(),
  openedAt: EpochMs,
  updatedAt: EpochMs,
  closedAt: EpochMs.optional(),
  closeReason: z.enum(['resolved_quiet', 'max_lifetime', 'merged']).optional(),
  members: z.array(GroupMember),
  rootCause: RootCauseCandidate.nullable(),
  candidates: z.array(RootCauseCandidate).describe('ranked; never forced to one'),
  services: z.array(z.string()),
  cis: z.array(z.string()),
  maxSeverity: Severity,
  firingCount: z.number().int().nonnegative(),
  memberCount: z.number().int().nonnegative().optional().describe('all members, when `members` was truncated to fit a Kafka record'),
  membersTruncated: z.boolean().optional().describe('true when `members` lists only the first members (see memberCount)'),
  moreAlertIds: z.array(z.string()).optional().describe('with membersTruncated: the alert ids of the members not listed in `members`, so every alert can still be placed in its group'),
  removed: z.array(RemovedMember).optional().describe('members that left the group since its previous version (whatever `change` says: a version may also add alerts); consumers drop them from what they keep of this group'),
});
export type CorrelationGroup = z.infer<typeof CorrelationGroup>;
