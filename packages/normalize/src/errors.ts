import { AiopsError } from '@aiops/errors';
import type { NormalizeIssue } from './types.js';

/**
 * NormalizeRejected turns the first issue of a refused payload into a 400 that names the field, the item
 * index and the reason, and says how many more issues there were.
 */
export function NormalizeRejected(source: string, issues: readonly NormalizeIssue[]): AiopsError {
  const first = issues[0];
  if (first === undefined) return new AiopsError('AIOPS_ERR_NORMALIZE_SCHEMA', `invalid ${source} payload`, { retryable: false, statusCode: 400 });
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more issue${issues.length > 2 ? 's' : ''})` : '';
  const where = first.index === undefined ? '' : ` in item ${first.index}`;
  return new AiopsError(first.code, `invalid ${source} payload${where}: ${first.field}: ${first.message}${more}`, {
    retryable: false,
    statusCode: first.code === 'AIOPS_ERR_NORMALIZE_UNKNOWN_SOURCE' ? 404 : 400,
    field: first.field,
  });
}
