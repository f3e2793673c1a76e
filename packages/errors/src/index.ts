export {
  AiopsError,
  isAiopsError,
  ConfigInvalid,
  ValidationFailed,
  NotFound,
  Conflict,
  Unauthorized,
  Forbidden,
  Unavailable,
} from './errors.js';
export type { AiopsErrorCode, AiopsErrorOptions } from './errors.js';
export { errorType, ERROR_TYPES } from './error-type.js';
export type { ErrorType } from './error-type.js';
