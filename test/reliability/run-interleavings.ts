import { beforeAll, describe, expect, it } from 'vitest';
import type { DynamoConnection } from '../../functions/store/client';
import { createDynamoStore } from '../../functions/store/dynamo-store';
import { currentRunKey, runKey } from '../../functions/store/keys';
import { putItem } from '../../functions/store/ops';
import type { RunHeader, Store } from '../../functions/store/types';
import { explore } from '../support/interleave';
import { handlersOn, type Actor, type HandlerReply } from './support/handlers';

const creator: Actor = { user: 'zhang', role: 'finance' };
const li: Actor = { user: 'li', role: 'finance' };
const wu: Actor = { user: 'wu', role: 'finance' };

interface Series {
  ruleSetId: string;
  /** Outbox position before the schedule ran. */
  since: string;
  old?: string;
  runs: string[];
}

/**
 * Two people deciding on runs of one (rule set, fiscal year) at the same time, every interleaving of their DynamoDB
 * commands with up to `bounds` preemptions (2: every pair of steps of the two in both orders, with everything
 * between). Whatever the order: at most one
 * run is current, it is the pointer's run and the only run recorded as approved, no claim is left behind, each
 * approval is in the trail and the outbox once, and the loser hears why (409).
 */
export function describeRunInterleavings(backEnd: string, openStore: () => Promise<Store>, bounds: { core: number; others: number } = { core: 2, others: 2 }): void {
  describe(`run decisions interleaved on ${backEnd}`, () => {
    let store: Store & { connection: DynamoConnection };
    beforeAll(async () => {
      store = (await openStore()) as Store & { connection: DynamoConnection };
    });

    /** Headers written straight as items: the decisions read nothing else. */
    async function series(n: number, runCount: number, withCurrent: boolean): Promise<Series> {
      const ruleSetId = `rs-i${n}-${Math.random().toString(36).slice(2, 8)}`;
      const since = new Date().toISOString();
      const header = (runId: string, extra: Partial<RunHeader> = {}) =>
        putItem(store.connection, {
          ...runKey(runId),
          runId,
          status: 'complete',
          request: { ruleSetId, version: 1, datasetId: 'ds', fiscalYear: 2026, envelope: { policy: 'none' }, excludeInvalid: false },
          requestHash: 'h',
          createdBy: creator.user,
          createdBySub: creator.user,
          createdAt: '2026-03-01T00:00:00.000Z',
          ...extra,
        });
      const runs = Array.from({ length: runCount }, (_, i) => `${ruleSetId}-run${i}`);
      for (const runId of runs) await header(runId);
      if (!withCurrent) return { ruleSetId, since, runs };
      const old = `${ruleSetId}-old`;
      const approval = { by: li.user, bySub: li.user, at: '2026-03-01T01:00:00.000Z' };
      await header(old, { lifecycle: 'approved', approval, approvedBy: li.user, approvedBySub: li.user, approvedAt: approval.at });
      await putItem(store.connection, { ...currentRunKey(ruleSetId, 2026), ruleSetId, fiscalYear: 2026, runId: old, since: approval.at });
      return { ruleSetId, since, old, runs };
    }

    const call = (connection: DynamoConnection, actor: Actor, path: string, json: object) => handlersOn(createDynamoStore(connection))(actor, 'POST', path, { json });

    /** The invariants every schedule must keep, given which replies were 200. */
    async function assertOneCurrent(s: Series, replies: PromiseSettledResult<HandlerReply>[], schedule: string) {
      const outcome = replies.map((r) => (r.status === 'fulfilled' ? r.value : { status: 0, body: String(r.reason) }));
      for (const reply of outcome) expect([200, 409], `${schedule}: ${JSON.stringify(reply.body)}`).toContain(reply.status);
      const headers = await store.getRunHeaders([...s.runs, ...(s.old ? [s.old] : [])]);
      expect(headers.filter((h) => h.pending), `${schedule}: a claim was left behind`).toEqual([]);
      const approved = headers.filter((h) => h.lifecycle === 'approved');
      expect(approved.length, `${schedule}: runs recorded as approved`).toBeLessThanOrEqual(1);
      const pointer = await store.getCurrentRun(s.ruleSetId, 2026);
      expect(pointer?.runId, schedule).toBe(approved[0]?.runId ?? s.old);
      const trail = (await store.listAudit({ limit: 30 })).items.filter((e) => e.subject.startsWith(s.ruleSetId));
      const events = (await store.listOutbox({ after: s.since, limit: 500 })).items.filter((e) => e.subject.startsWith(s.ruleSetId));
      for (const run of approved) {
        expect(trail.filter((e) => e.action === 'run.approve' && e.subject === run.runId), schedule).toHaveLength(1);
        expect(events.filter((e) => e.type === 'run.approved' && e.subject === run.runId), schedule).toHaveLength(1);
      }
      expect(trail.filter((e) => e.action === 'run.approve').length, schedule).toBe(approved.length);
      return { outcome, headers, approved, trail, events };
    }

    it('two approvers superseding the current run with different runs: one wins, the other is told which run is current', async () => {
      const { schedules } = await explore(store.connection, {
        setup: (n) => series(n, 2, true),
        operations: [
          (s, c) => call(c, li, `/runs/${s.runs[0]}/approve`, { supersedes: s.old, comment: '更正后重算' }),
          (s, c) => call(c, wu, `/runs/${s.runs[1]}/approve`, { supersedes: s.old, comment: '补录学校后重算' }),
        ],
        check: async (s, replies, schedule) => {
          const { outcome, approved, trail, events, headers } = await assertOneCurrent(s, replies, schedule);
          expect(outcome.map((r) => r.status).sort(), schedule).toEqual([200, 409]);
          expect(approved).toHaveLength(1);
          const winner = outcome.findIndex((r) => r.status === 200);
          expect(approved[0]!.runId, schedule).toBe(s.runs[winner]);
          expect(outcome[1 - winner]!.body.error.code, schedule).toBe('supersede_mismatch');
          expect(headers.find((h) => h.runId === s.runs[1 - winner])!.lifecycle ?? 'review', schedule).toBe('review');
          const old = headers.find((h) => h.runId === s.old)!;
          expect(old).toMatchObject({ lifecycle: 'superseded', supersededBy: { runId: s.runs[winner] } });
          expect(trail.filter((e) => e.action === 'run.supersede' && e.subject === s.old), schedule).toHaveLength(1);
          expect(events.map((e) => `${e.type} ${e.subject}`).sort(), schedule).toEqual([`run.approved ${s.runs[winner]}`, `run.superseded ${s.old}`].sort());
        },
        maxPreemptions: bounds.core,
      });
      expect(schedules).toBeGreaterThan(20);
    }, 600_000);

    it('two approvers making the first current run of a year with different runs: exactly one becomes current', async () => {
      await explore(store.connection, {
        setup: (n) => series(n, 2, false),
        operations: [
          (s, c) => call(c, li, `/runs/${s.runs[0]}/approve`, { comment: '同意' }),
          (s, c) => call(c, wu, `/runs/${s.runs[1]}/approve`, { comment: '同意' }),
        ],
        check: async (s, replies, schedule) => {
          const { outcome, approved } = await assertOneCurrent(s, replies, schedule);
          expect(outcome.map((r) => r.status).sort(), schedule).toEqual([200, 409]);
          expect(approved).toHaveLength(1);
          expect(outcome.find((r) => r.status === 409)!.body.error.code, schedule).toBe('supersede_required');
        },
        maxPreemptions: bounds.core,
      });
    }, 600_000);

    it('two approvers on the same run: one approval, one trail entry', async () => {
      await explore(store.connection, {
        setup: (n) => series(n, 1, true),
        operations: [
          (s, c) => call(c, li, `/runs/${s.runs[0]}/approve`, { supersedes: s.old, comment: '同意' }),
          (s, c) => call(c, wu, `/runs/${s.runs[0]}/approve`, { supersedes: s.old, comment: '同意' }),
        ],
        check: async (s, replies, schedule) => {
          const { outcome, approved } = await assertOneCurrent(s, replies, schedule);
          expect(outcome.map((r) => r.status).sort(), schedule).toEqual([200, 409]);
          expect(approved.map((h) => h.runId)).toEqual([s.runs[0]]);
          expect(outcome.find((r) => r.status === 409)!.body.error.code, schedule).toBe('already_approved');
          expect(approved[0]!.approvedBy, schedule).toBe(outcome.findIndex((r) => r.status === 200) === 0 ? li.user : wu.user);
        },
        maxPreemptions: bounds.others,
      });
    }, 600_000);

    for (const [action, actor, comment] of [['withdraw', creator, '参数填错'], ['return', wu, '预算口径有误']] as const) {
      it(`approve racing ${action} on the same run: exactly one decision lands, the other is refused`, async () => {
        await explore(store.connection, {
          setup: (n) => series(n, 1, false),
          operations: [(s, c) => call(c, li, `/runs/${s.runs[0]}/approve`, { comment: '同意' }), (s, c) => call(c, actor, `/runs/${s.runs[0]}/${action}`, { comment })],
          check: async (s, replies, schedule) => {
            const { outcome, headers } = await assertOneCurrent(s, replies, schedule);
            expect(outcome.map((r) => r.status).sort(), schedule).toEqual([200, 409]);
            const run = headers.find((h) => h.runId === s.runs[0])!;
            const expected = outcome[0]!.status === 200 ? 'approved' : action === 'withdraw' ? 'withdrawn' : 'returned';
            expect(run.lifecycle, schedule).toBe(expected);
            expect(outcome.find((r) => r.status === 409)!.body.error.code, schedule).toBe(expected === 'approved' ? 'already_approved' : `run_${expected}`);
          },
          maxPreemptions: bounds.others,
        });
      }, 600_000);
    }
  });
}
