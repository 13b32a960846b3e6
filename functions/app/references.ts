import type { RulesReference } from '../../contract/planning';
import type { EnrollmentLine, RowProblem } from '../../domain/enrollment';
import { problemAt, type Problem } from '../../domain/problems';
import { NotFoundError, StateConflictError } from '../store/errors';
import type { DatasetHeader } from '../store/types';
import type { AppContext } from './context';

/**
 * What a planning request (a solution, a plan) may name, and fetching it. A name that leads nowhere is a problem at
 * its path in the body (422), not a 404: the route exists, the body is what cannot be used.
 */
export { rulesReference } from '../../contract/planning';
export type { RulesReference };

/** Where the rules came from, as the answer names them; a draft made from a solution takes `baseVersion` as its base. */
export type RulesSource = { ruleSetId: string; version: number } | { ruleSetId: string; draftId: string; baseVersion?: number } | { inline: true };

export type Fetched<T> = ({ ok: true } & T) | { ok: false; problems: Problem[] };

/** A published version or a draft's content (unvalidated: the caller validates and reports at its own path). */
export async function fetchRules(ctx: AppContext, reference: RulesReference): Promise<Fetched<{ content: unknown; source: RulesSource }>> {
  if ('ruleSet' in reference) return { ok: true, content: reference.ruleSet, source: { inline: true } };
  const { ruleSetId } = reference;
  if ('draftId' in reference) {
    const draft = await orMissing(ctx.store.getDraft(ruleSetId, reference.draftId));
    if (!draft) return { ok: false, problems: [problemAt('draftId', 'referenced_draft_not_found', { ruleSetId, draftId: reference.draftId })] };
    return { ok: true, content: draft.content, source: { ruleSetId, draftId: draft.draftId, ...(draft.baseVersion !== undefined ? { baseVersion: draft.baseVersion } : {}) } };
  }
  if (reference.version === 'latest') {
    const latest = await ctx.store.getLatestVersion(ruleSetId);
    if (!latest) return { ok: false, problems: [problemAt('ruleSetId', 'referenced_rule_set_unpublished', { ruleSetId })] };
    return { ok: true, content: latest.ruleSet, source: { ruleSetId, version: latest.version } };
  }
  const version = await orMissing(ctx.store.getVersion(ruleSetId, reference.version));
  if (!version) return { ok: false, problems: [problemAt('version', 'referenced_version_not_found', { ruleSetId, version: reference.version })] };
  return { ok: true, content: version.ruleSet, source: { ruleSetId, version: version.version } };
}

/** A sealed dataset's lines and row problems; the engine decides what the row problems mean (excludeInvalid). */
export async function fetchDataset(ctx: AppContext, datasetId: string): Promise<Fetched<{ header: DatasetHeader; lines: EnrollmentLine[]; problems: RowProblem[] }>> {
  try {
    return { ok: true, ...(await ctx.store.readDatasetContent(datasetId)) };
  } catch (error) {
    if (error instanceof NotFoundError) return { ok: false, problems: [problemAt('datasetId', 'referenced_dataset_not_found', { datasetId })] };
    if (error instanceof StateConflictError && error.code === 'not_sealed') return { ok: false, problems: [problemAt('datasetId', 'referenced_dataset_not_sealed', { datasetId })] };
    throw error;
  }
}

async function orMissing<T>(read: Promise<T>): Promise<T | undefined> {
  try {
    return await read;
  } catch (error) {
    if (error instanceof NotFoundError) return undefined;
    throw error;
  }
}
