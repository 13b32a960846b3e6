import { effectiveState, type RunState } from '../store/run-lifecycle';
import { seriesKey } from '../store/run-decisions';
import type { RunHeader } from '../store/types';
import type { RunJobState } from './run-jobs';
import type { AppContext } from './context';
import { publicDecisions } from './decisions';

/** A run's state as everybody sees it, with whether it is the current run of its rule set and fiscal year. */
export interface RunStanding {
  lifecycle: RunState;
  current: boolean;
  /** The current run of the same rule set and fiscal year, when there is one. */
  currentRunId?: string;
}

export async function standingOf(ctx: AppContext, header: RunHeader): Promise<RunStanding> {
  const pointer = await ctx.store.getCurrentRun(header.request.ruleSetId, header.request.fiscalYear);
  return standing(header, pointer?.runId);
}

/** Standings of many runs with one read of their pointers. */
export async function standingsOf(ctx: AppContext, headers: RunHeader[]): Promise<Map<string, RunStanding>> {
  const pointers = await ctx.store.getCurrentRuns(headers.map((h) => ({ ruleSetId: h.request.ruleSetId, fiscalYear: h.request.fiscalYear })));
  return new Map(headers.map((h) => [h.runId, standing(h, pointers.get(seriesKey(h.request.ruleSetId, h.request.fiscalYear))?.runId)]));
}

function standing(header: RunHeader, currentRunId: string | undefined): RunStanding {
  const lifecycle = effectiveState(header, currentRunId);
  return { lifecycle, current: lifecycle === 'approved', ...(currentRunId !== undefined ? { currentRunId } : {}) };
}

/** The run as the API shows it; `summary` is absent only for runs still being written (never listed). */
export function runView(header: RunHeader, standing?: RunStanding) {
  const lifecycle = standing?.lifecycle ?? effectiveState(header, undefined);
  return {
    runId: header.runId,
    status: header.status,
    lifecycle,
    current: standing?.current ?? lifecycle === 'approved',
    ...(standing?.currentRunId !== undefined ? { currentRunId: standing.currentRunId } : {}),
    approved: lifecycle === 'approved' || lifecycle === 'superseded',
    request: header.request,
    createdBy: header.createdBy,
    createdAt: header.createdAt,
    ...(header.completedAt ? { completedAt: header.completedAt } : {}),
    ...(header.approvedBy ? { approvedBy: header.approvedBy, approvedAt: header.approvedAt } : {}),
    ...publicDecisions(header),
    ...(header.excludedFigures ? { excludedFigures: header.excludedFigures } : {}),
    ...(header.summary ? { summary: header.summary } : {}),
    // A run computed as a job (run-jobs.ts), until it is complete: how far it is, or what refused it.
    ...(header.job && header.status !== 'complete' ? { job: { state: header.job.state, queuedAt: header.job.queuedAt, ...(header.job.error ? { error: jobErrorView(header.job.error) } : {}) } } : {}),
  };
}

/**
 * A refused job's error as the status answers it: the codes the error body carries (no text: the status is not
 * rendered in a language; the console renders the code), so it reads as the refused request would have.
 */
function jobErrorView(error: NonNullable<RunJobState['error']>) {
  return {
    statusCode: error.statusCode,
    code: error.code,
    messageCode: error.text.code,
    ...(error.text.params ? { params: error.text.params } : {}),
    details: error.details,
    ...(error.detailCount > error.details.length ? { detailCount: error.detailCount } : {}),
  };
}
