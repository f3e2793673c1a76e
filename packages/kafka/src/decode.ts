import type { z } from 'zod';
import type { ConsumedRecord } from './types.js';

export type Decoded<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly code: string; readonly reason: string; readonly field?: string };

/**
 * decodeJson parses a record's value as JSON and validates it with a schema. Failures are returned as
 * data with a code and reason, for the DLQ: a consumer never throws on a poison record.
 */
export function decodeJson<S extends z.ZodType>(record: ConsumedRecord, schema: S): Decoded<z.output<S>> {
  if (record.value === null) return { ok: false, code: 'AIOPS_ERR_DECODE_EMPTY', reason: 'record has no value' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(record.value.toString('utf8'));
  } catch (err) {
    return { ok: false, code: 'AIOPS_ERR_DECODE_JSON', reason: `value is not valid JSON: ${(err as Error).message}` };
  }
  const res = schema.safeParse(parsed);
  if (res.success) return { ok: true, value: res.data };
  const issue = res.error.issues[0];
  const field = issue ? issue.path.map(String).join('.') : undefined;
  return {
    ok: false,
    code: 'AIOPS_ERR_DECODE_SCHEMA',
    reason: issue ? `${field === '' ? '(root)' : field}: ${issue.message}` : 'schema validation failed',
    ...(field ? { field } : {}),
  };
}
