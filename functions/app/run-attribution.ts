import { computeAllocation, type ColumnarAllocateInput } from '../../domain/allocation-core';
import { attributeRuns, attributionRun, type Attribution } from '../../domain/attribution';
import type { Baseline } from '../../domain/baseline';
import { Decimal } from '../../domain/decimal';
import type { Coded, Problem } from '../../domain/problems';
import type { RuleSet } from '../../domain/ruleset';
import { HttpError } from '../http/errors';
import { NotFoundError } from '../store/errors';
import type { RunHeader, RunRequest, SchoolSummary } from '../store/types';
import type { AppContext } from './context';
import { storedBaseline } from './baseline-run';
import { allocateInputFor } from './loaders';
import { PromiseMemo } from './memo';

/** An attribution of two stored runs with the rule sets that name its reasons (attributionExplainer). */
export interface StoredAttribution {
  attribution: Attribution;
  baseRules: RuleSet;
  newRules: RuleSet;
}

/** A refusal as catalogue codes (messages/attribution-views.ts); the error handler renders it in the caller's language. */
export function refusal(status: number, apiCode: string, text: Coded, details: Problem[] = []): HttpError {
  return new HttpError(status, apiCode, text, details);
}

/**
 * Two runs at national scale hold ~720k lines and the attribution's moved lines: one pair kept is what paging
 * through the school table or opening a school's lines needs.
 */
const computed = new PromiseMemo<StoredAttribution>(2);

/**
 * Why each school's allocation changed from `base` to `next` (SPEC §9), computed from the two runs' inputs — the
 * rule-set versions, the sealed datasets, the envelopes and the baselines — never from their outputs alone. Each
 * run recomputed must give, school by school, exactly the allocation it stored: a run that does not reproduce (an
 * engine changed since, an input not known here) is refused rather than explained wrongly.
 */
export function attributeStoredRuns(ctx: AppContext, base: RunHeader, next: RunHeader): Promise<StoredAttribution> {
  return computed.get(`${base.runId}\u0000${next.runId}`, async () => {
    const [baseSide, newSide] = await Promise.all([recomputedRun(ctx, base), recomputedRun(ctx, next)]);
    const outcome = attributeRuns(baseSide.run, newSide.run);
    if (!outcome.ok) {
      throw refusal(422, 'attribution_refused', { code: 'attribution_runs_incomparable', params: { runId: next.runId, against: base.runId } }, outcome.problems);
    }
    const { attribution } = outcome;
    assertReproduced(base, attribution.summary.base.totalEntitlement, baseSide.schools, (s) => s.baseAllocation, attribution);
    assertReproduced(next, attribution.summary.new.totalEntitlement, newSide.schools, (s) => s.newAllocation, attribution);
    return { attribution, baseRules: baseSide.rules, newRules: newSide.rules };
  });
}

async function recomputedRun(ctx: AppContext, header: RunHeader) {
  const [input, schools] = await Promise.all([runInput(ctx, header), ctx.store.listRunSchools(header.runId)]);
  const core = computeAllocation(input);
  if (!core.ok) {
    // The stored run was computed from these very inputs; refusing them now means the engine changed under it.
    throw refusal(409, 'run_not_reproducible', { code: 'attribution_run_totals_not_reproducible', params: { runId: header.runId, computed: '—', stored: header.summary?.totalEntitlement ?? '—' } }, core.problems);
  }
  return { run: attributionRun(core.core, input), schools, rules: input.ruleSet };
}

/** The run's request turned back into what `allocate` took when the run was made. */
export async function runInput(ctx: AppContext, header: RunHeader): Promise<ColumnarAllocateInput> {
  const { request } = header;
  const missing = (what: string) => (error: unknown) => {
    if (error instanceof NotFoundError) throw refusal(409, 'run_inputs_missing', { code: 'attribution_input_missing', params: { runId: header.runId, what } });
    throw error;
  };
  const [version, dataset, baseline] = await Promise.all([
    ctx.store.getVersion(request.ruleSetId, request.version).catch(missing(`${request.ruleSetId} v${request.version}`)),
    ctx.store.readDatasetEnrollment(request.datasetId).catch(missing(request.datasetId)),
    baselineOf(ctx, request),
  ]);
  return allocateInputFor(version, dataset, { envelope: request.envelope, excludeInvalid: request.excludeInvalid, baseline });
}

/** The baseline of the run's protection (SPEC §7): the result of the run it names, when it names one. */
async function baselineOf(ctx: AppContext, request: RunRequest): Promise<Baseline | undefined> {
  const baselineRunId = request.baselineRunId;
  if (!baselineRunId) return undefined;
  const header = await ctx.store.getRun(baselineRunId).catch((error: unknown) => {
    if (error instanceof NotFoundError) throw refusal(409, 'run_inputs_missing', { code: 'attribution_input_missing', params: { runId: baselineRunId, what: baselineRunId } });
    throw error;
  });
  return storedBaseline(ctx, header);
}

/** Every school's recomputed allocation equals the stored one (a school absent on one side counts 0 there). */
function assertReproduced(
  header: RunHeader,
  entitlement: string,
  stored: SchoolSummary[],
  allocationOf: (school: Attribution['schools'][number]) => string,
  attribution: Attribution,
): void {
  const storedEntitlement = header.summary?.totalEntitlement;
  if (storedEntitlement !== undefined && !new Decimal(storedEntitlement).equals(entitlement)) {
    throw refusal(409, 'run_not_reproducible', { code: 'attribution_run_totals_not_reproducible', params: { runId: header.runId, computed: entitlement, stored: storedEntitlement } });
  }
  const byId = new Map(stored.map((school) => [school.schoolId, school.allocation]));
  const differs = (schoolId: string, computed: string, kept: string) =>
    refusal(409, 'run_not_reproducible', { code: 'attribution_run_not_reproducible', params: { runId: header.runId, schoolId, computed, stored: kept } });
  for (const school of attribution.schools) {
    const kept = byId.get(school.schoolId) ?? '0';
    if (!new Decimal(kept).equals(allocationOf(school))) throw differs(school.schoolId, allocationOf(school), kept);
    byId.delete(school.schoolId);
  }
  for (const [schoolId, kept] of byId) if (!new Decimal(kept).isZero()) throw differs(schoolId, '0', kept);
}
