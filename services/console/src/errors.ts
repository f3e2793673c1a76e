import { AiopsError } from '@aiops/errors';

/** ActionTimeout: the incident manager did not apply the command in time (it may still do so later). */
export const ActionTimeout = (commandId: string, ms: number) =>
  new AiopsError('AIOPS_ERR_CONSOLE_ACTION_TIMEOUT', `command ${commandId} was published but not applied within ${ms} ms; it may still be applied — check the incident`, { retryable: true, statusCode: 504 });

/** ActionRefused: the incident manager refused the command; status and code are the manager's. */
export const ActionRefused = (code: string, message: string, statusCode: number, field?: string) =>
  new AiopsError(code as `AIOPS_ERR_${string}`, message, { retryable: false, statusCode, ...(field !== undefined ? { field } : {}) });

/** LOADING_RETRY_AFTER_S: what Retry-After says while the console loads (a restart takes seconds to a minute). */
export const LOADING_RETRY_AFTER_S = 5;

/** ConsoleLoading: the console is reading the incident topics after a start; the API answers once its view is complete. */
export const ConsoleLoading = () =>
  new AiopsError('AIOPS_ERR_CONSOLE_LOADING', 'the console is loading incidents and timelines from Kafka after a start; retry shortly (see Retry-After and error.loading for progress)', { retryable: true, statusCode: 503 });
