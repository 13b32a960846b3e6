import type { MiddlewareObj } from '@middy/core';
import { InputError } from '../../domain/problems';
import { langOf, render } from '../../messages/index';
import { HttpError } from '../http/errors';
import { json } from '../http/respond';
import type { HttpResult, PreparedEvent } from '../http/types';
import { IdempotencyConflictError, NotFoundError, StoreError, TooLargeError } from '../store/errors';
import { InvalidCursorError } from '../store/ops';

/**
 * Turns any error into `{ error: { code, message, details } }` with a fitting status. Unknown errors become a bare
 * 500; their text goes to the request log (as `internal`), never to the client, and no stack is ever sent.
 */
export function errorHandler(): MiddlewareObj<PreparedEvent, HttpResult> {
  return {
    onError: (request) => {
      const error = request.error;
      const http = toHttpError(error);
      if (http.statusCode >= 500 && error && typeof error === 'object') (error as { internal?: string }).internal = (error as Error).stack ?? String(error);
      const headers: Record<string, string> = http.statusCode === 503 ? { 'retry-after': String(RETRY_AFTER_SECONDS) } : {};
      const lang = langOf(request.event?.headers?.['accept-language']);
      const details = http.details.map((detail) => ({ ...detail, message: render(detail, lang) }));
      request.response = json({ error: { code: http.code, message: http.message, details } }, http.statusCode, headers);
    },
  };
}

/** DynamoDB still refusing after the SDK's own retries with backoff: the caller should come back shortly. */
const THROTTLING = new Set(['ProvisionedThroughputExceededException', 'ThrottlingException', 'RequestLimitExceeded']);
const RETRY_AFTER_SECONDS = 2;

export function toHttpError(error: unknown): HttpError {
  if (error instanceof HttpError) return error;
  if (error instanceof Error && THROTTLING.has(error.name)) {
    return new HttpError(503, 'busy', 'the database is busy; try again in a few seconds');
  }
  if (error instanceof NotFoundError) return new HttpError(404, error.code, error.message);
  if (error instanceof TooLargeError) return new HttpError(413, error.code, error.message);
  if (error instanceof IdempotencyConflictError || error instanceof StoreError) return new HttpError(409, error.code, error.message);
  if (error instanceof InvalidCursorError) return new HttpError(400, error.code, error.message);
  if (error instanceof InputError) return new HttpError(422, error.code, error.message, error.problems);
  return new HttpError(500, 'internal_error', 'something went wrong on our side; the request id is in the logs');
}
