import { planExportQuery, planQuery, solutionBody } from '../../contract/planning';
import type { Baseline } from '../../domain/baseline';
import type { Problem } from '../../domain/problems';
import { validateRuleSet } from '../../domain/ruleset';
import { solve } from '../../domain/solve';
import { planToCsv, planToXlsx } from '../../formats/planning-writers';
import { baselineOfRun } from '../app/baseline-run';
import { computePlan } from '../app/plans';
import { planningRefusal } from '../app/planning-refusal';
import { prefixed, rowDetails } from '../app/problems';
import { fetchDataset, fetchRules } from '../app/references';
import { action, type Actions } from '../http/group';
import { file, json } from '../http/respond';
import { deliverable } from '../http/response-limit';

/** Solving a standard (SPEC §8) and multi-year plans (§12): computed on request, never stored (the simulations Lambda). */
export const planningActions: Actions = {
  'POST /solutions': action({
    body: solutionBody,
    run: async ({ ctx, body }) => {
      const [rules, dataset] = await Promise.all([fetchRules(ctx, body.rules), fetchDataset(ctx, body.datasetId)]);
      const problems: Problem[] = [...(rules.ok ? [] : prefixed('body.rules', rules.problems)), ...(dataset.ok ? [] : prefixed('body', dataset.problems))];
      if (!rules.ok || !dataset.ok) throw planningRefusal('solve_refused', problems);
      const validated = validateRuleSet(rules.content);
      if (!validated.ok) throw planningRefusal('invalid_rule_set', prefixed('ruleSet' in body.rules ? 'body.rules.ruleSet' : 'body.rules', validated.problems));
      const ruleSet = validated.ruleSet;
      let baseline: Baseline | undefined;
      if (body.baselineRunId !== undefined) {
        const series = 'inline' in rules.source ? ruleSet.id : rules.source.ruleSetId;
        const found = await baselineOfRun(ctx, body.baselineRunId, { ruleSetId: series, fiscalYear: ruleSet.fiscalYear }, 'body.baselineRunId');
        if (!found.ok) throw planningRefusal('solve_refused', found.problems);
        baseline = found.baseline;
      }
      const outcome = solve({
        ruleSet,
        ...('version' in rules.source ? { ruleSetVersion: rules.source.version } : {}),
        lines: dataset.lines,
        readerProblems: dataset.problems,
        excludeInvalid: body.excludeInvalid,
        ...(dataset.header.contentHash ? { enrollmentHash: dataset.header.contentHash } : {}),
        parameter: body.parameter,
        budget: body.budget,
        ...(body.step !== undefined ? { step: body.step } : {}),
        ...(baseline ? { baseline } : {}),
        withComparison: body.comparison,
      });
      if (!outcome.ok) throw planningRefusal('solve_refused', [...prefixed('body', outcome.problems), ...rowDetails(outcome.rowProblems)]);
      return deliverable(
        json({ rules: rules.source, datasetId: body.datasetId, ...(body.baselineRunId !== undefined ? { baselineRunId: body.baselineRunId } : {}), ...outcome.result }),
        'response_too_large_solution',
      );
    },
  }),

  /** `?lines=true` adds each school's lines, `?schools=false` leaves each year's schools out (the trajectory stays). */
  'POST /plans': action({
    query: planQuery,
    run: async ({ ctx, body, query }) => {
      const plan = await computePlan(ctx, body, { lines: query.lines, attribution: query.attribution });
      const shown = query.schools ? plan : { ...plan, years: plan.years.map(({ schools: _schools, ...year }) => year) };
      return deliverable(json(shown), 'response_too_large_plan');
    },
  }),
};

/** The plan as a workbook (a summary sheet, a sheet per year, the trajectory) or CSV: the exports Lambda has the writer. */
export const planExportActions: Actions = {
  'POST /plans/export': action({
    query: planExportQuery,
    run: async ({ ctx, body, query }) => {
      const plan = await computePlan(ctx, body, { lines: false, attribution: false });
      const years = plan.years.map((year) => year.fiscalYear);
      const name = `skillfund-plan-${years[0]}-${years.at(-1)}.${query.format}`;
      const exported =
        query.format === 'xlsx'
          ? file(await planToXlsx(plan, query.lang), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', name)
          : file(planToCsv(plan, query.lang), 'text/csv; charset=utf-8', name);
      return deliverable(exported, 'response_too_large_plan_export', process.env, undefined, { format: query.format.toUpperCase() });
    },
  }),
};
