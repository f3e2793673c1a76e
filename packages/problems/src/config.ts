import { z } from 'zod';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * detectionConfig holds every threshold of problem detection (R107: targets in config, not in code).
 * Defaults are documented in the package README.
 */
export const detectionConfig = z.strictObject({
  recurrence: z
    .strictObject({
      windowMs: z.number().int().positive().default(7 * DAY).describe('look-back window'),
      minIncidents: z.number().int().min(2).default(3).describe('same CI+category, service+category or alert template at least this often'),
    })
    .prefault({}),
  cluster: z
    .strictObject({
      windowMs: z.number().int().positive().default(14 * DAY),
      minIncidents: z.number().int().min(2).default(4),
      minCis: z.number().int().min(2).default(3).describe('a cluster must span this many CIs (otherwise recurrence covers it)'),
      minSimilarity: z.number().min(0).max(1).default(0.5).describe('cosine similarity to the centroid a member needs (outliers k-means assigned are dropped)'),
      seed: z.number().int().default(42),
      maxIncidents: z.number().int().positive().default(5000).describe('most recent incidents clustered per run'),
    })
    .prefault({}),
  change: z
    .strictObject({
      windowMs: z.number().int().positive().default(2 * HOUR).describe('incident started within this after the change ended (or started)'),
      lookbackMs: z.number().int().positive().default(7 * DAY),
      minIncidents: z.number().int().positive().default(1),
    })
    .prefault({}),
  rising: z
    .strictObject({
      days: z.number().int().min(5).default(14).describe('daily incident counts per CI over this many days'),
      minIncidents: z.number().int().positive().default(6),
      zThreshold: z.number().positive().default(1.645).describe('Mann-Kendall z (one-sided 95%)'),
    })
    .prefault({}),
});
export type DetectionConfig = z.output<typeof detectionConfig>;
