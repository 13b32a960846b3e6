import { allocate, type Envelope } from './allocate';
import { lineReasoner, type LineMoves, type LineReason } from './compare-reasons';
import { Decimal } from './decimal';
import { diffRuleSets, type RuleSetDiff } from './diff';
import { CLASS_TYPE_NAMES, type EnrollmentLine, type RowProblem } from './enrollment';
import { compareCodePoints, formatFixed, trimTrailingZeros } from './fixed';
import { percentOf } from './money-text';
import type { Problem } from './problems';
import type { AllocationResult, EnvelopePolicy, LineResult, RunSummary, SchoolResult } from './result';
import { CLASS_TYPES, type ClassType, type Ownership, type RuleSet, type SchoolType } from './ruleset';

export type { LineReason, LineReasonCode } from './compare-reasons';

export interface ComparedRuleSet {
  id: string;
  name: string;
  version?: number;
  hash: string;
  fiscalYear: number;
}

export interface ComparisonSummary {
  baseRuleSet: ComparedRuleSet;
  candidateRuleSet: ComparedRuleSet;
  envelope: { policy: EnvelopePolicy; budget?: string };
  baseTotalEntitlement: string;
  candidateTotalEntitlement: string;
  entitlementChange: string;
  baseTotalAllocation: string;
  candidateTotalAllocation: string;
  totalChange: string;
  /** totalChange / baseTotalAllocation in percent, 2 decimals; null when the base total is 0. */
  totalChangePercent: string | null;
  baseScaleFactor: string | null;
  candidateScaleFactor: string | null;
  schools: number;
  schoolsGaining: number;
  schoolsLosing: number;
  schoolsUnchanged: number;
  linesMoved: number;
}

export interface SchoolComparison {
  schoolId: string;
  schoolName: string;
  schoolType: SchoolType;
  ownership: Ownership;
  baseEntitlement: string;
  candidateEntitlement: string;
  baseAllocation: string;
  candidateAllocation: string;
  delta: string;
  /** null when the base allocation is 0. */
  deltaPercent: string | null;
  linesMoved: number;
}

export interface LineComparison {
  row: number;
  schoolId: string;
  majorCode: string;
  majorName: string;
  classType: ClassType;
  students: string;
  /** null when the line is not in that run (excluded there). */
  basePerStudent: string | null;
  candidatePerStudent: string | null;
  baseEntitlement: string;
  candidateEntitlement: string;
  baseAllocation: string;
  candidateAllocation: string;
  delta: string;
  reasons: LineReason[];
}

export interface GroupComparison {
  baseAllocation: string;
  candidateAllocation: string;
  delta: string;
  deltaPercent: string | null;
}

export interface Comparison {
  summary: ComparisonSummary;
  schools: SchoolComparison[];
  lines: LineComparison[];
  largestChanges: SchoolComparison[];
  byCategory: (GroupComparison & { categoryCode: string; categoryName: string })[];
  byClassType: (GroupComparison & { classType: ClassType; name: string })[];
  ruleSetDiff: RuleSetDiff;
  warnings: string[];
}

const LARGEST_CHANGES = 10;

/**
 * What-if comparison of two runs over the same enrolment and envelope (SPEC §5). Lines are matched
 * by (school, major, class type), which is unique in an enrolment; every sum is exact (BigInt units), so
 * the total change equals the sum of the school deltas to the fen.
 */
export function compareAllocations(base: AllocationResult, candidate: AllocationResult, baseRules: RuleSet, candidateRules: RuleSet): Comparison {
  const scale = Math.max(base.summary.rounding.scale, candidate.summary.rounding.scale);
  const money = moneyAt(scale);
  const baseSchools = new Map(base.schools.map((s) => [s.schoolId, s]));
  const candidateSchools = new Map(candidate.schools.map((s) => [s.schoolId, s]));
  const schoolIds = [...new Set([...baseSchools.keys(), ...candidateSchools.keys()])].sort(compareCodePoints);
  const excludedReason = (result: AllocationResult) => {
    const byKey = new Map(result.excluded.map((e) => [lineKey(e.schoolId ?? '', e), `${e.reason}: ${e.message}`]));
    return (schoolId: string, line: LineResult) => byKey.get(lineKey(schoolId, line));
  };
  const baseExcluded = excludedReason(base);
  const candidateExcluded = excludedReason(candidate);
  const reasonsFor = lineReasoner({
    baseRules,
    candidateRules,
    baseScaled: envelopeScaled(base),
    candidateScaled: envelopeScaled(candidate),
    baseScaleFactor: base.summary.scaleFactor,
    candidateScaleFactor: candidate.summary.scaleFactor,
  });

  const schools: SchoolComparison[] = [];
  const lines: LineComparison[] = [];
  for (const schoolId of schoolIds) {
    const before = baseSchools.get(schoolId);
    const after = candidateSchools.get(schoolId);
    const identity = (after ?? before)!;
    const movedLines = pairLines(before, after).flatMap(([baseLine, candidateLine]) => {
      const moves = lineMoves(baseLine, candidateLine);
      if (!moves) return [];
      if (!baseLine) moves.excludedBecause = baseExcluded(schoolId, candidateLine!);
      if (!candidateLine) moves.excludedBecause = candidateExcluded(schoolId, baseLine!);
      return [compareLine(schoolId, baseLine, candidateLine, reasonsFor(baseLine, candidateLine, moves), money)];
    });
    lines.push(...movedLines);
    const baseAllocation = money.units(before?.allocation ?? '0');
    const candidateAllocation = money.units(after?.allocation ?? '0');
    const delta = money.text(candidateAllocation - baseAllocation);
    schools.push({
      schoolId,
      schoolName: identity.schoolName,
      schoolType: identity.schoolType,
      ownership: identity.ownership,
      baseEntitlement: before?.entitlement ?? '0',
      candidateEntitlement: after?.entitlement ?? '0',
      baseAllocation: money.text(baseAllocation),
      candidateAllocation: money.text(candidateAllocation),
      delta,
      deltaPercent: percentOf(delta, money.text(baseAllocation)),
      linesMoved: movedLines.length,
    });
  }

  const baseTotal = money.units(base.summary.totalAllocation);
  const candidateTotal = money.units(candidate.summary.totalAllocation);
  const totalChange = money.text(candidateTotal - baseTotal);
  const deltas = schools.map((s) => money.units(s.delta));
  return {
    summary: {
      baseRuleSet: comparedRuleSet(base.summary),
      candidateRuleSet: comparedRuleSet(candidate.summary),
      envelope: base.summary.envelope,
      baseTotalEntitlement: base.summary.totalEntitlement,
      candidateTotalEntitlement: candidate.summary.totalEntitlement,
      entitlementChange: new Decimal(candidate.summary.totalEntitlement).minus(base.summary.totalEntitlement).toFixed(),
      baseTotalAllocation: money.text(baseTotal),
      candidateTotalAllocation: money.text(candidateTotal),
      totalChange,
      totalChangePercent: percentOf(totalChange, money.text(baseTotal)),
      baseScaleFactor: base.summary.scaleFactor,
      candidateScaleFactor: candidate.summary.scaleFactor,
      schools: schools.length,
      schoolsGaining: deltas.filter((d) => d > 0n).length,
      schoolsLosing: deltas.filter((d) => d < 0n).length,
      schoolsUnchanged: deltas.filter((d) => d === 0n).length,
      linesMoved: lines.length,
    },
    schools,
    lines,
    largestChanges: largestChanges(schools, deltas),
    ...groupChanges(base, candidate, money),
    ruleSetDiff: diffRuleSets(baseRules, candidateRules),
    warnings: comparisonWarnings(base, candidate),
  };
}

export interface CompareInput {
  baseRules: RuleSet;
  candidateRules: RuleSet;
  baseVersion?: number;
  candidateVersion?: number;
  lines: EnrollmentLine[];
  readerProblems?: RowProblem[];
  envelope?: Envelope;
  excludeInvalid?: boolean;
  enrollmentHash?: string;
}

export type CompareOutcome =
  | { ok: true; comparison: Comparison; base: AllocationResult; candidate: AllocationResult }
  | { ok: false; side: 'base' | 'candidate'; problems: Problem[]; rowProblems: RowProblem[] };

/** Runs the allocation under both rule sets on the same enrolment and envelope, then compares them. */
export function compare(input: CompareInput): CompareOutcome {
  const shared = {
    lines: input.lines,
    ...(input.readerProblems ? { readerProblems: input.readerProblems } : {}),
    ...(input.envelope ? { envelope: input.envelope } : {}),
    ...(input.excludeInvalid !== undefined ? { excludeInvalid: input.excludeInvalid } : {}),
    ...(input.enrollmentHash !== undefined ? { enrollmentHash: input.enrollmentHash } : {}),
  };
  const base = allocate({ ...shared, ruleSet: input.baseRules, ...(input.baseVersion !== undefined ? { ruleSetVersion: input.baseVersion } : {}) });
  if (!base.ok) return { ok: false, side: 'base', problems: base.problems, rowProblems: base.rowProblems };
  const candidate = allocate({ ...shared, ruleSet: input.candidateRules, ...(input.candidateVersion !== undefined ? { ruleSetVersion: input.candidateVersion } : {}) });
  if (!candidate.ok) return { ok: false, side: 'candidate', problems: candidate.problems, rowProblems: candidate.rowProblems };
  return { ok: true, comparison: compareAllocations(base.result, candidate.result, input.baseRules, input.candidateRules), base: base.result, candidate: candidate.result };
}

/** Allocations as BigInt units at the comparison's scale: exact, and far cheaper than Decimal per line. */
interface Money {
  units(text: string): bigint;
  text(units: bigint): string;
  /** `text(units)` for `units` parsed from `text`: the same string when it already has exactly `scale` decimals. */
  canonical(text: string, units: bigint): string;
}

function moneyAt(scale: number): Money {
  return {
    units(text) {
      const dot = text.indexOf('.');
      // Fast path for allocations, which carry exactly `scale` decimals.
      if (dot > 0 && text.length - dot - 1 === scale) return BigInt(text.slice(0, dot) + text.slice(dot + 1));
      const negative = text.startsWith('-');
      const [whole = '0', fraction = ''] = (negative ? text.slice(1) : text).split('.');
      if (fraction.length > scale) throw new Error(`internal: ${text} has more than ${scale} decimals`);
      const units = BigInt(whole + fraction.padEnd(scale, '0'));
      return negative ? -units : units;
    },
    text: (units) => formatFixed(units, scale),
    canonical(text, units) {
      const dot = text.indexOf('.');
      // Allocations are written by formatFixed at this scale: no sign, no leading zeros, `scale` decimals.
      const canonical = scale > 0 ? dot > 0 && text.length - dot - 1 === scale && (text[0] !== '0' || dot === 1) && text[0] !== '-' : false;
      return canonical ? text : formatFixed(units, scale);
    },
  };
}

/** Amounts in results are plain decimals without leading zeros, so equal values differ at most in trailing zeros. */
function sameAmount(left: string, right: string): boolean {
  return left === right || trimTrailingZeros(left) === trimTrailingZeros(right);
}

function lineKey(schoolId: string, line: { majorCode?: string; classType?: string }): string {
  return `${schoolId}\u0000${line.majorCode}\u0000${line.classType}`;
}

/** Base and candidate lines of one school side by side, in base input order, then lines only the candidate has. */
function pairLines(base: SchoolResult | undefined, candidate: SchoolResult | undefined): [LineResult | undefined, LineResult | undefined][] {
  // Both sides are the same school, so (major, class type) identifies a line.
  const keyOf = (line: LineResult) => `${line.majorCode}\u0000${line.classType}`;
  const candidateLines = new Map((candidate?.lines ?? []).map((line) => [keyOf(line), line]));
  const pairs: [LineResult | undefined, LineResult | undefined][] = (base?.lines ?? []).map((line) => {
    const key = keyOf(line);
    const match = candidateLines.get(key);
    candidateLines.delete(key);
    return [line, match];
  });
  for (const line of candidateLines.values()) pairs.push([undefined, line]);
  return pairs;
}

/** How a line moved between the runs, or undefined when it did not move at all. */
function lineMoves(base: LineResult | undefined, candidate: LineResult | undefined): LineMoves | undefined {
  if (!base || !candidate) return { entitlementMoved: true, allocationMoved: true };
  const moves = { entitlementMoved: !sameAmount(base.entitlement, candidate.entitlement), allocationMoved: !sameAmount(base.allocation, candidate.allocation) };
  return moves.entitlementMoved || moves.allocationMoved || base.reason !== candidate.reason ? moves : undefined;
}

function compareLine(
  schoolId: string,
  base: LineResult | undefined,
  candidate: LineResult | undefined,
  reasons: LineReason[],
  money: Money,
): LineComparison {
  const either = (candidate ?? base)!;
  const baseAllocation = money.units(base?.allocation ?? '0');
  const candidateAllocation = money.units(candidate?.allocation ?? '0');
  return {
    row: either.row,
    schoolId,
    majorCode: either.majorCode,
    majorName: either.majorName,
    classType: either.classType,
    students: either.students,
    basePerStudent: base?.perStudent ?? null,
    candidatePerStudent: candidate?.perStudent ?? null,
    baseEntitlement: base?.entitlement ?? '0',
    candidateEntitlement: candidate?.entitlement ?? '0',
    baseAllocation: money.canonical(base?.allocation ?? '0', baseAllocation),
    candidateAllocation: money.canonical(candidate?.allocation ?? '0', candidateAllocation),
    delta: money.text(candidateAllocation - baseAllocation),
    reasons,
  };
}

/** Whether an envelope scaled the run: some school got other than its entitlement rounded by the rule set. */
export function envelopeScaled(result: AllocationResult): boolean {
  const { scale, mode } = result.summary.rounding;
  const rounding = mode === 'down' ? Decimal.ROUND_DOWN : mode === 'half_even' ? Decimal.ROUND_HALF_EVEN : Decimal.ROUND_HALF_UP;
  return result.schools.some((school) => !new Decimal(school.entitlement).toDecimalPlaces(scale, rounding).equals(school.allocation));
}

function comparedRuleSet(summary: RunSummary): ComparedRuleSet {
  const { id, name, version, hash } = summary.ruleSet;
  return { id, name, ...(version !== undefined ? { version } : {}), hash, fiscalYear: summary.fiscalYear };
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
  keyOf: (line: LineResult) => string;
  nameOf: (line: LineResult) => string;
  order: (a: string, b: string) => number;
}
const BY_CATEGORY: Dimension = { keyOf: (line) => line.categoryCode, nameOf: (line) => line.categoryName, order: compareCodePoints };
const BY_CLASS_TYPE: Dimension = {
  keyOf: (line) => line.classType,
  nameOf: (line) => CLASS_TYPE_NAMES[line.classType].zh,
  order: (a, b) => CLASS_TYPES.indexOf(a as ClassType) - CLASS_TYPES.indexOf(b as ClassType),
};

/** Allocation per category and per class type on each side, in one pass; a line counts where its own run put it. */
function groupChanges(base: AllocationResult, candidate: AllocationResult, money: Money): Pick<Comparison, 'byCategory' | 'byClassType'> {
  const dimensions = [BY_CATEGORY, BY_CLASS_TYPE];
  const groups = dimensions.map(() => new Map<string, { name: string; base: bigint; candidate: bigint }>());
  for (const [result, side] of [[base, 'base'], [candidate, 'candidate']] as const) {
    for (const school of result.schools) {
      for (const line of school.lines) {
        const units = money.units(line.allocation);
        dimensions.forEach((dimension, d) => {
          const key = dimension.keyOf(line);
          let group = groups[d]!.get(key);
          if (!group) groups[d]!.set(key, (group = { name: dimension.nameOf(line), base: 0n, candidate: 0n }));
          if (side === 'candidate') group.name = dimension.nameOf(line);
          group[side] += units;
        });
      }
    }
  }
  const [byCategory, byClassType] = dimensions.map((dimension, d) =>
    [...groups[d]!.entries()]
      .sort(([a], [b]) => dimension.order(a, b))
      .map(([key, group]) => {
        const delta = money.text(group.candidate - group.base);
        const baseAllocation = money.text(group.base);
        return { key, name: group.name, baseAllocation, candidateAllocation: money.text(group.candidate), delta, deltaPercent: percentOf(delta, baseAllocation) };
      }),
  );
  return {
    byCategory: byCategory!.map(({ key, name, ...group }) => ({ categoryCode: key, categoryName: name, ...group })),
    byClassType: byClassType!.map(({ key, name, ...group }) => ({ classType: key as ClassType, name, ...group })),
  };
}

function comparisonWarnings(base: AllocationResult, candidate: AllocationResult): string[] {
  const warnings: string[] = [];
  if (base.summary.enrollment.hash !== candidate.summary.enrollment.hash) warnings.push('the two runs were made on different enrolment data');
  const envelope = (s: RunSummary) => `${s.envelope.policy}:${s.envelope.budget ?? ''}`;
  if (envelope(base.summary) !== envelope(candidate.summary)) warnings.push('the two runs used different envelopes; the summary shows the base one');
  if (base.summary.rounding.scale !== candidate.summary.rounding.scale) warnings.push(`the rule sets round to different scales (${base.summary.rounding.scale} and ${candidate.summary.rounding.scale} decimals)`);
  if (base.excluded.length !== candidate.excluded.length) warnings.push(`the base run excluded ${base.excluded.length} line(s), the candidate ${candidate.excluded.length}`);
  return warnings;
}
