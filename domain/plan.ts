import { allocate, type AllocateInput } from './allocate';
import { baselineFromResult, type Baseline } from './baseline';
import { Decimal } from './decimal';
import type { EnrollmentLine } from './enrollment';
import { compareCodePoints } from './fixed';
import type { PlanInput, PlanYearInput } from './plan-file';
import { toPath, type Coded, type Problem } from './problems';
import { projectEnrollment } from './projection';
import type { AllocationResult, ExcludedLine, RunSummary, SchoolResult } from './result';

export { readPlanFile, resolvePlan, type Growth, type PlanFile, type PlanInput, type PlanResolvers, type PlanYearInput } from './plan-file';

/** One computed year, as the attribution hook (SPEC §9) receives it: the run's inputs and its result. */
export interface PlanYearRun {
  fiscalYear: number;
  input: AllocateInput;
  result: AllocationResult;
}

/**
 * The §9 effects of a year against the year before. Attribution is another module (domain/attribution.ts); a caller
 * that has it passes it here and each year after the first gets its `attribution`.
 */
export type PlanAttribution = (before: PlanYearRun, after: PlanYearRun) => unknown;

export interface PlanYearResult {
  fiscalYear: number;
  totalEntitlement: string;
  totalAllocation: string;
  ruleSetSource: string;
  enrollment: { source: string; lines: number; students: string; hash: string };
  schoolsAtFloor: number;
  schoolsAtCap: number;
  /** The year's §4 summary (its `protection` and `notices` included). */
  summary: RunSummary;
  /** As in §4, each with `protection` where it applies. */
  schools: SchoolResult[];
  excluded: ExcludedLine[];
  /** The §9 effects against the year before, when an attribution function was given. */
  attribution?: unknown;
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
export function runPlan(plan: PlanInput, attribute?: PlanAttribution): PlanOutcome {
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
    const outcome = allocate(input);
    if (!outcome.ok) return { ok: false, problems: yearProblems(i, outcome.problems, outcome.rowProblems) };
    const result = outcome.result;
    if (notices.length) result.summary.notices = [...(result.summary.notices ?? []), ...notices];
    const run: PlanYearRun = { fiscalYear: year.fiscalYear, input, result };
    years.push({
      fiscalYear: year.fiscalYear,
      totalEntitlement: result.summary.totalEntitlement,
      totalAllocation: result.summary.totalAllocation,
      ruleSetSource: year.ruleSetSource,
      enrollment: { source, lines: result.summary.enrollment.lines, students: result.summary.counts.students, hash: result.summary.enrollment.hash },
      schoolsAtFloor: result.summary.protection?.schoolsAtFloor ?? 0,
      schoolsAtCap: result.summary.protection?.schoolsAtCap ?? 0,
      summary: result.summary,
      schools: result.schools,
      excluded: result.excluded,
      ...(attribute && previous ? { attribution: attribute(previous, run) } : {}),
    });
    previous = run;
    previousLines = lines;
    baseline = { ...baselineFromResult(result), fiscalYear: year.fiscalYear };
  }
  return { ok: true, result: { ...(plan.name !== undefined ? { name: plan.name } : {}), years, trajectory: trajectoryOf(years) } };
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
function yearProblems(index: number, problems: Problem[], rowProblems: { row: number; field?: string; reason: string; message: string }[]): Problem[] {
  return [
    ...problems.map((p) => ({ ...p, path: `${toPath(['years', index])}.${p.path}` })),
    ...rowProblems.map((p) => ({
      path: toPath(['years', index, 'enrollment']),
      code: p.reason,
      params: { row: p.row, ...(p.field ? { field: p.field } : {}) },
      message: `row ${p.row}${p.field ? ` (${p.field})` : ''}: ${p.message}`,
    })),
  ];
}

function trajectoryOf(years: PlanYearResult[]): SchoolTrajectory[] {
  const bySchool = new Map<string, { name: string; points: Map<number, SchoolResult> }>();
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
