/**
 * The one route table. The local server dispatches with it and the CDK stack generates the
 * HTTP API routes, one Lambda per handler group, and that Lambda's table grant from it.
 */
export type Role = 'finance' | 'policy' | 'school' | 'admin';
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** Each group is one Lambda: `functions/handlers/<group>.ts` exporting `handler`, which dispatches on `event.routeKey`. */
export type HandlerGroup = 'rulesets' | 'datasets' | 'runs' | 'reports' | 'exports' | 'simulations';

export interface RouteSpec {
  method: HttpMethod;
  /** API Gateway path template, e.g. "/rulesets/{id}/versions/{version}". */
  path: string;
  group: HandlerGroup;
  /** Roles allowed to call it at all (admin always is); finer checks (own school, second person) happen in the handler. */
  roles: Role[];
}

const ALL: Role[] = ['finance', 'policy', 'school', 'admin'];

export const routes: RouteSpec[] = [
  { method: 'GET', path: '/rulesets', group: 'rulesets', roles: ['finance', 'policy', 'admin'] },
  { method: 'GET', path: '/rulesets/{id}/versions', group: 'rulesets', roles: ['finance', 'policy', 'admin'] },
  { method: 'GET', path: '/rulesets/{id}/versions/{version}', group: 'rulesets', roles: ['finance', 'policy', 'admin'] },
  { method: 'GET', path: '/rulesets/{id}/diff', group: 'rulesets', roles: ['finance', 'policy', 'admin'] },
  { method: 'GET', path: '/rulesets/{id}/drafts', group: 'rulesets', roles: ['policy', 'admin'] },
  { method: 'POST', path: '/rulesets/{id}/drafts', group: 'rulesets', roles: ['policy', 'admin'] },
  { method: 'GET', path: '/rulesets/{id}/drafts/{draftId}', group: 'rulesets', roles: ['policy', 'admin'] },
  { method: 'PUT', path: '/rulesets/{id}/drafts/{draftId}', group: 'rulesets', roles: ['policy', 'admin'] },
  { method: 'POST', path: '/rulesets/{id}/drafts/{draftId}/validate', group: 'rulesets', roles: ['policy', 'admin'] },
  { method: 'POST', path: '/rulesets/{id}/drafts/{draftId}/submit', group: 'rulesets', roles: ['policy', 'admin'] },
  { method: 'POST', path: '/rulesets/{id}/drafts/{draftId}/publish', group: 'rulesets', roles: ['policy', 'admin'] },
  { method: 'POST', path: '/rulesets/{id}/drafts/{draftId}/rebase', group: 'rulesets', roles: ['policy', 'admin'] },

  { method: 'POST', path: '/datasets', group: 'datasets', roles: ['finance', 'admin'] },
  { method: 'POST', path: '/datasets/{id}/parts', group: 'datasets', roles: ['finance', 'admin'] },
  { method: 'POST', path: '/datasets/{id}/seal', group: 'datasets', roles: ['finance', 'admin'] },
  { method: 'GET', path: '/datasets', group: 'datasets', roles: ['finance', 'policy', 'admin'] },
  { method: 'GET', path: '/datasets/{id}', group: 'datasets', roles: ['finance', 'policy', 'admin'] },

  { method: 'POST', path: '/runs', group: 'runs', roles: ['finance', 'admin'] },
  { method: 'POST', path: '/runs/{id}/approve', group: 'runs', roles: ['finance', 'admin'] },
  { method: 'GET', path: '/runs/{id}/status', group: 'runs', roles: ['finance', 'policy', 'admin'] },
  { method: 'POST', path: '/runs/{id}/return', group: 'runs', roles: ['finance', 'admin'] },
  { method: 'POST', path: '/runs/{id}/withdraw', group: 'runs', roles: ['finance', 'admin'] },
  { method: 'GET', path: '/runs', group: 'reports', roles: ALL },
  { method: 'GET', path: '/runs/{id}', group: 'reports', roles: ALL },
  { method: 'GET', path: '/runs/{id}/schools', group: 'reports', roles: ALL },
  { method: 'GET', path: '/runs/{id}/schools/{schoolId}', group: 'reports', roles: ALL },
  { method: 'GET', path: '/runs/{id}/export', group: 'exports', roles: ['finance', 'admin'] },
  // Attribution recomputes two runs from their inputs, as a simulation does: it runs in that Lambda (memory for two).
  { method: 'GET', path: '/runs/{id}/attribution', group: 'simulations', roles: ['finance', 'school', 'admin'] },
  { method: 'GET', path: '/runs/{id}/attribution/export', group: 'exports', roles: ['finance', 'admin'] },
  { method: 'GET', path: '/audit', group: 'reports', roles: ['finance', 'policy', 'admin'] },
  { method: 'GET', path: '/audit/export', group: 'exports', roles: ['finance', 'policy', 'admin'] },

  { method: 'POST', path: '/simulations', group: 'simulations', roles: ['policy', 'admin'] },
  { method: 'GET', path: '/simulations/{id}/schools', group: 'simulations', roles: ['policy', 'admin'] },
  { method: 'POST', path: '/solutions', group: 'simulations', roles: ['policy', 'admin'] },
  { method: 'POST', path: '/plans', group: 'simulations', roles: ['policy', 'admin'] },
  { method: 'POST', path: '/plans/export', group: 'exports', roles: ['policy', 'admin'] },
  { method: 'POST', path: '/simulations/candidates', group: 'simulations', roles: ['policy', 'admin'] },
];

/**
 * Groups that only read the table get a read-only grant in AWS (simulations store the results they page through:
 * store/simulations.ts, temporary items with a TTL). Exports are a
 * group of their own because the XLSX writer is most of a bundle: statements and run pages load fast without it.
 */
export const READ_ONLY_GROUPS: ReadonlySet<HandlerGroup> = new Set(['reports', 'exports']);

export function routeKey(route: Pick<RouteSpec, 'method' | 'path'>): string {
  return `${route.method} ${route.path}`;
}
