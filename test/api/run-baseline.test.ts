import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allocate } from '../../domain/allocate';
import { baselineFromResult } from '../../domain/baseline';
import { validateRuleSet } from '../../domain/ruleset';
import { readEnrollment } from '../../formats/enrollment-reader';
import { REPO_ROOT, SAMPLE_DATASET, startApi } from '../support/api';
import { buildPlanningWorld, SERIES, type PlanningWorld, type Send } from '../support/planning-world';

async function fromFiles(rules: string, enrollment: string) {
  const ruleSet = validateRuleSet(JSON.parse(readFileSync(join(REPO_ROOT, 'data', rules), 'utf8')));
  if (!ruleSet.ok) throw new Error(`${rules} is invalid`);
  const read = await readEnrollment(readFileSync(join(REPO_ROOT, 'data', enrollment)), { format: 'csv' });
  return { ruleSet: ruleSet.ruleSet, lines: read.lines };
}

/**
 * Issue 11 over HTTP: a run protected against last year's approved run (POST /runs `baselineRunId`, SPEC §7), the
 * same to the fen as the engine computes it from the files; any other run as a baseline is 422 with its reason at
 * body.baselineRunId, and nothing is stored.
 */
describe('POST /runs with a baseline run', () => {
  let api: Awaited<ReturnType<typeof startApi>>;
  let send: Send;
  let world: PlanningWorld;
  const request = (baselineRunId: string) => ({ ruleSetId: SERIES, version: world.versions[2026], datasetId: SAMPLE_DATASET, fiscalYear: 2026, envelope: { policy: 'exact', budget: '2080000000' }, baselineRunId });

  beforeAll(async () => {
    api = await startApi();
    send = async (who, method, path, body) => api.as(who).request(method, path, body === undefined ? {} : { body });
    world = await buildPlanningWorld(send, { policy: ['王政策', '赵审定'], finance: ['张会计', '李复核'] });
  }, 180_000);
  afterAll(() => api?.service.close());

  let protectedRun: { runId: string; summary: { protection: { schoolsAtFloor: number; schoolsAtCap: number } }; schools: { schoolId: string; protection?: { bound: 'floor' | 'cap' | null } }[] } | undefined;
  const completed = async (answer: { status: number; body: any }) => {
    expect(answer.status, JSON.stringify(answer.body).slice(0, 300)).toBe(201);
    return answer;
  };

  it('protects every school against the approved 2025 run exactly as the engine does from the files', async () => {
    const created = await completed(await send('张会计', 'POST', '/runs', request(world.run2025)));
    expect(created.status, JSON.stringify(created.body).slice(0, 300)).toBeLessThan(300);
    const run = (await send('张会计', 'GET', `/runs/${created.body.runId}`)).body;
    expect(run.request.baselineRunId).toBe(world.run2025);
    protectedRun = run;

    const last = await fromFiles('rules-hlj-2025.json', 'enrollment-hlj-2025.csv');
    const lastYear = allocate({ ...last, envelope: { policy: 'cap', budget: '1950000000' } });
    const now = await fromFiles('rules-hlj-2026-protected.json', 'enrollment-hlj-2026.csv');
    if (!lastYear.ok) throw new Error('2025 does not allocate');
    const expected = allocate({ ...now, envelope: { policy: 'exact', budget: '2080000000' }, baseline: baselineFromResult(lastYear.result) });
    if (!expected.ok) throw new Error('2026 does not allocate');

    expect(run.summary.totalAllocation).toBe('2080000000.00');
    expect(run.summary.protection).toEqual(expected.result.summary.protection);
    expect(run.summary.protection.schoolsAtFloor + run.summary.protection.schoolsAtCap).toBeGreaterThan(0);
    const byId = new Map(expected.result.schools.map((s) => [s.schoolId, s]));
    expect(run.schools).toHaveLength(expected.result.schools.length);
    for (const school of run.schools as { schoolId: string; allocation: string; protection?: unknown }[]) {
      expect(school.allocation, school.schoolId).toBe(byId.get(school.schoolId)!.allocation);
      expect(school.protection, school.schoolId).toEqual(byId.get(school.schoolId)!.protection);
    }
  });

  it('pages the protected run’s schools by 保底/封顶: each filter exactly its schools, the sort not held → cap → floor', async () => {
    const run = protectedRun!;
    const schools = (query: string) => send('张会计', 'GET', `/runs/${run.runId}/schools?${query}&limit=500`).then((answer) => answer.body as { total: number; items: { schoolId: string; protection?: { bound: string | null } }[] });
    for (const bound of ['floor', 'cap'] as const) {
      const page = await schools(`bound=${bound}`);
      expect(page.items.map((s) => s.schoolId)).toEqual(run.schools.filter((s) => s.protection?.bound === bound).map((s) => s.schoolId).sort());
      expect(page.total).toBe(bound === 'floor' ? run.summary.protection.schoolsAtFloor : run.summary.protection.schoolsAtCap);
    }
    const rank = (s: { protection?: { bound: string | null } }) => (s.protection?.bound === 'floor' ? 2 : s.protection?.bound === 'cap' ? 1 : 0);
    const expected = [...run.schools].sort((a, b) => rank(b) - rank(a) || (a.schoolId < b.schoolId ? 1 : -1)).map((s) => s.schoolId);
    expect((await schools('sort=bound&order=desc')).items.map((s) => s.schoolId)).toEqual(expected);
  });

  it('refuses a run in review, a run of the same year and an unknown run, at body.baselineRunId, storing nothing', async () => {
    const review = await completed(await send('张会计', 'POST', '/runs', { ruleSetId: SERIES, version: world.versions[2025], datasetId: world.dataset2025, fiscalYear: 2025, envelope: { policy: 'cap', budget: '1940000000' } }));
    const sameYear = await completed(await send('张会计', 'POST', '/runs', { ...request(world.run2025), baselineRunId: undefined, envelope: { policy: 'cap', budget: '2000000000' } }));
    await send('李复核', 'POST', `/runs/${sameYear.body.runId}/approve`, { comment: '复核无误' });
    const before = (await send('张会计', 'GET', '/runs')).body.items.length;
    for (const [runId, code] of [
      [review.body.runId, 'baseline_run_not_approved'],
      [sameYear.body.runId, 'baseline_run_not_earlier'],
      ['run-nowhere', 'baseline_run_not_found'],
    ] as const) {
      const refused = await send('张会计', 'POST', '/runs', request(runId));
      expect(refused.status, `${code}: ${JSON.stringify(refused.body).slice(0, 300)}`).toBe(422);
      expect(refused.body.error.details).toEqual([expect.objectContaining({ path: 'body.baselineRunId', code })]);
      expect(refused.body.error.details[0].message).toMatch(/[\u4e00-\u9fff]/);
    }
    expect((await send('张会计', 'GET', '/runs')).body.items.length).toBe(before);
  });
});

describe('POST /runs with a baseline run, on a service that computes runs as jobs', () => {
  let api: Awaited<ReturnType<typeof startApi>>;
  beforeAll(async () => {
    api = await startApi({ asyncRunLines: 1 });
  });
  afterAll(() => api?.service.close());

  it('refuses a baseline it cannot use before queueing anything (422, not a 202 that fails later)', async () => {
    const finance = api.as('张会计');
    const body = { ruleSetId: SERIES, version: 1, datasetId: SAMPLE_DATASET, fiscalYear: 2026, envelope: { policy: 'cap', budget: '90000000' }, baselineRunId: 'run-nowhere' };
    const refused = await finance.post('/runs', body);
    expect(refused.status).toBe(422);
    expect(refused.body.error.details).toEqual([expect.objectContaining({ path: 'body.baselineRunId', code: 'baseline_run_not_found' })]);
    expect((await finance.get('/runs')).body.items).toEqual([]);
    const { baselineRunId: _none, ...unprotected } = body;
    expect((await finance.post('/runs', unprotected)).status).toBe(202);
  });
});
