/**
 * AiopsErrorCode is an open union: each package declares its own `AIOPS_ERR_<AREA>_<WHAT>` codes
 * in its own errors.ts, so the set stays discoverable by grep and needs no central registry.
 */
export type AiopsErrorCode = `AIOPS_ERR_${string}`;

export interface AiopsErrorOptions {
  /** Whether the same call may succeed if tried again later (I/O faults), as opposed to bad input. */
  readonly retryable: boolean;
  /** HTTP status a server should answer with when this error reaches a route. */
  readonly statusCode?: number;
  /** Machine-readable location of a bad input, e.g. `alerts[0].labels.severity`. */
  readonly field?: string;
  readonly cause?: unknown;
}

/** AiopsError carries a stable code, a retry verdict and an HTTP status, as fastify's errors do. */
export class AiopsError extends Error {
  readonly code: AiopsErrorCode;
  readonly retryable: boolean;
  readonly statusCode: number;
  readonly field: string | undefined;

  constructor(code: AiopsErrorCode, message: string, opts: AiopsErrorOptions) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'AiopsError';
    this.code = code;
    this.retryable = opts.retryable;
    this.statusCode = opts.statusCode ?? (opts.retryable ? 503 : 500);
    this.field = opts.field;
  }

  toJSON(): { code: string; message: string; field?: string } {
    return this.field === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, field: this.field };
  }
}

export function isAiopsError(err: unknown): err is AiopsError {
  return err instanceof AiopsError;
}

export const ConfigInvalid = (detail: string, cause?: unknown) =>
  new AiopsError('AIOPS_ERR_CONFIG_INVALID', `invalid configuration:\n${detail}`, { retryable: false, cause });

export const ValidationFailed = (message: string, field?: string, cause?: unknown) =>
  new AiopsError('AIOPS_ERR_VALIDATION', message, {
    retryable: false,
    statusCode: 400,
    ...(field === undefined ? {} : { field }),
    cause,
  });

export const NotFound = (what: string) =>
  new AiopsError('AIOPS_ERR_NOT_FOUND', `${what} not found`, { retryable: false, statusCode: 404 });

export const Conflict = (message: string) =>
  new AiopsError('AIOPS_ERR_CONFLICT', message, { retryable: false, statusCode: 409 });

export const Unauthorized = (message = 'missing or invalid bearer token') =>
  new AiopsError('AIOPS_ERR_AUTH_UNAUTHORIZED', message, { retryable: false, statusCode: 401 });

export const Forbidden = (message: string) =>
  new AiopsError('AIOPS_ERR_AUTH_FORBIDDEN', message, { retryable: false, statusCode: 403 });

export const Unavailable = (message: string, cause?: unknown) =>
  new AiopsError('AIOPS_ERR_UNAVAILABLE', message, { retryable: true, statusCode: 503, cause });
