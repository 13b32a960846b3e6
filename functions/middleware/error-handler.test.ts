import { describe, expect, it } from 'vitest';
import { errorHandler, toHttpError } from './error-handler';

function throttled(name: string): Error {
  const error = new Error('Rate of requests exceeds the allowed throughput.');
  error.name = name;
  return error;
}

describe('errorHandler', () => {
  it('answers 503 with Retry-After when DynamoDB is still throttling after the SDK retries', () => {
    const request = { error: throttled('ProvisionedThroughputExceededException'), response: undefined } as any;
    errorHandler().onError!(request);
    expect(request.response.statusCode).toBe(503);
    expect(request.response.headers['retry-after']).toBe('2');
    expect(JSON.parse(request.response.body).error.code).toBe('busy');
    expect(request.response.body).not.toContain('Rate of requests');
  });

  it('keeps unknown errors a bare 500 with no internals', () => {
    const request = { error: new Error('secret table name skillfund-prod'), response: undefined } as any;
    errorHandler().onError!(request);
    expect(request.response.statusCode).toBe(500);
    expect(request.response.body).not.toContain('skillfund-prod');
    expect(toHttpError(throttled('ThrottlingException')).statusCode).toBe(503);
  });
});
