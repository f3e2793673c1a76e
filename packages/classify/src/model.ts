import { createRequire } from 'node:module';
import { ClassifierModelInvalid } from './errors.js';

/** LabelledExample is one past incident whose category a rule or a person confirmed (R16: validated data only). */
export interface LabelledExample {
  readonly text: string;
  readonly ciTypes: readonly string[];
  /** `category/subcategory` */
  readonly label: string;
}

/** Prediction of the trained model: the best label and its share of the probability mass. */
export interface Prediction {
  readonly label: string;
  readonly confidence: number;
}

/**
 * TextModel wraps natural's BayesClassifier (multinomial naive Bayes over stemmed tokens). CI types are
 * added as synthetic tokens (`citype<type>`), so "disk full" on a database and on a host can differ.
 */
export interface TextModel {
  readonly examples: number;
  readonly labels: readonly string[];
  predict(text: string, ciTypes: readonly string[]): Prediction | null;
  serialize(): string;
}

const FORMAT = 'aiops-classify-bayes-v1';

// natural ships .ts sources beside its .d.ts files that do not compile under our strict settings, so it
// is loaded through require and typed by the few members used here.
interface BayesLike {
  addDocument(text: string, label: string): void;
  train(): void;
  getClassifications(text: string): Array<{ label: string; value: number }>;
}
interface NaturalLike {
  BayesClassifier: { new (): BayesLike; restore(c: Record<string, unknown>): BayesLike };
  PorterStemmer: { tokenizeAndStem(text: string): string[] };
}
// Loaded on first use: natural's storage backends run dotenv at import, which prints to stdout; a
// service shell sets DOTENV_CONFIG_QUIET before that happens so its logs stay JSON.
let loaded: NaturalLike | undefined;
function lib(): NaturalLike {
  loaded ??= createRequire(import.meta.url)('natural') as NaturalLike;
  return loaded;
}

function features(text: string, ciTypes: readonly string[]): string {
  const types = ciTypes.map((t) => `citype${t.replace(/[^a-z0-9]/gi, '')}`).join(' ');
  return `${text} ${types}`.trim();
}

/** trainModel fits a model on labelled examples; null when there are fewer than two labels to tell apart. */
export function trainModel(examples: readonly LabelledExample[]): TextModel | null {
  const labels = new Set(examples.map((e) => e.label));
  if (labels.size < 2) return null;
  const c = new (lib().BayesClassifier)();
  for (const e of examples) c.addDocument(features(e.text, e.ciTypes), e.label);
  c.train();
  return wrap(c, examples.length, [...labels].sort());
}

/** restoreModel rebuilds a model from `serialize()` output (e.g. stored beside the service). */
export function restoreModel(json: string): TextModel {
  let parsed: { format?: unknown; examples?: unknown; labels?: unknown; classifier?: unknown };
  try {
    parsed = JSON.parse(json) as typeof parsed;
  } catch (err) {
    throw ClassifierModelInvalid('not JSON', err);
  }
  if (parsed.format !== FORMAT || typeof parsed.classifier !== 'object' || parsed.classifier === null || !Array.isArray(parsed.labels)) {
    throw ClassifierModelInvalid(`expected format ${FORMAT}`);
  }
  const c = lib().BayesClassifier.restore(parsed.classifier as Record<string, unknown>);
  return wrap(c, Number(parsed.examples ?? 0), parsed.labels.map(String));
}

function wrap(c: BayesLike, examples: number, labels: string[]): TextModel {
  return {
    examples,
    labels,
    predict(text, ciTypes) {
      const f = features(text, ciTypes);
      // Unknown vocabulary gives every class the same score: report no prediction rather than a coin toss.
      const tokens = lib().PorterStemmer.tokenizeAndStem(f);
      if (tokens.length === 0) return null;
      const cls = c.getClassifications(f);
      let sum = 0;
      for (const x of cls) sum += x.value;
      const best = cls[0];
      if (best === undefined || sum <= 0) return null;
      const second = cls[1];
      if (second !== undefined && second.value === best.value) return { label: best.label, confidence: 1 / cls.length };
      return { label: best.label, confidence: best.value / sum };
    },
    serialize() {
      return JSON.stringify({ format: FORMAT, examples, labels, classifier: c });
    },
  };
}
