import { beforeAll, describe, expect, it } from 'vitest';
import type { DynamoConnection } from '../../functions/store/client';
import { createDynamoStore } from '../../functions/store/dynamo-store';
import type { Store } from '../../functions/store/types';
import { sampleRuleSet } from '../support/fixtures';
import { explore } from '../support/interleave';
import { handlersOn, type Actor, type HandlerReply } from './support/handlers';

const author: Actor = { user: 'wang', role: 'policy' };
const colleague: Actor = { user: 'qian', role: 'policy' };
const publisher: Actor = { user: 'zhao', role: 'policy' };
const otherPublisher: Actor = { user: 'root', role: 'admin' };

/**
 * Issue 15's invariant for drafts: an acknowledged save is in the published version or the save was refused (409).
 * The fencing value is the draft's revision (saves and the publish claim both condition on it, and on the draft
 * being editable). Every interleaving of the two requests' DynamoDB commands within `preemptions` switches.
 */
export function describeDraftInterleavings(backEnd: string, openStore: () => Promise<Store>, preemptions = 2): void {
  describe(`draft saves and publishing interleaved on ${backEnd}`, () => {
    let store: Store & { connection: DynamoConnection };
    beforeAll(async () => {
      store = (await openStore()) as Store & { connection: DynamoConnection };
    });

    /** Version 1, and a draft of it the author changed (revision 2), ready to publish. */
    async function setup(n: number) {
      const ruleSetId = `rs-di${n}-${Math.random().toString(36).slice(2, 7)}`;
      const first = await store.createDraft({ ruleSetId, draftId: 'v1', content: sampleRuleSet(ruleSetId), createdBy: 'seed', createdBySub: 'seed', changed: true, createdAt: new Date().toISOString() });
      await store.publishDraft({ ruleSetId, draftId: 'v1', revision: first.revision, by: 'seed-publisher', bySub: 'seed-publisher', at: new Date().toISOString() });
      const draft = await store.createDraft({ ruleSetId, draftId: 'd', content: sampleRuleSet(ruleSetId), createdBy: author.user, createdBySub: author.user, changed: false, baseVersion: 1, createdAt: new Date().toISOString() });
      const edited = await store.updateDraft({ ruleSetId, draftId: 'd', expectedRevision: draft.revision, content: sampleRuleSet(ruleSetId, '6100'), editor: author.user, editorSub: author.user, at: new Date().toISOString() });
      return { ruleSetId, path: `/rulesets/${ruleSetId}/drafts/d`, revision: edited.revision };
    }
    const call = (connection: DynamoConnection, actor: Actor, method: string, path: string, json: object) => handlersOn(createDynamoStore(connection))(actor, method, path, { json });
    const settled = (replies: PromiseSettledResult<HandlerReply>[]) => replies.map((r) => (r.status === 'fulfilled' ? r.value : { status: 0, body: String(r.reason) }));

    it('a save and a publish of the revision before it: the save is published or refused, never lost', async () => {
      const { schedules } = await explore(store.connection, {
        setup,
        operations: [
          (s, c) => call(c, colleague, 'PUT', s.path, { revision: s.revision, ruleSet: sampleRuleSet(s.ruleSetId, '6500') }),
          (s, c) => call(c, publisher, 'POST', `${s.path}/publish`, { revision: s.revision }),
        ],
        check: async (s, replies, schedule) => {
          const [saved, published] = settled(replies);
          expect([saved!.status, published!.status].sort(), `${schedule}: ${JSON.stringify([saved!.body, published!.body])}`).toEqual(published!.status === 201 ? [201, 409] : [200, 409]);
          const draft = await store.getDraft(s.ruleSetId, 'd');
          expect(draft.publishing, schedule).toBeUndefined();
          const versions = (await store.listVersions(s.ruleSetId)).items;
          if (saved!.status === 200) {
            // Acknowledged: the save is the draft's content, and nothing was published without it.
            expect(saved!.body.revision, schedule).toBe(s.revision + 1);
            expect(draft).toMatchObject({ status: 'draft', revision: s.revision + 1 });
            expect((draft.content as { tiers: { perStudent: string }[] }).tiers[0]!.perStudent, schedule).toBe('6500');
            expect(versions.map((v) => v.version), schedule).toEqual([1]);
            expect(published!.body.error.code, schedule).toMatch(/^(stale_revision|publish_in_progress)$/);
          } else {
            expect(saved!.body.error.code, schedule).toMatch(/^(stale_revision|publish_in_progress|already_published)$/);
            const version = await store.getVersion(s.ruleSetId, 2);
            expect(version.ruleSet.tiers[0]!.perStudent, schedule).toBe('6100');
            expect(draft).toMatchObject({ status: 'published', publishedVersion: 2, revision: s.revision });
          }
        },
        maxPreemptions: preemptions,
      });
      expect(schedules).toBeGreaterThan(20);
    }, 600_000);

    it('two publishers of the same revision: one version, the other is told it is published', async () => {
      await explore(store.connection, {
        setup,
        operations: [
          (s, c) => call(c, publisher, 'POST', `${s.path}/publish`, { revision: s.revision }),
          (s, c) => call(c, otherPublisher, 'POST', `${s.path}/publish`, { revision: s.revision }),
        ],
        check: async (s, replies, schedule) => {
          const outcome = settled(replies);
          expect(outcome.map((r) => r.status).sort(), `${schedule}: ${JSON.stringify(outcome.map((r) => r.body))}`).toEqual([201, 409]);
          expect(outcome.find((r) => r.status === 409)!.body.error.code, schedule).toMatch(/^(already_published|publish_in_progress)$/);
          expect((await store.listVersions(s.ruleSetId)).items.map((v) => v.version), schedule).toEqual([2, 1]);
          const winner = outcome.find((r) => r.status === 201)!.body;
          expect(await store.getDraft(s.ruleSetId, 'd'), schedule).toMatchObject({ status: 'published', publishedVersion: 2, publishedBy: winner.publishedBy });
          const trail = (await store.listAudit({ limit: 30 })).items.filter((e) => e.subject === `${s.ruleSetId}/v2`);
          expect(trail.map((e) => `${e.action} ${e.actor}`), schedule).toEqual([`ruleset.publish ${winner.publishedBy}`]);
        },
        maxPreemptions: preemptions,
      });
    }, 600_000);
  });
}
