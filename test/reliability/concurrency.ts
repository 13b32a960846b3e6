import { beforeAll, describe, expect, it } from 'vitest';
import { seedSampleData } from '../../functions/local/seed';
import type { Store } from '../../functions/store/types';
import { REPO_ROOT, SAMPLE_DATASET, SAMPLE_RULESET } from '../support/api';
import { handlersOn, type Actor, type HandlerCall } from './support/handlers';

const CLIENTS = 8;
const editors: Actor[] = Array.from({ length: CLIENTS }, (_, i) => ({ user: `editor-${i}`, role: 'policy' }));
const publishers: Actor[] = [{ user: 'publisher-a', role: 'policy' }, { user: 'publisher-b', role: 'admin' }];
const creator: Actor = { user: 'zhang', role: 'finance' };
const approvers: Actor[] = [{ user: 'li', role: 'finance' }, { user: 'wu', role: 'finance' }, { user: 'root', role: 'admin' }];
const runRequest = { ruleSetId: SAMPLE_RULESET, version: 1, datasetId: SAMPLE_DATASET, fiscalYear: 2026, envelope: { policy: 'none' } };

/** Races through the real handlers, written once and run on each DynamoDB back end. */
export function describeConcurrency(backEnd: string, openStore: () => Promise<Store>): void {
  describe(`concurrency on ${backEnd}`, () => {
    let store: Store;
    let call: HandlerCall;
    beforeAll(async () => {
      store = await openStore();
      await seedSampleData(store, REPO_ROOT, () => {});
      call = handlersOn(store);
    });

    const newDraft = async () => {
      const created = await call(editors[0]!, 'POST', `/rulesets/${SAMPLE_RULESET}/drafts`, { json: {} });
      expect(created.status).toBe(201);
      return `/rulesets/${SAMPLE_RULESET}/drafts/${created.body.draftId}`;
    };

    it(`${CLIENTS} clients saving one revision: exactly one wins, the others get 409 and nothing changes for them`, async () => {
      const path = await newDraft();
      const { body: draft } = await call(editors[0]!, 'GET', path);
      const replies = await Promise.all(
        editors.map((editor) => call(editor, 'PUT', path, { json: { revision: draft.revision, ruleSet: { ...draft.content, name: `by ${editor.user}` } } })),
      );
      const winners = replies.filter((r) => r.status === 200);
      expect(winners).toHaveLength(1);
      expect(replies.filter((r) => r.status === 409).every((r) => r.body.error.code === 'stale_revision')).toBe(true);
      expect(replies.filter((r) => r.status === 409)).toHaveLength(CLIENTS - 1);
      const after = (await call(editors[0]!, 'GET', path)).body;
      expect(after.revision).toBe(draft.revision + 1);
      expect(after.content.name).toBe(winners[0]!.body.content.name);
      expect(after.lastEditor).toBe(winners[0]!.body.lastEditor);
    });

    it(`${CLIENTS} clients each adding a tier, re-reading on 409: every edit lands, one revision each`, async () => {
      const path = await newDraft();
      const start = (await call(editors[0]!, 'GET', path)).body.revision;
      let conflicts = 0;
      await Promise.all(
        editors.map(async (editor, i) => {
          for (let attempt = 0; attempt < 50; attempt++) {
            const { body: draft } = await call(editor, 'GET', path);
            const tiers = [...draft.content.tiers, { code: `X${i}`, name: editor.user, perStudent: String(1000 + i) }];
            const saved = await call(editor, 'PUT', path, { json: { revision: draft.revision, ruleSet: { ...draft.content, tiers } } });
            if (saved.status === 200) return;
            expect(saved.status).toBe(409);
            conflicts++;
          }
          throw new Error(`${editor.user} never got its edit in`);
        }),
      );
      const final = (await call(editors[0]!, 'GET', path)).body;
      expect(final.revision).toBe(start + CLIENTS);
      expect(final.content.tiers.map((t: { code: string }) => t.code).filter((c: string) => c.startsWith('X')).sort()).toEqual(editors.map((_, i) => `X${i}`).sort());
      expect(conflicts).toBeGreaterThan(0);
    });

    it('two people publishing the same draft at once make one version', async () => {
      const path = await newDraft();
      const before = (await call(publishers[0]!, 'GET', `/rulesets/${SAMPLE_RULESET}/versions`)).body.items.length;
      const { body: draft } = await call(publishers[0]!, 'GET', path);
      const replies = await Promise.all(publishers.map((publisher) => call(publisher, 'POST', `${path}/publish`, { json: { revision: draft.revision } })));
      expect(replies.map((r) => r.status).sort()).toEqual([201, 409]);
      const versions = (await call(publishers[0]!, 'GET', `/rulesets/${SAMPLE_RULESET}/versions`)).body.items;
      expect(versions).toHaveLength(before + 1);
      const winner = replies.find((r) => r.status === 201)!.body;
      expect(versions[0]).toMatchObject({ version: winner.version, publishedBy: winner.publishedBy });
      expect((await call(editors[0]!, 'GET', path)).body).toMatchObject({ status: 'published', publishedVersion: winner.version });
    });

    it('the same run requested concurrently with one client key makes one run', async () => {
      const replies = await Promise.all(Array.from({ length: 4 }, () => call(creator, 'POST', '/runs', { json: runRequest, headers: { 'idempotency-key': `race-${backEnd}` } })));
      expect(replies.every((r) => r.status === 200 || r.status === 201), JSON.stringify(replies.map((r) => r.body))).toBe(true);
      const ids = new Set(replies.map((r) => r.body.runId));
      expect(ids.size).toBe(1);
      const [runId] = ids;
      const listed = (await call(creator, 'GET', '/runs?limit=500')).body.items.filter((r: { runId: string }) => r.runId === runId);
      expect(listed).toHaveLength(1);
      expect(listed[0].status).toBe('complete');
    });

    it('approvals racing each other give one approval and one audit event', async () => {
      const created = await call(creator, 'POST', '/runs', { json: runRequest });
      const runId = created.body.runId;
      const replies = await Promise.all(approvers.map((approver) => call(approver, 'POST', `/runs/${runId}/approve`)));
      const won = replies.filter((r) => r.status === 200);
      expect(won).toHaveLength(1);
      expect(replies.filter((r) => r.status === 409).map((r) => r.body.error.code)).toEqual(['already_approved', 'already_approved']);
      expect((await call(creator, 'GET', `/runs/${runId}`)).body.approvedBy).toBe(won[0]!.body.approvedBy);
      const trail = (await call(creator, 'GET', '/audit?limit=500')).body.items.filter((e: { action: string; subject: string }) => e.action === 'run.approve' && e.subject === runId);
      expect(trail).toHaveLength(1);
      expect(trail[0].actor).toBe(won[0]!.body.approvedBy);
    });
  });
}
