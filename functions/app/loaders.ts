import { coded } from '../../domain/problems';
import type { Envelope } from '../../domain/allocate';
import type { EnrollmentLine, RowProblem } from '../../domain/enrollment';
import { notFound, unprocessable } from '../http/errors';
import type { DatasetHeader, RuleSetVersion } from '../store/types';
import type { AppContext } from './context';
import { rowDetails } from './problems';

export async function loadVersion(ctx: AppContext, ruleSetId: string, version: number | 'latest'): Promise<RuleSetVersion> {
  if (version !== 'latest') return ctx.store.getVersion(ruleSetId, version);
  const latest = await ctx.store.getLatestVersion(ruleSetId);
  if (!latest) throw notFound(coded('no_published_version', { ruleSetId }));
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
      coded('dataset_has_errors', { datasetId, count: loaded.problems.length }),
      rowDetails(loaded.problems),
      loaded.problems.length,
    );
  }
  return loaded;
}

export function envelopeOf(input: { policy: Envelope['policy']; budget?: string | undefined }): Envelope {
  return { policy: input.policy, ...(input.budget !== undefined ? { budget: input.budget } : {}) };
}
