import { z } from 'zod';
import { ClassificationRule, DEFAULT_RULES, compileRules, matchRule, type ClassificationRuleInput, type CompiledRule } from './rules.js';
import { trainModel, type LabelledExample, type TextModel } from './model.js';
import { formatLabel, parseLabel } from './taxonomy.js';

/** classifyConfig is the config fragment of classification (embedded by the incident manager). */
export const classifyConfig = z.strictObject({
  threshold: z.number().min(0).max(1).default(0.7).describe('at or above: category applied; below: a suggestion to confirm'),
  minExamples: z.number().int().nonnegative().default(10).describe('train the model only with at least this many examples'),
  rules: z.array(ClassificationRule).optional().describe('replaces the default rules when given'),
});
export type ClassifyConfig = z.output<typeof classifyConfig>;

/** ClassifyInput is what is known of an incident: titles/templates/description and the CI types involved. */
export interface ClassifyInput {
  readonly text: string;
  readonly ciTypes: readonly string[];
}

/** Classification says which category, how sure, whether it is applied or only suggested, and why. */
export interface Classification {
  readonly category: string | null;
  readonly subcategory: string | null;
  readonly confidence: number;
  readonly applied: boolean;
  readonly source: 'rule' | 'model' | null;
  readonly ruleId: string | null;
  readonly reason: string;
}

export interface Classifier {
  classify(input: ClassifyInput): Classification;
  /** train replaces the model with one fitted on these examples (past incidents + SRE corrections). */
  train(examples: readonly LabelledExample[]): void;
  readonly model: TextModel | null;
}

/**
 * createClassifier combines predefined rules (R24) with a model trained on past incidents (R15). The
 * candidate with the higher confidence wins; when rule and model agree the confidence is the larger of
 * the two plus a small bonus. Below the threshold the result is a suggestion (R27, partial automation).
 * Rules stay the fallback when there is no model (R16).
 */
export function createClassifier(config: Partial<ClassifyConfig> = {}, model: TextModel | null = null): Classifier {
  const threshold = config.threshold ?? 0.7;
  const minExamples = config.minExamples ?? 10;
  const rules: CompiledRule[] = compileRules((config.rules as ClassificationRuleInput[] | undefined) ?? DEFAULT_RULES);
  let current = model;
  return {
    get model() {
      return current;
    },
    train(examples) {
      if (examples.length < minExamples) return;
      const m = trainModel(examples);
      if (m !== null) current = m;
    },
    classify(input) {
      const rule = matchRule(rules, input.text, input.ciTypes);
      const pred = current?.predict(input.text, input.ciTypes) ?? null;
      const ruleLabel = rule === null ? null : formatLabel({ category: rule.rule.category, subcategory: rule.rule.subcategory });
      if (rule !== null && pred !== null && pred.label === ruleLabel) {
        const confidence = Math.min(1, Math.max(rule.rule.confidence, pred.confidence) + 0.05);
        return result(ruleLabel, confidence, threshold, 'rule', rule.rule.id, `rule ${rule.rule.id} and model agree (model ${pred.confidence.toFixed(2)})`);
      }
      if (pred !== null && (rule === null || pred.confidence > rule.rule.confidence)) {
        return result(pred.label, pred.confidence, threshold, 'model', null, `model trained on ${current?.examples ?? 0} incidents: ${pred.confidence.toFixed(2)}${rule ? `; rule ${rule.rule.id} said ${ruleLabel}` : ''}`);
      }
      if (rule !== null && ruleLabel !== null) {
        return result(ruleLabel, rule.rule.confidence, threshold, 'rule', rule.rule.id, `rule ${rule.rule.id}${pred ? `; model said ${pred.label} (${pred.confidence.toFixed(2)})` : ''}`);
      }
      return { category: null, subcategory: null, confidence: 0, applied: false, source: null, ruleId: null, reason: 'no rule matched and no model prediction' };
    },
  };
}

function result(label: string, confidence: number, threshold: number, source: 'rule' | 'model', ruleId: string | null, why: string): Classification {
  const { category, subcategory } = parseLabel(label);
  const applied = confidence >= threshold;
  return {
    category,
    subcategory,
    confidence: Math.round(confidence * 1000) / 1000,
    applied,
    source,
    ruleId,
    reason: `${why}; ${applied ? 'applied' : 'suggested'} (threshold ${threshold})`,
  };
}
