export { detectionConfig } from './config.js';
export type { DetectionConfig } from './config.js';
export { detectRecurrence, detectClusters, detectChangeCorrelation, detectRisingRate, detectAll, mannKendall, tfidf, tokens } from './detect.js';
export { problemIdOf, TRANSITIONS, reconcile, ProblemAction, applyProblemAction, matchesPattern, knownErrorLinks } from './lifecycle.js';
export { ProblemTransitionRefused, ProblemActionInvalid } from './errors.js';
export type { IncidentFact, ChangeFact, CiFact, Finding } from './types.js';
