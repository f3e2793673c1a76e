export { createClassifier, classifyConfig } from './classifier.js';
export type { Classifier, Classification, ClassifyConfig, ClassifyInput } from './classifier.js';
export { trainModel, restoreModel } from './model.js';
export type { LabelledExample, Prediction, TextModel } from './model.js';
export { ClassificationRule, DEFAULT_RULES, compileRules, matchRule } from './rules.js';
export type { ClassificationRuleInput, CompiledRule } from './rules.js';
export { TAXONOMY, parseLabel, formatLabel } from './taxonomy.js';
export type { Category } from './taxonomy.js';
export { ClassifierModelInvalid } from './errors.js';
