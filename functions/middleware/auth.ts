import { coded } from '../../domain/problems';
import type { MiddlewareObj } from '@middy/core';
import { forbidden, unauthorized } from '../http/errors';
import type { Caller, HttpEvent, PreparedEvent } from '../http/types';
import { routeKey, routes, type Role } from '../routes';

const ROLES: readonly Role[] = ['finance', 'policy', 'school', 'admin'];

/**
 * Reads the caller from the claims API Gateway's JWT authorizer verified (the local server puts them in the same
 * place after verifying the token itself), then applies the route table's role list: 401 without usable claims,
 * 403 for a role the route does not admit. Admin is admitted everywhere.
 */
export function authenticate(): MiddlewareObj<PreparedEvent> {
  const allowed = new Map(routes.map((route) => [routeKey(route), new Set<Role>([...route.roles, 'admin'])]));
  return {
    before: ({ event }) => {
      const caller = callerFromClaims(event);
      const roles = allowed.get(event.routeKey);
      if (roles && !roles.has(caller.role)) throw forbidden(coded('role_forbidden', { role: caller.role, route: event.routeKey }));
      event.caller = caller;
    },
  };
}

export function callerFromClaims(event: HttpEvent): Caller {
  const claims = event.requestContext.authorizer?.jwt?.claims;
  if (!claims) throw unauthorized(coded('token_required'));
  const text = (...names: string[]) => {
    for (const name of names) {
      const value = claims[name];
      if (typeof value === 'string' && value.trim()) return value.trim();
    }
    return undefined;
  };
  // `sub` is the identity: immutable and never reused (Cognito), so every four-eyes rule compares it. The user name is
  // what people read in pages and the trail; it may change or be shared, so it never decides who may do what.
  const subject = text('sub');
  const userId = text('cognito:username', 'username', 'preferred_username') ?? subject;
  const role = text('custom:role', 'role');
  if (!subject || !userId) throw unauthorized(coded('token_without_subject'));
  if (!role || !ROLES.includes(role as Role)) throw unauthorized(coded('token_role_unknown', { role: role ?? '' }));
  const schoolId = text('custom:school_id', 'school_id');
  if (role === 'school' && !schoolId) throw unauthorized(coded('school_token_without_school'));
  return { userId, subject, name: text('name') ?? userId, role: role as Role, ...(role === 'school' ? { schoolId } : {}) };
}
