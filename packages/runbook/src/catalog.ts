import { z } from 'zod';
import { IncidentState, Priority } from '@aiops/model';

/**
 * The runbook catalog schema. Runbooks are data, not code: every key is known (strict objects), every
 * guard has a safe default, and templates may only reference declared parameters, request fields and
 * operator settings (see template.ts for where each kind of value may go).
 */

const NAME = /^[a-z][a-z0-9_]*$/;
const ID = /^[a-z0-9][a-z0-9_-]{0,63}$/;
const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/;
const ENV_NAME = /^[A-Z_][A-Z0-9_]*$/;

const regexString = z.string().refine((s) => {
  try {
    new RegExp(s, 'u');
    return true;
  } catch {
    return false;
  }
}, 'not a valid regular expression');

/** ParamSpec takes one value from the incident or its alerts when the runbook matches. */
export const ParamSpec = z.strictObject({
  from: z
    .string()
    .regex(/^(incident|alert)\.[A-Za-z0-9_.-]+$/, 'expected incident.<field> or alert.<field>[.<key>]')
    .describe('incident.ciId | incident.service | incident.<field> | alert.labels.<k> | alert.annotations.<k> | alert.resource.<k> | alert.<field>'),
  default: z.string().optional(),
  required: z.boolean().default(true).describe('a missing required value means the runbook does not match'),
  pattern: regexString.optional().describe('the value must match (anchor it: ^...$)'),
  maxLength: z.number().int().positive().max(4096).default(256),
});
export type ParamSpec = z.output<typeof ParamSpec>;

const JsonValue: z.ZodType<unknown> = z.lazy(() =>
  z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(JsonValue), z.record(z.string(), JsonValue)]),
);

const timeoutMs = z.number().int().positive().max(3_600_000);

export const HttpAction = z.strictObject({
  type: z.literal('http'),
  name: z.string().regex(NAME),
  method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']).default('POST'),
  url: z.string().min(1).describe('scheme://host from literals or {{settings.x}}; path and query values are URL-encoded'),
  headers: z.record(z.string().regex(HEADER_NAME, 'not a valid header name'), z.string()).default({}),
  body: JsonValue.optional().describe('JSON body; string leaves are templates, values are JSON-encoded'),
  successStatus: z.array(z.number().int().min(100).max(599)).optional().describe('default: any 2xx'),
  timeoutMs: timeoutMs.optional(),
});
export type HttpAction = z.output<typeof HttpAction>;

export const CommandAction = z.strictObject({
  type: z.literal('command'),
  name: z.string().regex(NAME),
  argv: z.array(z.string()).min(1).describe('argv[0] is a literal executable on the runner allowlist; no shell'),
  env: z.record(z.string().regex(ENV_NAME, 'not a valid environment variable name'), z.string()).default({}),
  successExitCodes: z.array(z.number().int().min(0).max(255)).default([0]),
  retryableExitCodes: z.array(z.number().int().min(0).max(255)).default([]),
  timeoutMs: timeoutMs.optional(),
});
export type CommandAction = z.output<typeof CommandAction>;

export const KafkaAction = z.strictObject({
  type: z.literal('kafka'),
  name: z.string().regex(NAME),
  topic: z.string().regex(/^[A-Za-z0-9._-]+$/, 'a literal topic name (no templates)'),
  key: z.string().optional(),
  value: JsonValue,
});
export type KafkaAction = z.output<typeof KafkaAction>;

export const RunbookAction = z.discriminatedUnion('type', [HttpAction, CommandAction, KafkaAction]);
export type RunbookAction = z.output<typeof RunbookAction>;

export const RunbookMatch = z.strictObject({
  ciTypes: z.array(z.string().min(1)).optional().describe('type of the incident CI (root cause or first affected)'),
  services: z.array(z.string().min(1)).optional().describe('any affected business service'),
  categories: z.array(z.string().min(1)).optional().describe('applied incident category (suggestions do not match)'),
  alertNames: z.array(z.string().min(1)).optional().describe('labels.alertname (or title) of a firing alert'),
  labels: z.record(z.string(), z.string()).optional().describe('all must be equal on one firing alert'),
  priority: z
    .strictObject({ highest: Priority.default('P1'), lowest: Priority.default('P5') })
    .optional()
    .describe('inclusive range; P1 is the highest'),
  states: z.array(IncidentState).default(['new', 'acknowledged', 'in_progress']),
});
export type RunbookMatch = z.output<typeof RunbookMatch>;

export const RunbookGuards = z.strictObject({
  approval: z
    .strictObject({
      required: z.boolean().default(false),
      atOrAbovePriority: Priority.optional().describe('approval needed when the incident priority is this or higher'),
      expiresAfterMs: z.number().int().positive().default(3_600_000).describe('an approval given later than this after the request is refused (stale)'),
    })
    .prefault({}),
  rateLimit: z
    .strictObject({
      windowMs: z.number().int().positive(),
      max: z.number().int().positive().describe('runs of this runbook per window'),
      maxPerCi: z.number().int().positive().optional().describe('runs per CI per window'),
    })
    .optional(),
  cooldownMs: z.number().int().nonnegative().default(0).describe('after a run on a CI, no new run on it for this long'),
  concurrency: z.number().int().positive().default(1),
  timeoutMs: timeoutMs.default(30_000).describe('per action attempt; the process is killed after it'),
  retries: z
    .strictObject({
      max: z.number().int().nonnegative().max(10).default(0),
      backoffMs: z.number().int().nonnegative().default(1000),
      maxBackoffMs: z.number().int().nonnegative().default(30_000),
    })
    .default({ max: 0, backoffMs: 1000, maxBackoffMs: 30_000 }),
  circuitBreaker: z
    .strictObject({ failures: z.number().int().positive().default(3).describe('consecutive failures that disable the runbook') })
    .default({ failures: 3 }),
});
export type RunbookGuards = z.output<typeof RunbookGuards>;

export const Runbook = z.strictObject({
  id: z.string().regex(ID, 'lower-case letters, digits, - and _'),
  version: z.number().int().positive().default(1),
  description: z.string().min(1),
  enabled: z.boolean().default(true),
  dryRun: z.boolean().default(false).describe('record what would run, run nothing'),
  trigger: z.enum(['once', 'reopen']).default('once').describe('once per incident, or once per (re)opening'),
  match: RunbookMatch,
  params: z.record(z.string().regex(NAME, 'parameter names are lower_snake_case'), ParamSpec).default({}),
  guards: RunbookGuards.default(RunbookGuards.parse({})),
  actions: z.array(RunbookAction).min(1),
});
export type Runbook = z.output<typeof Runbook>;
export type RunbookInput = z.input<typeof Runbook>;

/** RunbookCatalog is the validated set of runbooks, by id, with the file each came from. */
export interface RunbookCatalog {
  readonly runbooks: readonly Runbook[];
  readonly byId: ReadonlyMap<string, Runbook>;
  readonly sources: ReadonlyMap<string, string>;
}

export function createCatalog(entries: ReadonlyArray<{ runbook: Runbook; file: string }>): RunbookCatalog {
  const sorted = [...entries].sort((a, b) => (a.runbook.id < b.runbook.id ? -1 : a.runbook.id > b.runbook.id ? 1 : 0));
  return {
    runbooks: sorted.map((e) => e.runbook),
    byId: new Map(sorted.map((e) => [e.runbook.id, e.runbook])),
    sources: new Map(sorted.map((e) => [e.runbook.id, e.file])),
  };
}
