/** What a bench asks of the API over HTTP: one authorised request, timed, its body read whole. */
export interface ApiReply {
  status: number;
  /** From sending the request to the last byte of the response. */
  ms: number;
  /** The parsed body when it was JSON. */
  json: any;
  bytes: number;
}

/**
 * Sends `body` as JSON, or as CSV bytes when it is a Uint8Array (a dataset part), with `token` as the bearer. A status
 * outside 2xx is an error (the bench measured something else) unless the bench expects it (`accept`).
 */
export async function apiRequest(url: string, token: string, method: string, path: string, body?: unknown, accept: readonly number[] = []): Promise<ApiReply> {
  const start = performance.now();
  const raw = body instanceof Uint8Array;
  const response = await fetch(`${url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': raw ? 'text/csv' : 'application/json' }) },
    ...(body === undefined ? {} : { body: raw ? body : JSON.stringify(body) }),
  });
  const bytes = Buffer.from(await response.arrayBuffer());
  const ms = performance.now() - start;
  if (!response.ok && !accept.includes(response.status)) throw new Error(`${method} ${path} → ${response.status}: ${bytes.toString().slice(0, 500)}`);
  const json = response.headers.get('content-type')?.includes('json') ? JSON.parse(bytes.toString()) : undefined;
  return { status: response.status, ms, json, bytes: bytes.length };
}

export type Api = <T = unknown>(method: string, path: string, body?: unknown) => Promise<T>;

/** One user's client that answers with the parsed body. */
export function apiClient(url: string, token: string): Api {
  return async <T>(method: string, path: string, body?: unknown) => (await apiRequest(url, token, method, path, body)).json as T;
}
