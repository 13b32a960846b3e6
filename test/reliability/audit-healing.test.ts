import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDynalite, type LocalDynamo } from '../../functions/local/dynalite';
import { seedSampleData } from '../../functions/local/seed';
import type { AuditEvent, Store } from '../../functions/store/types';
import { REPO_ROOT, SAMPLE_DATASET, SAMPLE_RULESET } from '../support/api';
import { freshStore } from '../support/store';
import { handlersOn, type Actor } from './support/handlers';

const creator: Actor = { user: 'zhang', role: 'finance' };
const approver: Actor = { user: 'li', role: 'finance' };
const editor: Actor = { user: 'wang', role: 'policy' };
const publisher: Actor = { user: 'zhao', role: 'policy' };

/** The real store, except that the next audit write of `action` fails as a dying connection would. */
function failingOnceFor(store: Store, action: string) {
  let armed = true;
  return {
    ...store,
    appendAudit: async (event: Parameters<Store['appendAudit']>[0]) => {
      if (armed && event.action === action) {
        armed = false;
        throw Object.assign(new Error('socket hang up'), { name: 'InternalServerError' });
      }
      return store.appendAudit(event);
    },
  } satisfies Store;
}

async function trail(store: Store, action: string, subject: string): Promise<AuditEvent[]> {
  const page = await store.listAudit({ limit: 1000 });
  return page.items.filter((event) => event.action === action && event.subject === subject);
}

let dynamo: LocalDynamo;
let store: Store;
beforeAll(async () => {
  dynamo = await startDynalite();
  store = await freshStore(dynamo.endpoint);
  await seedSampleData(store, REPO_ROOT, () => {});
});
afterAll(() => dynamo?.close());

describe('a change whose audit write fails is recorded by the same person’s retry, exactly once', () => {
  it('approval', async () => {
    const healthy = handlersOn(store);
    const run = await healthy(creator, 'POST', '/runs', { json: { ruleSetId: SAMPLE_RULESET, version: 1, datasetId: SAMPLE_DATASET, fiscalYear: 2026, envelope: { policy: 'none' } } });
    expect(run.status).toBe(201);
    const runId = run.body.runId as string;

    const first = await handlersOn(failingOnceFor(store, 'run.approve'))(approver, 'POST', `/runs/${runId}/approve`);
    expect(first.status).toBe(500);
    expect(await trail(store, 'run.approve', runId)).toHaveLength(0);

    const retry = await healthy(approver, 'POST', `/runs/${runId}/approve`);
    expect(retry.status).toBe(200);
    const again = await healthy(approver, 'POST', `/runs/${runId}/approve`);
    expect(again.status).toBe(200);
    const events = await trail(store, 'run.approve', runId);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actor: approver.user, at: retry.body.approvedAt });
    // Anyone else still meets the approval already made.
    expect((await healthy({ user: 'wu', role: 'finance' }, 'POST', `/runs/${runId}/approve`)).status).toBe(409);
  });

  it('publication', async () => {
    const healthy = handlersOn(store);
    const draft = await healthy(editor, 'POST', `/rulesets/${SAMPLE_RULESET}/drafts`, { json: { changeNote: 'audit healing' } });
    expect(draft.status).toBe(201);
    const draftId = draft.body.draftId as string;
    const ruleSet = { ...draft.body.content, name: `${draft.body.content.name}（修订）` };
    const saved = await healthy(editor, 'PUT', `/rulesets/${SAMPLE_RULESET}/drafts/${draftId}`, { json: { revision: draft.body.revision, ruleSet } });
    expect(saved.status).toBe(200);

    const first = await handlersOn(failingOnceFor(store, 'ruleset.publish'))(publisher, 'POST', `/rulesets/${SAMPLE_RULESET}/drafts/${draftId}/publish`, { json: { revision: saved.body.revision } });
    expect(first.status).toBe(500);
    const versionsBefore = (await healthy(publisher, 'GET', `/rulesets/${SAMPLE_RULESET}/versions`)).body.items.length;

    const retry = await healthy(publisher, 'POST', `/rulesets/${SAMPLE_RULESET}/drafts/${draftId}/publish`, { json: { revision: saved.body.revision } });
    expect(retry.status).toBe(201);
    const subject = `${SAMPLE_RULESET}/v${retry.body.version}`;
    expect(await trail(store, 'ruleset.publish', subject)).toHaveLength(1);
    expect((await healthy(publisher, 'GET', `/rulesets/${SAMPLE_RULESET}/versions`)).body.items.length).toBe(versionsBefore);
  });
});
