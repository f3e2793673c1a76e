import { AiopsError } from '@aiops/errors';

export const KafkaUnavailable = (message: string, cause?: unknown) =>
  new AiopsError('AIOPS_ERR_KAFKA_UNAVAILABLE', message, { retryable: true, statusCode: 503, cause });

export const KafkaTopicSetupFailed = (message: string, cause?: unknown) =>
  new AiopsError('AIOPS_ERR_KAFKA_TOPIC_SETUP', message, { retryable: true, cause });

export const KafkaReadTimeout = (topic: string, timeoutMs: number) =>
  new AiopsError('AIOPS_ERR_KAFKA_READ_TIMEOUT', `reading ${topic} to its end took longer than ${timeoutMs} ms`, { retryable: true });
