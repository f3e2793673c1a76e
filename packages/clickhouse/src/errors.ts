import { AiopsError } from '@aiops/errors';

export const ClickHouseUnavailable = (message: string, cause?: unknown) =>
  new AiopsError('AIOPS_ERR_CLICKHOUSE_UNAVAILABLE', message, { retryable: true, statusCode: 503, cause });

/** The server refused the data itself (parse or type errors): retrying the same rows cannot help. */
export const ClickHouseRejected = (message: string, cause?: unknown) =>
  new AiopsError('AIOPS_ERR_CLICKHOUSE_REJECTED', message, { retryable: false, statusCode: 422, cause });

export const ClickHouseQueryFailed = (message: string, cause?: unknown) =>
  new AiopsError('AIOPS_ERR_CLICKHOUSE_QUERY', message, { retryable: false, statusCode: 500, cause });

export const MigrationFailed = (message: string, cause?: unknown) =>
  new AiopsError('AIOPS_ERR_CLICKHOUSE_MIGRATION', message, { retryable: false, cause });
