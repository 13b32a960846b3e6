import { NotFoundError } from '../store/errors';
import { seriesKey } from '../store/run-decisions';
import type { RunHeader } from '../store/types';
import type { AppContext } from './context';
import type { RunStanding } from './run-views';

/** How many fiscal years back "last year's allocation" is looked for (a rule set skipping a year still finds it). */
export const YEARS_BACK = 10;

/**
 * "The previous approved run" of a run: the allocation of the same rule set that was in force before this one
 * (SPEC §9's "last year's approved run"; the default of `GET /runs/{id}/attribution`):
 * - a run whose approval superseded another (a mid-year revision): the run it replaced;
 * - a run not approved (under review, returned, withdrawn): the current run of its rule set and fiscal year, when
 *   there is one — what approving it would replace;
 * - otherwise (the first approved run of its year, or a run under review in a year with none): the current run
 *   of the same rule set for the latest earlier fiscal year that has one (up to YEARS_BACK years back).
 * Undefined when there is none. Only approved or superseded runs are ever the answer, so a school may see it.
 */
export async function previousApprovedRun(ctx: AppContext, header: RunHeader, standing: RunStanding): Promise<RunHeader | undefined> {
  const approved = standing.lifecycle === 'approved' || standing.lifecycle === 'superseded';
  const replaced = approved ? (header.approval?.supersedes ?? header.pending?.supersedes) : standing.currentRunId !== header.runId ? standing.currentRunId : undefined;
  if (replaced) {
    const run = await completeRun(ctx, replaced);
    if (run) return run;
  }
  const { ruleSetId, fiscalYear } = header.request;
  const years = Array.from({ length: YEARS_BACK }, (_, i) => fiscalYear - 1 - i);
  const pointers = await ctx.store.getCurrentRuns(years.map((year) => ({ ruleSetId, fiscalYear: year })));
  for (const year of years) {
    const pointer = pointers.get(seriesKey(ruleSetId, year));
    if (!pointer) continue;
    const run = await completeRun(ctx, pointer.runId);
    if (run) return run;
  }
  return undefined;
}

async function completeRun(ctx: AppContext, runId: string): Promise<RunHeader | undefined> {
  return ctx.store.getRun(runId).catch((error) => {
    if (error instanceof NotFoundError) return undefined;
    throw error;
  });
}
