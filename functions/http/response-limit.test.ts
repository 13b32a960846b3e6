import { describe, expect, it } from 'vitest';
import { render } from '../../messages/index';
import { HttpError } from './errors';
import { deliverable } from './response-limit';

const body = (bytes: number) => ({ statusCode: 200, headers: {}, body: 'x'.repeat(bytes) });

describe('deliverable', () => {
  it('refuses, in Lambda, a response over the payload limit with a 413 that says what to do', () => {
    const refused = () => deliverable(body(2_000), 'response_too_large_export', { AWS_LAMBDA_FUNCTION_NAME: 'exports' }, 1_000, { format: 'XLSX', runId: 'run-1' });
    expect(refused).toThrow(HttpError);
    try {
      refused();
    } catch (error) {
      expect((error as HttpError).statusCode).toBe(413);
      expect(render((error as HttpError).text, 'zh')).toContain('skillfund allocate');
    }
  });

  it('returns the response in Lambda when it fits, and locally whatever its size', () => {
    expect(deliverable(body(900), 'response_too_large_export', { AWS_LAMBDA_FUNCTION_NAME: 'exports' }, 1_000).body).toHaveLength(900);
    expect(deliverable(body(2_000), 'response_too_large_export', {}, 1_000).body).toHaveLength(2_000);
  });
});
