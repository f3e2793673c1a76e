import { kmeans } from 'ml-kmeans';
import type { DetectionConfig } from './config.js';
import type { ChangeFact, CiFact, Finding, IncidentFact } from './types.js';

const DAY = 86_400_000;
const uniq = (xs: Iterable<string>) => [...new Set([...xs].filter((x) => x !== ''))].sort();

/**
 * detectRecurrence finds the same CI + category, service + category, or alert template at least
 * `minIncidents` times in the window (R84). The most specific key is reported first; a broader key whose
 * incidents are all covered by an already reported finding is left out, so one recurring fault on one
 * CI is one problem, not three.
 */
export function detectRecurrence(incidents: readonly IncidentFact[], c: DetectionConfig['recurrence'], now: number): Finding[] {
  const recent = incidents.filter((i) => i.detectedAt >= now - c.windowMs && i.detectedAt <= now);
  const keyings: Array<[string, (i: IncidentFact) => string | null, string]> = [
    ['ci+category', (i) => (i.ci && i.category ? `ci=${i.ci}|category=${i.category}` : null), 'on the same CI'],
    ['template', (i) => (i.template ? `template=${i.template}` : null), 'with the same alert template'],
    ['service+category', (i) => (i.service && i.category ? `service=${i.service}|category=${i.category}` : null), 'on the same service'],
  ];
  const covered: Array<Set<string>> = [];
  const out: Finding[] = [];
  for (const [kind, keyOf, how] of keyings) {
    const groups = new Map<string, IncidentFact[]>();
    for (const i of recent) {
      const k = keyOf(i);
      if (k === null) continue;
      const g = groups.get(k);
      if (g) g.push(i);
      else groups.set(k, [i]);
    }
    for (const [key, g] of [...groups].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
      if (g.length < c.minIncidents) continue;
      const ids = g.map((i) => i.id);
      if (covered.some((s) => ids.every((id) => s.has(id)))) continue;
      covered.push(new Set(ids));
      const first = g[0] as IncidentFact;
      const label = kind === 'template' ? `"${first.template}"` : `${first.category} incidents`;
      out.push({
        pattern: 'recurrence',
        key,
        title: `Recurring ${label} ${how} (${kind === 'ci+category' ? first.ci : kind === 'template' ? uniq(g.map((i) => i.ci)).join(', ') : first.service}): ${g.length} in ${Math.round(c.windowMs / DAY)} days`,
        incidentIds: uniq(ids),
        ciIds: uniq(g.flatMap((i) => [i.ci, ...i.cis])),
        services: uniq(g.map((i) => i.service)),
        evidence: { kind, count: g.length, windowMs: c.windowMs, minIncidents: c.minIncidents, firstAt: Math.min(...g.map((i) => i.detectedAt)), lastAt: Math.max(...g.map((i) => i.detectedAt)) },
      });
    }
  }
  return out;
}

const STOP = new Set(['the', 'a', 'an', 'on', 'in', 'of', 'for', 'to', 'is', 'at', 'and', 'or', 'with', 'by', 'from', 'n', 'id', 'ip']);

/** tokens: lower-case words of a title/template, numbers, masks and stop words removed. */
export function tokens(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^a-z0-9_]+/)
    .filter((t) => t.length >= 2 && !/^\d+$/.test(t) && !STOP.has(t));
}

/** tfidf builds L2-normalised TF-IDF vectors over a shared vocabulary (sorted, so runs are reproducible). */
export function tfidf(docs: readonly string[][]): { vocab: string[]; vectors: number[][] } {
  const df = new Map<string, number>();
  for (const d of docs) for (const t of new Set(d)) df.set(t, (df.get(t) ?? 0) + 1);
  const vocab = [...df.keys()].sort();
  const index = new Map(vocab.map((t, i) => [t, i]));
  const n = docs.length;
  const vectors = docs.map((d) => {
    const v = new Array<number>(vocab.length).fill(0);
    for (const t of d) v[index.get(t) as number] = (v[index.get(t) as number] as number) + 1;
    for (let i = 0; i < v.length; i++) if (v[i]) v[i] = (v[i] as number) * (Math.log((1 + n) / (1 + (df.get(vocab[i] as string) ?? 0))) + 1);
    const norm = Math.sqrt(v.reduce((s, x) => s + x * x, 0)) || 1;
    return v.map((x) => x / norm);
  });
  return { vocab, vectors };
}

const dot = (a: readonly number[], b: readonly number[]) => a.reduce((s, x, i) => s + x * (b[i] as number), 0);

/**
 * detectClusters groups similar incidents across CIs: TF-IDF of title + template, k-means (ml-kmeans,
 * seeded, so the same input gives the same clusters), k = round(sqrt(n / 2)). A cluster is a finding
 * when it is large enough, spans several CIs and is tight (mean cosine to its centroid). Its key is its
 * top terms, so the same kind of incident maps to the same problem on the next run.
 */
export function detectClusters(incidents: readonly IncidentFact[], c: DetectionConfig['cluster'], now: number): Finding[] {
  const recent = incidents
    .filter((i) => i.detectedAt >= now - c.windowMs && i.detectedAt <= now)
    .sort((a, b) => b.detectedAt - a.detectedAt || (a.id < b.id ? -1 : 1))
    .slice(0, c.maxIncidents)
    .sort((a, b) => (a.id < b.id ? -1 : 1));
  if (recent.length < c.minIncidents) return [];
  const docs = recent.map((i) => tokens(`${i.title} ${i.template}`));
  const { vocab, vectors } = tfidf(docs);
  if (vocab.length === 0) return [];
  const k = Math.min(recent.length, Math.max(2, Math.round(Math.sqrt(recent.length / 2))));
  const res = kmeans(vectors, k, { seed: c.seed, initialization: 'kmeans++', maxIterations: 100 });
  const out: Finding[] = [];
  for (let cl = 0; cl < k; cl++) {
    const assigned = recent.map((_, i) => i).filter((i) => res.clusters[i] === cl);
    if (assigned.length < c.minIncidents) continue;
    const centroid = new Array<number>(vocab.length).fill(0);
    for (const i of assigned) (vectors[i] as number[]).forEach((x, j) => (centroid[j] = (centroid[j] as number) + x / assigned.length));
    const cn = Math.sqrt(dot(centroid, centroid)) || 1;
    // k-means puts every incident somewhere: keep only the members close to the centroid (the core)
    const members = assigned.filter((i) => dot(vectors[i] as number[], centroid) / cn >= c.minSimilarity);
    if (members.length < c.minIncidents) continue;
    const cis = uniq(members.map((i) => (recent[i] as IncidentFact).ci));
    if (cis.length < c.minCis) continue;
    const similarity = members.reduce((s, i) => s + dot(vectors[i] as number[], centroid) / cn, 0) / members.length;
    const top = centroid
      .map((w, j) => [w, vocab[j] as string] as const)
      .sort((a, b) => b[0] - a[0] || (a[1] < b[1] ? -1 : 1))
      .slice(0, 3)
      .map(([, t]) => t)
      .sort();
    const group = members.map((i) => recent[i] as IncidentFact);
    out.push({
      pattern: 'cluster',
      key: `terms=${top.join('+')}`,
      title: `Similar incidents across ${cis.length} CIs: ${top.join(', ')} (${group.length} incidents)`,
      incidentIds: uniq(group.map((i) => i.id)),
      ciIds: cis,
      services: uniq(group.map((i) => i.service)),
      evidence: { terms: top, similarity: Math.round(similarity * 1000) / 1000, size: group.length, k, seed: c.seed },
    });
  }
  return out.sort((a, b) => (a.key < b.key ? -1 : 1));
}

/**
 * detectChangeCorrelation finds incidents that started soon after a change (R95) on their CI or on a CI
 * one of their CIs depends on: within [change start, (change end or start) + windowMs].
 */
export function detectChangeCorrelation(
  incidents: readonly IncidentFact[],
  changes: readonly ChangeFact[],
  cmdb: readonly CiFact[],
  c: DetectionConfig['change'],
  now: number,
): Finding[] {
  // CI -> the CIs whose incidents a change on it can cause: itself and everything that depends on it
  const dependents = new Map<string, Set<string>>();
  for (const ci of cmdb) for (const d of ci.dependsOn) (dependents.get(d) ?? dependents.set(d, new Set()).get(d))?.add(ci.id);
  const out: Finding[] = [];
  for (const ch of [...changes].sort((a, b) => a.startedAt - b.startedAt || (a.id < b.id ? -1 : 1))) {
    if (ch.startedAt < now - c.lookbackMs || ch.startedAt > now) continue;
    const reach = new Set([ch.ciId, ...(dependents.get(ch.ciId) ?? [])]);
    const until = (ch.endedAt ?? ch.startedAt) + c.windowMs;
    const hit = incidents.filter((i) => i.detectedAt >= ch.startedAt && i.detectedAt <= until && [i.ci, ...i.cis].some((x) => reach.has(x)));
    if (hit.length < c.minIncidents) continue;
    out.push({
      pattern: 'change_correlation',
      key: `change=${ch.id}`,
      title: `${hit.length} incident(s) started after change ${ch.id} on ${ch.ciId}${ch.description ? `: ${ch.description}` : ''}`,
      incidentIds: uniq(hit.map((i) => i.id)),
      ciIds: uniq([ch.ciId, ...hit.flatMap((i) => [i.ci, ...i.cis])]),
      services: uniq(hit.map((i) => i.service)),
      evidence: {
        changeId: ch.id,
        changeCi: ch.ciId,
        startedAt: ch.startedAt,
        ...(ch.endedAt !== undefined ? { endedAt: ch.endedAt } : {}),
        windowMs: c.windowMs,
        gapsMs: hit.map((i) => ({ incidentId: i.id, gapMs: i.detectedAt - (ch.endedAt ?? ch.startedAt), via: [i.ci, ...i.cis].find((x) => reach.has(x)) })),
      },
    });
  }
  return out;
}

/**
 * mannKendall returns the Mann-Kendall trend statistic S and its z score (with the tie correction),
 * a rank test: one spike is not a trend, a steady rise is.
 */
export function mannKendall(xs: readonly number[]): { s: number; z: number } {
  const n = xs.length;
  let s = 0;
  for (let i = 0; i < n - 1; i++) for (let j = i + 1; j < n; j++) s += Math.sign((xs[j] as number) - (xs[i] as number));
  const ties = new Map<number, number>();
  for (const x of xs) ties.set(x, (ties.get(x) ?? 0) + 1);
  let tieTerm = 0;
  for (const t of ties.values()) tieTerm += t * (t - 1) * (2 * t + 5);
  const variance = (n * (n - 1) * (2 * n + 5) - tieTerm) / 18;
  if (variance <= 0) return { s, z: 0 };
  const z = s > 0 ? (s - 1) / Math.sqrt(variance) : s < 0 ? (s + 1) / Math.sqrt(variance) : 0;
  return { s, z };
}

/** detectRisingRate finds CIs whose daily incident count rises over the last `days` days (a trend test). */
export function detectRisingRate(incidents: readonly IncidentFact[], c: DetectionConfig['rising'], now: number): Finding[] {
  const start = Math.floor(now / DAY) * DAY - (c.days - 1) * DAY;
  const byCi = new Map<string, IncidentFact[]>();
  for (const i of incidents) {
    if (i.detectedAt < start || i.detectedAt > now || !i.ci) continue;
    (byCi.get(i.ci) ?? byCi.set(i.ci, []).get(i.ci))?.push(i);
  }
  const out: Finding[] = [];
  for (const [ci, list] of [...byCi].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    if (list.length < c.minIncidents) continue;
    const daily = new Array<number>(c.days).fill(0);
    for (const i of list) {
      const d = Math.floor((i.detectedAt - start) / DAY);
      daily[d] = (daily[d] as number) + 1;
    }
    const { s, z } = mannKendall(daily);
    if (z < c.zThreshold) continue;
    out.push({
      pattern: 'rising_rate',
      key: `ci=${ci}|rising`,
      title: `Rising incident rate on ${ci}: ${list.length} incidents in ${c.days} days, trending up`,
      incidentIds: uniq(list.map((i) => i.id)),
      ciIds: [ci],
      services: uniq(list.map((i) => i.service)),
      evidence: { daily, from: start, mannKendallS: s, z: Math.round(z * 1000) / 1000, zThreshold: c.zThreshold },
    });
  }
  return out;
}

/** detectAll runs every detector over one snapshot of facts. */
export function detectAll(
  facts: { incidents: readonly IncidentFact[]; changes: readonly ChangeFact[]; cmdb: readonly CiFact[] },
  c: DetectionConfig,
  now: number,
): Finding[] {
  return [
    ...detectRecurrence(facts.incidents, c.recurrence, now),
    ...detectClusters(facts.incidents, c.cluster, now),
    ...detectChangeCorrelation(facts.incidents, facts.changes, facts.cmdb, c.change, now),
    ...detectRisingRate(facts.incidents, c.rising, now),
  ];
}
