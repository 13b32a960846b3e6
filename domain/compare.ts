import { allocate, type Envelope } from './allocate';
import { lineReasons, type LineReason, type ReasonContext } from './compare-reasons';
import { Decimal } from './decimal';
import { diffRuleSets, type RuleSetDiff } from './diff';
import { CLASS_TYPE_NAMES, type EnrollmentLine, type RowProblem } from './enrollment';
import { compareCodePoints } from './fixed';
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
 * by (school, major, class type), which is unique in an enrolment; every sum is exact Decimal, so
 * the total change equals the sum of the school deltas to the fen.
 */
export function compareAllocations(base: AllocationResult, candidate: AllocationResult, baseRules: RuleSet, candidateRules: RuleSet): Comparison {
  const scale = Math.max(base.summary.rounding.scale, candidate.summary.rounding.scale);
  const money = (value: Decimal) => value.toFixed(scale);
  const baseSchools = new Map(base.schools.map((s) => [s.schoolId, s]));
  const candidateSchools = new Map(candidate.schools.map((s) => [s.schoolId, s]));
  const schoolIds = [...new Set([...baseSchools.keys(), ...candidateSchools.keys()])].sort(compareCodePoints);
  const excludedReason = (result: AllocationResult) => {
    const byKey = new Map(result.excluded.map((e) => [`${e.schoolId}\u0000${e.majorCode}\u0000${e.classType}`, `${e.reason}: ${e.message}`]));
    return (schoolId: string, line: LineResult) => byKey.get(lineKey(schoolId, line));
  };
  const baseExcluded = excludedReason(base);
  const candidateExcluded = excludedReason(candidate);
  const contextBase = {
    baseRules,
    candidateRules,
    baseScaled: envelopeScaled(base),
    candidateScaled: envelopeScaled(candidate),
    baseScaleFactor: base.summary.scaleFactor,
    candidateScaleFactor: candidate.summary.scaleFactor,
  } satisfies ReasonContext;

  const schools: SchoolComparison[] = [];
  const lines: LineComparison[] = [];
  for (const schoolId of schoolIds) {
    const before = baseSchools.get(schoolId);
    const after = candidateSchools.get(schoolId);
    const identity = (after ?? before)!;
    const movedLines = pairLines(before, after).flatMap(([baseLine, candidateLine]) => {
      const moved = lineMoved(baseLine, candidateLine);
      if (!moved) return [];
      const reasons = lineReasons(baseLine, candidateLine, {
        ...contextBase,
        ...(baseLine ? {} : { baseExcluded: baseExcluded(schoolId, candidateLine!) }),
        ...(candidateLine ? {} : { candidateExcluded: candidateExcluded(schoolId, baseLine!) }),
      });
      return [compareLine(schoolId, baseLine, candidateLine, reasons, money)];
    });
    lines.push(...movedLines);
    const baseAllocation = new Decimal(before?.allocation ?? 0);
    const candidateAllocation = new Decimal(after?.allocation ?? 0);
    const delta = candidateAllocation.minus(baseAllocation);
    schools.push({
      schoolId,
      schoolName: identity.schoolName,
      schoolType: identity.schoolType,
      ownership: identity.ownership,
      baseEntitlement: before?.entitlement ?? '0',
      candidateEntitlement: after?.entitlement ?? '0',
      baseAllocation: money(baseAllocation),
      candidateAllocation: money(candidateAllocation),
      delta: money(delta),
      deltaPercent: percentOf(delta, baseAllocation),
      linesMoved: movedLines.length,
    });
  }

  const baseTotal = new Decimal(base.summary.totalAllocation);
  const candidateTotal = new Decimal(candidate.summary.totalAllocation);
  const totalChange = candidateTotal.minus(baseTotal);
  const deltas = schools.map((s) => new Decimal(s.delta));
  return {
    summary: {
      baseRuleSet: comparedRuleSet(base.summary),
      candidateRuleSet: comparedRuleSet(candidate.summary),
      envelope: base.summary.envelope,
      baseTotalEntitlement: base.summary.totalEntitlement,
      candidateTotalEntitlement: candidate.summary.totalEntitlement,
      entitlementChange: new Decimal(candidate.summary.totalEntitlement).minus(base.summary.totalEntitlement).toFixed(),
      baseTotalAllocation: money(baseTotal),
      candidateTotalAllocation: money(candidateTotal),
      totalChange: money(totalChange),
      totalChangePercent: percentOf(totalChange, baseTotal),
      baseScaleFactor: base.summary.scaleFactor,
      candidateScaleFactor: candidate.summary.scaleFactor,
      schools: schools.length,
      schoolsGaining: deltas.filter((d) => d.greaterThan(0)).length,
      schoolsLosing: deltas.filter((d) => d.lessThan(0)).length,
      schoolsUnchanged: deltas.filter((d) => d.isZero()).length,
      linesMoved: lines.length,
    },
    schools,
    lines,
    largestChanges: largestChanges(schools),
    byCategory: groupBy(
      base,
      candidate,
      (line) => line.categoryCode,
      (line) => line.categoryName,
      compareCodePoints,
      money,
    ).map(({ key, name, ...group }) => ({ categoryCode: key, categoryName: name, ...group })),
    byClassType: groupBy(
      base,
      candidate,
      (line) => line.classType,
      (line) => CLASS_TYPE_NAMES[line.classType].zh,
      (a, b) => CLASS_TYPES.indexOf(a as ClassType) - CLASS_TYPES.indexOf(b as ClassType),
      money,
    ).map(({ key, name, ...group }) => ({ classType: key as ClassType, name, ...group })),
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

function lineKey(schoolId: string, line: { majorCode?: string; classType?: string }): string {
  return `${schoolId}\u0000${line.majorCode}\u0000${line.classType}`;
}

/** Base and candidate lines of one school side by side, in base input order, then lines only the candidate has. */
function pairLines(base: SchoolResult | undefined, candidate: SchoolResult | undefined): [LineResult | undefined, LineResult | undefined][] {
  const schoolId = (base ?? candidate)!.schoolId;
  const candidateLines = new Map((candidate?.lines ?? []).map((line) => [lineKey(schoolId, line), line]));
  const pairs: [LineResult | undefined, LineResult | undefined][] = (base?.lines ?? []).map((line) => {
    const key = lineKey(schoolId, line);
    const match = candidateLines.get(key);
    candidateLines.delete(key);
    return [line, match];
  });
  for (const line of candidateLines.values()) pairs.push([undefined, line]);
  return pairs;
}

function lineMoved(base: LineResult | undefined, candidate: LineResult | undefined): boolean {
  if (!base || !candidate) return true;
  return (
    base.reason !== candidate.reason ||
    !new Decimal(base.entitlement).equals(candidate.entitlement) ||
    !new Decimal(base.allocation).equals(candidate.allocation)
  );
}

function compareLine(
  schoolId: string,
  base: LineResult | undefined,
  candidate: LineResult | undefined,
  reasons: LineReason[],
  money: (value: Decimal) => string,
): LineComparison {
  const either = (candidate ?? base)!;
  const baseAllocation = new Decimal(base?.allocation ?? 0);
  const candidateAllocation = new Decimal(candidate?.allocation ?? 0);
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
    baseAllocation: money(baseAllocation),
    candidateAllocation: money(candidateAllocation),
    delta: money(candidateAllocation.minus(baseAllocation)),
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
function largestChanges(schools: SchoolComparison[]): SchoolComparison[] {
  return schools
    .filter((s) => !new Decimal(s.delta).isZero())
    .sort((a, b) => new Decimal(b.delta).abs().comparedTo(new Decimal(a.delta).abs()) || compareCodePoints(a.schoolId, b.schoolId))
    .slice(0, LARGEST_CHANGES);
}

/** Allocation per group on each side; a line counts in the group its own run put it in. */
function groupBy(
  base: AllocationResult,
  candidate: AllocationResult,
  keyOf: (line: LineResult) => string,
  nameOf: (line: LineResult) => string,
  order: (a: string, b: string) => number,
  money: (value: Decimal) => string,
): (GroupComparison & { key: string; name: string })[] {
  const groups = new Map<string, { name: string; base: Decimal; candidate: Decimal }>();
  const add = (result: AllocationResult, side: 'base' | 'candidate') => {
    for (const line of result.schools.flatMap((s) => s.lines)) {
      const key = keyOf(line);
      const group = groups.get(key) ?? { name: nameOf(line), base: new Decimal(0), candidate: new Decimal(0) };
      if (side === 'candidate') group.name = nameOf(line);
      group[side] = group[side].plus(line.allocation);
      groups.set(key, group);
    }
  };
  add(base, 'base');
  add(candidate, 'candidate');
  return [...groups.entries()]
    .sort(([a], [b]) => order(a, b))
    .map(([key, group]) => {
      const delta = group.candidate.minus(group.base);
      return { key, name: group.name, baseAllocation: money(group.base), candidateAllocation: money(group.candidate), delta: money(delta), deltaPercent: percentOf(delta, group.base) };
    });
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
