import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll } from 'vitest';
import { signToken } from '../../../functions/local/jwt';
import type { LocalService } from '../../../functions/local/server';
import type { Role } from '../../../functions/routes';
import type { DynamoConnection } from '../../../functions/store/client';
import type { Store } from '../../../functions/store/types';
import { startApi } from '../../support/api';

export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  /** The parsed body when it was JSON. */
  body: any;
}

export interface CallOptions {
  token?: string;
  /** Sent as JSON with content-type application/json. */
  json?: unknown;
  /** Sent as is (content-type from `headers`). */
  raw?: string | Uint8Array;
  headers?: Record<string, string>;
}

export interface TestService {
  service: LocalService;
  url: string;
  call(method: string, path: string, options?: CallOptions): Promise<Reply>;
  token(user: string, role: Role, schoolId?: string): Promise<string>;
  /** How many items the table holds: the partial-write check compares it before and after a refused request. */
  itemCount(): Promise<number>;
  close(): Promise<void>;
}

/**
 * The real local service (HTTP, JWT verification, dynalite in memory, sample data seeded) as test/support/api starts
 * it, with raw access: any token (forged ones too), any body bytes, and the table's item count.
 */
export async function startTestService(): Promise<TestService> {
  const { service } = await startApi();
  const tokens = new Map<string, Promise<string>>();
  return {
    service,
    url: service.url,
    call: (method, path, options = {}) => callHttp(service.url, method, path, options),
    token: (user, role, schoolId) => {
      const key = `${user}|${role}|${schoolId ?? ''}`;
      if (!tokens.has(key)) tokens.set(key, signToken(service.key, { user, role, ...(schoolId ? { schoolId } : {}) }));
      return tokens.get(key)!;
    },
    itemCount: () => countItems(service.store),
    close: () => service.close(),
  };
}

/** A test file's service and the tokens its requests use; filled in before its first test. */
export interface SharedService {
  api: TestService;
  /** zhang, finance. */
  finance: string;
  /** wang, policy. */
  policy: string;
}

/** Starts the service before the calling file's tests (closed after them), with a finance and a policy user's tokens. */
export function sharedTestService(): SharedService {
  const shared = {} as SharedService;
  beforeAll(async () => {
    shared.api = await startTestService();
    [shared.finance, shared.policy] = await Promise.all([shared.api.token('zhang', 'finance'), shared.api.token('wang', 'policy')]);
  });
  afterAll(() => shared.api?.close());
  return shared;
}

export async function callHttp(base: string, method: string, path: string, options: CallOptions = {}): Promise<Reply> {
  const headers: Record<string, string> = { ...(options.headers ?? {}) };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: string | Uint8Array | undefined = options.raw;
  if (options.json !== undefined) {
    body = JSON.stringify(options.json);
    headers['content-type'] ??= 'application/json';
  }
  const response = await fetch(base + path, { method, headers, ...(body !== undefined ? { body: body as string } : {}) });
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  return { status: response.status, headers: response.headers, text, body: parsed };
}

/** Every item of the store's table (a test table is small). */
export async function countItems(store: Store): Promise<number> {
  const connection = (store as Store & { connection: DynamoConnection }).connection;
  let count = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const out = await connection.doc.send(new ScanCommand({ TableName: connection.config.tableName, Select: 'COUNT', ...(start ? { ExclusiveStartKey: start } : {}) }));
    count += out.Count ?? 0;
    start = out.LastEvaluatedKey;
  } while (start);
  return count;
}
