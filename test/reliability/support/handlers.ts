import { randomUUID } from 'node:crypto';
import { createContext, type AppContext } from '../../../functions/app/context';
import { createGroupHandlers } from '../../../functions/handlers/all';
import type { GroupOptions } from '../../../functions/http/group';
import type { HttpEvent, HttpResult } from '../../../functions/http/types';
import { createRouteMatcher } from '../../../functions/local/event';
import type { HandlerGroup, Role } from '../../../functions/routes';
import type { Store } from '../../../functions/store/types';

export interface Actor {
  user: string;
  role: Role;
  schoolId?: string;
}

export interface HandlerReply {
  status: number;
  body: any;
}

export type HandlerCall = (actor: Actor, method: string, path: string, options?: { json?: unknown; headers?: Record<string, string> }) => Promise<HandlerReply>;

/**
 * The Lambda handlers invoked directly with API Gateway v2 events whose JWT claims are already verified, on any
 * store: how the same API runs on DynamoDB Local, or on a store whose client fails on purpose. `context` replaces
 * parts of the app context (a clock, how a request waits).
 */
export function handlersOn(store: Store, context: Partial<Omit<AppContext, 'store'>> = {}): HandlerCall {
  const ctx: AppContext = { ...createContext(store, () => {}), ...context };
  const options: GroupOptions = { context: () => ctx };
  const handlers = createGroupHandlers(options);
  const match = createRouteMatcher();
  return async (actor, method, path, { json, headers = {} } = {}) => {
    const url = new URL(path, 'http://handler');
    const matched = match(method, url.pathname);
    if (!matched) throw new Error(`no route ${method} ${url.pathname}`);
    const claims = { sub: actor.user, username: actor.user, role: actor.role, ...(actor.schoolId ? { school_id: actor.schoolId } : {}) };
    const query = Object.fromEntries(url.searchParams);
    const event: HttpEvent = {
      version: '2.0',
      routeKey: matched.key,
      rawPath: url.pathname,
      rawQueryString: url.search.slice(1),
      headers: { ...(json !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      ...(Object.keys(query).length ? { queryStringParameters: query } : {}),
      pathParameters: matched.pathParameters,
      ...(json !== undefined ? { body: JSON.stringify(json) } : {}),
      isBase64Encoded: false,
      requestContext: { requestId: randomUUID(), http: { method, path: url.pathname }, authorizer: { jwt: { claims, scopes: null } } },
    };
    const result = await handlers[matched.route.group](event, {});
    const text = result.body ?? '';
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // CSV/XLSX exports stay text
    }
    return { status: result.statusCode, body };
  };
}
