import { isAiopsError } from './errors.js';

/** The bounded set of `error_type` label values (Vector's instrumentation rule: never raw messages). */
export const ERROR_TYPES = ['timeout', 'network', 'broker', 'decode', 'validation', 'storage', 'unknown'] as const;
export type ErrorType = (typeof ERROR_TYPES)[number];

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'UND_ERR_SOCKET']);

/** errorType maps any thrown value to one of ERROR_TYPES, for metric labels. */
export function errorType(err: unknown): ErrorType {
  if (isAiopsError(err)) {
    if (err.code === 'AIOPS_ERR_VALIDATION' || err.code.startsWith('AIOPS_ERR_DECODE')) return err.code === 'AIOPS_ERR_VALIDATION' ? 'validation' : 'decode';
    if (err.code.includes('TIMEOUT')) return 'timeout';
    if (err.code.includes('KAFKA')) return 'broker';
    if (err.code.includes('CLICKHOUSE')) return 'storage';
    if (err.cause !== undefined) return errorType(err.cause);
    return 'unknown';
  }
  if (err instanceof SyntaxError) return 'decode';
  if (typeof err === 'object' && err !== null) {
    const e = err as { code?: unknown; name?: unknown; type?: unknown };
    if (typeof e.code === 'string') {
      if (NETWORK_CODES.has(e.code)) return 'network';
      if (e.code === 'ETIMEDOUT' || e.code === 'ESOCKETTIMEDOUT') return 'timeout';
    }
    if (typeof e.name === 'string') {
      if (e.name === 'AbortError' || e.name === 'TimeoutError' || e.name === 'KafkaJSRequestTimeoutError') return 'timeout';
      if (e.name === 'ZodError') return 'validation';
      if (e.name.startsWith('KafkaJS')) return 'broker';
    }
  }
  return 'unknown';
}
