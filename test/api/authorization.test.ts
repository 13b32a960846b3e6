import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_AUDIENCE, LOCAL_ISSUER } from '../../functions/local/jwt';
import { routes, type Role } from '../../functions/routes';
import { SAMPLE_DATASET, SAMPLE_RULESET, startApi, type ApiClient } from '../support/api';

const ROLES: Role[] = ['finance', 'policy', 'school', 'admin'];

/** Every route × every role, and school A vs school B, through the real local server. */
describe('authorization matrix', () => {
  let api: Awaited<ReturnType<typeof startApi>>;
  let approvedRun: string;
  let pendingRun: string;
  let schoolA: string;
  let schoolB: string;
  const clients = {} as Record<Role, ApiClient>;

  beforeAll(async () => {
    api = await startApi();
    schoolA = api.user('school', 0).schoolId!;
    schoolB = api.user('school', 1).schoolId!;
    clients.finance = api.as('张会计');
    clients.policy = api.as('王政策');
    clients.school = api.as(api.user('school', 0).user);
    clients.admin = api.as('管理员');
    const request = { ruleSetId: SAMPLE_RULESET, version: 1, datasetId: SAMPLE_DATASET, fiscalYear: 2026, envelope: { policy: 'none' } };
    approvedRun = (await clients.finance.post('/runs', request)).body.runId;
    expect((await api.as('李复核').post(`/runs/${approvedRun}/approve`)).status).toBe(200);
    pendingRun = (await clients.finance.post('/runs', { ...request, envelope: { policy: 'exact', budget: '1000000' } })).body.runId;
  });
  afterAll(() => api.service.close());

  function pathOf(template: string): string {
    const group = routes.find((r) => r.path === template)!.group;
    const id = group === 'rulesets' ? SAMPLE_RULESET : group === 'datasets' ? SAMPLE_DATASET : approvedRun;
    return template.replace('{id}', id).replace('{version}', '1').replace('{draftId}', 'seed-candidate').replace('{schoolId}', schoolA);
  }

  const bodies: Record<string, unknown> = {
    'POST /rulesets/{id}/drafts': {},
    'PUT /rulesets/{id}/drafts/{draftId}': { revision: 99, ruleSet: {} },
    'POST /rulesets/{id}/drafts/{draftId}/submit': { revision: 99 },
    'POST /datasets': { name: 'matrix' },
    'POST /datasets/{id}/parts': { partNumber: 1, contentBase64: 'YQ==' },
    'POST /runs': { ruleSetId: SAMPLE_RULESET, version: 1, datasetId: SAMPLE_DATASET, fiscalYear: 2026, envelope: { policy: 'none' } },
    'POST /simulations': { base: { ruleSetId: SAMPLE_RULESET, version: 1 }, candidate: { draftId: 'seed-candidate' }, datasetId: SAMPLE_DATASET },
  };

  for (const route of routes) {
    const key = `${route.method} ${route.path}`;
    it(`${key}: 401 without a token, 403 for roles it does not admit, served for the others`, async () => {
      const send = (client: ApiClient) => client.request(route.method, pathOf(route.path), bodies[key] !== undefined ? { body: bodies[key] } : {});
      expect((await send(api.anonymous)).status).toBe(401);
      for (const role of ROLES) {
        const response = await send(clients[role]);
        const admitted = role === 'admin' || route.roles.includes(role);
        if (admitted) {
          expect([401, 403], `${role} on ${key}: ${JSON.stringify(response.body)}`).not.toContain(response.status);
          expect(response.status, `${role} on ${key}`).toBeLessThan(500);
        } else {
          expect(response.status, `${role} on ${key}`).toBe(403);
          expect(response.body.error.code).toBe('forbidden');
        }
      }
    });
  }

  it('shows school A its approved run, its own row and statement only', async () => {
    const school = clients.school;
    expect((await school.get(`/runs/${approvedRun}/schools/${schoolA}`)).status).toBe(200);
    const other = await school.get(`/runs/${approvedRun}/schools/${schoolB}`);
    expect(other.status).toBe(404);
    expect(JSON.stringify(other.body)).not.toContain('allocation');
    expect((await school.get(`/runs/${approvedRun}`)).body.schools.map((s: { schoolId: string }) => s.schoolId)).toEqual([schoolA]);
    const listed = (await school.get('/runs')).body.items.map((r: { runId: string }) => r.runId);
    expect(listed).toContain(approvedRun);
    expect(listed).not.toContain(pendingRun);
  });

  it('answers 404, not 403, for a run that is not approved or does not include the school', async () => {
    expect((await clients.school.get(`/runs/${pendingRun}`)).status).toBe(404);
    expect((await clients.school.get(`/runs/${pendingRun}/schools/${schoolA}`)).status).toBe(404);
    const stranger = await api.tokenFor('school-x', 'school', 'NO-SUCH-SCHOOL');
    expect((await stranger.get(`/runs/${approvedRun}`)).status).toBe(404);
    expect((await stranger.get('/runs')).body.items).toEqual([]);
    const missing = await clients.school.get('/runs/run-does-not-exist');
    expect(missing.body.error.message).toBe((await clients.school.get(`/runs/${pendingRun}`)).body.error.message.replace(pendingRun, 'run-does-not-exist'));
  });

  it('reads Cognito-style custom:role / custom:school_id claims', async () => {
    const token = await new SignJWT({ 'cognito:username': 'cognito-user', 'custom:role': 'school', 'custom:school_id': schoolB })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('7d0b8c1e-4b1a-4f7e-9a51-2f0c5e8b1a3d')
      .setIssuer(LOCAL_ISSUER)
      .setAudience(LOCAL_AUDIENCE)
      .setExpirationTime('5m')
      .sign(api.service.key);
    const response = await fetch(`${api.service.url}/runs/${approvedRun}/schools/${schoolB}`, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(200);
  });

  it('refuses tokens that are expired, foreign, for another audience, without a valid role or without a subject', async () => {
    const sign = (claims: Record<string, unknown>, key: Uint8Array, audience = LOCAL_AUDIENCE, expires: string | number = '5m') =>
      new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setIssuer(LOCAL_ISSUER).setAudience(audience).setExpirationTime(expires).sign(key);
    const tokens = [
      await sign({ sub: 'a', role: 'admin' }, api.service.key, LOCAL_AUDIENCE, Math.floor(Date.now() / 1000) - 60),
      await sign({ sub: 'a', role: 'admin' }, new Uint8Array(32).fill(7)),
      await sign({ sub: 'a', role: 'admin' }, api.service.key, 'someone-else'),
      await sign({ sub: 'a', role: 'superuser' }, api.service.key),
      await sign({ sub: 'a', role: 'school' }, api.service.key),
      // A user name is not an identity: four-eyes rules compare `sub`, so a token without one is refused.
      await sign({ username: 'a', role: 'admin' }, api.service.key),
    ];
    for (const token of tokens) {
      const response = await fetch(`${api.service.url}/rulesets`, { headers: { authorization: `Bearer ${token}` } });
      expect(response.status).toBe(401);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('unauthorized');
    }
  });
});
