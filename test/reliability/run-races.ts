import { beforeAll, describe, expect, it } from 'vitest';
import { createContext, type AppContext } from '../../functions/app/context';
import { runJob } from '../../functions/app/runs';
import type { DynamoConnection } from '../../functions/store/client';
import type { AuditEvent, Store } from '../../functions/store/types';
import { seedSampleData } from '../../functions/local/seed';
import { REPO_ROOT, SAMPLE_DATASET, SAMPLE_RULESET } from '../support/api';
import { handlersOn, type Actor, type HandlerReply } from './support/handlers';
import { RACE_TIMEOUT_MS, auditAppends, countSteps, describeSchedule, inParallel, partitionOf, runSchedule, schedulesFor, type Commutes, type Outcome } from '../support/interleave';

type ConnectedStore = Store & { connection: DynamoConnection };
const finance: Actor = { user: 'zhang', role: 'finance' };
const CLIENTS = 10;
const PARALLEL_SCHEDULES = 6;
const SMALL_FILE = 'school_id,school_name,school_type,ownership,major_code,class_type,students\n' + ['S0001,甲校,technician_college,public,0101,intermediate,120', 'S0002,乙校,technician_college,public,0101,intermediate,80', 'S0003,丙校,technician_college,public,0101,intermediate,45'].join('\n') + '\n';

/** A store that counts the calls that make up one computation, and can hold one of them. */
function instrumented(store: Store, hold?: { method: keyof Store; until: Promise<void>; arrived: () => void }) {
  const calls = { readDatasetEnrollment: 0, writeRunContent: 0 };
  const wrapped = new Proxy(store, {
    get(target, property, receiver) {
      const original = Reflect.get(target, property, receiver);
      if (typeof original !== 'function') return original;
      return async (...args: unknown[]) => {
        if (property in calls) calls[property as keyof typeof calls]++;
        if (hold && property === hold.method) {
          hold.arrived();
          await hold.until;
        }
        return (original as (...a: unknown[]) => Promise<unknown>).apply(target, args);
      };
    },
  });
  return { store: wrapped as Store, calls };
}

/**
 * No operation in these races writes a rule-set version or a dataset (both are immutable once the run can read
 * them), so reading them commutes with everything the other request does: no schedule needs to split there.
 */
const commutes: Commutes = (request) => auditAppends(request) || (request.constructor.name !== 'PutCommand' && request.constructor.name !== 'UpdateCommand' && /^(RULESET|DATASET)#/.test(partitionOf(request)));

/**
 * A clock only waits move: a request that sleeps sees time pass (at least WAKE_MS per wait, as a slow wake-up
 * would), nothing else does. So a request waiting for a held one gives up after a few polls, not dozens.
 */
const WAKE_MS = 4_000;
function fakeClock(start = Date.now()) {
  let now = start;
  return {
    now: () => new Date(now).toISOString(),
    sleep: async (ms: number) => {
      now += Math.max(ms, WAKE_MS);
      await new Promise<void>((resolve) => setImmediate(resolve));
    },
  } satisfies Pick<AppContext, 'now' | 'sleep'>;
}

async function allAudit(store: Store): Promise<AuditEvent[]> {
  const events: AuditEvent[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.listAudit({ limit: 500, ...(cursor ? { cursor } : {}) });
    events.push(...page.items);
    cursor = page.cursor;
  } while (cursor);
  return events;
}

/** Runs and their school items: a run answered 2xx is complete and whole, computed once, audited once. */
export function describeRunRaces(backEnd: string, openStore: () => Promise<Store>): void {
  describe(`run races on ${backEnd}`, () => {
    let store: ConnectedStore;
    let smallDataset: string;
    const request = (datasetId: string) => ({ ruleSetId: SAMPLE_RULESET, version: 1, datasetId, fiscalYear: 2026, envelope: { policy: 'cap', budget: '2000000' } });
    beforeAll(async () => {
      store = (await openStore()) as ConnectedStore;
      await seedSampleData(store, REPO_ROOT, () => {});
      const uploaded = await handlersOn(store)(finance, 'POST', '/datasets', { json: { name: 'small', fiscalYear: 2026, format: 'csv', contentBase64: Buffer.from(SMALL_FILE).toString('base64') } });
      expect(uploaded.status).toBe(201);
      smallDataset = uploaded.body.datasetId;
    });

    const post = (s: Store, key: string, datasetId: string, context: Partial<AppContext> = {}) =>
      handlersOn(s, context)(finance, 'POST', '/runs', { json: request(datasetId), headers: { 'idempotency-key': key } });

    it(`${CLIENTS} requests with one key at once: one compute, one run.create event, every answer the one run`, async () => {
      let release!: () => void;
      const writerHeld = new Promise<void>((resolve) => (release = resolve));
      let completed!: () => void;
      const runComplete = new Promise<void>((resolve) => (completed = resolve));
      let atWrite = 0;
      const sleeping = new Set<number>();
      // The request that computes is held before it writes until every other request has either come to the same
      // point (no idempotency: ten computations) or is waiting for it; waiting requests wake when the run is complete.
      const letGoWhenAllArrived = () => {
        if (atWrite + sleeping.size >= CLIENTS) release();
      };
      const counted = instrumented(store, { method: 'writeRunContent', until: writerHeld, arrived: () => (atWrite++, letGoWhenAllArrived()) });
      const watching = new Proxy(counted.store, {
        get(target, property, receiver) {
          if (property !== 'completeRun') return Reflect.get(target, property, receiver);
          return async (...args: Parameters<Store['completeRun']>) => {
            const header = await target.completeRun(...args);
            completed();
            return header;
          };
        },
      });
      const replies = await Promise.all(
        Array.from({ length: CLIENTS }, (_, client) =>
          post(watching, 'ten-at-once', SAMPLE_DATASET, {
            sleep: async () => {
              sleeping.add(client);
              letGoWhenAllArrived();
              await runComplete;
            },
          }),
        ),
      );
      expect(replies.map((r) => r.status).sort(), JSON.stringify(replies.map((r) => r.body).slice(0, 2))).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 200, 201]);
      const runIds = new Set(replies.map((r) => r.body.runId));
      expect(runIds.size).toBe(1);
      expect(counted.calls).toEqual({ readDatasetEnrollment: 1, writeRunContent: 1 });
      const [runId] = runIds;
      const created = (await allAudit(store)).filter((e) => e.action === 'run.create' && e.subject === runId);
      expect(created).toHaveLength(1);
      const run = await handlersOn(store)(finance, 'GET', `/runs/${runId}`);
      expect(run.body.status).toBe('complete');
      expect(replies.every((r) => r.body.summary.totalAllocation === run.body.summary.totalAllocation)).toBe(true);
    }, RACE_TIMEOUT_MS);

    /** Every interleaving of two requests' DynamoDB calls; `prepare` gives each request its own store and context. */
    async function everyInterleaving(
      name: string,
      prepare: (key: string) => { a: (s: Store) => Promise<HandlerReply & { computed: number }>; b: (s: Store) => Promise<HandlerReply & { computed: number }> },
      check: (key: string, outcome: { a: Outcome<HandlerReply & { computed: number }>; b: Outcome<HandlerReply & { computed: number }> }, where: string) => Promise<void>,
    ): Promise<number> {
      const probe = prepare(`${name}-probe-a`);
      const stepsA = await countSteps(store.connection, probe.a, commutes);
      const stepsB = await countSteps(store.connection, prepare(`${name}-probe-b`).b, commutes);
      const schedules = schedulesFor(stepsA, stepsB);
      let n = 0;
      await inParallel(schedules, PARALLEL_SCHEDULES, async (schedule) => {
        const key = `${name}-${++n}`;
        const { a, b } = prepare(key);
        const outcome = await runSchedule(store.connection, schedule, a, b, commutes);
        await check(key, outcome, `${describeSchedule(schedule)} [A: ${outcome.stepsA.join(' ')}] [B: ${outcome.stepsB.join(' ')}]`);
      });
      return schedules.length;
    }

    /** One request, counting its computations. */
    const computing = (key: string, context: Partial<AppContext>, change?: (s: Store) => Store) => async (s: Store) => {
      const counted = instrumented(change ? change(s) : s);
      const reply = await post(counted.store, key, smallDataset, context);
      return { ...reply, computed: counted.calls.readDatasetEnrollment };
    };
    const replyOf = (outcome: Outcome<HandlerReply & { computed: number }>, where: string) => {
      if (!outcome.ok) throw new Error(`${where}: threw ${String(outcome.error)}`);
      const reply = outcome.value;
      expect(reply.status === 200 || reply.status === 201 || (reply.status === 409 && reply.body.error.code === 'run_in_progress'), `${where}: ${reply.status} ${JSON.stringify(reply.body)}`).toBe(true);
      return reply;
    };
    const schoolsOf = async (runId: string) => JSON.stringify(await store.readRunSchools(runId));

    it('two requests with one key, every interleaving: one computes, the other gets its run or is told to ask again', async () => {
      const reference = await post(store, 'same-reference', smallDataset);
      const expected = await schoolsOf(reference.body.runId);
      const keys: string[] = [];
      const tried = await everyInterleaving(
        'same',
        (key) => {
          const clock = fakeClock();
          return { a: computing(key, clock), b: computing(key, clock) };
        },
        async (key, outcome, where) => {
          keys.push(key);
          const a = replyOf(outcome.a, `${where} A`);
          const b = replyOf(outcome.b, `${where} B`);
          expect(a.computed + b.computed, `${where}: computations`).toBe(1);
          const answered = [a, b].filter((r) => r.status < 300);
          expect(answered.length, where).toBeGreaterThanOrEqual(1);
          for (const reply of answered) {
            expect(reply.body.status, where).toBe('complete');
            expect(await schoolsOf(reply.body.runId), where).toBe(expected);
            expect(reply.body.summary, where).toEqual(reference.body.summary);
          }
        },
      );
      expect(tried).toBeGreaterThan(50);
      const events = (await allAudit(store)).filter((e) => e.action === 'run.create');
      for (const key of keys) {
        const runId = (await post(store, key, smallDataset)).body.runId;
        expect(events.filter((e) => e.subject === runId), `run.create events for ${key}`).toHaveLength(1);
      }
    }, RACE_TIMEOUT_MS);

    it('two writers of one run with different results, every interleaving: the complete run holds one of them whole', async () => {
      // What a retry after a deployment that changed the calculation would compute: a different result for the same
      // request. B may take over at any time (A's claim looks expired to it).
      const otherRules = (s: Store): Store =>
        new Proxy(s, {
          get(target, property, receiver) {
            if (property !== 'getVersion') return Reflect.get(target, property, receiver);
            return async (id: string, version: number) => {
              const found = await target.getVersion(id, version);
              return { ...found, ruleSet: { ...found.ruleSet, tiers: found.ruleSet.tiers.map((tier) => ({ ...tier, perStudent: String(Number(tier.perStudent) + 1000) })) } };
            };
          },
        });
      // Each possible result: its summary and the school items that go with it.
      const results = new Map<string, string>();
      for (const [key, s] of [['mixed-reference-a', store], ['mixed-reference-b', otherRules(store)]] as const) {
        const made = await post(s, key, smallDataset);
        results.set(JSON.stringify(made.body.summary.totalEntitlement), await schoolsOf(made.body.runId));
      }
      expect(new Set(results.values()).size).toBe(2);
      await everyInterleaving(
        'mixed',
        (key) => ({ a: computing(key, fakeClock(Date.now() - 3_600_000)), b: computing(key, fakeClock(), otherRules) }),
        async (key, outcome, where) => {
          if (!outcome.a.ok || !outcome.b.ok) throw new Error(`${where}: threw ${String(outcome.a.ok ? '' : outcome.a.error)} ${String(outcome.b.ok ? '' : outcome.b.error)}`);
          for (const reply of [outcome.a.value, outcome.b.value]) {
            expect(reply.status, `${where}: ${JSON.stringify(reply.body)}`).toBeLessThan(500);
            if (reply.status >= 300) expect(['run_in_progress', 'run_content_changed'], where).toContain(reply.body.error.code);
          }
          const answered = [outcome.a.value, outcome.b.value].filter((r) => r.status < 300);
          const header = await store.findRunHeader(answered[0]?.body.runId ?? (await post(store, key, smallDataset, { now: () => new Date(Date.now() + 3_600_000).toISOString() })).body.runId);
          if (header?.status !== 'complete') return;
          const schools = await schoolsOf(header.runId);
          expect(schools, `${where}: the complete run's schools are the whole result its summary is from`).toBe(results.get(JSON.stringify(header.summary!.totalEntitlement)));
          for (const reply of answered) expect(reply.body.summary, where).toEqual(header.summary);
        },
      );
    }, RACE_TIMEOUT_MS);

    it('two deliveries of one queued job, every interleaving: one compute, the run complete and whole, one run.create', async () => {
      // A run queued as a job (a dataset over the threshold: here 1 line) goes through the same claim as a request.
      const reference = await post(store, 'job-reference', smallDataset);
      const expected = await schoolsOf(reference.body.runId);
      const queue = async (key: string) => {
        const queued = await post(store, key, smallDataset, { asyncRunLines: 1 });
        expect(queued.status, JSON.stringify(queued.body)).toBe(202);
        return queued.body.runId as string;
      };
      const deliver = (runId: string, clock: Pick<AppContext, 'now' | 'sleep'>) => async (s: Store) => {
        const counted = instrumented(s);
        await runJob({ ...createContext(counted.store, () => {}), ...clock }, runId);
        return counted.calls.readDatasetEnrollment;
      };
      const stepsA = await countSteps(store.connection, deliver(await queue('job-probe-a'), fakeClock()), commutes);
      const stepsB = await countSteps(store.connection, deliver(await queue('job-probe-b'), fakeClock()), commutes);
      const schedules = schedulesFor(stepsA, stepsB);
      let n = 0;
      await inParallel(schedules, PARALLEL_SCHEDULES, async (schedule) => {
        const runId = await queue(`job-${++n}`);
        const clock = fakeClock();
        const outcome = await runSchedule(store.connection, schedule, deliver(runId, clock), deliver(runId, clock), commutes);
        const where = `${describeSchedule(schedule)} [A: ${outcome.stepsA.join(' ')}] [B: ${outcome.stepsB.join(' ')}]`;
        if (!outcome.a.ok || !outcome.b.ok) throw new Error(`${where}: threw ${String(outcome.a.ok ? '' : outcome.a.error)} ${String(outcome.b.ok ? '' : outcome.b.error)}`);
        expect(outcome.a.value + outcome.b.value, `${where}: computations`).toBe(1);
        expect((await store.findRunHeader(runId))?.status, where).toBe('complete');
        expect(await schoolsOf(runId), where).toBe(expected);
      });
      expect(schedules.length).toBeGreaterThan(20);
      const events = (await allAudit(store)).filter((e) => e.action === 'run.create');
      for (let i = 1; i <= n; i++) {
        const runId = (await post(store, `job-${i}`, smallDataset, { asyncRunLines: 1 })).body.runId as string;
        expect(events.filter((e) => e.subject === runId), `run.create events for job-${i}`).toHaveLength(1);
      }
    }, RACE_TIMEOUT_MS);
  });
}
