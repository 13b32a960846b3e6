import { coded, problemAt, type Coded, type Problem } from '../../domain/problems';
import { HttpError, unprocessable } from '../http/errors';
import type { Caller } from '../http/types';
import type { RunHeader, RunRequest } from '../store/types';
import type { AppContext } from './context';

/**
 * Runs too large to finish inside API Gateway's 29 s become jobs: `POST /runs` writes the pending run with
 * `job: { state: 'queued' }` and answers 202; the job computes and stores it through the very same steps as a
 * synchronous run (runs.ts: the same claim on the run id, so one compute per key, and the same content fence), and
 * `GET /runs/{id}/status` or the same POST again (same idempotency key) tells how far it is. In AWS a job ticket item is the message: the table's stream hands its insertion to the jobs Lambda
 * (functions/handlers/jobs.ts), so a job acknowledged with 202 cannot be lost after it is written. The local
 * server runs the job in its own process right after answering.
 */

/**
 * Datasets with more lines than this are computed as a job. A run costs about 5 µs of CPU per line end to end (read
 * the sealed columns, compute, write the compact schools packed ~25 to an item; measured locally, bench/RESULTS.md),
 * so a million lines is ~5 s of work and ~8,300 schools in a few hundred items: with Lambda's 2 GB share of a CPU
 * (≈1.15 vCPU) and a cold start, about a third of the 29 s. The national set (361k lines) stays synchronous with a
 * wide margin.
 */
export const ASYNC_RUN_LINES = 1_000_000;

/**
 * How long a job's claim on its run holds: longer than a jobs Lambda can live (15 min), so a second delivery of the
 * same job never computes it beside a live one.
 */
export const JOB_LEASE_MS = 16 * 60 * 1000;

/**
 * A queued job not finished after this long was lost (its Lambda died); asking again queues it again, and the new
 * delivery takes over the claim, whose lease has run out by then.
 */
export const JOB_LOST_AFTER_MS = 20 * 60 * 1000;

export interface RunJobState {
  state: 'queued' | 'failed';
  queuedAt: string;
  /** Who asked for the run: the job computes and audits it on their behalf. */
  caller: Pick<Caller, 'userId' | 'subject' | 'name' | 'role'>;
  failedAt?: string;
  /** What the synchronous request would have answered (its text a catalogue code, rendered when answered). */
  error?: { statusCode: number; code: string; text: Coded; details: Problem[]; detailCount: number };
}

/** Local delivery of queued jobs: the local server runs them itself (in AWS the table's stream delivers the tickets). */
export interface JobQueue {
  queued(runId: string): void;
}

/** Queues a run's job: its ticket in the table (the message in AWS), then the local runner if there is one. */
export async function queueJob(ctx: AppContext, runId: string, at: string): Promise<void> {
  await ctx.store.queueRunJob(runId, at);
  ctx.jobs?.queued(runId);
}

/** The line count above which this context makes runs jobs (tests lower it; Lambda reads ASYNC_RUN_LINES). */
export function asyncRunLines(ctx: AppContext): number {
  return ctx.asyncRunLines ?? (Number(process.env.ASYNC_RUN_LINES) || ASYNC_RUN_LINES);
}

/**
 * Whether this request's dataset is too large to compute within one API request. What its header already tells
 * (another fiscal year) is refused now, as a synchronous run would; the rest is for the job to find.
 */
export async function runsAsJob(ctx: AppContext, request: RunRequest): Promise<boolean> {
  const dataset = await ctx.store.getDataset(request.datasetId);
  if ((dataset.lineCount ?? 0) <= asyncRunLines(ctx)) return false;
  if (dataset.fiscalYear !== undefined && dataset.fiscalYear !== request.fiscalYear) {
    throw unprocessable('fiscal_year_mismatch', coded('fiscal_year_mismatch_dataset', { datasetId: request.datasetId, year: dataset.fiscalYear, requested: request.fiscalYear }), [problemAt('body.fiscalYear', 'must_equal', { expected: String(dataset.fiscalYear) })]);
  }
  return true;
}

export function queuedJob(caller: Caller, at: string): RunJobState {
  return { state: 'queued', queuedAt: at, caller: { userId: caller.userId, subject: caller.subject, name: caller.name, role: caller.role } };
}

/**
 * What asking again for a run that is a job answers: its failure as the error the request would have had, a lost job
 * queued again, or the run as it stands (202).
 */
export async function runJobStatus(ctx: AppContext, header: RunHeader): Promise<RunHeader> {
  const job = header.job!;
  if (job.state === 'failed' && job.error) throw new HttpError(job.error.statusCode, job.error.code, job.error.text, job.error.details, job.error.detailCount);
  if (Date.parse(ctx.now()) - Date.parse(job.queuedAt) > JOB_LOST_AFTER_MS) {
    const at = ctx.now();
    const requeued = await ctx.store.requeueRunJob(header.runId, at);
    await queueJob(ctx, header.runId, at);
    return requeued;
  }
  return header;
}

/** The local server's queue: the job runs in this process once the 202 has been sent. */
export function inProcessJobs(run: (runId: string) => Promise<void>, log: (line: string) => void): JobQueue {
  return {
    queued(runId) {
      setImmediate(() => {
        run(runId).catch((error: unknown) => log(JSON.stringify({ level: 'error', message: 'run job failed', runId, error: String((error as Error)?.stack ?? error) })));
      });
    },
  };
}
