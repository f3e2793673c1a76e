import { z } from 'zod';

/** Severity is our five-level scale; every source maps onto it explicitly (see @aiops/normalize). */
export const SEVERITIES = ['critical', 'major', 'minor', 'warning', 'info'] as const;
export const Severity = z.enum(SEVERITIES);
export type Severity = z.infer<typeof Severity>;

/** severityRank orders severities; higher is worse. */
export function severityRank(s: Severity): number {
  switch (s) {
    case 'critical': return 4;
    case 'major': return 3;
    case 'minor': return 2;
    case 'warning': return 1;
    case 'info': return 0;
  }
}

export const EventStatus = z.enum(['firing', 'resolved']);
export type EventStatus = z.infer<typeof EventStatus>;

/** Epoch milliseconds. All timestamps in records are integers in ms, UTC. */
export const EpochMs = z.number().int().nonnegative();

export const Labels = z.record(z.string(), z.string());
export type Labels = z.infer<typeof Labels>;

/** Actor of a change: a person (by token name) or a component of the pipeline. */
export const Actor = z.object({
  kind: z.enum(['user', 'system', 'automation']),
  id: z.string(),
});
export type Actor = z.infer<typeof Actor>;
