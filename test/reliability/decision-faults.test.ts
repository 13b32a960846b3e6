import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDynalite, type LocalDynamo } from '../../functions/local/dynalite';
import type { DynamoConnection } from '../../functions/store/client';
import { createDynamoStore } from '../../functions/store/dynamo-store';
import { currentRunKey, runKey } from '../../functions/store/keys';
import { putItem } from '../../functions/store/ops';
import type { Store } from '../../functions/store/types';
import { sampleRuleSet } from '../support/fixtures';
import { freshStore } from '../support/store';
import { faultyConnection } from './support/faulty';
import { handlersOn, type Actor } from './support/handlers';

const creator: Actor = { user: 'zhang', role: 'finance' };
const li: Actor = { user: 'li', role: 'finance' };
const wu: Actor = { user: 'wu', role: 'finance' };

let dynamo: LocalDynamo;
let store: Store & { connection: DynamoConnection };
beforeAll(async () => {
  dynamo = await startDynalite();
  store = (await freshStore(dynamo.endpoint)) as Store & { connection: DynamoConnection };
});
afterAll(() => dynamo?.close());

let counter = 0;
/** A current run and a new run under review, in a series of their own. */
async function series() {
  const ruleSetId = `rs-f${++counter}`;
  const request = { ruleSetId, version: 1, datasetId: 'ds', fiscalYear: 2026, envelope: { policy: 'none' }, excludeInvalid: false };
  const createdAt = new Date().toISOString();
  const base = { status: 'complete', request, requestHash: 'h', createdBy: creator.user, createdBySub: creator.user, createdAt, GSI1PK: 'RUNS' };
  const old = `${ruleSetId}-old`;
  const next = `${ruleSetId}-new`;
  const approval = { by: wu.user, bySub: wu.user, at: '2026-03-01T01:00:00.000Z' };
  await putItem(store.connection, { ...runKey(old), runId: old, ...base, GSI1SK: `${createdAt}#${old}`, lifecycle: 'approved', approval, approvedBy: wu.user, approvedBySub: wu.user, approvedAt: approval.at });
  await putItem(store.connection, { ...currentRunKey(ruleSetId, 2026), ruleSetId, fiscalYear: 2026, runId: old, since: approval.at });
  await putItem(store.connection, { ...runKey(next), runId: next, ...base, GSI1SK: `${createdAt}#${next}` });
  return { ruleSetId, old, next, since: new Date().toISOString() };
}

describe('a DynamoDB failure at every write of an approval that supersedes the current run', () => {
  const approve = (s: { old: string; next: string }) => ({ json: { supersedes: s.old, comment: '更正后重算' } });

  for (const retrier of [li, wu]) {
    it(`is finished by ${retrier === li ? 'the approver' : 'another person'} retrying: one current run, no claim left, each record once`, async () => {
      const probe = faultyConnection(store.connection);
      const reference = await series();
      expect((await handlersOn(createDynamoStore(probe.connection))(li, 'POST', `/runs/${reference.next}/approve`, approve(reference))).status).toBe(200);
      const totalWrites = probe.state.writes;
      expect(totalWrites).toBeGreaterThanOrEqual(7);

      for (let k = 0; k < totalWrites; k++) {
        const s = await series();
        const faulty = faultyConnection(store.connection);
        faulty.state.failAfter = k;
        const crashed = await handlersOn(createDynamoStore(faulty.connection))(li, 'POST', `/runs/${s.next}/approve`, approve(s));
        expect(crashed.status, `k=${k}`).toBe(500);

        // Whatever was written, one run counts and readers agree on which.
        const listed = (await handlersOn(store)(creator, 'GET', '/runs?limit=500')).body.items.filter((r: { runId: string }) => r.runId.startsWith(s.ruleSetId));
        expect(listed.filter((r: { current: boolean }) => r.current), `k=${k}`).toHaveLength(1);

        const retried = await handlersOn(store)(retrier, 'POST', `/runs/${s.next}/approve`, approve(s));
        // Claimed before the crash: the retry finishes li's approval (another person is then told it is approved).
        const claimed = k >= 1;
        if (retrier === li || !claimed) expect(retried.status, `k=${k}: ${JSON.stringify(retried.body)}`).toBe(200);
        else expect(retried.body.error?.code, `k=${k}`).toBe('already_approved');

        const [next, old] = await store.getRunHeaders([s.next, s.old]);
        expect(next, `k=${k}`).toMatchObject({ lifecycle: 'approved', approvedBy: claimed ? li.user : retrier.user });
        expect(next!.pending, `k=${k}`).toBeUndefined();
        expect(old, `k=${k}`).toMatchObject({ lifecycle: 'superseded', supersededBy: { runId: s.next } });
        expect(await store.getCurrentRun(s.ruleSetId, 2026), `k=${k}`).toMatchObject({ runId: s.next, previousRunId: s.old });
        const trail = (await store.listAudit({ limit: 30 })).items.filter((e) => e.subject.startsWith(s.ruleSetId));
        expect(trail.map((e) => `${e.action} ${e.subject} ${e.actor}`).sort(), `k=${k}`).toEqual([`run.approve ${s.next} ${next!.approvedBy}`, `run.supersede ${s.old} ${next!.approvedBy}`]);
        const events = (await store.listOutbox({ after: s.since })).items.filter((e) => e.subject.startsWith(s.ruleSetId));
        expect(events.map((e) => `${e.type} ${e.subject}`).sort(), `k=${k}`).toEqual([`run.approved ${s.next}`, `run.superseded ${s.old}`]);
      }
    }, 300_000);
  }

  it('a return interrupted at every write is finished by the next person to touch the run', async () => {
    const probe = faultyConnection(store.connection);
    const reference = await series();
    expect((await handlersOn(createDynamoStore(probe.connection))(li, 'POST', `/runs/${reference.next}/return`, { json: { comment: '人数有误' } })).status).toBe(200);
    for (let k = 1; k < probe.state.writes; k++) {
      const s = await series();
      const faulty = faultyConnection(store.connection);
      faulty.state.failAfter = k;
      expect((await handlersOn(createDynamoStore(faulty.connection))(li, 'POST', `/runs/${s.next}/return`, { json: { comment: '人数有误' } })).status).toBe(500);
      // The creator, meaning to withdraw it, finds it returned: the claim was finished, not lost.
      const withdrawn = await handlersOn(store)(creator, 'POST', `/runs/${s.next}/withdraw`, { json: {} });
      expect(withdrawn.body.error?.code, `k=${k}`).toBe('run_returned');
      expect((await store.findRunHeader(s.next))!).toMatchObject({ lifecycle: 'returned', returned: { by: li.user, comment: '人数有误' } });
      const events = (await store.listOutbox({ after: s.since })).items.filter((e) => e.subject.startsWith(s.ruleSetId));
      expect(events.map((e) => e.type), `k=${k}`).toEqual(['run.returned']);
    }
  }, 300_000);
});

describe('a DynamoDB failure at every write of a publication', () => {
  const wang: Actor = { user: 'wang', role: 'policy' };
  const zhao: Actor = { user: 'zhao', role: 'policy' };
  const qian: Actor = { user: 'qian', role: 'admin' };
  async function draftReady() {
    const ruleSetId = `rs-pf${++counter}`;
    const since = new Date().toISOString();
    const first = await store.createDraft({ ruleSetId, draftId: 'v1', content: sampleRuleSet(ruleSetId), createdBy: 'seed', createdBySub: 'seed', changed: true, createdAt: since });
    await store.publishDraft({ ruleSetId, draftId: 'v1', revision: first.revision, by: 'seed', bySub: 'seed-publisher', at: since });
    const draft = await store.createDraft({ ruleSetId, draftId: 'd', content: sampleRuleSet(ruleSetId), createdBy: wang.user, createdBySub: wang.user, changed: false, baseVersion: 1, createdAt: since });
    const edited = await store.updateDraft({ ruleSetId, draftId: 'd', expectedRevision: draft.revision, content: sampleRuleSet(ruleSetId, '6100'), editor: wang.user, editorSub: wang.user, at: since });
    return { ruleSetId, path: `/rulesets/${ruleSetId}/drafts/d`, revision: edited.revision, since };
  }

  for (const retrier of [zhao, qian]) {
    it(`never leaves the draft publishing: ${retrier === zhao ? 'the publisher' : 'anyone else'} publishing again finishes it, once`, async () => {
      const probe = faultyConnection(store.connection);
      const reference = await draftReady();
      expect((await handlersOn(createDynamoStore(probe.connection))(zhao, 'POST', `${reference.path}/publish`, { json: { revision: reference.revision } })).status).toBe(201);
      const totalWrites = probe.state.writes;
      expect(totalWrites).toBeGreaterThanOrEqual(5);
      for (let k = 0; k < totalWrites; k++) {
        const s = await draftReady();
        const faulty = faultyConnection(store.connection);
        faulty.state.failAfter = k;
        expect((await handlersOn(createDynamoStore(faulty.connection))(zhao, 'POST', `${s.path}/publish`, { json: { revision: s.revision } })).status, `k=${k}`).toBe(500);

        const claimed = k >= 1;
        if (claimed) {
          // While the claim stands a save is refused, so it can never be left out of the version silently.
          const save = await handlersOn(store)(wang, 'PUT', s.path, { json: { revision: s.revision, ruleSet: sampleRuleSet(s.ruleSetId, '7777') } });
          expect(save.body.error?.code, `k=${k}`).toBe('publish_in_progress');
        }
        const retried = await handlersOn(store)(retrier, 'POST', `${s.path}/publish`, { json: { revision: s.revision } });
        if (retrier === zhao || !claimed) expect(retried.status, `k=${k}: ${JSON.stringify(retried.body)}`).toBe(201);
        else expect(retried.body.error?.code, `k=${k}: ${JSON.stringify(retried.body)}`).toBe('already_published');

        const draft = await store.getDraft(s.ruleSetId, 'd');
        expect(draft.publishing, `k=${k}`).toBeUndefined();
        const publishedBy = claimed ? zhao.user : retrier.user;
        expect(draft, `k=${k}`).toMatchObject({ status: 'published', publishedVersion: 2, publishedBy });
        const versions = (await store.listVersions(s.ruleSetId)).items;
        expect(versions.map((v) => `${v.version} ${v.publishedBy} ${v.draftRevision}`), `k=${k}`).toEqual([`2 ${publishedBy} ${s.revision}`, '1 seed 1']);
        expect((await store.listRuleSets({ limit: 500 })).items.find((r) => r.ruleSetId === s.ruleSetId)?.latestVersion, `k=${k}`).toBe(2);
        const trail = (await store.listAudit({ limit: 30 })).items.filter((e) => e.subject === `${s.ruleSetId}/v2`);
        expect(trail.map((e) => `${e.action} ${e.actor}`), `k=${k}`).toEqual([`ruleset.publish ${publishedBy}`]);
        const events = (await store.listOutbox({ after: s.since })).items.filter((e) => e.subject === `${s.ruleSetId}/v2`);
        expect(events.map((e) => e.type), `k=${k}`).toEqual(['ruleset.published']);
      }
    }, 300_000);
  }
});
