import { computeAllocation, type AllocateInput, type AllocationCore } from './allocation-core';
import { allocationResult } from './allocate';
import { attributeRuns, attributionRun, type Attribution } from './attribution';
import { baselineFromResult, type Baseline } from './baseline';
import { Decimal } from './decimal';
import type { EnrollmentLine, RowProblem } from './enrollment';
import { compareCodePoints } from './fixed';
import type { PlanInput, PlanYearInput } from './plan-file';
import { toPath, type Coded, type Problem } from './problems';
import { projectEnrollment } from './projection';
import type { AllocationResult, ExcludedLine, RunSummary, SchoolResult } from './result';

export { readPlanFile, resolvePlan, type Growth, type PlanFile, type PlanInput, type PlanResolvers, type PlanYearInput } from './plan-file';

/** One computed year, as an attribution receives it: the run's inputs, its numbers and its result. */
export interface PlanYearRun {
  fiscalYear: number;
  input: AllocateInput;
  core: AllocationCore;
  result: AllocationResult;
}

/** The §9 effects of a year against the year before. */
export type PlanAttribution = (before: PlanYearRun, after: PlanYearRun) => Attribution | { problems: Problem[] };

/** §9 (domain/attribution.ts) on two consecutive years, from the runs already computed: nothing is computed twice. */
export const attributeYears: PlanAttribution = (before, after) => {
  const outcome = attributeRuns(attributionRun(before.core, before.input), attributionRun(after.core, after.input));
  return outcome.ok ? outcome.attribution : { problems: outcome.problems };
};

export interface PlanYearResult {
  fiscalYear: number;
  totalEntitlement: string;
  totalAllocation: string;
  ruleSetSource: string;
  enrollment: { source: string; lines: number; students: string; hash: string };
  schoolsAtFloor: number;
  schoolsAtCap: number;
  /** The year's §4 summary (its `protection` and `warnings` included). */
  summary: RunSummary;
  excluded: ExcludedLine[];
  /** The §9 effects against the year before (every year but the first, unless the plan was run without them). */
  attribution?: Attribution | { problems: Problem[] };
  /**
   * As in §4, each with `protection` where it applies (without `lines` when the plan was run with
   * `schoolLines: false`). Last, so that a writer can stream them.
   */
  schools: PlanSchool[];
}

export type PlanSchool = Omit<SchoolResult, 'lines'> & { lines?: SchoolResult['lines'] };

export interface PlanOptions {
  /** The §9 effects of each year against the year before: `attributeYears` unless another function or false is given. */
  attribute?: PlanAttribution | false;
  /**
   * Keep every school's lines in the result (default true, as §13 asks). A national plan holds three national
   * results; without lines it holds one at a time (the console's trajectories need only the schools), and each
   * year's attribution keeps its schools' effects with an empty `lines`.
   */
  schoolLines?: boolean;
}

export interface TrajectoryPoint {
  fiscalYear: number;
  /** null when the school is not in that year's enrolment. */
  allocation: string | null;
  students: string | null;
  bound: 'floor' | 'cap' | null;
  /** Allocation less the year before's (null in the first year or where either is missing). */
  change: string | null;
}

export interface SchoolTrajectory {
  schoolId: string;
  schoolName: string;
  years: TrajectoryPoint[];
}

export interface PlanResult {
  name?: string;
  years: PlanYearResult[];
  /** Per school, its allocation year by year (sorted by schoolId). */
  trajectory: SchoolTrajectory[];
}

export type PlanOutcome = { ok: true; result: PlanResult } | { ok: false; problems: Problem[] };

/**
 * Runs a multi-year plan (SPEC §12): each year allocated with its own rule set, enrolment and envelope, its baseline
 * being the year before's result (the plan's `baseline` for the first year), so protection carries from year to
 * year. A plan is a simulation: computed, never stored or approved. Stops at the first year that cannot be
 * computed, with its problems under `years[i]`.
 */
export function runPlan(plan: PlanInput, options: PlanOptions = {}): PlanOutcome {
  const { attribute = attributeYears, schoolLines = true } = options;
  const years: PlanYearResult[] = [];
  let previous: PlanYearRun | undefined;
  let previousLines: EnrollmentLine[] | undefined;
  let baseline: Baseline | undefined = plan.baseline;
  for (const [i, year] of plan.years.entries()) {
    const { lines, readerProblems, hash, source, notices } = enrollmentOf(year, previousLines, plan.years[i - 1]);
    const input: AllocateInput = {
      ruleSet: year.ruleSet,
      ...(year.ruleSetVersion !== undefined ? { ruleSetVersion: year.ruleSetVersion } : {}),
      lines,
      ...(readerProblems ? { readerProblems } : {}),
      envelope: year.envelope,
      ...(year.excludeInvalid !== undefined ? { excludeInvalid: year.excludeInvalid } : {}),
      ...(hash ? { enrollmentHash: hash } : {}),
      ...(baseline ? { baseline } : {}),
    };
    const outcome = computeAllocation(input);
    if (!outcome.ok) return { ok: false, problems: yearProblems(i, outcome.problems, outcome.rowProblems) };
    const core = outcome.core;
    const result = allocationResult(core, input);
    if (notices.length) result.summary.warnings = [...result.summary.warnings, ...notices];
    const run: PlanYearRun = { fiscalYear: year.fiscalYear, input, core, result };
    years.push({
      fiscalYear: year.fiscalYear,
      totalEntitlement: result.summary.totalEntitlement,
      totalAllocation: result.summary.totalAllocation,
      ruleSetSource: year.ruleSetSource,
      enrollment: { source, lines: result.summary.enrollment.lines, students: result.summary.counts.students, hash: result.summary.enrollment.hash },
      schoolsAtFloor: result.summary.protection?.schoolsAtFloor ?? 0,
      schoolsAtCap: result.summary.protection?.schoolsAtCap ?? 0,
      summary: result.summary,
      excluded: result.excluded,
      ...(attribute && previous ? { attribution: withoutLines(attribute(previous, run), schoolLines) } : {}),
      schools: schoolLines ? result.schools : result.schools.map(({ lines: _lines, ...school }) => school),
    });
    previous = run;
    previousLines = lines;
    baseline = { ...baselineFromResult(result), fiscalYear: year.fiscalYear };
  }
  return { ok: true, result: { ...(plan.name !== undefined ? { name: plan.name } : {}), years, trajectory: trajectoryOf(years) } };
}

/** Without lines, a year's attribution keeps each school's seven effects and drops its lines' effects too. */
function withoutLines(attribution: Attribution | { problems: Problem[] }, schoolLines: boolean): Attribution | { problems: Problem[] } {
  if (schoolLines || 'problems' in attribution) return attribution;
  return { ...attribution, schools: attribution.schools.map((school) => ({ ...school, lines: [] })) };
}

function enrollmentOf(year: PlanYearInput, previousLines: EnrollmentLine[] | undefined, previousYear: PlanYearInput | undefined) {
  const notices: Coded[] = [];
  if (year.enrollment.kind === 'lines') {
    const { lines, readerProblems, hash, source } = year.enrollment;
    return { lines, readerProblems, hash, source, notices };
  }
  // readPlanFile refuses a projected first year, so the previous year's lines exist.
  const current = new Map(year.ruleSet.majors.map((m) => [m.code, m.category]));
  const before = new Map((previousYear?.ruleSet.majors ?? []).map((m) => [m.code, m.category]));
  const projection = projectEnrollment(previousLines!, year.enrollment.growth, (major) => current.get(major) ?? before.get(major));
  if (projection.notice) notices.push(projection.notice);
  return { lines: projection.lines, readerProblems: undefined, hash: undefined, source: 'projected', notices };
}

/** A year's problems under `years[i]`: its envelope (`years[1].budget`) and its enrolment rows. */
function yearProblems(index: number, problems: Problem[], rowProblems: RowProblem[]): Problem[] {
  return [
    ...problems.map((p) => ({ ...p, path: `${toPath(['years', index])}.${p.path}` })),
    // A row of the year's enrolment keeps its own code; the path says which year's file and which row.
    ...rowProblems.map((p) => ({ path: `${toPath(['years', index, 'enrollment'])} row ${p.row}`, code: p.code, params: { ...p.params, row: p.row, ...(p.field ? { field: p.field } : {}) } })),
  ];
}

function trajectoryOf(years: PlanYearResult[]): SchoolTrajectory[] {
  const bySchool = new Map<string, { name: string; points: Map<number, PlanSchool> }>();
  for (const year of years) {
    for (const school of year.schools) {
      let entry = bySchool.get(school.schoolId);
      if (!entry) bySchool.set(school.schoolId, (entry = { name: school.schoolName, points: new Map() }));
      entry.name = school.schoolName;
      entry.points.set(year.fiscalYear, school);
    }
  }
  const ids = [...bySchool.keys()].sort(compareCodePoints);
  return ids.map((schoolId) => {
    const { name, points } = bySchool.get(schoolId)!;
    let before: string | null = null;
    return {
      schoolId,
      schoolName: name,
      years: years.map((year, i) => {
        const school = points.get(year.fiscalYear);
        const allocation = school ? school.allocation : null;
        const change = i > 0 && allocation !== null && before !== null ? new Decimal(allocation).minus(before).toFixed(year.summary.rounding.scale) : null;
        before = allocation;
        return { fiscalYear: year.fiscalYear, allocation, students: school ? school.students : null, bound: school?.protection?.bound ?? null, change };
      }),
    };
  });
}
