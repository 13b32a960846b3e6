import type { Envelope } from '../../domain/allocate';
import type { EnrollmentLine, RowProblem } from '../../domain/enrollment';
import { notFound, unprocessable } from '../http/errors';
import type { DatasetHeader, RuleSetVersion } from '../store/types';
import type { AppContext } from './context';
import { countNote, rowDetails } from './problems';

export async function loadVersion(ctx: AppContext, ruleSetId: string, version: number | 'latest'): Promise<RuleSetVersion> {
  if (version !== 'latest') return ctx.store.getVersion(ruleSetId, version);
  const latest = await ctx.store.getLatestVersion(ruleSetId);
  if (!latest) throw notFound(`rule set ${ruleSetId} has no published version`);
  return latest;
}

export interface LoadedDataset {
  header: DatasetHeader;
  lines: EnrollmentLine[];
  problems: RowProblem[];
}

/** A sealed dataset ready for the engine; its row problems refuse the computation unless the caller excludes them. */
export async function loadDatasetFor(ctx: AppContext, datasetId: string, excludeInvalid: boolean): Promise<LoadedDataset> {
  const loaded = await ctx.store.readDatasetContent(datasetId);
  if (loaded.problems.length && !excludeInvalid) {
    throw unprocessable(
      'dataset_has_errors',
      `dataset ${datasetId} has ${loaded.problems.length} row problem(s); fix the file or pass excludeInvalid: true${countNote(loaded.problems)}`,
      rowDetails(loaded.problems),
    );
  }
  return loaded;
}

export function envelopeOf(input: { policy: Envelope['policy']; budget?: string | undefined }): Envelope {
  return { policy: input.policy, ...(input.budget !== undefined ? { budget: input.budget } : {}) };
}
