export {
  ParamSpec,
  HttpAction,
  CommandAction,
  KafkaAction,
  RunbookAction,
  RunbookMatch,
  RunbookGuards,
  Runbook,
  createCatalog,
} from './catalog.js';
export type { RunbookInput, RunbookCatalog } from './catalog.js';
export { formatIssue, RunbookCatalogInvalid, UnsafeValue, ParamInvalid } from './errors.js';
export type { CatalogIssue } from './errors.js';
export { parseCatalog, loadCatalog, checkCatalogAgainst } from './load-catalog.js';
export type { CatalogFile, RunnerEnvironment } from './load-catalog.js';
export { placeholders, checkTemplate, checkUrlTemplate, renderText, renderUrl, renderHeaderValue, renderJson, renderArgv, renderEnv } from './template.js';
export type { TemplateContext } from './template.js';
export { renderAction } from './render-action.js';
export type { RenderedAction } from './render-action.js';
export { incidentCi, readPath, checkParam, resolveParams, validateRequestParams } from './params.js';
export { priorityRank, approvalRequired } from './approval-policy.js';
export { explainMatch, matchRunbooks, createRunbookMatcher, toMatchAlert } from './matcher.js';
export type { MatchContext, MatchOutcome, MatchInput, MatchAlert, IncidentRunbookMatcher } from './matcher.js';
export { checkRateLimit, pruneRuns, checkCooldown } from './rate-limit.js';
export type { RunRecord, RateLimitPolicy } from './rate-limit.js';
export { CLOSED_BREAKER, recordOutcome, resetBreaker } from './circuit-breaker.js';
export type { BreakerState } from './circuit-breaker.js';
export { nextRetryDelay } from './retry-policy.js';
export type { RetryPolicy } from './retry-policy.js';
export { GuardBook } from './guard-book.js';
export type { GuardClock, RunbookGuardState, SkipReason, GuardDecision } from './guard-book.js';
