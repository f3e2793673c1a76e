import { describe, expect, it } from 'vitest';
import { AiopsError, ValidationFailed, errorType, Unavailable } from './index.js';

describe('AiopsError', () => {
  it('carries code, status and field, and serialises without a stack', () => {
    const err = ValidationFailed('labels must be an object', 'alerts[0].labels');
    expect(err.statusCode).toBe(400);
    expect(err.retryable).toBe(false);
    expect(JSON.parse(JSON.stringify(err))).toEqual({
      code: 'AIOPS_ERR_VALIDATION',
      message: 'labels must be an object',
      field: 'alerts[0].labels',
    });
  });
  it('defaults retryable errors to 503', () => {
    expect(new AiopsError('AIOPS_ERR_X', 'x', { retryable: true }).statusCode).toBe(503);
  });
});

describe('errorType', () => {
  it.each([
    [ValidationFailed('x'), 'validation'],
    [new SyntaxError('Unexpected token'), 'decode'],
    [Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }), 'network'],
    [Object.assign(new Error('t'), { code: 'ETIMEDOUT' }), 'timeout'],
    [Object.assign(new Error('k'), { name: 'KafkaJSConnectionError' }), 'broker'],
    [Unavailable('down', Object.assign(new Error('refused'), { code: 'ECONNREFUSED' })), 'network'],
    [new AiopsError('AIOPS_ERR_CLICKHOUSE_INSERT', 'x', { retryable: true }), 'storage'],
    ['a string', 'unknown'],
  ])('%s -> %s', (err, expected) => {
    expect(errorType(err)).toBe(expected);
  });
});
