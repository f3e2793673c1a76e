import { AiopsError } from '@aiops/errors';

/** ProblemTransitionRefused: the action is not allowed in the problem's state (HTTP 409). */
export const ProblemTransitionRefused = (message: string) => new AiopsError('AIOPS_ERR_PROBLEM_TRANSITION', message, { retryable: false, statusCode: 409 });

export const ProblemActionInvalid = (message: string, field?: string) =>
  new AiopsError('AIOPS_ERR_PROBLEM_ACTION', message, { retryable: false, statusCode: 400, ...(field ? { field } : {}) });
