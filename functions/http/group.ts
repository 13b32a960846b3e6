import { coded } from '../../domain/problems';
import middy from '@middy/core';
import type { z } from 'zod';
import type { AppContext } from '../app/context';
import { contextFromEnv } from '../app/context';
import { authenticate } from '../middleware/auth';
import { cors } from '../middleware/cors';
import { errorHandler } from '../middleware/error-handler';
import { jsonBody } from '../middleware/json-body';
import { requestLog } from '../middleware/request-log';
import { requestSizeLimit } from '../middleware/request-size';
import { validateInput } from '../middleware/validate';
import { routeKey, routes, type HandlerGroup } from '../routes';
import { notFound } from './errors';
import type { Caller, HttpEvent, HttpResult, PreparedEvent } from './types';

export interface ActionRequest<B, Q> {
  caller: Caller;
  body: B;
  query: Q;
  params: Record<string, string>;
  headers: Record<string, string | undefined>;
  /** The decoded body, for raw (non-JSON) uploads. */
  bodyBytes?: Buffer;
  ctx: AppContext;
}

export interface Action<B = unknown, Q = unknown> {
  body?: z.ZodType<B>;
  query?: z.ZodType<Q>;
  run(request: ActionRequest<B, Q>): Promise<HttpResult>;
}

/** Keeps body/query types inferred from the schemas. */
export function action<B = undefined, Q = Record<string, string | undefined>>(spec: Action<B, Q>): Action<B, Q> {
  return spec;
}

export type Actions = Record<string, Action<any, any>>;

export interface GroupOptions {
  context?: () => AppContext;
  maxBodyBytes?: number;
}

/**
 * One Lambda per handler group: the middy chain, then dispatch on `event.routeKey`. The local server builds the
 * very same handler with its own context; in AWS the context comes from the environment.
 */
export function groupHandler(group: HandlerGroup, actions: Actions, options: GroupOptions = {}) {
  const expected = routes.filter((route) => route.group === group).map(routeKey);
  const missing = expected.filter((key) => !actions[key]);
  if (missing.length) throw new Error(`handler group ${group} lacks actions for ${missing.join(', ')}`);
  const contextOf = options.context ?? contextFromEnv;

  const dispatch = async (event: PreparedEvent): Promise<HttpResult> => {
    const chosen = actions[event.routeKey];
    if (!chosen) throw notFound(coded('route_not_found', { route: event.routeKey }));
    return chosen.run({
      caller: event.caller!,
      body: event.input?.body,
      query: event.input?.query,
      params: Object.fromEntries(Object.entries(event.pathParameters ?? {}).map(([k, v]) => [k, v ?? ''])),
      headers: event.headers,
      ...(event.bodyBytes ? { bodyBytes: event.bodyBytes } : {}),
      ctx: contextOf(),
    });
  };
  const log = () => contextOf().log;
  return middy<HttpEvent, HttpResult>()
    .use(requestLog({ write: (line) => (log() ?? ((text: string) => process.stdout.write(text + '\n')))(line) }))
    .use(cors())
    .use(errorHandler())
    .use(requestSizeLimit(options.maxBodyBytes !== undefined ? { maxBytes: options.maxBodyBytes } : {}))
    .use(authenticate())
    .use(jsonBody())
    .use(validateInput((key) => actions[key]))
    .handler(dispatch as (event: HttpEvent) => Promise<HttpResult>);
}
