import type { MiddlewareObj } from '@middy/core';
import type { HttpResult, PreparedEvent } from '../http/types';

/** Adds CORS headers to every answer, errors included (API Gateway answers preflights itself; the local server too). */
export function cors(opts: { origin?: string } = {}): MiddlewareObj<PreparedEvent, HttpResult> {
  const headers = {
    'access-control-allow-origin': opts.origin ?? process.env.CORS_ORIGIN ?? '*',
    'access-control-expose-headers': 'content-disposition',
    vary: 'origin',
  };
  const add = (request: { response: HttpResult | null }) => {
    if (request.response) request.response.headers = { ...headers, ...request.response.headers };
  };
  return { after: add, onError: add };
}

export const PREFLIGHT_HEADERS = {
  'access-control-allow-methods': 'GET, POST, PUT, DELETE, OPTIONS',
  'access-control-allow-headers': 'authorization, content-type, idempotency-key',
  'access-control-max-age': '600',
};
