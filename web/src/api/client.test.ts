import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, configureClient, getJson, sendJson } from './client';

const realFetch = globalThis.fetch;
afterEach(() => {
  globalThis.fetch = realFetch;
});

function answer(status: number, body: string, contentType = 'application/json') {
  const calls: { url: string; init: RequestInit }[] = [];
  globalThis.fetch = (async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    return new Response(body, { status, headers: { 'Content-Type': contentType } });
  }) as typeof fetch;
  return calls;
}

async function failure(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
}

describe('API client', () => {
  it('sends the bearer token and JSON to the configured API', async () => {
    configureClient({ apiUrl: 'https://api.example/', token: 'T' });
    const calls = answer(200, '{"ok":true}');
    expect(await sendJson('POST', '/runs', { a: 1 })).toEqual({ ok: true });
    expect(calls[0]!.url).toBe('https://api.example/runs');
    const headers = calls[0]!.init.headers as Headers;
    expect(headers.get('Authorization')).toBe('Bearer T');
    expect(headers.get('Content-Type')).toBe('application/json');
    expect(calls[0]!.init.body).toBe('{"a":1}');
  });

  it("turns the API's error body into words and details", async () => {
    configureClient({ apiUrl: '' });
    answer(422, JSON.stringify({ error: { code: 'invalid_rule_set', message: 'the draft is not valid', details: [{ path: 'ruleSet.tiers[1].perStudent', message: 'must be ≥ 0' }] } }));
    const error = await failure(getJson('/x'));
    expect(error).toMatchObject({ status: 422, code: 'invalid_rule_set', message: 'the draft is not valid' });
    expect(error.details).toEqual([{ path: 'ruleSet.tiers[1].perStudent', message: 'must be ≥ 0' }]);
  });

  it('keeps a gateway message and gives no raw text for an unreadable body', async () => {
    answer(401, '{"message":"Unauthorized"}');
    const onUnauthorized = vi.fn();
    configureClient({ apiUrl: '', onUnauthorized });
    expect(await failure(getJson('/x'))).toMatchObject({ status: 401, code: 'gateway', message: 'Unauthorized' });
    expect(onUnauthorized).toHaveBeenCalledOnce();

    answer(502, '<html>Bad Gateway</html>', 'text/html');
    expect(await failure(getJson('/x'))).toMatchObject({ status: 502, code: 'unexpected', message: '' });
  });

  it('reports an unreachable server as a network error', async () => {
    globalThis.fetch = (async () => {
      throw new TypeError('Failed to fetch');
    }) as typeof fetch;
    expect(await failure(getJson('/x'))).toMatchObject({ status: 0, code: 'network' });
  });
});
