import { z } from 'zod';
import { EpochMs } from './common.js';

/** ChangeRecord is a change to a CI (topic aiops.changes.v1, keyed by id), used as an incident suspect. */
export const ChangeRecord = z.object({
  id: z.string().min(1),
  ciId: z.string().min(1),
  startedAt: EpochMs,
  endedAt: EpochMs.optional(),
  description: z.string().default(''),
  risk: z.enum(['low', 'medium', 'high']).default('medium'),
  status: z.enum(['planned', 'in_progress', 'completed', 'failed', 'rolled_back']).default('completed'),
});
export type ChangeRecord = z.infer<typeof ChangeRecord>;
