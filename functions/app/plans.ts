import { readPlanFile, resolvePlan, runPlan, type PlanFile, type PlanResolvers, type PlanResult } from '../../domain/plan';
import { coded, problemAt, toPath, type Problem } from '../../domain/problems';
import { badRequest } from '../http/errors';
import { baselineOfRun } from './baseline-run';
import type { AppContext } from './context';
import { planningRefusal } from './planning-refusal';
import { prefixed } from './problems';
import { fetchDataset, fetchRules } from './references';

export interface PlanOptions {
  /** Each school's lines in each year (§4's `lines`); off by default, a national plan would not fit an answer. */
  lines: boolean;
  /** Each year's §9 effects against the year before. */
  attribution: boolean;
}

/**
 * A multi-year plan (SPEC §12) from a request body, computed and never stored. The body is a plan file
 * (`skillfund/plan@1`, the `schema` key may be left out) whose references are the API's: a rule set as
 * `{ ruleSetId, version }` (version absent: the latest) or `{ ruleSetId, draftId }` or inline, an enrolment as
 * `{ datasetId }` or projected from the previous year, the first year's baseline as `{ runId }` (an approved run of an
 * earlier year of the same rule set, as a run's `baselineRunId`). Shape problems are 400, problems with what the plan
 * names or computes 422; every one at its path under `body`.
 */
export async function computePlan(ctx: AppContext, body: unknown, options: PlanOptions): Promise<PlanResult> {
  const withSchema = body && typeof body === 'object' && !Array.isArray(body) && !('schema' in body) ? { schema: 'skillfund/plan@1', ...body } : body;
  const reading = readPlanFile(withSchema);
  if (!reading.ok) throw badRequest(coded('request_body_invalid'), prefixed('body', reading.problems), 'invalid_request');
  const { plan } = reading;
  const datasetYears = new Map<string, number | undefined>();
  const resolved = await resolvePlan(plan, apiResolvers(ctx, plan, datasetYears));
  const problems = [...(resolved.ok ? [] : resolved.problems), ...datasetYearProblems(plan, datasetYears)];
  if (!resolved.ok || problems.length) throw planningRefusal('plan_refused', prefixed('body', problems));
  const outcome = runPlan(resolved.input, { schoolLines: options.lines, ...(options.attribution ? {} : { attribute: false as const }) });
  if (!outcome.ok) throw planningRefusal('plan_refused', prefixed('body', outcome.problems));
  return outcome.result;
}

/** A dataset stored for one fiscal year used for another is refused, as a run refuses it (fiscal_year_mismatch). */
function datasetYearProblems(plan: PlanFile, datasetYears: ReadonlyMap<string, number | undefined>): Problem[] {
  return plan.years.flatMap((year, i) => {
    if (typeof year.enrollment !== 'object' || !('datasetId' in year.enrollment)) return [];
    const { datasetId } = year.enrollment;
    const datasetYear = datasetYears.get(datasetId);
    if (datasetYear === undefined || datasetYear === year.fiscalYear) return [];
    return [problemAt(toPath(['years', i, 'enrollment', 'datasetId']), 'plan_dataset_year_mismatch', { datasetId, datasetYear, fiscalYear: year.fiscalYear })];
  });
}

/** The API's references; a file path is the CLI's and is refused here with what to write instead. */
function apiResolvers(ctx: AppContext, plan: PlanFile, datasetYears: Map<string, number | undefined>): PlanResolvers {
  const fileRefused = (reference: string): { ok: false; problems: Problem[] } => ({ ok: false, problems: [problemAt('', 'plan_file_not_in_api', { reference })] });
  return {
    async rules(reference) {
      if (typeof reference === 'string') return fileRefused(reference);
      if ('draftId' in reference && reference.ruleSetId === undefined) {
        return { ok: false, problems: [problemAt('ruleSetId', 'plan_draft_needs_rule_set', { draftId: reference.draftId })] };
      }
      const found = await fetchRules(ctx, 'draftId' in reference ? { ruleSetId: reference.ruleSetId!, draftId: reference.draftId } : { ruleSetId: reference.ruleSetId, version: reference.version ?? 'latest' });
      if (!found.ok) return found;
      const { source } = found;
      const version = 'version' in source ? source.version : undefined;
      const named = 'inline' in source ? 'inline' : 'version' in source ? `${source.ruleSetId} v${source.version}` : `${source.ruleSetId} / ${source.draftId}`;
      return { ok: true, ruleSet: found.content, ...(version !== undefined ? { version } : {}), source: named };
    },
    async enrollment(reference) {
      if (typeof reference === 'string') return fileRefused(reference);
      const found = await fetchDataset(ctx, reference.datasetId);
      if (!found.ok) return found;
      datasetYears.set(reference.datasetId, found.header.fiscalYear);
      return { ok: true, lines: found.lines, readerProblems: found.problems, ...(found.header.contentHash ? { hash: found.header.contentHash } : {}), source: found.header.name || reference.datasetId };
    },
    async baseline(reference) {
      if (typeof reference === 'string') return fileRefused(reference);
      const first = plan.years[0]!;
      const found = await baselineOfRun(ctx, reference.runId, { ruleSetId: seriesOf(first.rules), fiscalYear: first.fiscalYear }, 'runId');
      return found.ok ? { ok: true, baseline: found.baseline } : found;
    },
  };
}

/** The rule-set series a year's rules belong to: the store's id, or an inline rule set's own `id`. */
function seriesOf(rules: PlanFile['years'][number]['rules']): string {
  if (typeof rules === 'string') return '';
  if ('schema' in rules) return typeof rules.id === 'string' ? rules.id : '';
  return rules.ruleSetId ?? '';
}
