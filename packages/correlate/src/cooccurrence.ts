/**
 * Co-occurrence learning: which alert templates start within minutes of each other across many past
 * incidents, far more often than their own rates would give by chance. Learned from what production
 * sees (alert templates and onsets in past groups, singletons included), not from the engine's
 * grouping: two alerts the engine kept apart still teach that they fail together. Plain data, so the
 * model can be stored and shown; every lookup the engine needs is a map built at train time.
 */
import type { HistoryEntry, PatternModel } from './patterns.js';

export interface CooccurrenceOptions {
  readonly trainedAt: number;
  /** onsets at most this far apart co-occur (and one template's onsets this close are one occasion). */
  readonly windowMs: number;
  /** occasions of the rarer template that met the other within windowMs. */
  readonly minSupport: number;
  /** support over what the two templates' occasion rates give by chance over the history's span. */
  readonly minLift: number;
  /** share of the rarer template's occasions that met the other. */
  readonly minConfidence: number;
  /** partners kept per template (highest lift first): bounds the candidate lookups per alert. */
  readonly maxLinksPerTemplate: number;
  /**
   * what chance is measured against: `uniform` (default) spreads each key's occasions evenly over the
   * history's span; `activity` weighs each occasion of the rarer key by how busy the history was around it
   * (all keys' occasions within windowMs): alerts come in storms, and two keys that each alert only in
   * busy hours meet by chance far more often than even rates say.
   */
  readonly chance?: 'uniform' | 'activity';
}

/** occasions: a template's onsets, with onsets within windowMs of the previous one merged (a flap, a re-fire). */
function occasionsOf(history: readonly HistoryEntry[], windowMs: number): Map<string, number[]> {
  const raw = new Map<string, number[]>();
  for (const h of history) {
    if (h.at === undefined) continue;
    let l = raw.get(h.template);
    if (!l) raw.set(h.template, (l = []));
    l.push(h.at);
  }
  const out = new Map<string, number[]>();
  for (const [tpl, ts] of [...raw].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    ts.sort((a, b) => a - b);
    const occ: number[] = [];
    for (const t of ts) if (occ.length === 0 || t - (occ[occ.length - 1] as number) > windowMs) occ.push(t);
    out.set(tpl, occ);
  }
  return out;
}

/** met: how many of `a`'s occasions have one of `b`'s within windowMs (both sorted). */
function met(a: readonly number[], b: readonly number[], windowMs: number): number {
  let n = 0;
  let j = 0;
  for (const t of a) {
    while (j < b.length && (b[j] as number) < t - windowMs) j++;
    if (j < b.length && (b[j] as number) <= t + windowMs) n++;
  }
  return n;
}

/**
 * trainCooccurrence returns a PatternModel whose "clusters" are single templates and whose links are
 * template pairs that co-occur (support, lift); null when the history has too little to learn from.
 */
export function trainCooccurrence(history: readonly HistoryEntry[], opts: CooccurrenceOptions): PatternModel | null {
  const occ = occasionsOf(history, opts.windowMs);
  let first = Infinity;
  let last = -Infinity;
  for (const ts of occ.values()) {
    first = Math.min(first, ts[0] as number);
    last = Math.max(last, ts[ts.length - 1] as number);
  }
  const span = last - first;
  // templates seen on fewer occasions than the support asks for can link nothing
  const templates = [...occ.keys()].filter((t) => (occ.get(t) as number[]).length >= opts.minSupport);
  if (templates.length < 2 || !(span > 0)) return null;
  // candidate pairs: templates with occasions within windowMs of each other (a sweep over all occasions)
  const all: Array<[number, number]> = [];
  templates.forEach((t, i) => { for (const at of occ.get(t) as number[]) all.push([at, i]); });
  all.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  const pairs = new Set<number>();
  const n = templates.length;
  for (let i = 0, lo = 0; i < all.length; i++) {
    const [t, a] = all[i] as [number, number];
    while ((all[lo] as [number, number])[0] < t - opts.windowMs) lo++;
    for (let j = lo; j < i; j++) {
      const b = (all[j] as [number, number])[1];
      if (a !== b) pairs.add(a < b ? a * n + b : b * n + a);
    }
  }
  // activity: every key's occasions (not only those that can link), to count how busy the history was around a time
  const busy: number[] = [];
  if (opts.chance === 'activity') {
    for (const ts of occ.values()) for (const at of ts) busy.push(at);
    busy.sort((x, y) => x - y);
  }
  const lowerBound = (v: number): number => {
    let lo = 0;
    let hi = busy.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((busy[mid] as number) < v) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const around = new Map<number, number>();
  const busyAt = (t: number): number => {
    let c = around.get(t);
    if (c === undefined) around.set(t, (c = lowerBound(t + opts.windowMs + 1) - lowerBound(t - opts.windowMs)));
    return c;
  };
  const found: Array<{ a: number; b: number; support: number; lift: number }> = [];
  for (const key of [...pairs].sort((x, y) => x - y)) {
    const a = Math.floor(key / n);
    const b = key % n;
    const oa = occ.get(templates[a] as string) as number[];
    const ob = occ.get(templates[b] as string) as number[];
    const support = Math.min(met(oa, ob, opts.windowMs), met(ob, oa, opts.windowMs));
    if (support < opts.minSupport || support / Math.min(oa.length, ob.length) < opts.minConfidence) continue;
    // chance: each of a's occasions meets one of b's with probability ~ 2·window·(b's occasions)/span
    let expected = 0;
    if (opts.chance === 'activity') {
      // each of a's occasions meets one of b's with probability ~ (b's share of all occasions) x (occasions around it)
      for (const at of oa) expected += Math.min(1, (ob.length * busyAt(at)) / busy.length);
    } else {
      expected = oa.length * Math.min(1, (2 * opts.windowMs * ob.length) / span);
    }
    const lift = support / Math.max(expected, 1e-9);
    if (lift >= opts.minLift) found.push({ a, b, support, lift: Math.round(lift * 100) / 100 });
  }
  // keep each template's strongest partners only
  const kept = new Map<number, number>();
  const links: Array<[number, number, number]> = [];
  const lifts: number[] = [];
  for (const f of [...found].sort((x, y) => y.lift - x.lift || y.support - x.support || x.a - y.a || x.b - y.b)) {
    if ((kept.get(f.a) ?? 0) >= opts.maxLinksPerTemplate || (kept.get(f.b) ?? 0) >= opts.maxLinksPerTemplate) continue;
    kept.set(f.a, (kept.get(f.a) ?? 0) + 1);
    kept.set(f.b, (kept.get(f.b) ?? 0) + 1);
    links.push([f.a, f.b, f.support]);
    lifts.push(f.lift);
  }
  const examples: Record<string, string[]> = {};
  links.slice(0, 20).forEach(([a, b], i) => { examples[`${a}-${b}`] = [templates[a] as string, templates[b] as string, `lift ${lifts[i]}`]; });
  return {
    id: `cooc_${opts.trainedAt}_${links.length}`,
    learner: 'cooccurrence',
    windowMs: opts.windowMs,
    trainedAt: opts.trainedAt,
    k: templates.length,
    seed: 0,
    vocabulary: [],
    idf: [],
    centroids: [],
    templates: Object.fromEntries(templates.map((t, i) => [t, i])),
    links,
    lifts,
    examples,
  };
}
