import { coded, type MessageParams } from '../../domain/problems';
import { HttpError } from './errors';
import type { HttpResult } from './types';

/** Lambda refuses a response payload over 6 MB; stay clear of it with room for headers and JSON framing. */
export const LAMBDA_RESPONSE_BYTES = 6 * 1024 * 1024 - 64 * 1024;

/**
 * In Lambda a response over the payload limit would reach the caller as an opaque 502, so it becomes a 413 that
 * says what to do instead. The local server has no such limit and returns the file.
 */
export function deliverable(result: HttpResult, refusal: string, env: NodeJS.ProcessEnv = process.env, limit = LAMBDA_RESPONSE_BYTES, params: MessageParams = {}): HttpResult {
  const bytes = Buffer.byteLength(result.body ?? '');
  if (env.AWS_LAMBDA_FUNCTION_NAME && bytes > limit) {
    // `refusal` is the catalogue code that says what was too large and what to do instead.
    throw new HttpError(413, 'response_too_large', coded(refusal, { ...params, megabytes: Math.ceil(bytes / 1024 / 1024) }));
  }
  return result;
}
