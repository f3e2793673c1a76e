import { createRequire } from 'node:module';

// natural ships .ts sources beside its .d.ts files that do not compile under our strict settings, so it
// is loaded through require with the narrow shape we use (same approach as @aiops/classify).
interface NaturalLike {
  WordTokenizer: new () => { tokenize(text: string): string[] };
  stopwords: string[];
}
const natural = createRequire(import.meta.url)('natural') as NaturalLike;
const tokenizer = new natural.WordTokenizer();
const STOP = new Set(natural.stopwords);

// Order matters: the most specific shapes first (a UUID contains hex runs and digits).
const MASKS: ReadonlyArray<readonly [RegExp, string]> = [
  [/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '<id>'],
  [/\b(?:\d{1,3}\.){3}\d{1,3}(?::\d+)?\b/g, '<ip>'],
  [/\b(?:[0-9a-f]{1,4}:){3,7}[0-9a-f]{1,4}\b/gi, '<ip>'],
  [/\b[a-z0-9-]+-[a-z0-9]{6,10}-[a-z0-9]{5}\b/gi, '<pod>'],
  [/\b(?:[a-z0-9-]+\.)+(?:com|net|org|io|local|internal|lan|corp|cloud)\b/gi, '<host>'],
  [/\b0x[0-9a-f]+\b/gi, '<hex>'],
  [/\b[0-9a-f]{12,}\b/gi, '<hex>'],
  [/\b[a-z]*\d[a-z0-9]*\b/gi, '<n>'],
];

/**
 * maskTemplate turns a title into its template: ids, addresses, pod names, hosts and any word with a
 * digit are masked, so "Disk 91% full on db-07" and "Disk 97% full on db-12" are one template.
 */
export function maskTemplate(text: string): string {
  let t = text.length > 300 ? text.slice(0, 300) : text;
  for (const [re, rep] of MASKS) t = t.replace(re, rep);
  return t.replace(/\s+/g, ' ').trim();
}

/** templateTokens: lower-case word tokens of a template, stop words and masks removed, deduplicated, sorted. */
export function templateTokens(template: string): string[] {
  const out = new Set<string>();
  for (const tok of tokenizer.tokenize(template.replace(/<[a-z]+>/g, ' '))) {
    const w = tok.toLowerCase();
    if (w.length < 2 || STOP.has(w)) continue;
    out.add(w);
  }
  return [...out].sort();
}

/**
 * cosine of two token sets with optional IDF weights (binary term frequency): 1 = same words. Without
 * weights every word counts 1, so the measure does not depend on what else the engine has seen
 * (deterministic across partitionings).
 */
export function cosine(a: readonly string[], b: readonly string[], idf?: ReadonlyMap<string, number>): number {
  if (a.length === 0 || b.length === 0) return 0;
  let dot = 0;
  let na = 0;
  let nb = 0;
  const w = (t: string) => (idf ? (idf.get(t) ?? 1) : 1);
  const setB = new Set(b);
  for (const t of a) {
    const x = w(t);
    na += x * x;
    if (setB.has(t)) dot += x * x;
  }
  for (const t of b) {
    const x = w(t);
    nb += x * x;
  }
  return dot === 0 ? 0 : dot / Math.sqrt(na * nb);
}

/**
 * cosineSorted is `cosine(a, b)` (no weights) for token lists as templateTokens returns them (sorted,
 * deduplicated): one merge walk, no Set. The engine compares a new alert with every template of every
 * candidate group.
 */
export function cosineSorted(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  let dot = 0;
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i] as string;
    const y = b[j] as string;
    if (x === y) {
      dot++;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return dot === 0 ? 0 : dot / Math.sqrt(a.length * b.length);
}
