import { SignJWT, UnsecuredJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_AUDIENCE, LOCAL_ISSUER } from '../../functions/local/jwt';
import { routes } from '../../functions/routes';
import { SAMPLE_DATASET, SAMPLE_RULESET } from '../support/api';
import { expectClientError } from './support/errors';
import { startTestService, type TestService } from './support/service';

/**
 * Extends test/api/authorization.test.ts (route × role, school A vs B, expired / foreign / audience tokens): forged
 * tokens of every other kind on every route, and what a denial says — never another school's id or name.
 */
let api: TestService;
let schoolA: { id: string; name: string };
let schoolB: { id: string; name: string };
let approvedRun: string;
beforeAll(async () => {
  api = await startTestService();
  const { lines } = await api.service.store.readDatasetContent(SAMPLE_DATASET);
  const [a, b] = [...new Map(lines.map((l) => [l.schoolId, l.schoolName])).entries()];
  schoolA = { id: a![0], name: a![1] };
  schoolB = { id: b![0], name: b![1] };
  const finance = await api.token('zhang', 'finance');
  approvedRun = (await api.call('POST', '/runs', { token: finance, json: { ruleSetId: SAMPLE_RULESET, version: 1, datasetId: SAMPLE_DATASET, fiscalYear: 2026, envelope: { policy: 'none' } } })).body.runId;
  expect((await api.call('POST', `/runs/${approvedRun}/approve`, { token: await api.token('li', 'finance') })).status).toBe(200);
});
afterAll(() => api?.close());

const sign = (claims: Record<string, unknown>, key: Uint8Array, change: (jwt: SignJWT) => SignJWT = (jwt) => jwt) =>
  change(new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setIssuer(LOCAL_ISSUER).setAudience(LOCAL_AUDIENCE).setExpirationTime('5m')).sign(key);

describe('forged and broken tokens, on every route', () => {
  const forged = async (): Promise<[string, string][]> => {
    const key = api.service.key;
    const admin = { sub: 'mallory', role: 'admin' };
    const [header, payload] = (await sign(admin, key)).split('.');
    return [
      ['alg none', new UnsecuredJWT(admin).setIssuer(LOCAL_ISSUER).setAudience(LOCAL_AUDIENCE).setExpirationTime('5m').encode()],
      ['alg none with the real header’s payload', `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${payload}.`],
      ['signature stripped', `${header}.${payload}.`],
      ['payload swapped under a valid signature', `${header}.${Buffer.from(JSON.stringify({ ...admin, sub: 'other', iss: LOCAL_ISSUER, aud: LOCAL_AUDIENCE, exp: 9999999999 })).toString('base64url')}.${(await sign(admin, key)).split('.')[2]}`],
      ['wrong issuer', await sign(admin, key, (jwt) => jwt.setIssuer('https://cognito-idp.example/evil'))],
      ['wrong audience', await sign(admin, key, (jwt) => jwt.setAudience('another-api'))],
      ['not yet valid', await sign(admin, key, (jwt) => jwt.setNotBefore('1h'))],
      ['expired', await sign(admin, key, (jwt) => jwt.setExpirationTime(Math.floor(Date.now() / 1000) - 5))],
      ['HS512 with the right key', await new SignJWT(admin).setProtectedHeader({ alg: 'HS512' }).setIssuer(LOCAL_ISSUER).setAudience(LOCAL_AUDIENCE).setExpirationTime('5m').sign(new Uint8Array([...key, ...key]))],
      ['no user claim', await sign({ role: 'admin' }, key)],
      ['no role claim', await sign({ sub: 'mallory' }, key)],
      ['role of another type', await sign({ sub: 'mallory', role: ['admin'] }, key)],
      ['school without school_id', await sign({ sub: 'mallory', role: 'school' }, key)],
      ['garbage', 'not.a.token'],
      ['empty bearer', ''],
    ];
  };

  it('401 everywhere, with a message that gives nothing away', async () => {
    const tokens = await forged();
    for (const route of routes) {
      const path = route.path.replace('{id}', route.group === 'rulesets' ? SAMPLE_RULESET : route.group === 'datasets' ? SAMPLE_DATASET : approvedRun).replace('{version}', '1').replace('{draftId}', 'seed-candidate').replace('{schoolId}', schoolA.id);
      for (const [label, token] of tokens) {
        const reply = await api.call(route.method, path, { headers: { authorization: `Bearer ${token}` }, ...(route.method === 'GET' ? {} : { json: {} }) });
        expectClientError(reply, [401], `${label} on ${route.method} ${route.path}`);
        expect(reply.body.error.code).toBe('unauthorized');
        expect(reply.text).not.toContain(schoolA.name);
      }
    }
  });
});

describe('what a school user is told about other schools', () => {
  it('the same 404 for school B’s statement as for a school that does not exist, naming neither', async () => {
    const token = await api.token(`school-${schoolA.id}`, 'school', schoolA.id);
    const other = await api.call('GET', `/runs/${approvedRun}/schools/${encodeURIComponent(schoolB.id)}`, { token });
    const none = await api.call('GET', `/runs/${approvedRun}/schools/NO-SUCH`, { token });
    expectClientError(other, [404]);
    expectClientError(none, [404]);
    expect(other.body.error.message.replace(schoolB.id, 'X')).toBe(none.body.error.message.replace('NO-SUCH', 'X'));
    expect(other.text).not.toContain(schoolB.name);
    const run = await api.call('GET', `/runs/${approvedRun}`, { token });
    expect(run.text).not.toContain(schoolB.id);
    expect(run.text).not.toContain(schoolB.name);
    for (const path of ['/datasets', `/datasets/${SAMPLE_DATASET}`, `/runs/${approvedRun}/export?format=csv`, '/audit', `/rulesets/${SAMPLE_RULESET}/versions/1`]) {
      const denied = await api.call('GET', path, { token });
      expectClientError(denied, [403], path);
      expect(denied.text).not.toContain(schoolB.id);
    }
  });

  it('a school token with another school’s claims in its name still sees only its own', async () => {
    const token = await sign({ sub: `school-${schoolB.id}`, name: schoolB.name, role: 'school', school_id: schoolA.id }, api.service.key);
    const listed = await api.call('GET', `/runs/${approvedRun}`, { token });
    expect(listed.body.schools.map((s: { schoolId: string }) => s.schoolId)).toEqual([schoolA.id]);
  });
});
