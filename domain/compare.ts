import { computeAllocation, type AllocationCore, type ColumnarAllocateInput, type Envelope } from './allocation-core';
import { summaryHead } from './allocate';
import type { Baseline } from './baseline';
import { blankFigures, figuresMaker, lineComparisonOf, lineMaker, schoolWalk, type MovedLineFigures, type WalkedSchool } from './compare-lines';
import { aligned, moneyScale, Side } from './compare-side';
import { Decimal } from './decimal';
import { diffRuleSets } from './diff';
import type { EnrollmentLine, RowProblem } from './enrollment';
import { columnsOf, type EnrollmentColumns } from './enrollment-columns';
import { compareCodePoints, formatExact } from './fixed';
import { percentOf } from './money-text';
import { coded, type Coded, type Problem } from './problems';
import { CLASS_TYPES, type ClassType, type RuleSet } from './ruleset';
import type { CompiledStandard } from './standards';
import type { Comparison, ComparedRuleSet, LineComparison, SchoolComparison } from './comparison';

export type { LineReason, LineReasonCode } from './compare-reasons';
export type { Comparison, ComparedRuleSet, ComparisonSummary, GroupComparison, LineComparison, SchoolComparison } from './comparison';
export { lineComparisonOf, type MovedLineFigures } from './compare-lines';

const LARGEST_CHANGES = 10;

/** Two rule sets on one enrolment, given as line objects or, as a reader that fills columns gives it, as columns. */
export type CompareInput = CompareSettings & ({ lines: EnrollmentLine[] } | { enrollment: EnrollmentColumns });

interface CompareSettings {
  baseRules: RuleSet;
  candidateRules: RuleSet;
  baseVersion?: number;
  candidateVersion?: number;
  readerProblems?: RowProblem[];
  envelope?: Envelope;
  excludeInvalid?: boolean;
  enrollmentHash?: string;
  /** The baseline of year-on-year protection, the same for both runs (SPEC §7). */
  baseline?: Baseline;
}

export type CompareOutcome =
  | { ok: true; comparison: Comparison }
  | { ok: false; side: 'base' | 'candidate'; problems: Problem[]; rowProblems: RowProblem[] };

/**
 * A comparison whose moved lines are made as they are read (a writer's way: a national comparison moves ~320,000
 * lines, ~75 MB as objects): `comparison.lines` is empty and `lines()` gives them, the same as compare's. They are
 * made from what the comparison's one walk of both runs kept (each school's line shares, which lines moved and how).
 */
export interface ComparisonStream {
  comparison: Comparison;
  lines(): Generator<LineComparison>;
  /**
   * The same lines as figures, for a writer that formats them itself: ONE object, filled again for each line (read
   * it before asking for the next). Allocations are units at `moneyScale`; lineComparisonOf makes the line of it.
   */
  lineFigures(): Generator<MovedLineFigures>;
  moneyScale: number;
}

export type CompareStreamOutcome = { ok: true; stream: ComparisonStream } | Extract<CompareOutcome, { ok: false }>;

/**
 * What-if comparison (SPEC §5): the allocation under both rule sets on the same enrolment and envelope, compared
 * line by line. Both runs are kept as numbers and walked side by side; only lines that moved become objects.
 * A line is the same input line on both sides, so it is matched by its position; every sum is exact (BigInt
 * units), so the total change equals the sum of the school deltas to the fen.
 */
export function compare(input: CompareInput): CompareOutcome {
  const outcome = compareStream(input, true);
  return outcome.ok ? { ok: true, comparison: outcome.stream.comparison } : outcome;
}

/** compare, with the moved lines made when they are read (`keepLines` also keeps them in `comparison.lines`). */
export function compareStream(input: CompareInput, keepLines = false): CompareStreamOutcome {
  // Both runs read one enrolment: it is turned into columns once, not once per run.
  const shared: Omit<ColumnarAllocateInput, 'ruleSet'> = {
    ...('enrollment' in input ? { enrollment: input.enrollment } : { enrollment: columnsOf(input.lines), lines: input.lines }),
    ...(input.readerProblems ? { readerProblems: input.readerProblems } : {}),
    ...(input.envelope ? { envelope: input.envelope } : {}),
    ...(input.excludeInvalid !== undefined ? { excludeInvalid: input.excludeInvalid } : {}),
    ...(input.baseline ? { baseline: input.baseline } : {}),
  };
  const base = computeAllocation({ ...shared, ruleSet: input.baseRules });
  if (!base.ok) return { ok: false, side: 'base', problems: base.problems, rowProblems: base.rowProblems };
  const candidate = computeAllocation({ ...shared, ruleSet: input.candidateRules });
  if (!candidate.ok) return { ok: false, side: 'candidate', problems: candidate.problems, rowProblems: candidate.rowProblems };
  // Both runs are walked once for the comparison; the moved lines are made afterwards from what that walk kept.
  const baseSide = new Side(base.core, input.baseVersion, true);
  const candidateSide = new Side(candidate.core, input.candidateVersion, true);
  const walked: WalkedSchool[] = [];
  // The caller's line objects, or made once from the columns for both runs (sharedLinesOf).
  const lines = base.core.lines;
  const comparison = compareRuns(baseSide, candidateSide, lines, keepLines, walked);
  function* lineFigures(): Generator<MovedLineFigures> {
    const fill = figuresMaker(baseSide, candidateSide, lines);
    const figures = blankFigures();
    for (const school of walked) {
      // Entered again: with kept shares that only makes them current; nothing is apportioned twice.
      baseSide.enterSchool(school.before);
      candidateSide.enterSchool(school.after);
      for (const code of school.movedAt) yield fill(school, code, figures);
    }
  }
  return {
    ok: true,
    stream: {
      comparison,
      moneyScale: moneyScale(baseSide, candidateSide),
      lines: keepLines
        ? function* () {
            yield* comparison.lines;
          }
        : function* () {
            const scale = moneyScale(baseSide, candidateSide);
            for (const figures of lineFigures()) yield lineComparisonOf(figures, scale);
          },
      lineFigures,
    },
  };
}

/**
 * The comparison of two runs already computed on the same lines (e.g. by `solve`, which has the base run in hand), so
 * that neither is computed twice.
 */
export function compareComputed(base: AllocationCore, candidate: AllocationCore, versions: { base?: number; candidate?: number } = {}): Comparison {
  return compareRuns(new Side(base, versions.base), new Side(candidate, versions.candidate), base.lines, true);
}


/**
 * The comparison of two runs, their moved lines kept in `lines` only when asked; otherwise each walked school is
 * put in `walked`, to make its moved lines from later (compareStream).
 */
function compareRuns(base: Side, candidate: Side, lines: EnrollmentLine[], keepLines: boolean, walked?: WalkedSchool[]): Comparison {
  const money = aligned(base, candidate);
  const makeLines = keepLines ? lineMaker(base, candidate, lines) : undefined;
  const schools: SchoolComparison[] = [];
  const deltas: bigint[] = [];
  const movedLines: LineComparison[] = [];
  let linesMoved = 0;
  for (const school of schoolWalk(base, candidate)) {
    const { schoolId, before, after, movedAt } = school;
    const movedCount = movedAt.length;
    linesMoved += movedCount;
    if (makeLines) for (const line of makeLines(school)) movedLines.push(line);
    walked?.push(school);
    const identity = (after ?? before)!.first;
    const baseAllocation = before ? base.allocation(before.allocation) : 0n;
    const delta = (after ? candidate.allocation(after.allocation) : 0n) - baseAllocation;
    deltas.push(delta);
    schools.push({
      schoolId,
      schoolName: identity.schoolName,
      schoolType: identity.schoolType,
      ownership: identity.ownership,
      baseEntitlement: before ? formatExact(before.entitlement, base.core.exactScale) : '0',
      candidateEntitlement: after ? formatExact(after.entitlement, candidate.core.exactScale) : '0',
      baseAllocation: money(baseAllocation),
      candidateAllocation: money(baseAllocation + delta),
      delta: money(delta),
      deltaPercent: percentOf(money(delta), money(baseAllocation)),
      linesMoved: movedCount,
    });
  }
  const baseTotal = base.allocation(base.core.totalAllocation);
  const totalChange = money(candidate.allocation(candidate.core.totalAllocation) - baseTotal);
  const baseHead = summaryHead(base.core, base.version);
  return {
    summary: {
      baseRuleSet: comparedRuleSet(baseHead),
      candidateRuleSet: comparedRuleSet(summaryHead(candidate.core, candidate.version)),
      envelope: baseHead.envelope,
      baseTotalEntitlement: base.figures.totalEntitlement,
      candidateTotalEntitlement: candidate.figures.totalEntitlement,
      entitlementChange: new Decimal(candidate.figures.totalEntitlement).minus(base.figures.totalEntitlement).toFixed(),
      baseTotalAllocation: money(baseTotal),
      candidateTotalAllocation: money(candidate.allocation(candidate.core.totalAllocation)),
      totalChange,
      totalChangePercent: percentOf(totalChange, money(baseTotal)),
      baseScaleFactor: base.figures.scaleFactor,
      candidateScaleFactor: candidate.figures.scaleFactor,
      schools: schools.length,
      schoolsGaining: deltas.filter((d) => d > 0n).length,
      schoolsLosing: deltas.filter((d) => d < 0n).length,
      schoolsUnchanged: deltas.filter((d) => d === 0n).length,
      linesMoved,
    },
    schools,
    lines: movedLines,
    largestChanges: largestChanges(schools, deltas),
    ...groupChanges(base, candidate, money),
    ruleSetDiff: diffRuleSets(base.core.rules, candidate.core.rules),
    warnings: comparisonWarnings(base, candidate),
  };
}

export function comparedRuleSet(head: ReturnType<typeof summaryHead>): ComparedRuleSet {
  const { id, name, version, hash } = head.ruleSet;
  return { id, name, ...(version !== undefined ? { version } : {}), hash, fiscalYear: head.fiscalYear };
}

/** The schools whose allocation moved most, gains and losses alike, by |delta| then schoolId. */
function largestChanges(schools: SchoolComparison[], deltas: bigint[]): SchoolComparison[] {
  const size = (i: number) => (deltas[i]! < 0n ? -deltas[i]! : deltas[i]!);
  return schools
    .map((_, i) => i)
    .filter((i) => deltas[i] !== 0n)
    .sort((a, b) => (size(a) === size(b) ? compareCodePoints(schools[a]!.schoolId, schools[b]!.schoolId) : size(b) > size(a) ? 1 : -1))
    .slice(0, LARGEST_CHANGES)
    .map((i) => schools[i]!);
}

interface Dimension {
  keyOf: (standard: CompiledStandard) => string;
  nameOf: (standard: CompiledStandard) => string;
  order: (a: string, b: string) => number;
}
const BY_CATEGORY: Dimension = { keyOf: (s) => s.categoryCode, nameOf: (s) => s.categoryName, order: compareCodePoints };
const BY_CLASS_TYPE: Dimension = {
  keyOf: (s) => s.classType,
  // The rule set's own name for the class type's band, as categoryName is the rule set's name for a category.
  nameOf: (s) => s.band,
  order: (a, b) => CLASS_TYPES.indexOf(a as ClassType) - CLASS_TYPES.indexOf(b as ClassType),
};

/** Allocation per category and per class type on each side; a line counts where its own run put it. */
function groupChanges(base: Side, candidate: Side, money: (units: bigint | number) => string): Pick<Comparison, 'byCategory' | 'byClassType'> {
  const dimensions = [BY_CATEGORY, BY_CLASS_TYPE];
  const groups = dimensions.map(() => new Map<string, { name: string; base: bigint; candidate: bigint }>());
  for (const [side, which] of [[base, 'base'], [candidate, 'candidate']] as const) {
    // Lines of one standard fall in the same groups, so their allocations were summed per standard.
    const byStandard = side.allocationByStandard();
    for (const [standard, units] of byStandard) {
      dimensions.forEach((dimension, d) => {
        const key = dimension.keyOf(standard);
        let group = groups[d]!.get(key);
        if (!group) groups[d]!.set(key, (group = { name: dimension.nameOf(standard), base: 0n, candidate: 0n }));
        if (which === 'candidate') group.name = dimension.nameOf(standard);
        group[which] += units;
      });
    }
  }
  const [byCategory, byClassType] = dimensions.map((dimension, d) =>
    [...groups[d]!.entries()]
      .sort(([a], [b]) => dimension.order(a, b))
      .map(([key, group]) => {
        const delta = money(group.candidate - group.base);
        const baseAllocation = money(group.base);
        return { key, name: group.name, baseAllocation, candidateAllocation: money(group.candidate), delta, deltaPercent: percentOf(delta, baseAllocation) };
      }),
  );
  return {
    byCategory: byCategory!.map(({ key, name, ...group }) => ({ categoryCode: key, categoryName: name, ...group })),
    byClassType: byClassType!.map(({ key, name, ...group }) => ({ classType: key as ClassType, name, ...group })),
  };
}

/** Both runs share the enrolment and the envelope by construction; what can still differ is said here. */
function comparisonWarnings(base: Side, candidate: Side): Coded[] {
  const warnings: Coded[] = [];
  if (base.core.scale !== candidate.core.scale) warnings.push(coded('rounding_scales_differ', { base: base.core.scale, candidate: candidate.core.scale }));
  const [baseExcluded, candidateExcluded] = [base.excludedCount(), candidate.excludedCount()];
  if (baseExcluded !== candidateExcluded) warnings.push(coded('excluded_counts_differ', { base: baseExcluded, candidate: candidateExcluded }));
  return warnings;
}
