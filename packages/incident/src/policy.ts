import { z } from 'zod';
import { Level, Priority, Severity } from '@aiops/model';

const MIN = 60_000;
const HOUR = 60 * MIN;

const row = (high: string, medium: string, low: string) => ({ high, medium, low }) as { high: Priority; medium: Priority; low: Priority };

/**
 * incidentPolicy is every tunable rule of the incident manager, with documented defaults
 * (packages/incident/README.md explains each and cites REQUIREMENTS.md). Unknown keys are errors.
 */
export const incidentPolicy = z.strictObject({
  open: z.strictObject({
    minSeverity: Severity.default('warning').describe('alerts below this severity never open an incident'),
    immediateSeverity: Severity.default('critical').describe('a firing alert of this severity opens at once'),
    minAlerts: z.number().int().positive().default(2).describe('this many firing alerts open at once'),
    delayMs: z.number().int().nonnegative().default(2 * MIN).describe('otherwise: open when the group is still firing after this delay'),
  }).default({ minSeverity: 'warning', immediateSeverity: 'critical', minAlerts: 2, delayMs: 2 * MIN }),
  matrix: z.strictObject({ high: z.strictObject({ high: Priority, medium: Priority, low: Priority }), medium: z.strictObject({ high: Priority, medium: Priority, low: Priority }), low: z.strictObject({ high: Priority, medium: Priority, low: Priority }) })
    .default({ high: row('P1', 'P2', 'P3'), medium: row('P2', 'P3', 'P4'), low: row('P3', 'P4', 'P5') })
    .describe('impact (rows) × urgency (columns) → priority; default REQUIREMENTS §4b'),
  impact: z.strictObject({
    criticality: z.strictObject({ critical: Level, high: Level, medium: Level, low: Level }).default({ critical: 'high', high: 'high', medium: 'medium', low: 'low' }),
    usersHigh: z.number().int().nonnegative().default(1000),
    usersMedium: z.number().int().nonnegative().default(100),
    dependentsHigh: z.number().int().nonnegative().default(10),
    dependentsMedium: z.number().int().nonnegative().default(3),
    servicesHigh: z.number().int().positive().default(2).describe('this many business services affected = high impact'),
    unknown: Level.default('medium').describe('impact when the CI is not in the CMDB (in doubt: not low)'),
  }).default({ criticality: { critical: 'high', high: 'high', medium: 'medium', low: 'low' }, usersHigh: 1000, usersMedium: 100, dependentsHigh: 10, dependentsMedium: 3, servicesHigh: 2, unknown: 'medium' }),
  urgency: z.strictObject({
    severity: z.strictObject({ critical: Level, major: Level, minor: Level, warning: Level, info: Level }).default({ critical: 'high', major: 'high', minor: 'medium', warning: 'medium', info: 'low' }),
    slaClassShift: z.record(z.string(), z.number().int().min(-2).max(2)).default({ gold: 1, silver: 0, bronze: -1 }).describe('levels the service SLA class moves urgency up (+) or down (-)'),
  }).default({ severity: { critical: 'high', major: 'high', minor: 'medium', warning: 'medium', info: 'low' }, slaClassShift: { gold: 1, silver: 0, bronze: -1 } }),
  sla: z.strictObject({
    responseMs: z.strictObject({ P1: z.number().int().positive(), P2: z.number().int().positive(), P3: z.number().int().positive(), P4: z.number().int().positive(), P5: z.number().int().positive() })
      .default({ P1: 15 * MIN, P2: 30 * MIN, P3: 2 * HOUR, P4: 8 * HOUR, P5: 24 * HOUR }),
    resolutionMs: z.strictObject({ P1: z.number().int().positive(), P2: z.number().int().positive(), P3: z.number().int().positive(), P4: z.number().int().positive(), P5: z.number().int().positive() })
      .default({ P1: HOUR, P2: 8 * HOUR, P3: 24 * HOUR, P4: 48 * HOUR, P5: 120 * HOUR }),
    warnAtFraction: z.number().gt(0).lt(1).default(0.8).describe('warn when this share of the target has elapsed'),
    excludeOnHold: z.boolean().default(true).describe('time on_hold does not count against the resolution target'),
  }).default({ responseMs: { P1: 15 * MIN, P2: 30 * MIN, P3: 2 * HOUR, P4: 8 * HOUR, P5: 24 * HOUR }, resolutionMs: { P1: HOUR, P2: 8 * HOUR, P3: 24 * HOUR, P4: 48 * HOUR, P5: 120 * HOUR }, warnAtFraction: 0.8, excludeOnHold: true }),
  major: z.strictObject({
    priorities: z.array(Priority).default(['P1']),
    minServices: z.number().int().positive().default(2).describe('this many business services affected = major'),
    criticalServiceDown: z.boolean().default(true).describe('a critical business service with a critical alert = major'),
    requireProblemToClose: z.boolean().default(true).describe('a major incident closes only with a linked problem (R61)'),
  }).default({ priorities: ['P1'], minServices: 2, criticalServiceDown: true, requireProblemToClose: true }),
  autoResolve: z.strictObject({
    quietMs: z.number().int().nonnegative().default(5 * MIN).describe('all linked alerts resolved and quiet this long → resolved'),
    reopenWindowMs: z.number().int().nonnegative().default(HOUR).describe('an alert firing again within this after resolve reopens'),
    autoCloseMs: z.number().int().nonnegative().default(24 * HOUR).describe('resolved this long → closed (0 = never)'),
  }).default({ quietMs: 5 * MIN, reopenWindowMs: HOUR, autoCloseMs: 24 * HOUR }),
  changes: z.strictObject({
    windowMs: z.number().int().nonnegative().default(2 * HOUR).describe('changes that ended at most this long before the incident started are suspects'),
    dependencyHops: z.number().int().nonnegative().default(2),
  }).default({ windowMs: 2 * HOUR, dependencyHops: 2 }),
  defaultAssignmentGroup: z.string().min(1).default('service-desk'),
  managerChannel: z.string().min(1).default('incident-managers').describe('hierarchical escalation target'),
  majorChannel: z.string().min(1).default('major-incident').describe('major incident manager (MIM) channel'),
  recentCommands: z.number().int().positive().default(100).describe('command ids kept in the snapshot for idempotency'),
});
export type IncidentPolicy = z.output<typeof incidentPolicy>;
export type IncidentPolicyInput = z.input<typeof incidentPolicy>;

/** defaultPolicy is the policy with every default applied. */
export function defaultPolicy(overrides: IncidentPolicyInput = {}): IncidentPolicy {
  return incidentPolicy.parse(overrides);
}
