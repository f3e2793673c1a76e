import { AiopsError } from '@aiops/errors';

/** ClassifierModelInvalid: a serialised model could not be restored (wrong format or version). */
export const ClassifierModelInvalid = (detail: string, cause?: unknown) =>
  new AiopsError('AIOPS_ERR_CLASSIFY_MODEL_INVALID', `classifier model cannot be restored: ${detail}`, { retryable: false, cause });
