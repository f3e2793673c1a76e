import { AiopsError } from '@aiops/errors';

/** CmdbImportInvalid reports an import file that has no usable items at all (per-item errors are data). */
export const CmdbImportInvalid = (message: string, field?: string) =>
  new AiopsError('AIOPS_ERR_CMDB_IMPORT_INVALID', message, {
    retryable: false,
    statusCode: 400,
    ...(field === undefined ? {} : { field }),
  });
