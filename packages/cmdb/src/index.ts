export { createCmdbGraph } from './graph.js';
export type { CmdbGraph, Reach } from './graph.js';
export { createCiMatcher, workloadOfPod, slugOf, DEFAULT_MATCH_RULES, FALLBACK_MATCH_RULES, SPECIFIC_MATCH_RULES } from './matcher.js';
export type { CiMatcher, MatchRule, UnmatchedHint } from './matcher.js';
export { parseCmdbJson, parseCmdbCsv } from './parse.js';
export type { ImportError, ParsedCmdb } from './parse.js';
export { CmdbImportInvalid } from './errors.js';
export { createCmdbSync } from './sync.js';
export type { CmdbSync, CmdbSyncResult } from './sync.js';
