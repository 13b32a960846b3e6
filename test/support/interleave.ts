import type { DynamoConnection } from '../../functions/store/client';
import { createDynamoStore } from '../../functions/store/dynamo-store';
import type { Store } from '../../functions/store/types';

/**
 * Deterministic interleavings of concurrent operations, injected at the DynamoDB client (no sleeps, no timing luck).
 * Each operation gets its own connection whose every request (read or write) is one step and waits at a gate; a
 * scheduler lets one request through at a time, in the order it chooses, and chooses again only once every started
 * operation has either finished or reached its next gate. Two schedulers share these gates:
 * - `explore`: every interleaving of any number of operations within a bound on preemptions, one after another;
 * - `runSchedule` over `schedulesFor`: two operations in every order of "A up to step i, B up to step j, A to its
 *   end, B to its end" (every pair of step boundaries); each schedule stands alone, so several run at once.
 */

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
 * Requests that commute with everything the other operations do need no schedule of their own: they pass their gate
 * without being a step, which keeps the schedules to the ones that differ. `auditAppends` (a fresh key nobody else
 * reads during the race) is what the pairwise races leave out by default; tests add reads of items no operation in
 * them writes.
 */
export type Commutes = (request: Request) => boolean;
export const auditAppends: Commutes = (request) => request.constructor.name === 'PutCommand' && partitionOf(request).startsWith('AUDIT#');
const nothingCommutes: Commutes = () => false;

interface Gate {
  /** Requests waiting for the scheduler, in the order the operation sent them. */
  held: Array<{ name: string; go: () => void }>;
  /** Names of the requests let through ("PutCommand", "UpdateCommand"…), in order. */
  taken: string[];
  started: boolean;
  done: boolean;
}

type Gates = ReturnType<typeof gatesOver>;

/** One gated connection over `base` per operation, and what a scheduler needs to drive them. */
function gatesOver(base: DynamoConnection, count: number, commutes: Commutes) {
  const gates: Gate[] = Array.from({ length: count }, () => ({ held: [], taken: [], started: false, done: false }));
  let inFlight = 0;
  // Woken on every change of the operations' state, so waiting costs no CPU while DynamoDB works.
  let wake: () => void = () => {};
  const changed = () => wake();
  const nextChange = () => new Promise<void>((resolve) => (wake = resolve));
  const connectionFor = (gate: Gate): DynamoConnection => {
    const doc = new Proxy(base.doc, {
      get(target, property, receiver) {
        if (property !== 'send') return Reflect.get(target, property, receiver);
        return async (command: Request) => {
          if (!commutes(command)) {
            await new Promise<void>((go) => {
              gate.held.push({ name: command.constructor.name, go });
              changed();
            });
          }
          inFlight++;
          try {
            return await (target.send as (c: unknown) => Promise<unknown>)(command);
          } finally {
            inFlight--;
            changed();
          }
        };
      },
    });
    return { ...base, doc } as DynamoConnection;
  };
  return {
    taken: (index: number) => gates[index]!.taken,
    /** Starts operation `index` on its own connection; the promise settles when it has finished. */
    start<R>(index: number, operation: (connection: DynamoConnection) => Promise<R>): Promise<R> {
      const gate = gates[index]!;
      gate.started = true;
      return Promise.resolve()
        .then(() => operation(connectionFor(gate)))
        .finally(() => {
          gate.done = true;
          changed();
        });
    },
    /** Resolves when no request is in flight and every started operation is finished or held at its gate. */
    quiescent: () => quiescence(() => inFlight === 0 && gates.every((g) => !g.started || g.done || g.held.length > 0), nextChange),
    /** The operations with a request held at their gate. */
    runnable: () => gates.flatMap((g, index) => (g.held.length ? [index] : [])),
    /** Lets the next held request of operation `index` through. */
    release(index: number): void {
      const next = gates[index]!.held.shift()!;
      gates[index]!.taken.push(next.name);
      next.go();
    },
  };
}

/** Lets operation `index` take up to `steps` steps (Infinity: to its end), then waits until everything is still. */
async function advance(gates: Gates, index: number, steps: number): Promise<void> {
  for (let taken = 0; ; taken++) {
    await gates.quiescent();
    if (taken >= steps || !gates.runnable().includes(index)) return;
    gates.release(index);
  }
}

/**
 * Waits until `settled` holds and still holds one event-loop turn later (an operation that just reached a gate has
 * then registered every request it sends at once).
 */
async function quiescence(settled: () => boolean, nextChange: () => Promise<void>): Promise<void> {
  for (;;) {
    if (settled()) {
      await new Promise((resolve) => setImmediate(resolve));
      if (settled()) return;
      continue;
    }
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      nextChange(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error('operations neither finished nor reached their next DynamoDB command within 30 s')), 30_000);
      }),
    ]).finally(() => clearTimeout(timer));
  }
}

// ---- explore: every interleaving of N operations within a preemption bound --------------------------------------

export interface Exploration<C, R> {
  /** Fresh state for one schedule (`n` makes ids unique within the table). */
  setup(n: number): Promise<C>;
  /** The concurrent operations; each must use only the connection it is given. */
  operations: ((context: C, connection: DynamoConnection) => Promise<R>)[];
  /** Asserts the invariants once every operation has finished (with its outcome or error). */
  check(context: C, outcomes: PromiseSettledResult<R>[], schedule: string): Promise<void> | void;
  /** Switches away from an operation that could still go on; Infinity explores every interleaving. */
  maxPreemptions?: number;
  /** A guard against explosion: fail instead of running for hours. */
  maxSchedules?: number;
}

/**
 * Runs every schedule (depth-first over the choice of which operation goes next, branching at each decision on every
 * other runnable operation within the preemption bound); returns how many there were and the longest operation.
 */
export async function explore<C, R>(base: DynamoConnection, exploration: Exploration<C, R>): Promise<{ schedules: number; steps: number }> {
  const maxPreemptions = exploration.maxPreemptions ?? Infinity;
  const maxSchedules = exploration.maxSchedules ?? 5000;
  const stack: number[][] = [[]];
  let schedules = 0;
  let steps = 0;
  while (stack.length) {
    const prefix = stack.pop()!;
    if (++schedules > maxSchedules) throw new Error(`more than ${maxSchedules} schedules; lower maxPreemptions`);
    const trace = await exploreOne(base, exploration, prefix, schedules);
    steps = Math.max(steps, trace.length);
    for (let i = trace.length - 1; i >= prefix.length; i--) {
      const point = trace[i]!;
      for (const alternative of point.runnable) {
        if (alternative === point.chosen) continue;
        const preemptions = point.preemptionsBefore + (point.previous !== undefined && point.previous !== alternative && point.runnable.includes(point.previous) ? 1 : 0);
        if (preemptions > maxPreemptions) continue;
        stack.push([...trace.slice(0, i).map((p) => p.chosen), alternative]);
      }
    }
  }
  // INTERLEAVE_TIMING=1 prints what each exploration covered (the closing notes quote these counts).
  if (process.env.INTERLEAVE_TIMING) console.log(`explored ${schedules} schedules, longest ${steps} commands`);
  return { schedules, steps };
}

interface DecisionPoint {
  runnable: number[];
  chosen: number;
  previous: number | undefined;
  preemptionsBefore: number;
}

/** One schedule: the choices in `prefix`, then the previous operation while it can go on, else the first runnable. */
async function exploreOne<C, R>(base: DynamoConnection, exploration: Exploration<C, R>, prefix: number[], n: number): Promise<DecisionPoint[]> {
  const t0 = performance.now();
  const context = await exploration.setup(n);
  const t1 = performance.now();
  const gates = gatesOver(base, exploration.operations.length, nothingCommutes);
  const outcomes = Promise.allSettled(exploration.operations.map((operation, index) => gates.start(index, (connection) => operation(context, connection))));

  const trace: DecisionPoint[] = [];
  let previous: number | undefined;
  let preemptions = 0;
  for (;;) {
    await gates.quiescent();
    const runnable = gates.runnable();
    if (!runnable.length) break;
    let chosen: number;
    if (trace.length < prefix.length) chosen = prefix[trace.length]!;
    else chosen = previous !== undefined && runnable.includes(previous) ? previous : runnable[0]!;
    if (!runnable.includes(chosen)) throw new Error(`schedule ${n}: operation ${chosen} cannot run at step ${trace.length} (nondeterministic operation?)`);
    trace.push({ runnable, chosen, previous, preemptionsBefore: preemptions });
    if (previous !== undefined && previous !== chosen && runnable.includes(previous)) preemptions++;
    previous = chosen;
    gates.release(chosen);
  }
  const schedule = trace.map((p) => 'ABCDEFGH'[p.chosen]).join('');
  const t2 = performance.now();
  await exploration.check(context, await outcomes, schedule);
  if (process.env.INTERLEAVE_TIMING) console.log(`setup ${(t1 - t0).toFixed(0)} ops ${(t2 - t1).toFixed(0)} (${trace.length} steps) check ${(performance.now() - t2).toFixed(0)}`);
  return trace;
}

// ---- pairwise: two operations, every pair of step boundaries, schedules independent -------------------------------

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

/**
 * Runs `a` and `b`, each on its own gated store over `base`, in the order `schedule` says. The second operation
 * starts only when its first segment begins, as a request arriving then would.
 */
export async function runSchedule<A, B>(
  base: DynamoConnection,
  schedule: Schedule,
  a: (store: Store) => Promise<A>,
  b: (store: Store) => Promise<B>,
  commutes: Commutes = auditAppends,
): Promise<{ a: Outcome<A>; b: Outcome<B>; stepsA: string[]; stepsB: string[] }> {
  const gates = gatesOver(base, 2, commutes);
  const outcomes: [Promise<Outcome<A>>?, Promise<Outcome<B>>?] = [];
  const begin = (index: 0 | 1) => {
    if (index === 0) outcomes[0] = settle(gates.start(0, (connection) => a(createDynamoStore(connection))));
    else outcomes[1] = settle(gates.start(1, (connection) => b(createDynamoStore(connection))));
  };
  const [first, second] = schedule.first === 'A' ? ([0, 1] as const) : ([1, 0] as const);
  begin(first);
  await advance(gates, first, schedule.firstSteps);
  begin(second);
  await advance(gates, second, schedule.secondSteps);
  await advance(gates, first, Infinity);
  await advance(gates, second, Infinity);
  return { a: await outcomes[0]!, b: await outcomes[1]!, stepsA: gates.taken(0), stepsB: gates.taken(1) };
}

/** How many requests (other than those that commute) an operation makes when nothing disturbs it. */
export async function countSteps(base: DynamoConnection, operation: (store: Store) => Promise<unknown>, commutes: Commutes = auditAppends): Promise<number> {
  const gates = gatesOver(base, 1, commutes);
  const finished = gates.start(0, (connection) => operation(createDynamoStore(connection)));
  // An operation that fails is still done: advance sees it finished and `finished` reports why.
  finished.catch(() => {});
  await advance(gates, 0, Infinity);
  await finished;
  return gates.taken(0).length;
}

function settle<T>(promise: Promise<T>): Promise<Outcome<T>> {
  return promise.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
}
