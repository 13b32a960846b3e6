import type { MiddlewareObj } from '@middy/core';
import type { z } from 'zod';
import { coded, zodProblems } from '../../domain/problems';
import { badRequest, notFound } from '../http/errors';
import type { PreparedEvent } from '../http/types';

export interface InputSchemas {
  body?: z.ZodType;
  query?: z.ZodType;
}

/**
 * Longest path parameter that can name anything: ids the API makes are short, user-chosen ids are at most 100
 * characters and enrolment codes at most 64. Longer ones would also exceed DynamoDB's key size.
 */
export const MAX_PATH_PARAMETER_BYTES = 256;

/**
 * Refuses path parameters that cannot name anything (404, like any missing item), then parses body and query with
 * the route's zod schemas; 400 with every problem's path when they do not fit.
 */
export function validateInput(schemasFor: (routeKey: string) => InputSchemas | undefined): MiddlewareObj<PreparedEvent> {
  return {
    before: ({ event }) => {
      for (const [name, value] of Object.entries(event.pathParameters ?? {})) {
        if (value === undefined || value === '' || Buffer.byteLength(value) > MAX_PATH_PARAMETER_BYTES || /[\u0000-\u001f]/.test(value)) {
          throw notFound(coded('not_found_value', { name, value: `${(value ?? '').slice(0, 40)}${(value ?? '').length > 40 ? '…' : ''}` }));
        }
      }
      const schemas = schemasFor(event.routeKey) ?? {};
      const body = parse(schemas.body, event.json, 'body');
      const query = parse(schemas.query, event.queryStringParameters ?? {}, 'query');
      event.input = { body, query };
    },
  };
}

function parse(schema: z.ZodType | undefined, value: unknown, where: 'body' | 'query'): unknown {
  if (!schema) return value;
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const details = zodProblems(parsed.error, value).map((p) => ({ ...p, path: p.path === '(root)' ? where : `${where}.${p.path}` }));
  throw badRequest(coded(where === 'body' ? 'request_body_invalid' : 'request_query_invalid'), details, 'invalid_request');
}
