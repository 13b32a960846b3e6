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

export function steppedStore(base: DynamoConnection): SteppedStore {
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
      return async (command: { constructor: { name: string } }) => {
        const name = command.constructor.name;
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

export interface Schedule {
  first: 'A' | 'B';
  /** Steps the first operation takes before the second starts. */
  firstSteps: number;
  /** Steps the second takes before the first runs to its end. */
  secondSteps: number;
}

export const describeSchedule = (s: Schedule) => `${s.first} ×${s.firstSteps}, ${s.first === 'A' ? 'B' : 'A'} ×${s.secondSteps}, ${s.first} to end, ${s.first === 'A' ? 'B' : 'A'} to end`;

/** Every schedule for two operations of `stepsA` and `stepsB` requests (as counted on an undisturbed run). */
export function schedulesFor(stepsA: number, stepsB: number): Schedule[] {
  const out: Schedule[] = [];
  for (let i = 0; i <= stepsA; i++) for (let j = 0; j <= stepsB; j++) out.push({ first: 'A', firstSteps: i, secondSteps: j });
  for (let j = 0; j <= stepsB; j++) for (let i = 0; i <= stepsA; i++) out.push({ first: 'B', firstSteps: j, secondSteps: i });
  return out;
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

/** Runs `a` and `b`, each on its own stepped store over `base`, in the order `schedule` says. */
export async function runSchedule<A, B>(
  base: DynamoConnection,
  schedule: Schedule,
  a: (store: Store) => Promise<A>,
  b: (store: Store) => Promise<B>,
): Promise<{ a: Outcome<A>; b: Outcome<B>; stepsA: string[]; stepsB: string[] }> {
  const sa = steppedStore(base);
  const sb = steppedStore(base);
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
export async function countSteps(base: DynamoConnection, operation: (store: Store) => Promise<unknown>): Promise<number> {
  const stepped = steppedStore(base);
  await operation(stepped.store);
  return stepped.taken.length;
}

function settle<T>(promise: Promise<T>): Promise<Outcome<T>> {
  return promise.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
}
