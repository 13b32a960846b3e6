import { computeAllocation, type ColumnarAllocateInput } from './allocation-core';
import type { Baseline } from './baseline';
import { compareComputed, type Comparison } from './compare';
import { Decimal } from './decimal';
import type { EnrollmentLine, RowProblem } from './enrollment';
import { columnsOf } from './enrollment-columns';
import { formatFixed, toScaledInteger } from './fixed';
import { DEFAULT_STEPS, MAX_RATE, parameterValue, parseParameter, withParameter, type Parameter } from './parameters';
import type { Coded, Problem } from './problems';
import type { RuleSet } from './ruleset';
import { buildTotalModel, type TotalModel } from './solve-model';

export { DEFAULT_STEPS, PARAMETER_FORMS, parseParameter, type Parameter, type ParameterKind } from './parameters';

/** Solving one parameter of a rule set for a budget (SPEC §8). */
export interface SolveInput {
  ruleSet: RuleSet;
  ruleSetVersion?: number;
  lines: EnrollmentLine[];
  readerProblems?: RowProblem[];
  excludeInvalid?: boolean;
  enrollmentHash?: string;
  /** A parameter path, e.g. "tiers.T2.perStudent" (see PARAMETER_FORMS). */
  parameter: string;
  /** The target budget B in yuan, a decimal string with at most the rule set's rounding scale. */
  budget: string;
  /** Grid step, a positive decimal string; DEFAULT_STEPS by the parameter's kind when absent. */
  step?: string;
  /** With a baseline the rule set's protection applies to T (SPEC §7). */
  baseline?: Baseline;
  /** The §5 comparison of the solved rule set with the given one (default true; the bench may leave it out). */
  withComparison?: boolean;
}

/** SPEC §13 keys first: parameter, value, total, gap, nextTotal, ruleSet. Money in yuan at the rule set's scale. */
export interface SolveResult {
  parameter: string;
  /** x: the largest grid value with T(x) ≤ B. */
  value: string;
  /** T(x). */
  total: string;
  /** B − T(x) ≥ 0. */
  gap: string;
  /** T(x + step) > B; null when x is the largest value the parameter may take. */
  nextTotal: string | null;
  /** The rule set with the parameter set to x, ready to become a draft. */
  ruleSet: RuleSet;
  budget: string;
  step: string;
  /** The parameter's value in the given rule set (null when it was not set there). */
  startingValue: string | null;
  /** Exact evaluations of T the search needed. */
  evaluations: number;
  /** Funded lines (with students) whose amount depends on the parameter. */
  dependentLines: number;
  notices: Coded[];
  comparison?: Comparison;
}

export type SolveOutcome = { ok: true; result: SolveResult } | { ok: false; problems: Problem[]; rowProblems: RowProblem[] };

/**
 * The largest grid value x of one parameter whose total allocation T(x) (envelope none, per-school rounding,
 * protection with the baseline if given) is ≤ B, so that T(x) ≤ B < T(x + step). T is non-decreasing in x, so the
 * answer is unique. The structure of T gives an estimate in one exact solve (linear parameters) and a few exact
 * evaluations settle it; never a float tolerance.
 */
export function solve(input: SolveInput): SolveOutcome {
  const rules = input.ruleSet;
  const refused = (problems: Problem[]): SolveOutcome => ({ ok: false, problems, rowProblems: [] });
  const reading = parseParameter(rules, input.parameter);
  const problems: Problem[] = reading.ok ? [] : [reading.problem];
  const scale = rules.rounding.scale;
  const budgetUnits = budgetOf(input.budget, scale, problems);
  const step = reading.ok ? stepOf(input.step ?? DEFAULT_STEPS[reading.parameter.kind], reading.parameter, problems) : undefined;
  if (problems.length || !reading.ok || budgetUnits === undefined || step === undefined) return refused(problems);
  const parameter = reading.parameter;

  // The base run and the solved one read one enrolment: it is turned into columns once.
  const shared: Omit<ColumnarAllocateInput, 'ruleSet'> = {
    enrollment: columnsOf(input.lines),
    lines: input.lines,
    envelope: { policy: 'none' },
    ...(input.readerProblems ? { readerProblems: input.readerProblems } : {}),
    ...(input.excludeInvalid !== undefined ? { excludeInvalid: input.excludeInvalid } : {}),
    ...(input.baseline ? { baseline: input.baseline } : {}),
  };
  const base = computeAllocation({ ...shared, ruleSet: rules });
  if (!base.ok) return base;
  const model = buildTotalModel(base.core, parameter, step);
  const money = (units: bigint) => formatFixed(units, scale);
  const fail = (code: string, params: Record<string, string>) => refused([{ path: 'budget', code, params: { parameter: parameter.path, budget: money(budgetUnits), ...params } }]);

  const minimum = model.total(0n);
  const supremum = model.supremum();
  if (model.dependentLines === 0 || supremum === minimum) {
    return refused([{ path: 'parameter', code: 'parameter_has_no_effect', params: { parameter: parameter.path } }]);
  }
  if (minimum > budgetUnits) return fail('budget_below_minimum', { minimum: money(minimum) });
  if (supremum !== null && supremum <= budgetUnits) {
    return fail('budget_above_maximum', { maximum: money(supremum) });
  }

  const index = settle(model, budgetUnits, model.estimate(budgetUnits));
  const value = step.times(index.toString());
  const solvedRules = withParameter(rules, parameter, value);
  const total = model.total(index);
  const next = model.maxIndex !== null && index + 1n > model.maxIndex ? null : model.total(index + 1n);

  // The answer is checked once against the engine itself; the comparison needs that run anyway.
  const solved = computeAllocation({ ...shared, ruleSet: solvedRules });
  if (!solved.ok) throw new Error('internal: the solved rule set was refused by the engine');
  if (solved.core.totalAllocation !== total) throw new Error(`internal: solve's model gives ${money(total)} at ${value.toFixed()}, the engine ${money(solved.core.totalAllocation)}`);

  return {
    ok: true,
    result: {
      parameter: parameter.path,
      value: value.toFixed(),
      total: money(total),
      gap: money(budgetUnits - total),
      nextTotal: next === null ? null : money(next),
      ruleSet: solvedRules,
      budget: money(budgetUnits),
      step: step.toFixed(),
      startingValue: parameterValue(rules, parameter),
      evaluations: model.evaluations(),
      dependentLines: model.dependentLines,
      notices: solved.core.warnings,
      ...(input.withComparison === false ? {} : { comparison: compareComputed(base.core, solved.core, input.ruleSetVersion !== undefined ? { base: input.ruleSetVersion } : {}) }),
    },
  };
}

/**
 * The largest index m with T(m) ≤ B. From an estimate (linear parameters) the answer is bracketed by galloping away
 * from it (1, 2, 4… steps); without one the bracket is [0, max]. The bracket then closes by interpolating T
 * between its ends (exact values; T is piecewise linear, so this lands next to the answer), falling back to
 * bisection whenever an interpolation does not halve it. T(0) ≤ B < sup T was checked, so a bracket exists.
 */
function settle(model: TotalModel, budget: bigint, estimate: bigint | undefined): bigint {
  const fits = (index: bigint) => model.total(index) <= budget;
  let low = 0n;
  let high: bigint;
  // A rate: T is flat from where every combined rate has stopped moving, and T(there) = sup T > B.
  if (estimate === undefined) high = model.saturationIndex() ?? model.maxIndex!;
  else {
    const start = estimate < 0n ? 0n : model.maxIndex !== null && estimate > model.maxIndex ? model.maxIndex : estimate;
    let stride = 1n;
    if (fits(start)) {
      low = start;
      for (;;) {
        high = low + stride;
        if (model.maxIndex !== null && high > model.maxIndex) high = model.maxIndex;
        if (!fits(high)) break;
        low = high;
        stride *= 2n;
      }
    } else {
      high = start;
      for (;;) {
        low = high - stride;
        if (low <= 0n) {
          low = 0n;
          break;
        }
        if (fits(low)) break;
        high = low;
        stride *= 2n;
      }
    }
  }
  // Regula falsi with the Illinois rule: when the same end is kept twice, its (signed) distance from B is halved, so
  // a flat stretch of T (a capped rate) cannot pin the interpolation to one end; bisection when progress stalls.
  let belowBy = budget - model.total(low);
  let aboveBy = model.total(high) - budget;
  let kept: 'low' | 'high' | undefined;
  let widthTwoStepsAgo = high - low;
  let step = 0;
  while (high - low > 1n) {
    const width = high - low;
    const stalled = step >= 2 && width * 2n > widthTwoStepsAgo;
    if (step % 2 === 0) widthTwoStepsAgo = width;
    step++;
    let next = !stalled && belowBy + aboveBy > 0n ? low + (belowBy * width) / (belowBy + aboveBy) : (low + high) / 2n;
    if (next <= low) next = low + 1n;
    if (next >= high) next = high - 1n;
    const total = model.total(next);
    if (total <= budget) {
      low = next;
      belowBy = budget - total;
      if (kept === 'high') aboveBy /= 2n;
      kept = 'high';
    } else {
      high = next;
      aboveBy = total - budget;
      if (kept === 'low') belowBy /= 2n;
      kept = 'low';
    }
  }
  return low;
}

function budgetOf(text: string, scale: number, problems: Problem[]): bigint | undefined {
  const trimmed = text.replace(/,/g, '').trim();
  if (!/^\d+(\.\d+)?$/.test(trimmed)) {
    problems.push({ path: 'budget', code: 'budget_not_amount', params: { budget: text } });
    return undefined;
  }
  if (!new Decimal(trimmed).times(new Decimal(10).pow(scale)).isInteger()) {
    problems.push({ path: 'budget', code: 'budget_not_whole_units', params: { budget: text, scale } });
    return undefined;
  }
  return toScaledInteger(trimmed, scale);
}

function stepOf(text: string, parameter: Parameter, problems: Problem[]): Decimal | undefined {
  const trimmed = text.trim();
  if (!/^\d+(\.\d+)?$/.test(trimmed) || new Decimal(trimmed).isZero() || (parameter.kind === 'rate' && new Decimal(trimmed).greaterThan(MAX_RATE))) {
    problems.push({ path: 'step', code: 'step_invalid', params: { step: text } });
    return undefined;
  }
  return new Decimal(trimmed);
}
