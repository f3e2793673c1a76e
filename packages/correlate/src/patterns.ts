import { kmeans } from 'ml-kmeans';
import { trainCiLinks, type CiLinkModel } from './ci-links.js';
import { trainCooccurrence } from './cooccurrence.js';
import { templateTokens } from './template.js';

/**
 * PatternModel is what pattern learning produces: alert templates clustered with k-means over TF-IDF
 * vectors, and the pairs of clusters that co-occurred in the same correlation group often enough.
 * It is plain data (JSON), so it can be trained offline, stored, and given to every correlator.
 */
export interface PatternModel {
  readonly id: string;
  /** how it was learned: k-means clusters of templates linked by shared groups (default), or template pairs that start together (cooccurrence.ts: each template its own cluster). */
  readonly learner?: 'kmeans' | 'cooccurrence';
  /** cooccurrence: onsets this close co-occurred; a join needs the partner's onset this close too. */
  readonly windowMs?: number;
  /** cooccurrence: the lift of each link (same order as links). */
  readonly lifts?: readonly number[];
  readonly trainedAt: number;
  readonly k: number;
  readonly seed: number;
  readonly vocabulary: readonly string[];
  readonly idf: readonly number[];
  readonly centroids: readonly (readonly number[])[];
  readonly templates: Readonly<Record<string, number>>;
  /** [clusterA, clusterB, groups where both occurred]; clusterA <= clusterB. */
  readonly links: ReadonlyArray<readonly [number, number, number]>;
  /** A few templates per cluster, to show what a pattern is. */
  readonly examples: Readonly<Record<string, readonly string[]>>;
  /** CI pairs that started alerting together in the history (ci-links.ts): relations the CMDB may lack. */
  readonly ciLinks?: CiLinkModel;
}

export interface TrainOptions {
  readonly seed?: number;
  readonly trainedAt: number;
  /** groups in which two clusters must co-occur before they are linked (default 2). */
  readonly minSupport?: number;
  /** fraction of the rarer cluster's groups in which the pair co-occurred (default 0.5). */
  readonly minConfidence?: number;
  readonly maxK?: number;
}

/** HistoryEntry is one member of a closed group, as pattern learning sees it (`at`: its first onset; `ci`: its CMDB CI, if matched). */
export interface HistoryEntry { readonly groupId: string; readonly template: string; readonly at?: number; readonly ci?: string }

/**
 * historyOf is what production keeps for training from an engine output: the member templates and
 * onsets of groups that closed on their own (not merged into another), singletons included (an alert
 * the engine kept alone still teaches what starts with it; k-means training skips them). The correlator
 * service and the benches' --train use this one filter, so a bench trains exactly as production does.
 */
export function historyOf(groups: ReadonlyArray<{ readonly id: string; readonly status: string; readonly closeReason?: string | null; readonly members: ReadonlyArray<{ readonly template: string; readonly firstSeen: number; readonly ciId?: string | null }> }>): HistoryEntry[] {
  const out: HistoryEntry[] = [];
  for (const g of groups) {
    if (g.status !== 'closed' || g.closeReason === 'merged') continue;
    for (const m of g.members) out.push(m.ciId ? { groupId: g.id, template: m.template, at: m.firstSeen, ci: m.ciId } : { groupId: g.id, template: m.template, at: m.firstSeen });
  }
  return out;
}

/** LearningConfig is the `learning` section of the engine config: which learner and its thresholds. */
export interface LearningConfig {
  readonly learner: 'kmeans' | 'cooccurrence';
  readonly windowMs: number;
  readonly minSupport: number;
  readonly minLift: number;
  readonly minConfidence: number;
  readonly maxLinksPerTemplate: number;
  /** learn CI pairs that start alerting together (ci-links.ts); absent = off. */
  readonly ciLinks?: boolean;
  readonly ciMinSupport?: number;
  readonly ciMinLift?: number;
  readonly ciMaxLinks?: number;
  readonly ciChance?: 'uniform' | 'activity';
}

/** trainModel is the one entry point the correlator service and the benches train through (seed 42). */
export function trainModel(history: readonly HistoryEntry[], learning: LearningConfig, trainedAt: number): PatternModel | null {
  let model: PatternModel | null;
  if (learning.learner === 'kmeans') {
    // groups of one member link no clusters (historyOf keeps them for co-occurrence learning)
    const size = new Map<string, number>();
    for (const h of history) size.set(h.groupId, (size.get(h.groupId) ?? 0) + 1);
    model = trainPatterns(history.filter((h) => (size.get(h.groupId) as number) >= 2), { seed: 42, trainedAt });
  } else {
    model = trainCooccurrence(history, { ...learning, trainedAt });
  }
  const ciLinks = learning.ciLinks === true ? trainCiLinks(history, {
    trainedAt, windowMs: learning.windowMs, minSupport: learning.ciMinSupport ?? learning.minSupport, minLift: learning.ciMinLift ?? learning.minLift,
    minConfidence: learning.minConfidence, maxLinksPerCi: learning.ciMaxLinks ?? learning.maxLinksPerTemplate, ...(learning.ciChance ? { chance: learning.ciChance } : {}),
  }) : null;
  if (!ciLinks) return model;
  // CI links alone (no template pattern learned): an empty co-occurrence model carries them
  const base: PatternModel = model ?? { id: `cooc_${trainedAt}_0`, learner: 'cooccurrence', windowMs: learning.windowMs, trainedAt, k: 0, seed: 0, vocabulary: [], idf: [], centroids: [], templates: {}, links: [], lifts: [], examples: {} };
  return { ...base, id: `${base.id}_ci${ciLinks.links.length}`, ciLinks };
}

/** chooseK is the documented criterion: k = round(sqrt(n / 2)) (the classic rule of thumb), within [2, maxK]. */
export function chooseK(n: number, maxK = 50): number {
  return Math.max(2, Math.min(maxK, n - 1, Math.round(Math.sqrt(n / 2))));
}

function vectorize(tokens: readonly string[], index: ReadonlyMap<string, number>, idf: readonly number[]): number[] {
  const v = new Array<number>(idf.length).fill(0);
  let norm = 0;
  for (const t of tokens) {
    const i = index.get(t);
    if (i === undefined) continue;
    v[i] = idf[i] as number;
    norm += (idf[i] as number) ** 2;
  }
  if (norm > 0) {
    const s = 1 / Math.sqrt(norm);
    for (let i = 0; i < v.length; i++) v[i] = (v[i] as number) * s;
  }
  return v;
}

/**
 * trainPatterns clusters the templates of historical group members and learns which clusters occur
 * together in one group. Seeded, so the same history gives the same model.
 */
export function trainPatterns(history: readonly HistoryEntry[], opts: TrainOptions): PatternModel | null {
  const seed = opts.seed ?? 42;
  const templates = [...new Set(history.map((h) => h.template))].sort();
  if (templates.length < 4) return null;
  const toks = templates.map((t) => templateTokens(t));
  const df = new Map<string, number>();
  for (const ts of toks) for (const t of ts) df.set(t, (df.get(t) ?? 0) + 1);
  const vocabulary = [...df.keys()].sort();
  if (vocabulary.length === 0) return null;
  const index = new Map(vocabulary.map((w, i) => [w, i]));
  const idf = vocabulary.map((w) => Math.log(templates.length / (df.get(w) as number)) + 1);
  const vectors = toks.map((ts) => vectorize(ts, index, idf));
  const k = chooseK(templates.length, opts.maxK);
  const res = kmeans(vectors, k, { seed, initialization: 'kmeans++', maxIterations: 100 });
  const clusterOf: Record<string, number> = {};
  const examples: Record<string, string[]> = {};
  templates.forEach((t, i) => {
    const c = res.clusters[i] as number;
    clusterOf[t] = c;
    const ex = (examples[String(c)] ??= []);
    if (ex.length < 5) ex.push(t);
  });
  const byGroup = new Map<string, Set<number>>();
  for (const h of history) {
    let s = byGroup.get(h.groupId);
    if (!s) byGroup.set(h.groupId, (s = new Set()));
    s.add(clusterOf[h.template] as number);
  }
  const freq = new Map<number, number>();
  const pairs = new Map<string, number>();
  for (const s of byGroup.values()) {
    const cs = [...s].sort((a, b) => a - b);
    for (const c of cs) freq.set(c, (freq.get(c) ?? 0) + 1);
    for (let i = 0; i < cs.length; i++) {
      for (let j = i + 1; j < cs.length; j++) {
        const key = `${cs[i]},${cs[j]}`;
        pairs.set(key, (pairs.get(key) ?? 0) + 1);
      }
    }
  }
  const minSupport = opts.minSupport ?? 2;
  const minConfidence = opts.minConfidence ?? 0.5;
  const links: Array<[number, number, number]> = [];
  for (const [key, n] of [...pairs.entries()].sort()) {
    const [a, b] = key.split(',').map(Number) as [number, number];
    const rarer = Math.min(freq.get(a) ?? 0, freq.get(b) ?? 0);
    if (n >= minSupport && rarer > 0 && n / rarer >= minConfidence) links.push([a, b, n]);
  }
  return {
    id: `pat_${opts.trainedAt}_${k}_${seed}`,
    trainedAt: opts.trainedAt,
    k,
    seed,
    vocabulary,
    idf,
    centroids: res.centroids.map((c) => [...c]),
    templates: clusterOf,
    links,
    examples,
  };
}

/** PatternIndex answers "which cluster is this template" and "are these clusters linked" in O(1) after the first call. */
export interface PatternIndex {
  readonly model: PatternModel;
  clusterOf(template: string): number;
  linked(a: number, b: number): number;
  /** lift of a co-occurrence link (0 when not linked or a k-means model). */
  lift(a: number, b: number): number;
  /** clusters linked to `c`. */
  neighbours(c: number): readonly number[];
}

export function createPatternIndex(model: PatternModel): PatternIndex {
  const index = new Map(model.vocabulary.map((w, i) => [w, i]));
  const cache = new Map<string, number>(Object.entries(model.templates));
  const links = new Map<string, number>();
  const lifts = new Map<string, number>();
  const nb = new Map<number, number[]>();
  const known = model.learner === 'cooccurrence'; // templates not in the model have no partners: no vector search
  for (const [i, [a, b, n]] of model.links.entries()) {
    links.set(`${a},${b}`, n);
    if (model.lifts) lifts.set(`${a},${b}`, model.lifts[i] as number);
    (nb.get(a) ?? nb.set(a, []).get(a) as number[]).push(b);
    (nb.get(b) ?? nb.set(b, []).get(b) as number[]).push(a);
  }
  return {
    model,
    clusterOf(template) {
      let c = cache.get(template);
      if (c !== undefined) return c;
      if (known) return -1;
      const v = vectorize(templateTokens(template), index, model.idf);
      let best = -1;
      let bestSim = 0.5; // an unseen template joins a cluster only when it is close to its centroid
      model.centroids.forEach((centroid, i) => {
        let dot = 0;
        let n = 0;
        for (let j = 0; j < v.length; j++) {
          dot += (v[j] as number) * (centroid[j] as number);
          n += (centroid[j] as number) ** 2;
        }
        const sim = n > 0 ? dot / Math.sqrt(n) : 0;
        if (sim > bestSim) {
          bestSim = sim;
          best = i;
        }
      });
      c = best;
      if (cache.size < 100_000) cache.set(template, c);
      return c;
    },
    neighbours: (c) => nb.get(c) ?? [],
    linked(a, b) {
      if (a < 0 || b < 0 || a === b) return 0;
      return links.get(a < b ? `${a},${b}` : `${b},${a}`) ?? 0;
    },
    lift(a, b) {
      if (a < 0 || b < 0 || a === b) return 0;
      return lifts.get(a < b ? `${a},${b}` : `${b},${a}`) ?? 0;
    },
  };
}
