import { coded } from '../../domain/problems';
import { randomUUID } from 'node:crypto';
import { conflict } from '../http/errors';
import type { RunHeader } from '../store/types';
import type { AppContext } from './context';

/**
 * How long a request's claim on a run holds: longer than a runs Lambda can live (29 s), so a live writer is never
 * overtaken, and a dead one's retry can go ahead soon after.
 */
export const RUN_LEASE_MS = 35_000;
/** How long a request that finds the run being computed waits for it, within API Gateway's 30 s. */
export const RUN_WAIT_MS = 20_000;
const FIRST_POLL_MS = 100;
const LONGEST_POLL_MS = 1_000;

export type ClaimOutcome = { claimed: true; writer: string; resumed: boolean; header: RunHeader } | { claimed: false; header: RunHeader };

/**
 * Makes this request the one that computes `header.runId`, or, when another request is computing it, waits for that
 * one to finish and returns the run as it made it. A claim whose holder died (lease over) is taken over. Waiting
 * longer than RUN_WAIT_MS is 409 run_in_progress: the caller asks again a little later and gets the run.
 */
export async function claimOrAwait(ctx: AppContext, header: Omit<RunHeader, 'status'>, isSameRequest: (existing: RunHeader) => void): Promise<ClaimOutcome> {
  const writer = randomUUID();
  const sleep = ctx.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const started = Date.parse(ctx.now());
  const claim = async (): Promise<ClaimOutcome | RunHeader> => {
    const now = ctx.now();
    const outcome = await ctx.store.claimRun({ ...header, writer, leaseUntil: new Date(Date.parse(now) + RUN_LEASE_MS).toISOString() }, now);
    return outcome.claimed ? { claimed: true, writer, resumed: outcome.resumed, header: outcome.header } : outcome.header;
  };
  let seen = await claim();
  for (let poll = FIRST_POLL_MS; ; poll = Math.min(poll * 2, LONGEST_POLL_MS)) {
    if ('claimed' in seen) return seen;
    isSameRequest(seen);
    if (seen.status === 'complete') return { claimed: false, header: seen };
    if (Date.parse(ctx.now()) - started >= RUN_WAIT_MS) {
      throw conflict('run_in_progress', coded('run_in_progress', { runId: header.runId }));
    }
    await sleep(poll);
    // One read per wait; a claim is tried again only when the holder is gone or its lease ran out.
    const now = await ctx.store.findRunHeader(header.runId);
    seen = !now || (now.status === 'pending' && !(now.leaseUntil !== undefined && now.leaseUntil > ctx.now())) ? await claim() : now;
  }
}
