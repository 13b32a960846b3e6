import type { DynamoConnection } from '../../../functions/store/client';
import { createDynamoStore } from '../../../functions/store/dynamo-store';
import type { Store } from '../../../functions/store/types';

/**
 * Deterministic interleavings of multi-step operations. Every DynamoDB request an operation makes is one step; a
 * `SteppedStore` lets its operation take only as many steps as the test allows and holds the next one until told.
 * `interleavings` then runs two operations in every order of "A up to step i, B up to step j, A to its end, B to
 * its end" (and the same with the roles swapped): every pair of step boundaries, no sleeps, no timing luck.
 */
export interface SteppedStore {
  store: Store & { connection: DynamoConnection };
  /** Names of the requests taken so far ("PutCommand", "UpdateCommand"…), in order. */
  readonly taken: string[];
  /** Lets the operation take steps until `limit` requests in total were sent (Infinity: run free). */
  allow(limit: number): void;
  /** Resolves when no request is in flight and the operation is either held at its limit or finished. */
  settled(operation: Promise<unknown>): Promise<void>;
}

/** A DynamoDB request as the document client gets it. */
export interface Request {
  constructor: { name: string };
  input?: { Key?: { PK?: unknown }; Item?: { PK?: unknown }; ExpressionAttributeValues?: Record<string, unknown> };
}

/** The partition a request touches (for a query, its `:pk`). */
export function partitionOf(request: Request): string {
  const input = request.input ?? {};
  return String(input.Key?.PK ?? input.Item?.PK ?? input.ExpressionAttributeValues?.[':pk'] ?? '');
}

/**
 * Requests that commute with everything the other operation does need no schedule of their own: appending an audit
 * event (a fresh key nobody else reads during the race) by default, and whatever a test adds (reads of items no
 * operation in it writes). They run without counting as a step, which keeps the schedules to the ones that differ.
 */
export type Commutes = (request: Request) => boolean;
export const auditAppends: Commutes = (request) => request.constructor.name === 'PutCommand' && partitionOf(request).startsWith('AUDIT#');

export function steppedStore(base: DynamoConnection, commutes: Commutes = auditAppends): SteppedStore {
  let limit = Infinity;
  let inFlight = 0;
  const held: Array<{ name: string; go: () => void }> = [];
  const taken: string[] = [];
  let wake: (() => void) | undefined;
  const notify = () => {
    const waiter = wake;
    wake = undefined;
    waiter?.();
  };
  const release = () => {
    while (held.length && taken.length < limit) {
      const next = held.shift()!;
      taken.push(next.name);
      inFlight++;
      next.go();
    }
  };
  const doc = new Proxy(base.doc, {
    get(target, property, receiver) {
      if (property !== 'send') return Reflect.get(target, property, receiver);
      return async (command: Request) => {
        const name = command.constructor.name;
        if (commutes(command)) return (target.send as (c: unknown) => Promise<unknown>)(command);
        if (taken.length >= limit) {
          await new Promise<void>((go) => {
            held.push({ name, go });
            notify();
          });
        } else {
          taken.push(name);
          inFlight++;
        }
        try {
          return await (target.send as (c: unknown) => Promise<unknown>)(command);
        } finally {
          inFlight--;
          // Let the operation's own continuation run (and send its next request) before anyone looks.
          setImmediate(notify);
        }
      };
    },
  });
  const connection = { ...base, doc } as DynamoConnection;
  return {
    store: createDynamoStore(connection),
    taken,
    allow(next) {
      limit = next;
      release();
    },
    async settled(operation) {
      let done = false;
      void operation.then(
        () => (done = true),
        () => (done = true),
      );
      for (;;) {
        await new Promise<void>((resolve) => setImmediate(resolve));
        if (inFlight === 0 && (done || held.length > 0)) return;
        await new Promise<void>((resolve) => {
          wake = resolve;
          void operation.then(() => resolve(), () => resolve());
        });
      }
    },
  };
}

/** Every schedule of a pair is a few dozen requests; a busy shared machine can make a whole matrix take minutes. */
export const RACE_TIMEOUT_MS = 300_000;

export interface Schedule {
  first: 'A' | 'B';
  /** Steps the first operation takes before the second starts. */
  firstSteps: number;
  /** Steps the second takes before the first runs to its end. */
  secondSteps: number;
}

export const describeSchedule = (s: Schedule) => `${s.first} ×${s.firstSteps}, ${s.first === 'A' ? 'B' : 'A'} ×${s.secondSteps}, ${s.first} to end, ${s.first === 'A' ? 'B' : 'A'} to end`;

/**
 * Every distinct schedule for two operations of `stepsA` and `stepsB` requests (as counted on an undisturbed run).
 * Schedules that come to the same order of requests (a zero-step segment, a segment past an operation's end) are
 * tried once.
 */
export function schedulesFor(stepsA: number, stepsB: number): Schedule[] {
  const seen = new Set<string>();
  const out: Schedule[] = [];
  const consider = (schedule: Schedule) => {
    const key = orderKey(schedule, stepsA, stepsB);
    if (seen.has(key)) return;
    seen.add(key);
    out.push(schedule);
  };
  for (let i = 0; i <= stepsA; i++) for (let j = 0; j <= stepsB; j++) consider({ first: 'A', firstSteps: i, secondSteps: j });
  for (let j = 0; j <= stepsB; j++) for (let i = 0; i <= stepsA; i++) consider({ first: 'B', firstSteps: j, secondSteps: i });
  return out;
}

/** The request order a schedule gives, as segments "A3 B2 A* B*" with empty and repeated segments folded. */
function orderKey(schedule: Schedule, stepsA: number, stepsB: number): string {
  const total = { A: stepsA, B: stepsB };
  const second = schedule.first === 'A' ? 'B' : 'A';
  const done = { A: 0, B: 0 };
  const segments: Array<[string, number]> = [];
  for (const [actor, steps] of [[schedule.first, schedule.firstSteps], [second, schedule.secondSteps], [schedule.first, Infinity], [second, Infinity]] as const) {
    const taken = Math.min(steps, total[actor] - done[actor]);
    if (taken <= 0) continue;
    done[actor] += taken;
    const last = segments.at(-1);
    if (last && last[0] === actor) last[1] += taken;
    else segments.push([actor, taken]);
  }
  return segments.map(([actor, n]) => `${actor}${n}`).join(' ');
}

/** Runs `tasks` with at most `width` at a time (schedules are independent: each has its own dataset or run). */
export async function inParallel<T>(items: T[], width: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, items.length) }, async () => {
      while (next < items.length) await task(items[next++]!);
    }),
  );
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

/** Runs `a` and `b`, each on its own stepped store over `base`, in the order `schedule` says. */
export async function runSchedule<A, B>(
  base: DynamoConnection,
  schedule: Schedule,
  a: (store: Store) => Promise<A>,
  b: (store: Store) => Promise<B>,
  commutes?: Commutes,
): Promise<{ a: Outcome<A>; b: Outcome<B>; stepsA: string[]; stepsB: string[] }> {
  const sa = steppedStore(base, commutes);
  const sb = steppedStore(base, commutes);
  const [first, second] = schedule.first === 'A' ? [sa, sb] : [sb, sa];
  const [runFirst, runSecond] = schedule.first === 'A' ? [a, b] : [b, a];
  first.allow(schedule.firstSteps);
  const firstOp = settle(runFirst(first.store) as Promise<unknown>);
  await first.settled(firstOp);
  second.allow(schedule.secondSteps);
  const secondOp = settle(runSecond(second.store) as Promise<unknown>);
  await second.settled(secondOp);
  first.allow(Infinity);
  const firstOutcome = await firstOp;
  second.allow(Infinity);
  const secondOutcome = await secondOp;
  const [outA, outB] = schedule.first === 'A' ? [firstOutcome, secondOutcome] : [secondOutcome, firstOutcome];
  return { a: outA as Outcome<A>, b: outB as Outcome<B>, stepsA: sa.taken, stepsB: sb.taken };
}

/** How many requests an operation makes when nothing disturbs it. */
export async function countSteps(base: DynamoConnection, operation: (store: Store) => Promise<unknown>, commutes?: Commutes): Promise<number> {
  const stepped = steppedStore(base, commutes);
  await operation(stepped.store);
  return stepped.taken.length;
}

function settle<T>(promise: Promise<T>): Promise<Outcome<T>> {
  return promise.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
}
