import { mkdtemp, rm } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_AUDIENCE, LOCAL_ISSUER, signToken } from '../../functions/local/jwt';
import { isLoopback, mayServeDemoSignIns } from '../../functions/local/local-security';
import { startLocalService, type LocalService } from '../../functions/local/server';
import { REPO_ROOT, startApi } from '../support/api';

/** GET with an explicit Host header, or none at all for '' (fetch would not send either). */
function getWithHost(url: string, path: string, host: string): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(url + path, host ? { headers: { host } } : { setHost: false }, (response) => {
      let body = '';
      response.on('data', (chunk) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
    });
    request.on('error', reject);
    request.end();
  });
}

const quiet = () => {};

describe('demo sign-ins only to this machine, and only in demo mode', () => {
  let api: Awaited<ReturnType<typeof startApi>>;
  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(() => api?.service.close());

  it('a browser on this machine gets them; a page that rebinds its DNS name to 127.0.0.1 does not', async () => {
    const port = new URL(api.service.url).port;
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, 'localhost:5173']) {
      const config = JSON.parse((await getWithHost(api.service.url, '/config.json', host)).body);
      expect(config.demoUsers?.length, host).toBe(7);
    }
    for (const host of [`evil.example:${port}`, `skillfund.example.com`, `192.168.1.20:${port}`, `localhost.evil.example:${port}`]) {
      const reply = await getWithHost(api.service.url, '/config.json', host);
      expect(reply.status).toBe(200);
      expect(JSON.parse(reply.body), host).toEqual({ apiUrl: '', auth: 'local' });
    }
    // No Host at all: node refuses an HTTP/1.1 request without one.
    expect((await getWithHost(api.service.url, '/config.json', '')).status).toBe(400);
  });

  it('a data-dir server offers none unless asked; asked, it does', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'skillfund-demo-'));
    let service: LocalService | undefined;
    try {
      service = await startLocalService({ dataDir, port: 0, root: REPO_ROOT, log: quiet, requestLog: quiet, seed: false });
      expect(JSON.parse((await getWithHost(service.url, '/config.json', 'localhost')).body).demoUsers).toBeUndefined();
      await service.close();
      service = await startLocalService({ dataDir, port: 0, root: REPO_ROOT, log: quiet, requestLog: quiet, seed: false, demoSignIn: true });
      expect(JSON.parse((await getWithHost(service.url, '/config.json', 'localhost')).body).demoUsers).toHaveLength(7);
    } finally {
      await service?.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('never from a server listening on an address other machines reach', () => {
    const local = { headers: { host: 'localhost:3000' } };
    expect(mayServeDemoSignIns('127.0.0.1', local)).toBe(true);
    expect(mayServeDemoSignIns('::1', local)).toBe(true);
    for (const host of ['0.0.0.0', '::', '192.168.1.20', 'skillfund.example.com']) expect(mayServeDemoSignIns(host, local), host).toBe(false);
    expect(['localhost', '127.0.0.1', '127.8.9.1', '[::1]', 'app.localhost'].every(isLoopback)).toBe(true);
    expect(['0.0.0.0', 'localhost.evil.example', '10.0.0.1', '::ffff:10.0.0.1', 'evil.example'].some(isLoopback)).toBe(false);
  });
});

describe('every answer of the local server carries the security headers', () => {
  let api: Awaited<ReturnType<typeof startApi>>;
  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(() => api?.service.close());

  it('console page, assets, config, API answers and errors', async () => {
    const index = await fetch(`${api.service.url}/`);
    const asset = /assets\/[^"]+\.js/.exec(await index.text())?.[0];
    const answers = [
      index,
      ...(asset ? [await fetch(`${api.service.url}/${asset}`)] : []),
      await fetch(`${api.service.url}/config.json`),
      await fetch(`${api.service.url}/runs`, { headers: { authorization: `Bearer ${api.user('finance').token}` } }),
      await fetch(`${api.service.url}/runs`),
      await fetch(`${api.service.url}/nothing-here`),
    ];
    for (const answer of answers) {
      const where = `${answer.url} ${answer.status}`;
      expect(answer.headers.get('content-security-policy'), where).toContain("frame-ancestors 'none'");
      expect(answer.headers.get('content-security-policy'), where).toContain("script-src 'self'");
      expect(answer.headers.get('x-content-type-options'), where).toBe('nosniff');
      expect(answer.headers.get('x-frame-options'), where).toBe('DENY');
      expect(answer.headers.get('referrer-policy'), where).toBe('no-referrer');
    }
  });
});

describe('the token verifier', () => {
  let api: Awaited<ReturnType<typeof startApi>>;
  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(() => api?.service.close());

  it('refuses a token without an expiry (it would be valid for ever), and one without a subject', async () => {
    const claims = { username: 'zhang', role: 'finance' };
    const withoutExp = await new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setSubject('zhang').setIssuer(LOCAL_ISSUER).setAudience(LOCAL_AUDIENCE).setIssuedAt().sign(api.service.key);
    const withoutSub = await new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setIssuer(LOCAL_ISSUER).setAudience(LOCAL_AUDIENCE).setIssuedAt().setExpirationTime('1h').sign(api.service.key);
    for (const token of [withoutExp, withoutSub]) {
      const reply = await fetch(`${api.service.url}/runs`, { headers: { authorization: `Bearer ${token}` } });
      expect(reply.status).toBe(401);
    }
    const good = await signToken(api.service.key, { user: 'zhang', role: 'finance' });
    expect((await fetch(`${api.service.url}/runs`, { headers: { authorization: `Bearer ${good}` } })).status).toBe(200);
  });
});
