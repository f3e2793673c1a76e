import { AiopsError } from '@aiops/errors';

export const BodyTooLarge = (size: number, limit: number, kept: number) =>
  new AiopsError('AIOPS_ERR_HTTP_BODY_TOO_LARGE', `body is ${size} bytes, the limit is ${limit} bytes (its first ${kept} bytes were kept in the DLQ)`, { retryable: false, statusCode: 413 });

export const UnsupportedMediaType = (contentType: string) =>
  new AiopsError(
    'AIOPS_ERR_HTTP_UNSUPPORTED_MEDIA_TYPE',
    `Content-Type ${contentType === '' ? '(none)' : JSON.stringify(contentType)} is not accepted: send application/json (or application/cloudevents+json, application/cloudevents-batch+json)`,
    { retryable: false, statusCode: 415 },
  );

export const EmptyBody = () => new AiopsError('AIOPS_ERR_HTTP_EMPTY_BODY', 'the request body is empty: send a JSON document', { retryable: false, statusCode: 400 });

export const InvalidUtf8 = () => new AiopsError('AIOPS_ERR_HTTP_INVALID_UTF8', 'the request body is not valid UTF-8', { retryable: false, statusCode: 400 });

export const InvalidJson = (detail: string) => new AiopsError('AIOPS_ERR_HTTP_INVALID_JSON', `the request body is not valid JSON: ${detail}`, { retryable: false, statusCode: 400 });

export const BadSignature = (detail: string) => new AiopsError('AIOPS_ERR_AUTH_SIGNATURE', `signature check failed: ${detail}`, { retryable: false, statusCode: 401 });

export const RateLimited = (retryAfter: number) =>
  new AiopsError('AIOPS_ERR_RATE_LIMITED', `too many requests for this token: retry in ${retryAfter} s`, { retryable: true, statusCode: 429 });

export const KafkaNotAcknowledged = () =>
  new AiopsError('AIOPS_ERR_KAFKA_UNAVAILABLE', 'Kafka did not acknowledge the events: nothing was accepted, retry later', { retryable: true, statusCode: 503 });
