import type { DynamoConnection } from '../../functions/store/client';

/**
 * Deterministic interleavings of concurrent operations, injected at the DynamoDB client (no sleeps). Each operation
 * gets its own connection whose every command (read or write) waits at a gate; a scheduler lets exactly one command
 * through at a time, in an order it chooses, and waits until every operation is either finished or waiting at its
 * next gate before choosing again. Exploring all choice sequences (bounded by the number of preemptions) runs every
 * interleaving of the operations' steps, in particular every pair of steps in both orders.
 */
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

interface OpState {
  waiting: (() => void)[];
  done: boolean;
}

/** Runs every schedule; returns how many there were and the longest operation (in commands). */
export async function explore<C, R>(base: DynamoConnection, exploration: Exploration<C, R>): Promise<{ schedules: number; steps: number }> {
  const maxPreemptions = exploration.maxPreemptions ?? Infinity;
  const maxSchedules = exploration.maxSchedules ?? 5000;
  const stack: number[][] = [[]];
  let schedules = 0;
  let steps = 0;
  while (stack.length) {
    const prefix = stack.pop()!;
    if (++schedules > maxSchedules) throw new Error(`more than ${maxSchedules} schedules; lower maxPreemptions`);
    const trace = await runSchedule(base, exploration, prefix, schedules);
    steps = Math.max(steps, trace.length);
    // Branch at each decision point past the prefix, on every other runnable operation within the preemption bound.
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

async function runSchedule<C, R>(base: DynamoConnection, exploration: Exploration<C, R>, prefix: number[], n: number): Promise<DecisionPoint[]> {
  const t0 = performance.now();
  const context = await exploration.setup(n);
  const t1 = performance.now();
  const ops: OpState[] = exploration.operations.map(() => ({ waiting: [], done: false }));
  let inFlight = 0;
  // Woken on every change of the operations' state, so waiting costs no CPU while DynamoDB works.
  let wake: () => void = () => {};
  const changed = () => wake();
  const nextChange = () => new Promise<void>((resolve) => (wake = resolve));
  const gated = (index: number): DynamoConnection => {
    const doc = new Proxy(base.doc, {
      get(target, property, receiver) {
        if (property !== 'send') return Reflect.get(target, property, receiver);
        return async (command: unknown) => {
          await new Promise<void>((release) => {
            ops[index]!.waiting.push(release);
            changed();
          });
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
  const running = exploration.operations.map((operation, index) =>
    Promise.resolve()
      .then(() => operation(context, gated(index)))
      .finally(() => {
        ops[index]!.done = true;
        changed();
      }),
  );
  const outcomes = Promise.allSettled(running);

  const trace: DecisionPoint[] = [];
  let previous: number | undefined;
  let preemptions = 0;
  for (;;) {
    await quiescence(() => inFlight === 0 && ops.every((op) => op.done || op.waiting.length > 0), nextChange);
    const runnable = ops.flatMap((op, index) => (op.waiting.length ? [index] : []));
    if (!runnable.length) break;
    let chosen: number;
    if (trace.length < prefix.length) chosen = prefix[trace.length]!;
    else chosen = previous !== undefined && runnable.includes(previous) ? previous : runnable[0]!;
    if (!runnable.includes(chosen)) throw new Error(`schedule ${n}: operation ${chosen} cannot run at step ${trace.length} (nondeterministic operation?)`);
    trace.push({ runnable, chosen, previous, preemptionsBefore: preemptions });
    if (previous !== undefined && previous !== chosen && runnable.includes(previous)) preemptions++;
    previous = chosen;
    ops[chosen]!.waiting.shift()!();
  }
  const schedule = trace.map((p) => 'ABCDEFGH'[p.chosen]).join('');
  const t2 = performance.now();
  await exploration.check(context, await outcomes, schedule);
  if (process.env.INTERLEAVE_TIMING) console.log(`setup ${(t1 - t0).toFixed(0)} ops ${(t2 - t1).toFixed(0)} (${trace.length} steps) check ${(performance.now() - t2).toFixed(0)}`);
  return trace;
}

/**
 * Waits until `settled` holds and still holds one event-loop turn later (an operation that just reached a gate has
 * then registered every command it sends at once).
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
        timer = setTimeout(() => reject(new Error('operations neither finished nor reached their next DynamoDB command within 10 s')), 10_000);
      }),
    ]).finally(() => clearTimeout(timer));
  }
}
