import type * as z from 'zod';
import { ENDPOINTS } from '../../contract/endpoints';
import { routeKey, routes } from '../../functions/routes';

/**
 * Holds every JSON answer the API tests receive to the contract (contract/endpoints.ts): the console takes its types
 * from those schemas, so an answer that drifted from them is a console reading fields that are not there.
 */
const matchers = routes.map((route) => ({
  key: routeKey(route),
  method: route.method,
  pattern: new RegExp(`^${route.path.replace(/\{\w+\}/g, '[^/]+')}$`),
}));

export function routeOf(method: string, url: string): string | undefined {
  const path = new URL(url, 'http://localhost').pathname;
  // A literal segment beats a parameter (`/runs/{id}/status` is not `/runs/{id}/schools/{schoolId}`): the first match
  // with the fewest parameters.
  const found = matchers.filter((m) => m.method === method && m.pattern.test(path));
  found.sort((a, b) => (a.key.match(/\{/g)?.length ?? 0) - (b.key.match(/\{/g)?.length ?? 0));
  return found[0]?.key;
}

/** The contract's problems with one answer, as `path: message` lines; empty when it fits or is not JSON of a route. */
export function contractProblems(method: string, url: string, status: number, body: unknown): string[] {
  if (status < 200 || status >= 300 || body === null || typeof body !== 'object') return [];
  const key = routeOf(method, url);
  const response = key ? ENDPOINTS[key]?.response : undefined;
  if (!response || 'file' in response) return [];
  const checked = (response as z.ZodType).safeParse(body);
  return checked.success ? [] : checked.error.issues.map((issue) => `${key} ${issue.path.join('.')}: ${issue.message}`);
}
