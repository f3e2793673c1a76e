import { z } from 'zod';
import { EpochMs } from './common.js';

/** DlqRecord keeps refused input with its reason and original bytes (topic aiops.dlq.v1). Nothing is dropped. */
export const DlqRecord = z.object({
  id: z.string(),
  stage: z.string().describe('which stage refused it: gateway, normalizer, correlator, analytics-writer…'),
  source: z.string().optional(),
  errorCode: z.string(),
  reason: z.string(),
  field: z.string().optional(),
  at: EpochMs,
  contentType: z.string().optional(),
  encoding: z.enum(['utf8', 'base64']),
  payload: z.string().describe('the original bytes, utf8 when valid UTF-8 else base64'),
  origin: z.object({ topic: z.string(), partition: z.number().int(), offset: z.string() }).optional(),
});
export type DlqRecord = z.infer<typeof DlqRecord>;
