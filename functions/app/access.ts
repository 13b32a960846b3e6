import { coded } from '../../domain/problems';
import { notFound } from '../http/errors';
import type { Caller } from '../http/types';
import { visibleToSchools } from '../store/run-lifecycle';
import type { RunHeader } from '../store/types';
import type { AppContext } from './context';
import { standingOf, type RunStanding } from './run-views';

/**
 * The run as this caller may see it, with its standing. A school user sees only the current approved run and the
 * runs it superseded, and only those that include its school; anything else answers exactly like a run that does
 * not exist, so nothing leaks about other schools, runs under review, returned or withdrawn runs.
 */
export async function visibleRun(ctx: AppContext, caller: Caller, runId: string): Promise<RunHeader & { standing: RunStanding }> {
  const missing = () => notFound(coded('run_not_found', { runId }));
  const header = await ctx.store.getRun(runId).catch(() => {
    throw missing();
  });
  const standing = await standingOf(ctx, header);
  if (caller.role !== 'school') return { ...header, standing };
  if (!visibleToSchools(standing.lifecycle)) throw missing();
  await ctx.store.getRunSchool(runId, caller.schoolId!).catch(() => {
    throw missing();
  });
  return { ...header, standing };
}

/** A school user may read only its own school; any other id is "not found". */
export function assertSchoolVisible(caller: Caller, runId: string, schoolId: string): void {
  if (caller.role === 'school' && caller.schoolId !== schoolId) throw notFound(coded('run_school_not_found', { runId, schoolId }));
}
