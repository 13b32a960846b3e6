import { coded } from '../../domain/problems';
import { notFound } from '../http/errors';
import type { Caller } from '../http/types';
import type { RunHeader } from '../store/types';
import type { AppContext } from './context';

/**
 * The run as this caller may see it. A school user sees only approved runs that include its school; anything
 * else answers exactly like a run that does not exist, so nothing leaks about other schools or pending runs.
 */
export async function visibleRun(ctx: AppContext, caller: Caller, runId: string): Promise<RunHeader> {
  const missing = () => notFound(coded('run_not_found', { runId }));
  const header = await ctx.store.getRun(runId).catch(() => {
    throw missing();
  });
  if (caller.role !== 'school') return header;
  if (!header.approvedBy) throw missing();
  await ctx.store.getRunSchool(runId, caller.schoolId!).catch(() => {
    throw missing();
  });
  return header;
}

/** A school user may read only its own school; any other id is "not found". */
export function assertSchoolVisible(caller: Caller, runId: string, schoolId: string): void {
  if (caller.role === 'school' && caller.schoolId !== schoolId) throw notFound(coded('run_school_not_found', { runId, schoolId }));
}
