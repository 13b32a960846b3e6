import type { Role } from '../routes';

/** The parts of an API Gateway HTTP API (payload 2.0) event with a JWT authorizer that the handlers read. */
export interface HttpEvent {
  version?: '2.0';
  routeKey: string;
  rawPath: string;
  rawQueryString?: string;
  headers: Record<string, string | undefined>;
  queryStringParameters?: Record<string, string | undefined>;
  pathParameters?: Record<string, string | undefined>;
  body?: string;
  isBase64Encoded: boolean;
  requestContext: {
    requestId?: string;
    http?: { method: string; path: string; sourceIp?: string };
    authorizer?: { jwt?: { claims: Record<string, string | number | boolean | string[]>; scopes?: string[] | null } };
  };
}

export interface HttpResult {
  statusCode: number;
  headers?: Record<string, string>;
  body?: string;
  isBase64Encoded?: boolean;
}

/** The verified caller, from JWT claims (Cognito `custom:*` attributes or plain claim names). */
export interface Caller {
  /** The user name people read (pages, audit trail); not an identity check. */
  userId: string;
  /** The token's immutable subject (`sub`): what every four-eyes rule compares. */
  subject: string;
  name: string;
  role: Role;
  schoolId?: string;
}

/** What the middlewares add to the event before the action runs. */
export interface PreparedEvent extends HttpEvent {
  caller?: Caller;
  bodyBytes?: Buffer;
  json?: unknown;
  input?: { body: unknown; query: unknown };
}
