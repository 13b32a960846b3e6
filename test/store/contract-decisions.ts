import { render } from '../../messages/index';
import { describe, expect, it } from 'vitest';
import { allocate } from '../../domain/allocate';
import { compactResult } from '../../domain/result-form';
import { NotFoundError, SamePersonError, StoreError } from '../../functions/store/errors';
import { effectiveState, RUN_TRANSITIONS, type RunAction, type RunState } from '../../functions/store/run-lifecycle';
import type { DomainEvent, RunDecisionRecord, RunHeader, Store } from '../../functions/store/types';
import { sampleLines, sampleRuleSet } from '../support/fixtures';

const at = (second: number) => new Date(Date.UTC(2026, 1, 1, 0, 0, second)).toISOString();
const CJK = /[\u4e00-\u9fff]/;

const zhang = { by: '张会计', bySub: 'sub-zhang' };
const li = { by: '李复核', bySub: 'sub-li' };
const wu = { by: '吴处长', bySub: 'sub-wu' };
/** Same display name as 张会计, another subject: names never decide who may act. */
const namesake = { by: '张会计', bySub: 'sub-other-zhang' };

/** Run decisions (run-lifecycle.ts) and the outbox, on every back end. */
export function describeDecisionContract(getStore: () => Store): void {
  const outcome = allocate({ ruleSet: sampleRuleSet('rs-decide'), lines: sampleLines(4) });
  if (!outcome.ok) throw new Error('fixture does not allocate');
  const { result } = outcome;
  const compact = compactResult(result);
  let counter = 0;

  /** A complete run under review, of its own (rule set, year) series unless one is given. */
  async function reviewRun(series: { ruleSetId?: string; fiscalYear?: number } = {}, creator = zhang): Promise<RunHeader> {
    const runId = `run-d${++counter}`;
    await getStore().createRunHeader({
      runId,
      request: { ruleSetId: series.ruleSetId ?? `rs-d${counter}`, version: 1, datasetId: 'ds', fiscalYear: series.fiscalYear ?? 2026, envelope: { policy: 'none' }, excludeInvalid: false },
      requestHash: 'h',
      createdBy: creator.by,
      createdBySub: creator.bySub,
      createdAt: at(counter % 50),
    });
    await getStore().writeRunContent(runId, at(counter % 50), { standards: compact.standards, schools: compact.schools.slice(0, 1), excluded: [] });
    return getStore().completeRun(runId, result.summary, at(counter % 50));
  }
  const decide = (runId: string, action: RunAction, actor: { by: string; bySub: string }, extra: { comment?: string; supersedes?: string; record?: (r: RunDecisionRecord[]) => Promise<unknown> } = {}) =>
    getStore().decideRun({ runId, action, ...actor, at: at(55), ...extra });
  const refusal = async (promise: Promise<unknown>) => {
    const error = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(StoreError);
    expect(render((error as StoreError).text, 'zh')).toMatch(CJK);
    return (error as StoreError).code;
  };
  const stateOf = async (runId: string) => {
    const header = (await getStore().findRunHeader(runId))!;
    const pointer = await getStore().getCurrentRun(header.request.ruleSetId, header.request.fiscalYear);
    return effectiveState(header, pointer?.runId);
  };

  /** Brings a fresh run into `state` by the allowed moves. */
  async function runIn(state: RunState): Promise<RunHeader> {
    if (state === 'superseded') {
      const old = await reviewRun();
      await decide(old.runId, 'approve', li);
      const next = await reviewRun({ ruleSetId: old.request.ruleSetId });
      await decide(next.runId, 'approve', li, { supersedes: old.runId, comment: '更正学校人数后重算' });
      return old;
    }
    const run = await reviewRun();
    if (state === 'approved') await decide(run.runId, 'approve', li, { comment: '同意' });
    if (state === 'returned') await decide(run.runId, 'return', li, { comment: '预算口径有误' });
    if (state === 'withdrawn') await decide(run.runId, 'withdraw', zhang);
    return run;
  }

  describe('run decisions', () => {
    // Every (state, action) pair: the allowed moves land in their target state, every other is a 409 with a reason
    // in Chinese. Approve and return are by another finance officer, withdraw by the creator.
    const expectations: Record<RunState, Record<RunAction, RunState | string>> = {
      review: { approve: 'approved', return: 'returned', withdraw: 'withdrawn' },
      approved: { approve: 'already_approved', return: 'already_approved', withdraw: 'already_approved' },
      superseded: { approve: 'run_superseded', return: 'run_superseded', withdraw: 'run_superseded' },
      returned: { approve: 'run_returned', return: 'run_returned', withdraw: 'run_returned' },
      // The creator withdrawing again is answered with the withdrawal it already made (a retry).
      withdrawn: { approve: 'run_withdrawn', return: 'run_withdrawn', withdraw: 'withdrawn' },
    };
    for (const [from, byAction] of Object.entries(expectations) as [RunState, Record<RunAction, string>][]) {
      for (const [action, expected] of Object.entries(byAction) as [RunAction, string][]) {
        it(`${action} on a ${from} run: ${expected}`, async () => {
          const run = await runIn(from);
          const actor = action === 'withdraw' ? zhang : wu;
          const comment = action === 'return' ? '请核对' : undefined;
          if (['approved', 'returned', 'withdrawn'].includes(expected)) {
            const { header } = await decide(run.runId, action, actor, comment ? { comment } : {});
            expect(header.lifecycle).toBe(expected);
            expect(header.pending).toBeUndefined();
            expect(await stateOf(run.runId)).toBe(expected);
          } else {
            expect(await refusal(decide(run.runId, action, actor, comment ? { comment } : {}))).toBe(expected);
            expect(await stateOf(run.runId)).toBe(from);
          }
        });
      }
    }

    it('has a transition for every move the table lists, and only those', () => {
      expect(RUN_TRANSITIONS.map((t) => `${t.from}→${t.to}`).sort()).toEqual(['approved→superseded', 'review→approved', 'review→returned', 'review→withdrawn']);
    });

    it('compares token subjects, never names: the creator may not approve or return, another person with the same name may', async () => {
      const run = await reviewRun();
      const sameSubject = { by: '另一个显示名', bySub: zhang.bySub };
      await expect(decide(run.runId, 'approve', sameSubject)).rejects.toBeInstanceOf(SamePersonError);
      await expect(decide(run.runId, 'return', sameSubject, { comment: 'x' })).rejects.toBeInstanceOf(SamePersonError);
      expect(await refusal(decide(run.runId, 'withdraw', namesake))).toBe('not_run_creator');
      const { header } = await decide(run.runId, 'approve', namesake);
      expect(header).toMatchObject({ lifecycle: 'approved', approvedBy: '张会计', approvedBySub: namesake.bySub });
    });

    it('approves the first run of a rule set and year without naming one, then requires the current one and a reason', async () => {
      const first = await reviewRun({ ruleSetId: 'rs-series' });
      expect(await refusal(decide(first.runId, 'approve', li, { supersedes: 'run-nothing' }))).toBe('supersede_mismatch');
      await decide(first.runId, 'approve', li, { comment: '同意' });
      expect(await getStore().getCurrentRun('rs-series', 2026)).toMatchObject({ runId: first.runId });

      const second = await reviewRun({ ruleSetId: 'rs-series' });
      expect(await refusal(decide(second.runId, 'approve', li))).toBe('supersede_required');
      expect(await refusal(decide(second.runId, 'approve', li, { supersedes: second.runId, comment: 'x' }))).toBe('supersede_mismatch');
      expect((await getStore().findRunHeader(second.runId))!.pending).toBeUndefined();

      const records: RunDecisionRecord[] = [];
      const { header, superseded } = await decide(second.runId, 'approve', wu, { supersedes: first.runId, comment: '更正后重算', record: async (r) => records.push(...r) });
      expect(header).toMatchObject({ lifecycle: 'approved', approval: { by: wu.by, comment: '更正后重算', supersedes: first.runId } });
      expect(superseded).toMatchObject({ runId: first.runId, lifecycle: 'superseded', supersededBy: { runId: second.runId, by: wu.by, comment: '更正后重算' } });
      expect(records.map((r) => `${r.action} ${r.runId}`)).toEqual([`approve ${second.runId}`, `supersede ${first.runId}`]);
      expect(await stateOf(first.runId)).toBe('superseded');
      expect(await getStore().getCurrentRun('rs-series', 2026)).toMatchObject({ runId: second.runId, previousRunId: first.runId });

      // Another fiscal year of the same rule set is its own series.
      const nextYear = await reviewRun({ ruleSetId: 'rs-series', fiscalYear: 2027 });
      await decide(nextYear.runId, 'approve', li);
      const pointers = await getStore().getCurrentRuns([{ ruleSetId: 'rs-series', fiscalYear: 2026 }, { ruleSetId: 'rs-series', fiscalYear: 2027 }, { ruleSetId: 'rs-none', fiscalYear: 2026 }]);
      expect([...pointers.entries()].map(([k, p]) => `${k}=${p.runId}`).sort()).toEqual([`rs-series#2026=${second.runId}`, `rs-series#2027=${nextYear.runId}`]);
    });

    it('answers a repeated decision of the same person with the decision, and records each decision once', async () => {
      const run = await reviewRun();
      const records: RunDecisionRecord[] = [];
      const record = async (r: RunDecisionRecord[]) => records.push(...r);
      const first = await decide(run.runId, 'return', li, { comment: '人数有误', record });
      const again = await decide(run.runId, 'return', li, { comment: '人数有误', record });
      expect(again.header).toEqual(first.header);
      expect(records).toHaveLength(1);
      expect(first.header.returned).toMatchObject({ by: li.by, comment: '人数有误', at: at(55) });
    });

    it('refuses a run that is not complete or does not exist', async () => {
      await getStore().createRunHeader({ runId: 'run-d-pending', request: { ruleSetId: 'rs-p', version: 1, datasetId: 'ds', fiscalYear: 2026, envelope: { policy: 'none' }, excludeInvalid: false }, requestHash: 'h', createdBy: zhang.by, createdAt: at(1) });
      await expect(decide('run-d-pending', 'approve', li)).rejects.toBeInstanceOf(NotFoundError);
      await expect(decide('run-d-missing', 'approve', li)).rejects.toBeInstanceOf(NotFoundError);
    });

    it('keeps runs written before subjects were recorded working by their creator name', async () => {
      const runId = 'run-d-legacy';
      await getStore().createRunHeader({ runId, request: { ruleSetId: 'rs-legacy', version: 1, datasetId: 'ds', fiscalYear: 2026, envelope: { policy: 'none' }, excludeInvalid: false }, requestHash: 'h', createdBy: zhang.by, createdAt: at(1) });
      await getStore().completeRun(runId, result.summary, at(2));
      await expect(decide(runId, 'approve', { by: zhang.by, bySub: 'whoever' })).rejects.toBeInstanceOf(SamePersonError);
      await decide(runId, 'approve', li);
      expect(await stateOf(runId)).toBe('approved');
    });
  });

  describe('outbox', () => {
    const event = (n: number, type: DomainEvent['type'] = 'run.approved'): DomainEvent => ({
      eventId: `${type}:run-o${n}`,
      type,
      at: at(n),
      actor: li.by,
      subject: `run-o${n}`,
      data: { runId: `run-o${n}`, comment: `第 ${n} 条` },
    });

    it('keeps each event once, in time order, and pages after a position', async () => {
      await getStore().appendOutbox(event(3));
      await getStore().appendOutbox(event(1, 'run.returned'));
      await getStore().appendOutbox(event(2, 'ruleset.published'));
      await getStore().appendOutbox(event(1, 'run.returned'));
      const all = await getStore().listOutbox({ limit: 100 });
      const ours = all.items.filter((e) => e.subject.startsWith('run-o'));
      expect(ours.map((e) => `${e.type} ${e.subject}`)).toEqual(['run.returned run-o1', 'ruleset.published run-o2', 'run.approved run-o3']);
      expect(ours[0]).toMatchObject({ data: { comment: '第 1 条' }, actor: li.by });
      const after = await getStore().listOutbox({ after: ours[0]!.position, limit: 1 });
      expect(after.items.map((e) => e.subject)).toEqual(['run-o2']);
      expect(after.cursor).toBeDefined();
      const rest = await getStore().listOutbox({ after: ours[2]!.position });
      expect(rest.items.filter((e) => e.subject.startsWith('run-o'))).toEqual([]);
    });
  });
}
