import type { MiddlewareObj } from '@middy/core';
import { coded, InputError, problemAt } from '../../domain/problems';
import { langOf, render, type Lang } from '../../messages/index';
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
      request.response = json({ error: errorBody(http, langOf(request.event?.headers?.['accept-language'])) }, http.statusCode, headers);
    },
  };
}

/** DynamoDB still refusing after the SDK's own retries with backoff: the caller should come back shortly. */
const THROTTLING = new Set(['ProvisionedThroughputExceededException', 'ThrottlingException', 'RequestLimitExceeded']);
const RETRY_AFTER_SECONDS = 2;

export function toHttpError(error: unknown): HttpError {
  if (error instanceof HttpError) return error;
  if (error instanceof Error && THROTTLING.has(error.name)) {
    return new HttpError(503, 'busy', coded('service_busy'));
  }
  if (error instanceof NotFoundError) return new HttpError(404, error.code, error.text);
  if (error instanceof TooLargeError) return new HttpError(413, error.code, error.text);
  if (error instanceof IdempotencyConflictError || error instanceof StoreError) return new HttpError(409, error.code, error.text);
  // Every cursor is a query parameter: the detail names it, as a query problem would.
  if (error instanceof InvalidCursorError) return new HttpError(400, error.code, coded('cursor_invalid'), [problemAt('query.cursor', 'cursor_invalid')]);
  if (error instanceof InputError) return new HttpError(422, error.code, coded(error.code, error.params), error.problems);
  return new HttpError(500, 'internal_error', coded('internal_error'));
}

/**
 * The error as the API sends it: `message` and each detail's `message` in the caller's language (Accept-Language,
 * Chinese by default), next to the codes and parameters they were rendered from, so a client may render them itself.
 */
export function errorBody(http: HttpError, lang: Lang) {
  const truncated = http.detailCount > http.details.length ? ` ${render({ code: 'details_truncated', params: { shown: http.details.length, total: http.detailCount } }, lang)}` : '';
  return {
    code: http.code,
    message: render(http.text, lang) + truncated,
    messageCode: http.text.code,
    ...(http.text.params ? { params: http.text.params } : {}),
    details: http.details.map((detail) => ({ ...detail, message: render(detail, lang) })),
  };
}
