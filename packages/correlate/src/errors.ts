import { AiopsError } from '@aiops/errors';

/** CorrelateSnapshotInvalid: a changelog record that is not a snapshot this engine can restore. */
export const CorrelateSnapshotInvalid = (message: string) =>
  new AiopsError('AIOPS_ERR_CORRELATE_SNAPSHOT_INVALID', message, { retryable: false });
