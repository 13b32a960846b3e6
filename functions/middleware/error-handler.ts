import type { MiddlewareObj } from '@middy/core';
import { InputError } from '../../domain/problems';
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
      request.response = json({ error: { code: http.code, message: http.message, details: http.details } }, http.statusCode);
    },
  };
}

export function toHttpError(error: unknown): HttpError {
  if (error instanceof HttpError) return error;
  if (error instanceof NotFoundError) return new HttpError(404, error.code, error.message);
  if (error instanceof TooLargeError) return new HttpError(413, error.code, error.message);
  if (error instanceof IdempotencyConflictError || error instanceof StoreError) return new HttpError(409, error.code, error.message);
  if (error instanceof InvalidCursorError) return new HttpError(400, error.code, error.message);
  if (error instanceof InputError) return new HttpError(422, error.code, error.message, error.problems);
  return new HttpError(500, 'internal_error', 'something went wrong on our side; the request id is in the logs');
}
