import { baselineFromSchools, type Baseline } from '../../domain/baseline';
import { problemAt, type Problem } from '../../domain/problems';
import { NotFoundError } from '../store/errors';
import type { RunHeader } from '../store/types';
import type { AppContext } from './context';
import { standingOf } from './run-views';

/** What the baseline is for: the rule-set series (the store's rule-set id) and the fiscal year of the new result. */
export interface BaselineTarget {
  ruleSetId: string;
  fiscalYear: number;
}

export type BaselineRun = { ok: true; baseline: Baseline; header: RunHeader } | { ok: false; problems: Problem[] };

/**
 * An approved run as the baseline of year-on-year protection (SPEC §7): last year's result that finance approved
 * and that still counts. Every other run is refused with its reason, at `path`, so that a floor is never measured
 * from a figure nobody signed off:
 * - `baseline_run_not_found`: no complete run has that id;
 * - `baseline_run_not_approved`: in review, returned or withdrawn (its state is named);
 * - `baseline_run_superseded`: approved once, but another approved run of its rule set and year replaced it;
 * - `baseline_run_other_series`: a run of another rule set (its schools and standards are another series);
 * - `baseline_run_not_earlier`: not of an earlier fiscal year than the result it protects.
 */
export async function baselineOfRun(ctx: AppContext, runId: string, target: BaselineTarget, path: string): Promise<BaselineRun> {
  const refuse = (code: string, params: Record<string, string | number>): BaselineRun => ({ ok: false, problems: [problemAt(path, code, { runId, ...params })] });
  const header = await ctx.store.getRun(runId).catch((error: unknown) => {
    if (error instanceof NotFoundError) return undefined;
    throw error;
  });
  if (!header || !header.summary) return refuse('baseline_run_not_found', {});
  const standing = await standingOf(ctx, header);
  if (standing.lifecycle === 'superseded') return refuse('baseline_run_superseded', { currentRunId: standing.currentRunId ?? '' });
  if (standing.lifecycle !== 'approved') return refuse('baseline_run_not_approved', { state: standing.lifecycle });
  if (header.request.ruleSetId !== target.ruleSetId) return refuse('baseline_run_other_series', { ruleSetId: header.request.ruleSetId, expected: target.ruleSetId });
  if (header.request.fiscalYear >= target.fiscalYear) return refuse('baseline_run_not_earlier', { baselineYear: header.request.fiscalYear, fiscalYear: target.fiscalYear });
  return { ok: true, baseline: await storedBaseline(ctx, header), header };
}

/**
 * A complete run's result as a baseline, from its school summaries: a school's `students` is the sum over its lines
 * by construction (allocate.ts), so a national baseline reads 3,000 summaries, never the 361k lines.
 */
export async function storedBaseline(ctx: AppContext, header: RunHeader): Promise<Baseline> {
  return baselineFromSchools(header.summary!, await ctx.store.listRunSchools(header.runId));
}
