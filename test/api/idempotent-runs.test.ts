import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { allocate, allocationStream } from '../../domain/allocate';
import { paymentSchedule } from '../../domain/instalments';
import { compactResult } from '../../domain/result-form';
import { canonicalJson, sha256 } from '../../domain/hash';
import { runIdForKey } from '../../functions/app/runs';
import type { RunRequest } from '../../functions/store/types';
import { SAMPLE_DATASET, SAMPLE_RULESET, startApi, type ApiClient } from '../support/api';

describe('idempotent run creation', () => {
  let api: Awaited<ReturnType<typeof startApi>>;
  let zhang: ApiClient;
  const body = { ruleSetId: SAMPLE_RULESET, version: 1, datasetId: SAMPLE_DATASET, fiscalYear: 2026, envelope: { policy: 'cap', budget: '90000000' } };
  beforeAll(async () => {
    api = await startApi();
    zhang = api.as('张会计');
  });
  afterAll(() => api.service.close());

  const runIdsListed = async () => (await zhang.get('/runs?limit=500')).body.items.map((r: { runId: string }) => r.runId);

  it('returns the same run for the same key and request, 409 for another request', async () => {
    const first = await zhang.post('/runs', body, { 'idempotency-key': 'monthly-2026-01' });
    expect(first.status).toBe(201);
    const again = await zhang.post('/runs', body, { 'idempotency-key': 'monthly-2026-01' });
    expect(again.status).toBe(200);
    expect(again.body.runId).toBe(first.body.runId);
    expect(again.body.summary).toEqual(first.body.summary);
    expect((await runIdsListed()).filter((id: string) => id === first.body.runId)).toHaveLength(1);

    const changed = await zhang.post('/runs', { ...body, envelope: { policy: 'cap', budget: '90000001' } }, { 'idempotency-key': 'monthly-2026-01' });
    expect(changed.status).toBe(409);
    expect(changed.body.error.code).toBe('idempotency_conflict');
  });

  it('takes the key from the body too, and refuses two different keys', async () => {
    const viaBody = await zhang.post('/runs', { ...body, clientKey: 'body-key' });
    const viaHeader = await zhang.post('/runs', body, { 'idempotency-key': 'body-key' });
    expect(viaHeader.body.runId).toBe(viaBody.body.runId);
    expect((await zhang.post('/runs', { ...body, clientKey: 'a' }, { 'idempotency-key': 'b' })).status).toBe(400);
  });

  it('scopes keys to the caller', async () => {
    const mine = await zhang.post('/runs', body, { 'idempotency-key': 'shared-key' });
    const theirs = await api.as('李复核').post('/runs', body, { 'idempotency-key': 'shared-key' });
    expect(theirs.status).toBe(201);
    expect(theirs.body.runId).not.toBe(mine.body.runId);
  });

  it('makes one run from concurrent duplicates', async () => {
    const responses = await Promise.all([1, 2, 3].map(() => zhang.post('/runs', body, { 'idempotency-key': 'double-click' })));
    expect(responses.map((r) => r.status).every((status) => status === 200 || status === 201)).toBe(true);
    expect(new Set(responses.map((r) => r.body.runId)).size).toBe(1);
    expect(responses.every((r) => r.body.status === 'complete')).toBe(true);
  });

  it('completes a half-written run on retry, and hides it until then', async () => {
    const { store } = api.service;
    const request: RunRequest = { ...body, envelope: { policy: 'cap', budget: '90000000' }, excludeInvalid: false };
    const runId = runIdForKey('张会计', 'crashed-once');
    // What a request that died after its first batch of school items leaves behind.
    await store.createRunHeader({ runId, request, requestHash: sha256(canonicalJson(request)), clientKey: 'crashed-once', createdBy: '张会计', createdAt: new Date().toISOString() });
    const { lines } = await store.readDatasetContent(SAMPLE_DATASET);
    const outcome = allocate({ ruleSet: (await store.getVersion(SAMPLE_RULESET, 1)).ruleSet, lines, envelope: request.envelope });
    if (!outcome.ok) throw new Error('sample does not allocate');
    const compact = compactResult(outcome.result);
    await store.writeRunContent(runId, new Date().toISOString(), { standards: compact.standards, schools: compact.schools.slice(0, 3), excluded: [] });
    expect((await zhang.get(`/runs/${runId}`)).status).toBe(404);
    expect(await runIdsListed()).not.toContain(runId);

    const retried = await zhang.post('/runs', body, { 'idempotency-key': 'crashed-once' });
    expect(retried.status).toBe(200);
    expect(retried.body).toMatchObject({ runId, status: 'complete' });
    const run = await zhang.get(`/runs/${runId}`);
    expect(run.body.schools).toHaveLength(outcome.result.schools.length);
    expect(run.body.summary.totalAllocation).toBe(outcome.result.summary.totalAllocation);
    expect(await runIdsListed()).toContain(runId);
  });

  it('completes a run an earlier version fenced with its hash of each school as JSON, and only with that content', async () => {
    const { store } = api.service;
    const request: RunRequest = { ...body, envelope: { policy: 'cap', budget: '90000002' }, excludeInvalid: false };
    const dataset = await store.readDatasetContent(SAMPLE_DATASET);
    const version = await store.getVersion(SAMPLE_RULESET, 1);
    const outcome = allocationStream({ ruleSet: version.ruleSet, ruleSetVersion: 1, lines: dataset.lines, readerProblems: dataset.problems, envelope: request.envelope, excludeInvalid: false, enrollmentHash: dataset.header.contentHash! });
    if (!outcome.ok) throw new Error('sample does not allocate');
    const stream = outcome.stream;
    stream.summary.instalments = paymentSchedule([...stream.schoolHeads()], stream.summary.rounding.scale, version.ruleSet.instalments!).summary;
    const hash = createHash('sha256');
    for (const part of [JSON.stringify(stream.summary), JSON.stringify(stream.standards), ...stream.compactSchoolTexts(), JSON.stringify(stream.excluded)]) hash.update(part);
    const legacyHash = 'sha256:' + hash.digest('hex');
    // What a writer of the earlier version leaves when it dies after its fence: the header holding its hash.
    const fenced = async (key: string, contentHash: string) => {
      const runId = runIdForKey('张会计', key);
      await store.createRunHeader({ runId, request, requestHash: sha256(canonicalJson(request)), clientKey: key, createdBy: '张会计', createdAt: new Date().toISOString() });
      await store.fenceRunContent(runId, contentHash);
      return runId;
    };
    const runId = await fenced('fenced-by-v1', legacyHash);
    const retried = await zhang.post('/runs', { ...body, envelope: request.envelope }, { 'idempotency-key': 'fenced-by-v1' });
    expect(retried.status).toBe(200);
    expect(retried.body).toMatchObject({ runId, status: 'complete' });
    expect((await store.findRunHeader(runId))?.contentHash).toBe(legacyHash);
    expect((await zhang.get(`/runs/${runId}`)).body.schools).toHaveLength(stream.schoolCount);

    // Another result under that run id is refused, as from any writer.
    await fenced('fenced-by-v1-other', 'sha256:' + '0'.repeat(64));
    const refused = await zhang.post('/runs', { ...body, envelope: request.envelope }, { 'idempotency-key': 'fenced-by-v1-other' });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('run_content_changed');
  });
});
