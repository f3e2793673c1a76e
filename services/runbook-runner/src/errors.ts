import { AiopsError } from '@aiops/errors';

export const RunnerCatalogUnusable = (detail: string) =>
  new AiopsError('AIOPS_ERR_RUNBOOK_RUNNER_CATALOG', `runbook catalog cannot run here:\n${detail}`, { retryable: false });

export const RunnerCatalogUnreadable = (dir: string, cause: unknown) =>
  new AiopsError('AIOPS_ERR_RUNBOOK_RUNNER_CATALOG_DIR', `cannot read runbook directory ${dir}`, { retryable: false, cause });
