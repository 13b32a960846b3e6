import { coded } from '../../domain/problems';
import type { Envelope } from '../../domain/allocate';
import type { ColumnarAllocateInput } from '../../domain/allocation-core';
import type { Baseline } from '../../domain/baseline';
import type { RowProblem } from '../../domain/enrollment';
import type { EnrollmentColumns } from '../../domain/enrollment-columns';
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

/** A sealed dataset's lines as columns, the engine's form: a run makes no object per line (~40 MB nationally). */
export interface LoadedDataset {
  header: DatasetHeader;
  enrollment: EnrollmentColumns;
  problems: RowProblem[];
}

/** A sealed dataset ready for the engine; its row problems refuse the computation unless the caller excludes them. */
export async function loadDatasetFor(ctx: AppContext, datasetId: string, excludeInvalid: boolean): Promise<LoadedDataset> {
  const loaded = await ctx.store.readDatasetEnrollment(datasetId);
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

/** What `allocate` takes for a published version on a sealed dataset: the rules, the lines and the file's own problems. */
export function allocateInputFor(version: RuleSetVersion, dataset: LoadedDataset, options: { envelope: Envelope; excludeInvalid: boolean; baseline?: Baseline | undefined }): ColumnarAllocateInput {
  return {
    ruleSet: version.ruleSet,
    ruleSetVersion: version.version,
    enrollment: dataset.enrollment,
    readerProblems: dataset.problems,
    envelope: options.envelope,
    excludeInvalid: options.excludeInvalid,
    ...(dataset.header.contentHash ? { enrollmentHash: dataset.header.contentHash } : {}),
    ...(options.baseline ? { baseline: options.baseline } : {}),
  };
}
