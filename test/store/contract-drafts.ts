import { render } from '../../messages/index';
import { describe, expect, it } from 'vitest';
import { SamePersonError, StaleRevisionError, StateConflictError, StoreError } from '../../functions/store/errors';
import type { Store } from '../../functions/store/types';
import { sampleRuleSet } from '../support/fixtures';

const at = (second: number) => new Date(Date.UTC(2026, 2, 1, 0, 0, second)).toISOString();
const CJK = /[\u4e00-\u9fff]/;

/** Four-eyes publishing by identity (issue 13): nobody who changed a revision since the base version publishes it. */
export function describeDraftContract(getStore: () => Store): void {
  let counter = 0;
  /** A published version 1 and a draft copied from it, unchanged. */
  async function draftFromVersion(creator = 'wang') {
    const ruleSetId = `rs-4e${++counter}`;
    const first = await getStore().createDraft({ ruleSetId, draftId: 'v1', content: sampleRuleSet(ruleSetId), createdBy: 'seed', createdBySub: 'seed', changed: true, createdAt: at(1) });
    await getStore().publishDraft({ ruleSetId, draftId: 'v1', revision: first.revision, by: 'zhao', bySub: 'zhao', at: at(2) });
    const draft = await getStore().createDraft({ ruleSetId, draftId: 'd', content: sampleRuleSet(ruleSetId), createdBy: creator, createdBySub: creator, changed: false, baseVersion: 1, createdAt: at(3) });
    return { ruleSetId, draft };
  }
  const save = (ruleSetId: string, revision: number, t1: string, who: { by: string; sub: string }) =>
    getStore().updateDraft({ ruleSetId, draftId: 'd', expectedRevision: revision, content: sampleRuleSet(ruleSetId, t1), editor: who.by, editorSub: who.sub, at: at(4) });
  const publish = (ruleSetId: string, revision: number, who: { by: string; sub: string }) =>
    getStore().publishDraft({ ruleSetId, draftId: 'd', revision, by: who.by, bySub: who.sub, at: at(5) });
  const wang = { by: '王政策', sub: 'sub-wang' };
  const zhao = { by: '赵审定', sub: 'sub-zhao' };
  const qian = { by: '钱处长', sub: 'sub-qian' };

  describe('four-eyes publishing', () => {
    it("a colleague's save that changes nothing does not let the author publish, and leaves the colleague free to", async () => {
      const { ruleSetId, draft } = await draftFromVersion(wang.sub);
      const edited = await save(ruleSetId, draft.revision, '6100', wang);
      expect(edited.editorNames).toEqual([wang.by]);
      const unchanged = await save(ruleSetId, edited.revision, '6100', zhao);
      expect(unchanged).toMatchObject({ revision: edited.revision + 1, lastEditor: zhao.by, editors: [wang.sub] });
      const refused = await publish(ruleSetId, unchanged.revision, wang).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(SamePersonError);
      expect(render((refused as StoreError).text, 'zh')).toMatch(CJK);
      expect(render((refused as StoreError).text, 'zh')).toContain(wang.by);
      expect(await publish(ruleSetId, unchanged.revision, zhao)).toMatchObject({ version: 2, publishedBy: zhao.by, draftRevision: unchanged.revision });
    });

    it('refuses everyone who changed any revision, not only the last editor', async () => {
      const { ruleSetId, draft } = await draftFromVersion();
      const first = await save(ruleSetId, draft.revision, '6100', wang);
      const second = await save(ruleSetId, first.revision, '6200', zhao);
      expect(second.editors).toEqual([wang.sub, zhao.sub].sort());
      await expect(publish(ruleSetId, second.revision, wang)).rejects.toBeInstanceOf(SamePersonError);
      await expect(publish(ruleSetId, second.revision, zhao)).rejects.toBeInstanceOf(SamePersonError);
      expect(await publish(ruleSetId, second.revision, qian)).toMatchObject({ version: 2, author: zhao.by });
    });

    it('compares subjects, never display names', async () => {
      const { ruleSetId, draft } = await draftFromVersion();
      const edited = await save(ruleSetId, draft.revision, '6100', wang);
      await expect(publish(ruleSetId, edited.revision, { by: '另一个名字', sub: wang.sub })).rejects.toBeInstanceOf(SamePersonError);
      expect(await publish(ruleSetId, edited.revision, { by: wang.by, sub: 'sub-someone-else' })).toMatchObject({ version: 2 });
    });

    it('makes the creator of a draft with new content its author; a copy of a version makes nobody one', async () => {
      const { ruleSetId } = await draftFromVersion();
      const created = await getStore().createDraft({ ruleSetId, draftId: 'whole', content: sampleRuleSet(ruleSetId, '7000'), createdBy: qian.by, createdBySub: qian.sub, changed: true, baseVersion: 1, createdAt: at(6) });
      expect(created.editors).toEqual([qian.sub]);
      await expect(getStore().publishDraft({ ruleSetId, draftId: 'whole', revision: 1, by: qian.by, bySub: qian.sub, at: at(7) })).rejects.toBeInstanceOf(SamePersonError);
      expect((await getStore().getDraft(ruleSetId, 'd')).editors).toBeUndefined();
    });

    it('publishes only the revision named: a later save makes it 409 and the save is kept', async () => {
      const { ruleSetId, draft } = await draftFromVersion();
      const reviewed = await save(ruleSetId, draft.revision, '6100', wang);
      const later = await save(ruleSetId, reviewed.revision, '6300', qian);
      const refused = await publish(ruleSetId, reviewed.revision, zhao).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(StaleRevisionError);
      expect(render((refused as StoreError).text, 'zh')).toMatch(CJK);
      expect((await getStore().getDraft(ruleSetId, 'd')).revision).toBe(later.revision);
      expect((await publish(ruleSetId, later.revision, zhao)).ruleSet.tiers[0]!.perStudent).toBe('6300');
    });

    it('releases the claim and says so when the base version was overtaken; the draft can be saved again', async () => {
      const { ruleSetId, draft } = await draftFromVersion();
      const other = await getStore().createDraft({ ruleSetId, draftId: 'other', content: sampleRuleSet(ruleSetId, '6400'), createdBy: qian.by, createdBySub: qian.sub, changed: true, baseVersion: 1, createdAt: at(6) });
      await getStore().publishDraft({ ruleSetId, draftId: 'other', revision: other.revision, by: zhao.by, bySub: zhao.sub, at: at(7) });
      const edited = await save(ruleSetId, draft.revision, '6100', wang);
      const submitted = await getStore().submitDraft({ ruleSetId, draftId: 'd', expectedRevision: edited.revision, by: wang.by, at: at(8) });
      const refused = await publish(ruleSetId, submitted.revision, zhao).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(StaleRevisionError);
      expect(render((refused as StoreError).text, 'zh')).toMatch(/新版本/);
      const after = await getStore().getDraft(ruleSetId, 'd');
      expect(after).toMatchObject({ status: 'submitted', revision: submitted.revision });
      expect(after.publishing).toBeUndefined();
      await save(ruleSetId, submitted.revision, '6150', wang);
    });

    it('refuses a save while publishing and after, naming why', async () => {
      const { ruleSetId, draft } = await draftFromVersion();
      const edited = await save(ruleSetId, draft.revision, '6100', wang);
      await publish(ruleSetId, edited.revision, zhao);
      const refused = await save(ruleSetId, edited.revision, '9999', wang).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(StateConflictError);
      expect((refused as StateConflictError).code).toBe('already_published');
    });
  });
}
