import type { IncomingMessage } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { HttpEvent } from '../http/types';
import { routeKey, routes, type RouteSpec } from '../routes';

export interface MatchedRoute {
  route: RouteSpec;
  key: string;
  pathParameters: Record<string, string>;
}

interface CompiledRoute {
  route: RouteSpec;
  pattern: RegExp;
  names: string[];
  literals: number;
}

/** API Gateway route matching: literal segments beat parameters, `{name}` matches one path segment. */
export function createRouteMatcher(table: RouteSpec[] = routes): (method: string, path: string) => MatchedRoute | undefined {
  const compiled: CompiledRoute[] = table
    .map((route) => {
      const names: string[] = [];
      const segments = route.path.split('/').filter(Boolean);
      const source = segments
        .map((segment) => {
          const param = /^\{(\w+)\}$/.exec(segment);
          if (!param) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
          names.push(param[1]!);
          return '([^/]+)';
        })
        .join('/');
      return { route, pattern: new RegExp(`^/${source}/?$`), names, literals: segments.length - names.length };
    })
    .sort((a, b) => b.literals - a.literals);
  return (method, path) => {
    for (const candidate of compiled) {
      if (candidate.route.method !== method) continue;
      const match = candidate.pattern.exec(path);
      if (!match) continue;
      const decoded = candidate.names.map((_, i) => decodeSegment(match[i + 1]!));
      // A malformed escape such as "%E4%B8" names nothing that can exist: no route, as API Gateway answers.
      if (decoded.includes(undefined)) return undefined;
      const pathParameters = Object.fromEntries(candidate.names.map((name, i) => [name, decoded[i]!]));
      return { route: candidate.route, key: routeKey(candidate.route), pathParameters };
    }
    return undefined;
  };
}

function decodeSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Text travels as text, everything else base64-encoded, as API Gateway does for binary media. A "text/csv" saved
 * as GBK is not UTF-8 and must stay bytes, so the body itself has to decode cleanly too.
 */
function isTextual(contentType: string, body: Buffer): boolean {
  if (!(contentType === '' || /json|^text\/|x-www-form-urlencoded|xml/.test(contentType))) return false;
  try {
    strictUtf8.decode(body);
    return true;
  } catch {
    return false;
  }
}

/** The request as an API Gateway HTTP API (payload 2.0) event; `claims` are the verified token's. */
export function toEvent(request: IncomingMessage, url: URL, body: Buffer, match: MatchedRoute, claims: Record<string, string | number | boolean | string[]>): HttpEvent {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
  }
  const query: Record<string, string> = {};
  for (const [name, value] of url.searchParams) query[name] = name in query ? `${query[name]},${value}` : value;
  const textual = isTextual((headers['content-type'] ?? '').toLowerCase(), body);
  return {
    version: '2.0',
    routeKey: match.key,
    rawPath: url.pathname,
    rawQueryString: url.search.replace(/^\?/, ''),
    headers,
    ...(Object.keys(query).length ? { queryStringParameters: query } : {}),
    ...(Object.keys(match.pathParameters).length ? { pathParameters: match.pathParameters } : {}),
    ...(body.length ? { body: textual ? body.toString('utf8') : body.toString('base64') } : {}),
    isBase64Encoded: body.length > 0 && !textual,
    requestContext: {
      requestId: randomUUID(),
      http: { method: request.method ?? 'GET', path: url.pathname, sourceIp: request.socket.remoteAddress ?? '' },
      authorizer: { jwt: { claims, scopes: null } },
    },
  };
}
