import type { MiddlewareObj } from '@middy/core';
import type { z } from 'zod';
import { zodProblems } from '../../domain/problems';
import { badRequest } from '../http/errors';
import type { PreparedEvent } from '../http/types';

export interface InputSchemas {
  body?: z.ZodType;
  query?: z.ZodType;
}

/** Parses body and query with the route's zod schemas; 400 with every problem's path when they do not fit. */
export function validateInput(schemasFor: (routeKey: string) => InputSchemas | undefined): MiddlewareObj<PreparedEvent> {
  return {
    before: ({ event }) => {
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
  const details = zodProblems(parsed.error).map((p) => ({ ...p, path: p.path === '(root)' ? where : `${where}.${p.path}` }));
  throw badRequest(`the request ${where} is not valid`, details, 'invalid_request');
}
