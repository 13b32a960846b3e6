import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE_DATASET, SAMPLE_RULESET, startApi, type ApiClient } from '../support/api';

describe('policy flow through the local API: draft → edit → stale edit → simulate → publish', () => {
  let api: Awaited<ReturnType<typeof startApi>>;
  let wang: ApiClient;
  let zhao: ApiClient;
  beforeAll(async () => {
    api = await startApi();
    wang = api.as('王政策');
    zhao = api.as('赵审定');
  });
  afterAll(() => api.service.close());

  let draftId: string;
  let edited: { revision: number; ruleSet: Record<string, any> };

  it('copies the latest published version into a draft', async () => {
    const created = await wang.post(`/rulesets/${SAMPLE_RULESET}/drafts`, { changeNote: '提高二档标准' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ revision: 1, status: 'draft', baseVersion: 1, createdBy: '王政策', validation: { ok: true } });
    draftId = created.body.draftId;
    const published = await wang.get(`/rulesets/${SAMPLE_RULESET}/versions/latest`);
    expect(created.body.content).toEqual(published.body.ruleSet);
  });

  it('saves an edit at the revision read and refuses a stale one without losing the first', async () => {
    const read = await wang.get(`/rulesets/${SAMPLE_RULESET}/drafts/${draftId}`);
    const ruleSet = structuredClone(read.body.content);
    const tier = ruleSet.tiers.find((t: { code: string }) => t.code === 'T2');
    tier.perStudent = String(Number(tier.perStudent) + 500);
    const saved = await wang.put(`/rulesets/${SAMPLE_RULESET}/drafts/${draftId}`, { revision: read.body.revision, ruleSet });
    expect(saved.status).toBe(200);
    expect(saved.body.revision).toBe(2);
    edited = { revision: 2, ruleSet };

    const stale = await zhao.put(`/rulesets/${SAMPLE_RULESET}/drafts/${draftId}`, { revision: read.body.revision, ruleSet: read.body.content });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('stale_revision');
    expect((await wang.get(`/rulesets/${SAMPLE_RULESET}/drafts/${draftId}`)).body.content).toEqual(ruleSet);
  });

  it('reports an invalid edit with JSON paths on validate, and publishing it is 422', async () => {
    const broken = structuredClone(edited.ruleSet);
    broken.categories[0].tier = 'T9';
    const draft = await wang.post(`/rulesets/${SAMPLE_RULESET}/drafts`, { ruleSet: broken });
    expect(draft.body.validation.ok).toBe(false);
    const validated = await wang.post(`/rulesets/${SAMPLE_RULESET}/drafts/${draft.body.draftId}/validate`);
    expect(validated.body).toMatchObject({ ok: false, problems: [{ path: 'categories[0].tier' }] });
    const publish = await zhao.post(`/rulesets/${SAMPLE_RULESET}/drafts/${draft.body.draftId}/publish`, { revision: draft.body.revision });
    expect(publish.status).toBe(422);
    expect(publish.body.error.details[0].path).toBe('ruleSet.categories[0].tier');
  });

  it('simulates the draft against the published version on the sample enrolment', async () => {
    const simulated = await wang.post('/simulations', {
      base: { ruleSetId: SAMPLE_RULESET, version: 1 },
      candidate: { draftId },
      datasetId: SAMPLE_DATASET,
      envelope: { policy: 'none' },
    });
    expect(simulated.status).toBe(200);
    const { comparison } = simulated.body;
    expect(comparison.ruleSetDiff).toBeTruthy();
    const moved = comparison.schools.filter((s: { delta: string }) => s.delta !== '0.00' && s.delta !== '0');
    expect(moved.length).toBeGreaterThan(0);
    for (const school of moved) expect(school.delta.startsWith('-')).toBe(false);

    const inline = await wang.post('/simulations', { base: { ruleSetId: SAMPLE_RULESET, version: 'latest' }, candidate: { ruleSet: { ...edited.ruleSet, tiers: [] } }, datasetId: SAMPLE_DATASET });
    expect(inline.status).toBe(422);
    expect(inline.body.error.details[0].path).toMatch(/^body\.candidate\.ruleSet\.tiers/);
  });

  it('publishes only by someone other than the last editor, as version 2', async () => {
    const own = await wang.post(`/rulesets/${SAMPLE_RULESET}/drafts/${draftId}/publish`, { revision: edited.revision });
    expect(own.status).toBe(409);
    expect(own.body.error.code).toBe('same_person');
    const stale = await zhao.post(`/rulesets/${SAMPLE_RULESET}/drafts/${draftId}/publish`, { revision: 1 });
    expect(stale.status).toBe(409);
    const published = await zhao.post(`/rulesets/${SAMPLE_RULESET}/drafts/${draftId}/publish`, { revision: edited.revision });
    expect(published.status).toBe(201);
    expect(published.body).toMatchObject({ version: 2, author: '王政策', publishedBy: '赵审定', baseVersion: 1, changeNote: '提高二档标准' });
    expect((await zhao.post(`/rulesets/${SAMPLE_RULESET}/drafts/${draftId}/publish`, { revision: edited.revision })).status).toBe(201);
    expect((await api.as('管理员').post(`/rulesets/${SAMPLE_RULESET}/drafts/${draftId}/publish`, { revision: edited.revision })).status).toBe(409);
    expect((await zhao.post(`/rulesets/${SAMPLE_RULESET}/drafts/${draftId}/publish`)).status).toBe(400);

    const latest = await wang.get(`/rulesets/${SAMPLE_RULESET}/versions/latest`);
    expect(latest.body.version).toBe(2);
    expect(latest.body.ruleSet).toEqual(edited.ruleSet);
    const versions = await wang.get(`/rulesets/${SAMPLE_RULESET}/versions`);
    expect(versions.body.items.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    const diff = await api.as('张会计').get(`/rulesets/${SAMPLE_RULESET}/diff?from=1&to=2`);
    expect(diff.status).toBe(200);
    expect(JSON.stringify(diff.body.diff)).toContain('T2');
  });

  it('refuses publishing a draft based on a version that is no longer the latest', async () => {
    const seeded = await zhao.post(`/rulesets/${SAMPLE_RULESET}/drafts/seed-candidate/publish`, { revision: 1 });
    expect(seeded.status).toBe(409);
    expect(seeded.body.error.code).toBe('stale_revision');
  });

  it('leaves who did what in the audit trail', async () => {
    const trail = await api.as('管理员').get('/audit?limit=100');
    const entries = trail.body.items.map((e: { action: string; actor: string; subject: string }) => `${e.action}:${e.actor}:${e.subject}`);
    expect(entries).toEqual(expect.arrayContaining([`draft.create:王政策:${SAMPLE_RULESET}/${draftId}`, `draft.edit:王政策:${SAMPLE_RULESET}/${draftId}`, `ruleset.publish:赵审定:${SAMPLE_RULESET}/v2`]));
    expect(entries.some((e: string) => e.startsWith('draft.edit:赵审定'))).toBe(false);
  });
});
