import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allocate } from '../../domain/allocate';
import { REPO_ROOT, SAMPLE_DATASET, SAMPLE_RULESET, startApi, type ApiClient, type ApiResponse } from '../support/api';

/**
 * Runs too large for one request become jobs (functions/app/run-jobs.ts). The threshold is lowered to 1,000 lines so
 * the 1,334-line sample is "large": what AWS does with a million-line dataset, shown here through the local server.
 */
describe('runs computed as jobs (202 + status, the same idempotency key)', () => {
  let api: Awaited<ReturnType<typeof startApi>>;
  let zhang: ApiClient;
  const body = { ruleSetId: SAMPLE_RULESET, version: 1, datasetId: SAMPLE_DATASET, fiscalYear: 2026, envelope: { policy: 'cap', budget: '90000000' } };
  beforeAll(async () => {
    api = await startApi({ asyncRunLines: 1000 });
    zhang = api.as('张会计');
  });
  afterAll(() => api.service.close());

  async function settled(path: string): Promise<ApiResponse> {
    for (let attempt = 0; attempt < 600; attempt++) {
      const status = await zhang.get(path);
      if (status.status !== 202 || status.body.job?.state === 'failed') return status;
      await new Promise((done) => setTimeout(done, 50));
    }
    throw new Error(`${path} still running after 30 s`);
  }

  it('answers 202 with where to ask, then completes the very run a synchronous request would have made', async () => {
    const queued = await zhang.post('/runs', body, { 'idempotency-key': 'big-2026' });
    expect(queued.status).toBe(202);
    expect(queued.body).toMatchObject({ status: 'pending', job: { state: 'queued' } });
    expect(queued.headers.get('location')).toBe(`/runs/${queued.body.runId}/status`);

    const done = await settled(`/runs/${queued.body.runId}/status`);
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ runId: queued.body.runId, status: 'complete' });
    expect(done.body).not.toHaveProperty('job');

    // The same key again: the run, as for any idempotent retry.
    const again = await zhang.post('/runs', body, { 'idempotency-key': 'big-2026' });
    expect(again.status).toBe(200);
    expect(again.body.runId).toBe(queued.body.runId);

    const { lines } = await api.service.store.readDatasetContent(SAMPLE_DATASET);
    const expected = allocate({ ruleSet: (await api.service.store.getVersion(SAMPLE_RULESET, 1)).ruleSet, lines, envelope: { policy: 'cap', budget: '90000000' } });
    if (!expected.ok) throw new Error('the sample does not allocate');
    const run = await zhang.get(`/runs/${queued.body.runId}`);
    expect(run.body.summary.totalAllocation).toBe(expected.result.summary.totalAllocation);
    expect(run.body.schools.map((s: { allocation: string }) => s.allocation)).toEqual(expected.result.schools.map((s) => s.allocation));
    const statement = await zhang.get(`/runs/${queued.body.runId}/schools/${expected.result.schools[3]!.schoolId}`);
    expect(statement.body.school.lines.map((l: { allocation: string }) => l.allocation)).toEqual(expected.result.schools[3]!.lines.map((l) => l.allocation));

    const trail = (await zhang.get('/audit?limit=500')).body.items.filter((e: { action: string; subject: string }) => e.action === 'run.create' && e.subject === queued.body.runId);
    expect(trail).toHaveLength(1);
    expect(trail[0]).toMatchObject({ actor: '张会计' });
  });

  it('answers the same 202 to a request that asks again while the job runs, and computes once', async () => {
    const responses = await Promise.all([1, 2, 3].map(() => zhang.post('/runs', { ...body, envelope: { policy: 'exact', budget: '90000000' } }, { 'idempotency-key': 'big-twice' })));
    expect(new Set(responses.map((r) => r.body.runId)).size).toBe(1);
    for (const response of responses) expect([202, 200]).toContain(response.status);
    const done = await settled(`/runs/${responses[0]!.body.runId}/status`);
    expect(done.body.summary.totalAllocation).toBe('90000000.00');
    const trail = (await zhang.get('/audit?limit=500')).body.items.filter((e: { action: string; subject: string }) => e.action === 'run.create' && e.subject === done.body.runId);
    expect(trail).toHaveLength(1);
  });

  it('keeps a job refusal with the run and answers it, as the synchronous request would have, to whoever asks', async () => {
    const csv = readFileSync(join(REPO_ROOT, 'data/enrollment-hlj-2026.csv'));
    const upload = await zhang.request('POST', '/datasets?name=bad&fiscalYear=2026&fileName=bad.csv', { raw: Buffer.concat([csv, Buffer.from('\r\nS999,坏学校,技工学校,公办,哈尔滨,0101,中级工班,-5\r\n')]), contentType: 'text/csv' });
    expect(upload.status).toBe(201);
    const request = { ...body, datasetId: upload.body.datasetId };
    const queued = await zhang.post('/runs', request, { 'idempotency-key': 'big-bad' });
    expect(queued.status).toBe(202);
    const failed = await settled(`/runs/${queued.body.runId}/status`);
    expect(failed.status).toBe(202);
    expect(failed.body.job).toMatchObject({ state: 'failed', error: { statusCode: 422, code: 'dataset_has_errors' } });
    const asked = await zhang.post('/runs', request, { 'idempotency-key': 'big-bad' });
    expect(asked.status).toBe(422);
    expect(asked.body.error.code).toBe('dataset_has_errors');
    expect(asked.body.error.details.length).toBeGreaterThan(0);
  });

  it('refuses at once what the dataset header already tells, and shows status only to staff', async () => {
    const wrongYear = await zhang.post('/runs', { ...body, fiscalYear: 2027 }, { 'idempotency-key': 'big-2027' });
    expect(wrongYear.status).toBe(422);
    const queued = await zhang.post('/runs', { ...body, envelope: { policy: 'none' } });
    expect(queued.status).toBe(202);
    const school = api.user('school', 0);
    expect((await api.as(school.user).get(`/runs/${queued.body.runId}/status`)).status).toBe(403);
    expect((await settled(`/runs/${queued.body.runId}/status`)).status).toBe(200);
  });
});
