import { beforeAll, describe, expect, it } from 'vitest';
import { sha256 } from '../../domain/hash';
import type { DynamoConnection } from '../../functions/store/client';
import type { Store } from '../../functions/store/types';
import { handlersOn, type Actor, type HandlerReply } from './support/handlers';
import { RACE_TIMEOUT_MS, countSteps, describeSchedule, inParallel, runSchedule, schedulesFor, type Outcome, type Schedule } from '../support/interleave';

type ConnectedStore = Store & { connection: DynamoConnection };
const uploader: Actor = { user: 'zhang', role: 'finance' };
const sealer: Actor = { user: 'li', role: 'finance' };

const HEADER = 'school_id,school_name,school_type,ownership,major_code,class_type,students\n';
const rows = (from: number, count: number) =>
  Array.from({ length: count }, (_, i) => `S${String(from + i).padStart(4, '0')},学校${from + i},technician_college,public,0101,intermediate,${10 + i}\n`).join('');
const PART_1 = HEADER + rows(1, 3);
const PART_2 = rows(4, 3);
const PART_2_OTHER = rows(7, 2);
const base64 = (text: string) => Buffer.from(text).toString('base64');
/** Schedules are independent (one dataset each), so several run at once; each one's own order stays exact. */
const PARALLEL_SCHEDULES = 4;

/**
 * Acknowledged means kept, for every multi-item operation: each pair of racing requests is run in every interleaving
 * of their DynamoDB requests (support/interleave.ts), and afterwards whatever was answered 2xx must be in the result
 * that depends on it. Written once, run on dynalite and on DynamoDB Local.
 */
export function describeRaces(backEnd: string, openStore: () => Promise<Store>): void {
  describe(`races on ${backEnd}`, () => {
    let store: ConnectedStore;
    beforeAll(async () => {
      store = (await openStore()) as ConnectedStore;
    });

    let datasetCount = 0;
    /** An open dataset holding part 1 (a header and three rows). */
    async function openDataset(): Promise<string> {
      const datasetId = `ds-race-${++datasetCount}`;
      await store.createDataset({ datasetId, name: datasetId, format: 'csv', createdBy: uploader.user, createdAt: new Date().toISOString() });
      await store.putPart(datasetId, 1, new TextEncoder().encode(PART_1));
      return datasetId;
    }

    const putPart = (id: string, partNumber: number, text: string) => (s: Store) =>
      handlersOn(s)(uploader, 'POST', `/datasets/${id}/parts`, { json: { partNumber, contentBase64: base64(text) } });
    const seal = (id: string) => (s: Store) => handlersOn(s)(sealer, 'POST', `/datasets/${id}/seal`);
    const partThenSeal = (id: string, partNumber: number, text: string) => async (s: Store) => {
      const part = await putPart(id, partNumber, text)(s);
      return { part, seal: await seal(id)(s) };
    };

    /** The reply of an operation that must answer, never throw; and never a 5xx. */
    const replyOf = (outcome: Outcome<HandlerReply>, where: string): HandlerReply => {
      if (!outcome.ok) throw new Error(`${where}: threw ${String(outcome.error)}`);
      expect(outcome.value.status, `${where}: ${JSON.stringify(outcome.value.body)}`).toBeLessThan(500);
      return outcome.value;
    };

    /**
     * The dataset once sealed (sealing it now if the race left it open) must hold exactly the acknowledged parts,
     * joined in part order: its content hash is theirs and it has their lines.
     */
    async function expectSealedWith(id: string, acknowledged: Map<number, string>, where: string): Promise<void> {
      const call = handlersOn(store);
      let header = (await call(sealer, 'GET', `/datasets/${id}`)).body;
      if (header.status === 'open') {
        const sealed = await call(sealer, 'POST', `/datasets/${id}/seal`);
        expect(sealed.status, `${where}: sealing what the race left open: ${JSON.stringify(sealed.body)}`).toBe(200);
        header = sealed.body;
      }
      const joined = [...acknowledged.entries()].sort(([a], [b]) => a - b).map(([, text]) => text).join('');
      const expectedLines = joined.split('\n').filter(Boolean).length - 1;
      expect({ lineCount: header.lineCount, contentHash: header.contentHash }, where).toEqual({ lineCount: expectedLines, contentHash: sha256(new TextEncoder().encode(joined)) });
      const { lines } = await store.readDatasetContent(id);
      expect(lines.map((line) => line.schoolId), where).toEqual(joined.split('\n').filter(Boolean).slice(1).map((row) => row.split(',')[0]));
    }

    async function eachSchedule<A, B>(
      a: (id: string) => (s: Store) => Promise<A>,
      b: (id: string) => (s: Store) => Promise<B>,
      check: (id: string, outcome: { a: Outcome<A>; b: Outcome<B> }, where: string) => Promise<void>,
    ): Promise<number> {
      const stepsA = await countSteps(store.connection, a(await openDataset()));
      const stepsB = await countSteps(store.connection, b(await openDataset()));
      const schedules: Schedule[] = schedulesFor(stepsA, stepsB);
      await inParallel(schedules, PARALLEL_SCHEDULES, async (schedule) => {
        const id = await openDataset();
        const outcome = await runSchedule(store.connection, schedule, a(id), b(id));
        await check(id, outcome, `${describeSchedule(schedule)} [A: ${outcome.stepsA.join(' ')}] [B: ${outcome.stepsB.join(' ')}]`);
      });
      return schedules.length;
    }

    it('a part racing a seal: an acknowledged part is always in the sealed dataset, a refused one never', async () => {
      const tried = await eachSchedule(
        (id) => putPart(id, 2, PART_2),
        seal,
        async (id, outcome, where) => {
          const part = replyOf(outcome.a, `${where} part`);
          const sealed = replyOf(outcome.b, `${where} seal`);
          if (part.status !== 200) expect(part.body.error.code, where).toBe('already_sealed');
          if (sealed.status !== 200) expect(sealed.status, where).toBe(409);
          await expectSealedWith(id, new Map([[1, PART_1], ...(part.status === 200 ? ([[2, PART_2]] as const) : [])]), where);
        },
      );
      expect(tried).toBeGreaterThan(20);
    }, RACE_TIMEOUT_MS);

    it('a seal racing a part and a second seal: the sealed content is never an older, smaller file', async () => {
      await eachSchedule(
        seal,
        (id) => partThenSeal(id, 2, PART_2),
        async (id, outcome, where) => {
          replyOf(outcome.a, `${where} first seal`);
          if (!outcome.b.ok) throw new Error(`${where}: threw ${String(outcome.b.error)}`);
          const { part } = outcome.b.value;
          replyOf({ ok: true, value: outcome.b.value.seal }, `${where} second seal`);
          await expectSealedWith(id, new Map([[1, PART_1], ...(part.status === 200 ? ([[2, PART_2]] as const) : [])]), where);
        },
      );
    }, RACE_TIMEOUT_MS);

    it('two different uploads of one part number: only one is acknowledged, and it is the one sealed', async () => {
      await eachSchedule(
        (id) => putPart(id, 2, PART_2),
        (id) => partThenSeal(id, 2, PART_2_OTHER),
        async (id, outcome, where) => {
          const first = replyOf(outcome.a, `${where} part`);
          if (!outcome.b.ok) throw new Error(`${where}: threw ${String(outcome.b.error)}`);
          const second = outcome.b.value.part;
          expect([first.status, second.status].filter((s) => s === 200).length, where).toBeLessThanOrEqual(1);
          const winner = first.status === 200 ? PART_2 : second.status === 200 ? PART_2_OTHER : undefined;
          await expectSealedWith(id, new Map([[1, PART_1], ...(winner ? ([[2, winner]] as const) : [])]), where);
        },
      );
    }, RACE_TIMEOUT_MS);
  });
}
