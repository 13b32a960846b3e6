import { fileURLToPath } from 'node:url';
import { startLocalService, type DemoUser, type LocalService, type LocalServiceOptions } from '../../functions/local/server';
import { signToken } from '../../functions/local/jwt';
import type { Role } from '../../functions/routes';
import { contractProblems } from './contract-check';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const SAMPLE_RULESET = 'hlj-technical-schools';
export const SAMPLE_DATASET = 'ds-sample-hlj-2026';

export interface ApiResponse {
  status: number;
  headers: Headers;
  body: any;
  bytes: Buffer;
}

export interface RequestOptions {
  body?: unknown;
  /** Sent as is (a file upload); `contentType` then says what it is. */
  raw?: Uint8Array | string;
  contentType?: string;
  headers?: Record<string, string>;
}

export interface ApiClient {
  request(method: string, path: string, options?: RequestOptions): Promise<ApiResponse>;
  get(path: string): Promise<ApiResponse>;
  post(path: string, body?: unknown, headers?: Record<string, string>): Promise<ApiResponse>;
  put(path: string, body?: unknown): Promise<ApiResponse>;
}

/** The real local service (in memory, sample data seeded) on a free port, with a client per demo user. */
export async function startApi(options: Pick<LocalServiceOptions, 'asyncRunLines'> = {}): Promise<{ service: LocalService; as: (user: string) => ApiClient; anonymous: ApiClient; tokenFor: (user: string, role: Role, schoolId?: string) => Promise<ApiClient>; user: (role: Role, index?: number) => DemoUser }> {
  const quiet = process.env.SKILLFUND_TEST_LOG ? (line: string) => console.error(line) : () => {};
  // As `serve --in-memory` runs: demo mode, so /config.json offers the demo sign-ins to this machine.
  const service = await startLocalService({ inMemory: true, port: 0, root: REPO_ROOT, log: quiet, requestLog: quiet, demoSignIn: true, ...options });
  const clientFor = (token?: string): ApiClient => {
    const request = async (method: string, path: string, options: RequestOptions = {}): Promise<ApiResponse> => {
      const headers: Record<string, string> = { ...(token ? { authorization: `Bearer ${token}` } : {}), ...options.headers };
      let body: string | Uint8Array | undefined;
      if (options.raw !== undefined) {
        body = options.raw;
        headers['content-type'] = options.contentType ?? 'application/octet-stream';
      } else if (options.body !== undefined) {
        body = JSON.stringify(options.body);
        headers['content-type'] = 'application/json';
      }
      const response = await fetch(service.url + path, { method, headers, ...(body !== undefined ? { body } : {}) });
      const bytes = Buffer.from(await response.arrayBuffer());
      const type = response.headers.get('content-type') ?? '';
      const parsed = type.includes('json') ? JSON.parse(bytes.toString('utf8')) : bytes.toString('utf8');
      const drift = contractProblems(method, path, response.status, parsed);
      if (drift.length) throw new Error(`the answer does not fit contract/endpoints.ts:\n${drift.join('\n')}`);
      return { status: response.status, headers: response.headers, bytes, body: parsed };
    };
    return {
      request,
      get: (path) => request('GET', path),
      post: (path, body, headers) => request('POST', path, { ...(body !== undefined ? { body } : {}), ...(headers ? { headers } : {}) }),
      put: (path, body) => request('PUT', path, { body }),
    };
  };
  const byName = new Map(service.demoUsers.map((u) => [u.user, u]));
  return {
    service,
    as: (user) => {
      const demo = byName.get(user);
      if (!demo) throw new Error(`no demo user ${user}`);
      return clientFor(demo.token);
    },
    anonymous: clientFor(),
    tokenFor: async (user, role, schoolId) => clientFor(await signToken(service.key, { user, role, ...(schoolId ? { schoolId } : {}) })),
    user: (role, index = 0) => service.demoUsers.filter((u) => u.role === role)[index]!,
  };
}

/** Sum of decimal strings in integer fen, so money is never a float here either. */
export function sumFen(values: string[]): bigint {
  return values.reduce((sum, value) => {
    const [whole, fraction = ''] = value.split('.');
    return sum + BigInt(whole!) * 100n + BigInt((fraction + '00').slice(0, 2)) * (whole!.startsWith('-') ? -1n : 1n);
  }, 0n);
}
