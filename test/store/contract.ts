import { beforeAll, describe, expect, it } from 'vitest';
import { allocate } from '../../domain/allocate';
import { compactResult, expandResult } from '../../domain/result-form';
import { linesOf } from '../../domain/enrollment-columns';
import { canonicalJson, sha256 } from '../../domain/hash';
import { AlreadyExistsError, NotFoundError, SamePersonError, StaleRevisionError, StateConflictError } from '../../functions/store/errors';
import type { RunHeader, Store } from '../../functions/store/types';
import { sampleLines, sampleRuleSet } from '../support/fixtures';
import { describeDecisionContract } from './contract-decisions';
import { describeDraftContract } from './contract-drafts';
import { describeSimulationContract } from './contract-simulations';

const at = (second: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, second)).toISOString();

/** The storage contract, written once and run against every DynamoDB back end (dynalite, DynamoDB Local). */
export function describeStoreContract(backEnd: string, openStore: () => Promise<Store>): void {
  describe(`store contract on ${backEnd}`, () => {
    let store: Store;
    beforeAll(async () => {
      store = await openStore();
    });

    async function publishNew(ruleSetId: string, t1: string, draftId: string, author: string, publisher: string, baseVersion?: number) {
      const ruleSet = sampleRuleSet(ruleSetId, t1);
      const draft = await store.createDraft({ ruleSetId, draftId, content: ruleSet, createdBy: author, createdBySub: author, changed: true, createdAt: at(1), ...(baseVersion ? { baseVersion } : {}) });
      return store.publishDraft({ ruleSetId, draftId, revision: draft.revision, by: publisher, bySub: publisher, at: at(2) });
    }

    it('publishes versions 1, 2… and finds the latest by a descending query', async () => {
      const v1 = await publishNew('rs-order', '6000', 'd1', 'wang', 'zhao');
      const v2 = await publishNew('rs-order', '6100', 'd2', 'wang', 'zhao', 1);
      expect([v1.version, v2.version]).toEqual([1, 2]);
      expect((await store.getLatestVersion('rs-order'))?.ruleSet.tiers[0]?.perStudent).toBe('6100');
      expect((await store.getVersion('rs-order', 1)).ruleSet.tiers[0]?.perStudent).toBe('6000');
      const listed = await store.listVersions('rs-order');
      expect(listed.items.map((v) => v.version)).toEqual([2, 1]);
      expect(listed.items[0]).toMatchObject({ author: 'wang', publishedBy: 'zhao', baseVersion: 1, draftId: 'd2' });
      const sets = await store.listRuleSets();
      expect(sets.items.find((s) => s.ruleSetId === 'rs-order')).toMatchObject({ latestVersion: 2, name: '测试规则' });
      await expect(store.getVersion('rs-order', 3)).rejects.toBeInstanceOf(NotFoundError);
    });

    it('refuses a stale draft revision and keeps the newer edit', async () => {
      const draft = await store.createDraft({ ruleSetId: 'rs-edit', draftId: 'd1', content: { name: 'a' }, createdBy: 'wang', createdAt: at(1) });
      const edited = await store.updateDraft({ ruleSetId: 'rs-edit', draftId: 'd1', expectedRevision: draft.revision, content: { name: 'b' }, editor: 'li', editorSub: 'li', at: at(2) });
      expect(edited).toMatchObject({ revision: 2, lastEditor: 'li', content: { name: 'b' } });
      const stale = store.updateDraft({ ruleSetId: 'rs-edit', draftId: 'd1', expectedRevision: 1, content: { name: 'c' }, editor: 'wang', editorSub: 'wang', at: at(3) });
      await expect(stale).rejects.toBeInstanceOf(StaleRevisionError);
      expect((await store.getDraft('rs-edit', 'd1')).content).toEqual({ name: 'b' });
      await expect(store.updateDraft({ ruleSetId: 'rs-edit', draftId: 'nope', expectedRevision: 1, content: {}, editor: 'x', editorSub: 'x', at: at(4) })).rejects.toBeInstanceOf(NotFoundError);
    });

    it('lists a rule set\'s drafts page by page', async () => {
      for (const id of ['d1', 'd2', 'd3']) await store.createDraft({ ruleSetId: 'rs-drafts', draftId: id, content: { name: id }, createdBy: 'wang', createdAt: at(1) });
      const first = await store.listDrafts('rs-drafts', { limit: 2 });
      expect(first.items.map((d) => d.draftId)).toEqual(['d1', 'd2']);
      const rest = await store.listDrafts('rs-drafts', { limit: 2, cursor: first.cursor! });
      expect(rest.items.map((d) => d.draftId)).toEqual(['d3']);
      expect(rest.cursor).toBeUndefined();
    });

    it('will not let an author publish, and a published draft stays published', async () => {
      const ruleSet = sampleRuleSet('rs-four-eyes');
      const draft = await store.createDraft({ ruleSetId: 'rs-four-eyes', draftId: 'd1', content: ruleSet, createdBy: 'wang', createdBySub: 'wang', changed: true, createdAt: at(1) });
      const publish = (by: string, revision = draft.revision) => store.publishDraft({ ruleSetId: 'rs-four-eyes', draftId: 'd1', revision, by, bySub: by, at: at(3) });
      await expect(publish('wang')).rejects.toBeInstanceOf(SamePersonError);
      const version = await publish('zhao');
      expect(version.version).toBe(1);
      expect(await store.getDraft('rs-four-eyes', 'd1')).toMatchObject({ status: 'published', publishedVersion: 1, publishedBy: 'zhao' });
      // The publisher asking again gets the version it made; anyone else is told it is published.
      expect(await publish('zhao')).toEqual(version);
      await expect(publish('li')).rejects.toBeInstanceOf(StateConflictError);
      await expect(store.updateDraft({ ruleSetId: 'rs-four-eyes', draftId: 'd1', expectedRevision: 1, content: {}, editor: 'wang', editorSub: 'wang', at: at(5) })).rejects.toBeInstanceOf(StateConflictError);
    });

    it('publishes exactly one of two concurrent drafts based on the same version', async () => {
      await publishNew('rs-race', '6000', 'base', 'wang', 'zhao');
      const drafts = await Promise.all(
        ['a', 'b'].map((id, i) => store.createDraft({ ruleSetId: 'rs-race', draftId: id, content: sampleRuleSet('rs-race', String(7000 + i)), createdBy: 'wang', createdBySub: 'wang', changed: true, createdAt: at(5), baseVersion: 1 })),
      );
      const outcomes = await Promise.allSettled(
        drafts.map((draft) => store.publishDraft({ ruleSetId: 'rs-race', draftId: draft.draftId, revision: draft.revision, by: 'zhao', bySub: 'zhao', at: at(6) })),
      );
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
      const refused = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult;
      expect(refused.reason).toSatisfy((e: unknown) => e instanceof StaleRevisionError || e instanceof AlreadyExistsError);
      expect((await store.listVersions('rs-race')).items.map((v) => v.version)).toEqual([2, 1]);
      const loser = drafts.find((d) => d.draftId !== (outcomes[0]!.status === 'fulfilled' ? 'a' : 'b'))!;
      expect((await store.getDraft('rs-race', loser.draftId)).status).toBe('draft');
    });

    it('joins uploaded parts in part order, accepts a repeated part, refuses a changed one', async () => {
      await store.createDataset({ datasetId: 'ds-parts', name: 'parts', format: 'csv', createdBy: 'zhang', createdAt: at(1) });
      const big = new Uint8Array(900_000).map((_, i) => (i * 7919) % 251);
      await store.putPart('ds-parts', 2, new TextEncoder().encode('tail'));
      await store.putPart('ds-parts', 1, big);
      await store.putPart('ds-parts', 1, big);
      await expect(store.putPart('ds-parts', 2, new TextEncoder().encode('other'))).rejects.toBeInstanceOf(AlreadyExistsError);
      const { bytes: joined } = await store.readParts('ds-parts');
      expect(joined.length).toBe(big.length + 4);
      expect(Buffer.from(joined.subarray(0, big.length)).equals(Buffer.from(big))).toBe(true);
      expect(Buffer.from(joined.subarray(big.length)).toString()).toBe('tail');
    });

    it('seals a dataset once, chunking a large one under the item limit, and then refuses parts', async () => {
      await store.createDataset({ datasetId: 'ds-big', name: 'big', format: 'csv', createdBy: 'zhang', createdAt: at(1) });
      await expect(store.readDatasetContent('ds-big')).rejects.toBeInstanceOf(StateConflictError);
      await expect(store.readDatasetEnrollment('ds-big')).rejects.toBeInstanceOf(StateConflictError);
      const lines = sampleLines(15_000);
      const problems = [{ row: 9, field: 'students', reason: 'missing_value' as const, code: 'missing_value', params: { field: 'students' } }];
      const sealed = await store.sealDataset('ds-big', { lines, problems, contentHash: 'sha256:abc', bytes: 123 }, 'zhang', at(2), 0);
      expect(sealed).toMatchObject({ status: 'sealed', lineCount: 30_000, schoolCount: 15_000, problemCount: 1, contentHash: 'sha256:abc' });
      const read = await store.readDatasetContent('ds-big');
      expect(read.lines).toEqual(lines);
      expect(read.problems).toEqual(problems);
      const asColumns = await store.readDatasetEnrollment('ds-big');
      expect(linesOf(asColumns.enrollment)).toEqual(lines);
      expect(asColumns.problems).toEqual(problems);
      expect(asColumns.header).toEqual(read.header);
      await expect(store.sealDataset('ds-big', { lines, problems, contentHash: 'x', bytes: 1 }, 'zhang', at(3), 0)).rejects.toBeInstanceOf(StateConflictError);
      await expect(store.putPart('ds-big', 1, new Uint8Array(3))).rejects.toBeInstanceOf(StateConflictError);
      await expect(store.getDataset('ds-none')).rejects.toBeInstanceOf(NotFoundError);
    });

    it('lists datasets newest first, page by page', async () => {
      for (const n of [1, 2, 3]) await store.createDataset({ datasetId: `ds-page-${n}`, name: `p${n}`, format: 'json', createdBy: 'zhang', createdAt: at(40 + n) });
      await expect(store.createDataset({ datasetId: 'ds-page-1', name: 'again', format: 'json', createdBy: 'zhang', createdAt: at(50) })).rejects.toBeInstanceOf(AlreadyExistsError);
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await store.listDatasets({ limit: 2, ...(cursor ? { cursor } : {}) });
        expect(page.items.length).toBeLessThanOrEqual(2);
        seen.push(...page.items.map((d) => d.datasetId).filter((id) => id.startsWith('ds-page-')));
        cursor = page.cursor;
      } while (cursor);
      expect(seen).toEqual(['ds-page-3', 'ds-page-2', 'ds-page-1']);
    });

    describe('runs', () => {
      const ruleSet = sampleRuleSet('rs-run');
      const lines = sampleLines(60);
      const outcome = allocate({ ruleSet, lines });
      if (!outcome.ok) throw new Error('fixture does not allocate');
      const { result } = outcome;
      const compact = compactResult(result);
      const header = (runId: string): Omit<RunHeader, 'status'> => ({
        runId,
        request: { ruleSetId: 'rs-run', version: 1, datasetId: 'ds', fiscalYear: 2026, envelope: { policy: 'none' }, excludeInvalid: false },
        requestHash: 'h1',
        createdBy: 'zhang',
        createdAt: at(10),
      });

      it('hides a run until it is complete, then lists it and its schools', async () => {
        expect((await store.createRunHeader(header('run-1'))).created).toBe(true);
        await expect(store.getRun('run-1')).rejects.toBeInstanceOf(NotFoundError);
        await store.writeRunContent('run-1', at(10), compact);
        expect((await store.listRuns()).items.map((r) => r.runId)).not.toContain('run-1');
        const complete = await store.completeRun('run-1', result.summary, at(11));
        expect(complete.status).toBe('complete');
        expect(await store.completeRun('run-1', result.summary, at(12))).toMatchObject({ status: 'complete', completedAt: at(11) });
        expect((await store.listRuns()).items.map((r) => r.runId)).toContain('run-1');
        expect((await store.getRun('run-1')).summary?.totalAllocation).toBe(result.summary.totalAllocation);

        const schools = await store.listRunSchools('run-1');
        expect(schools).toHaveLength(60);
        expect(schools[0]).not.toHaveProperty('lines');
        expect(schools.map((s) => s.allocation)).toEqual(result.schools.map((s) => s.allocation));
        // The store keeps SPEC §4's compact form: each school's lines with the run's standards table.
        expect(await store.getRunSchool('run-1', 'S000007')).toEqual({ standards: compact.standards, schools: [compact.schools[7]] });
        const stored = await store.readRunSchools('run-1');
        expect(stored).toEqual({ standards: compact.standards, schools: compact.schools });
        // Expanded again, the same result (DynamoDB does not keep a school's key order, so compared as values).
        expect(JSON.parse(JSON.stringify(expandResult({ ...compact, ...stored })))).toEqual(JSON.parse(JSON.stringify(result)));
        const refs = await store.listSchoolRuns('S000007');
        expect(refs.items).toEqual([{ runId: 'run-1', schoolId: 'S000007', createdAt: at(10) }]);
        await expect(store.getRunSchool('run-1', 'S999999')).rejects.toBeInstanceOf(NotFoundError);
      });

      it('returns the existing header when a run id is taken', async () => {
        await store.createRunHeader(header('run-2'));
        const again = await store.createRunHeader({ ...header('run-2'), requestHash: 'other' });
        expect(again).toMatchObject({ created: false, header: { status: 'pending', requestHash: 'h1' } });
      });

      it('claims a run for one writer until its lease runs out, and fences its content to one result', async () => {
        const claim = (writer: string, now: number) => store.claimRun({ ...header('run-5'), writer, leaseUntil: at(now + 35) }, at(now));
        expect(await claim('w1', 0)).toMatchObject({ claimed: true, resumed: false });
        expect(await claim('w2', 10)).toMatchObject({ claimed: false, header: { writer: 'w1', status: 'pending' } });
        expect(await claim('w2', 36)).toMatchObject({ claimed: true, resumed: true, header: { writer: 'w2' } });
        await store.fenceRunContent('run-5', 'hash-a');
        await store.fenceRunContent('run-5', 'hash-a');
        await expect(store.fenceRunContent('run-5', 'hash-b')).rejects.toMatchObject({ code: 'run_content_changed' });
        await store.writeRunContent('run-5', at(10), { standards: compact.standards, schools: compact.schools.slice(0, 2), excluded: [] });
        await expect(store.completeRun('run-5', result.summary, at(40), 'hash-b')).rejects.toMatchObject({ code: 'run_content_changed' });
        expect(await store.completeRun('run-5', result.summary, at(40), 'hash-a')).toMatchObject({ status: 'complete', contentHash: 'hash-a' });
        expect(await claim('w3', 100)).toMatchObject({ claimed: false, header: { status: 'complete' } });
        // A writer that gives up: with nothing registered its run disappears; with content it becomes free at once.
        await store.claimRun({ ...header('run-6'), writer: 'w1', leaseUntil: at(35) }, at(0));
        await store.releaseRun('run-6', 'w2');
        expect(await store.findRunHeader('run-6')).toBeDefined();
        await store.releaseRun('run-6', 'w1');
        expect(await store.findRunHeader('run-6')).toBeUndefined();
        await store.claimRun({ ...header('run-7'), writer: 'w1', leaseUntil: at(35) }, at(0));
        await store.fenceRunContent('run-7', 'hash-a');
        await store.releaseRun('run-7', 'w1');
        expect(await store.claimRun({ ...header('run-7'), writer: 'w2', leaseUntil: at(36) }, at(1))).toMatchObject({ claimed: true, resumed: true });
      });

      it('leaves a run queued as a job to its job: no request claims it, a release keeps it, a failure is kept on it', async () => {
        const job = { state: 'queued' as const, queuedAt: at(0), caller: { userId: 'zhang', subject: 'sub-zhang', name: '张会计', role: 'finance' as const } };
        expect((await store.createRunHeader({ ...header('run-8'), job })).created).toBe(true);
        // A request with the same key (same request hash) does not take the job's run over, lease or none.
        expect(await store.claimRun({ ...header('run-8'), writer: 'request', leaseUntil: at(35) }, at(0))).toMatchObject({ claimed: false, header: { status: 'pending' } });
        expect(await store.claimRun({ ...header('run-8'), job, writer: 'job-1', leaseUntil: at(1000) }, at(0))).toMatchObject({ claimed: true, resumed: true });
        // A second delivery of the job finds it held.
        expect(await store.claimRun({ ...header('run-8'), job, writer: 'job-2', leaseUntil: at(1000) }, at(10))).toMatchObject({ claimed: false, header: { writer: 'job-1' } });
        // Released without content, the header stays (it carries the job), free to be taken over at once.
        await store.releaseRun('run-8', 'job-1');
        expect(await store.findRunHeader('run-8')).toMatchObject({ status: 'pending', job: { state: 'queued' } });
        const error = { statusCode: 422, code: 'dataset_has_errors', text: { code: 'dataset_has_errors', params: { datasetId: 'ds', count: 1 } }, details: [], detailCount: 0 };
        expect(await store.failRunJob('run-8', error, at(20))).toMatchObject({ job: { state: 'failed', failedAt: at(20), error } });
        expect(await store.requeueRunJob('run-8', at(30))).toMatchObject({ job: { state: 'queued', queuedAt: at(30) } });
        expect((await store.findRunHeader('run-8'))?.job).not.toHaveProperty('error');
        expect(await store.claimRun({ ...header('run-8'), job, writer: 'job-3', leaseUntil: at(1000) }, at(40))).toMatchObject({ claimed: true, resumed: true });
      });

      it('keeps excluded lines with the run', async () => {
        const excluded = Array.from({ length: 5 }, (_, i) => ({ row: i + 2, reason: 'unknown_major', problems: [{ code: 'unknown_major', params: { majorCode: `${i + 2}` } }] }));
        await store.createRunHeader(header('run-4'));
        await store.writeRunContent('run-4', at(10), { standards: [], schools: [], excluded });
        expect(await store.readRunExcluded('run-4')).toEqual(excluded);
      });
    });

    it('keeps an append-only audit trail, newest first', async () => {
      const events = await Promise.all(
        [1, 2, 3].map((n) => store.appendAudit({ at: at(30 + n), action: 'test.event', actor: 'zhang', subject: `thing-${n}` })),
      );
      expect(new Set(events.map((e) => e.eventId)).size).toBe(3);
      const first = await store.listAudit({ limit: 2 });
      expect(first.items.map((e) => e.subject)).toEqual(['thing-3', 'thing-2']);
      const rest = await store.listAudit({ limit: 2, cursor: first.cursor! });
      expect(rest.items.map((e) => e.subject)).toEqual(['thing-1']);
    });

    it('filters the trail on the server by action prefix, person, subject and days, filling each page', async () => {
      const day = (d: number, h: number) => new Date(Date.UTC(2025, 5, d, h)).toISOString();
      const inputs = [
        { at: day(1, 9), action: 'run.create', actor: '张会计', subject: 'run-f1' },
        { at: day(1, 10), action: 'run.approve', actor: '李复核', subject: 'run-f1' },
        { at: day(2, 9), action: 'run.return', actor: '李复核', subject: 'run-f2' },
        { at: day(2, 23), action: 'draft.edit', actor: '王政策', subject: 'rs/draft-f' },
        { at: day(3, 1), action: 'run.approve', actor: '吴处长', subject: 'run-f3' },
        ...Array.from({ length: 30 }, (_, i) => ({ at: day(4, 0) .replace('00:00:00', `00:00:${String(i).padStart(2, '0')}`), action: 'dataset.part', actor: '张会计', subject: `ds-f${i}` })),
        { at: day(5, 8), action: 'run.approve', actor: '李复核', subject: 'run-f5' },
      ];
      for (const input of inputs) await store.appendAudit(input);
      const subjects = async (filter: Parameters<Store['listAudit']>[1], limit = 50) => (await store.listAudit({ limit }, filter)).items.map((e) => e.subject);
      expect(await subjects({ action: 'run.approve', from: '2025-06-01', to: '2025-06-30' })).toEqual(['run-f5', 'run-f3', 'run-f1']);
      expect(await subjects({ action: 'run.', actor: '李复核', from: '2025-06-01', to: '2025-06-30' })).toEqual(['run-f5', 'run-f2', 'run-f1']);
      expect(await subjects({ subject: 'draft-f' })).toEqual(['rs/draft-f']);
      // A whole day, to its last second, and nothing of the next.
      expect(await subjects({ from: '2025-06-02', to: '2025-06-02' })).toEqual(['rs/draft-f', 'run-f2']);
      // The 30 dataset parts lie between the matches: a page of 2 still holds 2, and the cursor goes on from there.
      const first = await store.listAudit({ limit: 2 }, { action: 'run.approve', from: '2025-06-01', to: '2025-06-30' });
      expect(first.items.map((e) => e.subject)).toEqual(['run-f5', 'run-f3']);
      const rest = await store.listAudit({ limit: 2, cursor: first.cursor! }, { action: 'run.approve', from: '2025-06-01', to: '2025-06-30' });
      expect(rest.items.map((e) => e.subject)).toEqual(['run-f1']);
      expect(rest.cursor).toBeUndefined();
    });

    describeDecisionContract(() => store);
    describeDraftContract(() => store);
    describeSimulationContract(() => store);
  });
}
