import * as z from 'zod';
import { errorSchema } from '../contract/common';
import { ENDPOINTS, type Endpoint } from '../contract/endpoints';
import { routeKey, routes, type RouteSpec } from './routes';

/**
 * The OpenAPI 3.1 document of the HTTP API, made from the route table (methods, paths, roles) and the contract's
 * schemas (contract/endpoints.ts: queries, bodies, answers). The local service serves it at GET /openapi.json; it is
 * written, never hand-edited, so it cannot drift from what the handlers validate.
 */
type Json = Record<string, unknown>;

const ERRORS: Record<string, string> = {
  '400': 'Malformed JSON, a body or query that does not fit the schema (`details` names each path), or a cursor this API did not hand out.',
  '401': 'No token, or one that does not verify.',
  '403': 'The role may not call this route.',
  '404': 'Missing, or (for school users) not theirs: the same answer either way.',
  '409': 'A conflict: stale revision, same person (four-eyes), a state that does not allow it.',
  '413': 'The body is over 6 MB; upload large files in parts.',
  '422': 'Understood but refused: invalid rule set, unaccepted warnings, a dataset with errors, unresolved conflicts…',
};

/** A schema as JSON Schema 2020-12 (OpenAPI 3.1's dialect), without the `$schema` line. */
function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Json {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as Json;
  return rest;
}

/** `?a&b` as parameters, each with its own schema; required when the query schema requires it. */
function queryParameters(query: z.ZodType | undefined): Json[] {
  if (!query) return [];
  const schema = jsonSchema(query, 'input');
  const properties = (schema.properties ?? {}) as Record<string, Json>;
  const required = new Set((schema.required as string[] | undefined) ?? []);
  if (schema.additionalProperties && !Object.keys(properties).length) {
    return [{ name: 'params', in: 'query', style: 'form', explode: true, schema: { type: 'object', additionalProperties: { type: 'string' } }, description: 'Free-form parameters (see the description).' }];
  }
  return Object.entries(properties).map(([name, property]) => {
    const { description, ...rest } = property;
    return { name, in: 'query', required: required.has(name), schema: rest, ...(description ? { description } : {}) };
  });
}

function pathParameters(path: string): Json[] {
  return [...path.matchAll(/\{(\w+)\}/g)].map(([, name]) => ({ name, in: 'path', required: true, schema: { type: 'string' } }));
}

function operation(route: RouteSpec, endpoint: Endpoint, schemas: Record<string, Json>): Json {
  const name = operationId(route);
  const okStatus = String(endpoint.status ?? 200);
  const responses: Json = {};
  const answer = (description: string): Json => {
    if ('file' in endpoint.response) return { description, content: Object.fromEntries(endpoint.response.file.map((type) => [type, { schema: { type: 'string', format: 'binary' } }])) };
    schemas[`${name}Response`] = jsonSchema(endpoint.response, 'output');
    return { description, content: { 'application/json': { schema: { $ref: `#/components/schemas/${name}Response` } } } };
  };
  responses[okStatus] = answer(okStatus === '201' ? 'Created.' : 'OK.');
  if (endpoint.alsoStatus) responses[String(endpoint.alsoStatus)] = answer(endpoint.alsoStatus === 202 ? 'Accepted: still being computed; ask again.' : 'An earlier identical request made it (idempotent).');
  for (const [status, description] of Object.entries(ERRORS)) responses[status] = { description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
  const body: Json | undefined =
    endpoint.body || endpoint.rawBody
      ? {
          required: !endpoint.body || !endpoint.body.safeParse(undefined).success,
          content: {
            ...(endpoint.body ? { 'application/json': { schema: jsonSchema(endpoint.body, 'input') } } : {}),
            ...Object.fromEntries((endpoint.rawBody ?? []).map((type) => [type, { schema: { type: 'string', format: 'binary' } }])),
          },
        }
      : undefined;
  return {
    operationId: name,
    tags: [route.group],
    summary: endpoint.summary,
    description: [endpoint.description, `Roles: ${[...new Set([...route.roles, 'admin'])].join(', ')}.`].filter(Boolean).join('\n\n'),
    'x-roles': route.roles,
    parameters: [...pathParameters(route.path), ...queryParameters(endpoint.query)],
    ...(body ? { requestBody: body } : {}),
    responses,
  };
}

/** "POST /rulesets/{id}/drafts/{draftId}/rebase" → "postRulesetsDraftsRebase". */
function operationId(route: RouteSpec): string {
  const words = route.path
    .split('/')
    .filter((part) => part && !part.startsWith('{'))
    .map((part) => part.replace(/^./, (c) => c.toUpperCase()));
  const byId = route.path.endsWith('}') ? 'One' : '';
  return `${route.method.toLowerCase()}${words.join('')}${byId}`;
}

export function openApiDocument(version = '0.1.0'): Json {
  const schemas: Record<string, Json> = { Error: jsonSchema(errorSchema, 'output') };
  const paths: Record<string, Json> = {};
  for (const route of routes) {
    const endpoint = ENDPOINTS[routeKey(route)];
    if (!endpoint) throw new Error(`contract/endpoints.ts has no entry for ${routeKey(route)}`);
    (paths[route.path] ??= {})[route.method.toLowerCase()] = operation(route, endpoint, schemas);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'skillfund API',
      version,
      description:
        'Differentiated per-student appropriations (差异化生均拨款). JSON in and out; money as decimal strings in yuan. ' +
        'Errors are `{ "error": { "code", "message", "details" } }` with the message in the language of Accept-Language (zh by default). ' +
        'Generated from functions/routes.ts and contract/ (the schemas the handlers validate with).',
    },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    servers: [{ url: '/', description: 'this service' }],
    security: [{ bearer: [] }],
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'Claims: sub, role (finance | policy | school | admin), school_id for school users.' } }, schemas },
    paths,
  };
}
