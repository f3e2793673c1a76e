import { AiopsError } from '@aiops/errors';

/** CatalogIssue is one problem found in a runbook file, located by file, line and field. */
export interface CatalogIssue {
  readonly file: string;
  readonly line: number | null;
  readonly field: string;
  readonly reason: string;
}

/** formatIssue renders an issue as `file:line: field: reason`, the form editors and CI logs link to. */
export function formatIssue(i: CatalogIssue): string {
  return `${i.file}${i.line === null ? '' : `:${i.line}`}: ${i.field === '' ? '(root)' : i.field}: ${i.reason}`;
}

export const RunbookCatalogInvalid = (issues: readonly CatalogIssue[]) =>
  new AiopsError('AIOPS_ERR_RUNBOOK_CATALOG_INVALID', `invalid runbook catalog:\n${issues.map(formatIssue).join('\n')}`, {
    retryable: false,
  });

/**
 * UnsafeValue is thrown by the renderer when a value cannot be placed safely where the template puts it
 * (CR/LF in a header, `..` as a URL path segment, an option-looking argv value, a NUL byte…). The run is
 * refused rather than "sanitised", so nothing surprising ever reaches a target.
 */
export const UnsafeValue = (where: string, reason: string) =>
  new AiopsError('AIOPS_ERR_RUNBOOK_UNSAFE_VALUE', `unsafe value for ${where}: ${reason}`, { retryable: false, field: where });

export const ParamInvalid = (name: string, reason: string) =>
  new AiopsError('AIOPS_ERR_RUNBOOK_PARAM_INVALID', `parameter ${name}: ${reason}`, { retryable: false, field: `params.${name}` });
