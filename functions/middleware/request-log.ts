import type { MiddlewareObj } from '@middy/core';
import type { HttpResult, PreparedEvent } from '../http/types';

export type LogWriter = (line: string) => void;
const stdoutWriter: LogWriter = (line) => process.stdout.write(line + '\n');

/** One JSON line per request: route, status, duration, user. Never the body, never a token. */
export function requestLog(opts: { write?: LogWriter } = {}): MiddlewareObj<PreparedEvent, HttpResult> {
  const write = opts.write ?? stdoutWriter;
  const started = new WeakMap<object, number>();
  const emit = (request: { event: PreparedEvent; response: HttpResult | null; error: unknown }) => {
    const { event } = request;
    const start = started.get(event) ?? performance.now();
    const internal = (request.error as { internal?: string } | null)?.internal;
    write(
      JSON.stringify({
        level: (request.response?.statusCode ?? 500) >= 500 ? 'error' : 'info',
        route: event.routeKey,
        path: event.rawPath,
        status: request.response?.statusCode ?? 500,
        ms: Math.round((performance.now() - start) * 10) / 10,
        user: event.caller?.userId,
        role: event.caller?.role,
        requestId: event.requestContext.requestId,
        ...(internal ? { error: internal } : {}),
      }),
    );
  };
  return {
    before: ({ event }) => {
      started.set(event, performance.now());
    },
    after: emit,
    onError: emit,
  };
}
