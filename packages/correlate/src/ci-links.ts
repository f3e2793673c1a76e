/**
 * Learned CI relations: two CIs whose alerts started within minutes of each other on several past
 * occasions, far more often than their own alert rates give by chance, are most likely related
 * (a VM and the host it runs on, two consumers of one store) even when the CMDB records no relation
 * between them. Real CMDBs lag the estate, so this is the stream's own record of what fails together.
 * The same co-occurrence statistics as template patterns (cooccurrence.ts), keyed by CI; learned from
 * onsets, not from the engine's grouping, so a relation the CMDB lacks (and the grouping therefore
 * split) is still learned. Plain data inside the pattern model: stored, shown and handed to every
 * correlator with it. A learned link is an inference and every join through it says so (support,
 * lift, when it was trained).
 */
import { trainCooccurrence } from './cooccurrence.js';
import type { HistoryEntry } from './patterns.js';

/** [ciA, ciB, support (past occasions together), lift (support over chance)], ciA < ciB. */
export type CiLink = readonly [string, string, number, number];

export interface CiLinkModel {
  readonly trainedAt: number;
  /** alerts on the two CIs started at most this far apart on each occasion (and a join asks the same). */
  readonly windowMs: number;
  readonly links: readonly CiLink[];
}

export interface CiLinkOptions {
  readonly trainedAt: number;
  readonly windowMs: number;
  readonly minSupport: number;
  readonly minLift: number;
  readonly minConfidence: number;
  /** partners kept per CI (highest lift first). */
  readonly maxLinksPerCi: number;
  /** chance measured against even rates or the history's activity around each occasion (cooccurrence.ts). */
  readonly chance?: 'uniform' | 'activity';
}

/** trainCiLinks learns CI pairs that start alerting together from history entries carrying a CI; null when none. */
export function trainCiLinks(history: readonly HistoryEntry[], opts: CiLinkOptions): CiLinkModel | null {
  const byCi: HistoryEntry[] = [];
  for (const h of history) if (h.ci !== undefined && h.at !== undefined) byCi.push({ groupId: h.groupId, template: h.ci, at: h.at });
  const m = trainCooccurrence(byCi, { trainedAt: opts.trainedAt, windowMs: opts.windowMs, minSupport: opts.minSupport, minLift: opts.minLift, minConfidence: opts.minConfidence, maxLinksPerTemplate: opts.maxLinksPerCi, ...(opts.chance ? { chance: opts.chance } : {}) });
  if (!m || m.links.length === 0) return null;
  const name: string[] = [];
  for (const [ci, i] of Object.entries(m.templates)) name[i] = ci;
  const links: CiLink[] = m.links.map(([a, b, support], i) => {
    const x = name[a] as string;
    const y = name[b] as string;
    return x < y ? [x, y, support, m.lifts?.[i] ?? 0] : [y, x, support, m.lifts?.[i] ?? 0];
  });
  links.sort((p, q) => (p[0] < q[0] ? -1 : p[0] > q[0] ? 1 : p[1] < q[1] ? -1 : p[1] > q[1] ? 1 : 0));
  return { trainedAt: opts.trainedAt, windowMs: opts.windowMs, links };
}

/** CiLinkIndex: the learned partners of a CI, strongest first. */
export interface CiLinkIndex {
  readonly model: CiLinkModel;
  partners(ci: string): ReadonlyArray<{ readonly ci: string; readonly support: number; readonly lift: number }>;
}

const NONE: ReadonlyArray<{ ci: string; support: number; lift: number }> = [];

export function createCiLinkIndex(model: CiLinkModel): CiLinkIndex {
  const by = new Map<string, Array<{ ci: string; support: number; lift: number }>>();
  const add = (from: string, to: string, support: number, lift: number): void => {
    let l = by.get(from);
    if (!l) by.set(from, (l = []));
    l.push({ ci: to, support, lift });
  };
  for (const [a, b, support, lift] of model.links) {
    add(a, b, support, lift);
    add(b, a, support, lift);
  }
  for (const l of by.values()) l.sort((p, q) => q.lift - p.lift || q.support - p.support || (p.ci < q.ci ? -1 : 1));
  return { model, partners: (ci) => by.get(ci) ?? NONE };
}
