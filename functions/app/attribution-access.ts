import { langOf, type Lang } from '../../messages/index';
import { HttpError } from '../http/errors';
import { LAMBDA_RESPONSE_BYTES } from '../http/response-limit';
import type { HttpResult } from '../http/types';
import type { Caller } from '../http/types';
import type { RunHeader } from '../store/types';
import { visibleRun } from './access';
import type { AppContext } from './context';
import { previousApprovedRun } from './previous-run';
import { refusal } from './run-attribution';
import { standingOf, type RunStanding } from './run-views';

export type StandingRun = RunHeader & { standing: RunStanding };

/** The caller's language: `?lang` when the request names one, else Accept-Language (Chinese by default). */
export function languageOf(query: { lang?: Lang | undefined }, headers: Record<string, string | undefined>): Lang {
  return query.lang ?? langOf(headers['accept-language']);
}

/**
 * The two runs an attribution compares, as this caller may see them: `runId` and `against` (default: the previous
 * approved run, ./previous-run.ts). A school user compares only with its previous approved run, and only when that
 * run included its school; anything else is the same 404 as a missing run.
 */
export async function attributionRuns(ctx: AppContext, caller: Caller, runId: string, against: string | undefined): Promise<{ next: StandingRun; base: StandingRun; previous: RunHeader | undefined }> {
  const next = await comparableRun(ctx, caller, runId);
  const previous = await previousApprovedRun(ctx, next, next.standing);
  if (caller.role === 'school') {
    if (against !== undefined && against !== previous?.runId) throw runNotFound(against);
    const none = () => refusal(404, 'no_previous_run', { code: 'attribution_no_previous_allocation', params: { runId: next.runId } });
    if (!previous) throw none();
    await ctx.store.getRunSchool(previous.runId, caller.schoolId!).catch(() => {
      throw none();
    });
    return { next, base: { ...previous, standing: await standingOf(ctx, previous) }, previous };
  }
  if (against !== undefined) return { next, base: await comparableRun(ctx, caller, against), previous };
  if (!previous) throw refusal(404, 'no_previous_run', { code: 'attribution_no_previous_run', params: { runId: next.runId } });
  return { next, base: { ...previous, standing: await standingOf(ctx, previous) }, previous };
}

/** Exactly what a missing run answers (app/access.ts). */
export const runNotFound = (runId: string) => refusal(404, 'not_found', { code: 'run_not_found', params: { runId } });

/**
 * The run as this caller may see it, in the caller's words. A run still being computed is a 409 for finance (it
 * exists and will be comparable), and the same 404 as a missing run for a school.
 */
async function comparableRun(ctx: AppContext, caller: Caller, runId: string): Promise<StandingRun> {
  try {
    return await visibleRun(ctx, caller, runId);
  } catch (error) {
    if (!(error instanceof HttpError) || error.statusCode !== 404) throw error;
    if (caller.role !== 'school' && (await ctx.store.findRunHeader(runId))?.status === 'pending') {
      throw refusal(409, 'run_not_complete', { code: 'attribution_run_not_complete', params: { runId } });
    }
    throw runNotFound(runId);
  }
}

/** Which run an attribution compares, as the reader needs to name it. */
export function runRef(header: StandingRun) {
  const { request, standing } = header;
  return {
    runId: header.runId,
    ruleSetId: request.ruleSetId,
    version: request.version,
    fiscalYear: request.fiscalYear,
    datasetId: request.datasetId,
    envelope: request.envelope,
    lifecycle: standing.lifecycle,
    current: standing.current,
    createdAt: header.createdAt,
    ...(header.approvedAt ? { approvedAt: header.approvedAt } : {}),
    ...(header.summary ? { totalAllocation: header.summary.totalAllocation } : {}),
  };
}

/** Lambda cannot return more than 6 MB; a page of at most 1,000 schools stays far below, but never a 502. */
export function fitting(result: HttpResult): HttpResult {
  const bytes = Buffer.byteLength(result.body ?? '');
  if (bytes > LAMBDA_RESPONSE_BYTES) throw refusal(413, 'response_too_large', { code: 'attribution_too_large', params: { megabytes: Math.ceil(bytes / 1024 / 1024) } });
  return result;
}
