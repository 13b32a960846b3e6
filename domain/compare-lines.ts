import { lineReasoner, type LineMoves, type LineReason } from './compare-reasons';
import { aligned, moneyScale, Side, unitsDifference } from './compare-side';
import type { CoreSchool } from './allocation-core';
import type { LineComparison } from './comparison';
import type { EnrollmentLine } from './enrollment';
import { compareCodePoints, formatFixed } from './fixed';
import type { CompiledStandard } from './standards';

/*
 * The line by line part of a comparison: both runs walked school by school, which lines moved found, and each moved
 * line's figures made from the walk (compare.ts puts the comparison together).
 */

/** A moved line before its money is text: allocations in units at the comparison's money scale. */
export interface MovedLineFigures {
  row: number;
  schoolId: string;
  /** The line's standard in the candidate run, else in the base run: its major and class type. */
  standard: CompiledStandard;
  students: string;
  /** The line's standard on each side; none where that run left the line out. */
  baseStandard: CompiledStandard | undefined;
  candidateStandard: CompiledStandard | undefined;
  baseEntitlement: string;
  candidateEntitlement: string;
  /** A float64 only when it holds a safe integer exactly (float shares and their differences). */
  baseAllocation: bigint | number;
  candidateAllocation: bigint | number;
  delta: bigint | number;
  reasons: LineReason[];
}

export interface WalkedSchool {
  schoolId: string;
  before: CoreSchool | undefined;
  after: CoreSchool | undefined;
  /**
   * The school's lines that moved, in base input order, then those only the candidate run has: each as its input
   * position × 8 + how it moved (MOVED_*), numbers rather than objects, since a national comparison moves ~320,000.
   */
  movedAt: number[];
}

/** How a line moved, in the low bits of its movedAt code. */
const ENTITLEMENT_MOVED = 1;
const ALLOCATION_MOVED = 2;
/** Only the base run has the line (the candidate excluded it), or only the candidate run. */
const ONLY_IN_BASE = 4;
const ONLY_IN_CANDIDATE = 5;
const MOVE_BITS = 8;

/** Both runs school by school (schoolId order), each school entered on both sides and its moved lines found. */
export function* schoolWalk(base: Side, candidate: Side): Generator<WalkedSchool> {
  aligned(base, candidate);
  const baseStandards = base.core.standards;
  const candidateStandards = candidate.core.standards;
  const schoolIds = [...new Set([...base.byId.keys(), ...candidate.byId.keys()])].sort(compareCodePoints);
  for (const schoolId of schoolIds) {
    const before = base.byId.get(schoolId);
    const after = candidate.byId.get(schoolId);
    const movedAt: number[] = [];
    base.enterSchool(before);
    candidate.enterSchool(after);
    if (before) {
      for (const index of before.indexes) {
        if (!after || !candidateStandards[index]) {
          movedAt.push(index * MOVE_BITS + ONLY_IN_BASE);
          continue;
        }
        const moves = (base.lineEntitlement(index) !== candidate.lineEntitlement(index) ? ENTITLEMENT_MOVED : 0) | (Side.sameAllocation(base, candidate, index) ? 0 : ALLOCATION_MOVED);
        if (moves || before.eligible !== after.eligible) movedAt.push(index * MOVE_BITS + moves);
      }
    }
    if (after) {
      for (const index of after.indexes) {
        if (!before || !baseStandards[index]) movedAt.push(index * MOVE_BITS + ONLY_IN_CANDIDATE);
      }
    }
    yield { schoolId, before, after, movedAt };
  }
}

/**
 * Fills `into` with the figures of a walked school's moved line; both sides must have that school entered (its shares
 * current). A side without the line (it excluded it) has no standard and 0.
 */
export function figuresMaker(base: Side, candidate: Side, lines: EnrollmentLine[]): (school: WalkedSchool, movedAt: number, into: MovedLineFigures) => MovedLineFigures {
  aligned(base, candidate);
  const reasonsFor = lineReasoner({
    baseRules: base.core.rules,
    candidateRules: candidate.core.rules,
    baseScaled: base.core.envelopeScaled,
    candidateScaled: candidate.core.envelopeScaled,
    baseScaleFactor: base.figures.scaleFactor,
    candidateScaleFactor: candidate.figures.scaleFactor,
    ...(base.core.protection ? { baseProtected: true } : {}),
    ...(candidate.core.protection ? { candidateProtected: true } : {}),
  });
  const baseStandards = base.core.standards;
  const candidateStandards = candidate.core.standards;
  const unmoved: LineMoves = { entitlementMoved: false, allocationMoved: false };
  const moveKinds: LineMoves[] = [unmoved, { entitlementMoved: true, allocationMoved: false }, { entitlementMoved: false, allocationMoved: true }, { entitlementMoved: true, allocationMoved: true }];
  const movesOf = (kind: number, row: number): LineMoves => {
    if (kind === ONLY_IN_BASE) return { entitlementMoved: true, allocationMoved: true, excludedBecause: candidate.excludedBecause(row) };
    if (kind === ONLY_IN_CANDIDATE) return { entitlementMoved: true, allocationMoved: true, excludedBecause: base.excludedBecause(row) };
    return moveKinds[kind] ?? unmoved;
  };

  return ({ schoolId, before, after }, code, into) => {
    const index = Math.floor(code / MOVE_BITS);
    const line = lines[index]!;
    const baseStandard = before && baseStandards[index];
    const candidateStandard = after && candidateStandards[index];
    const baseAllocation = baseStandard ? base.lineAllocation(index) : 0;
    const candidateAllocation = candidateStandard ? candidate.lineAllocation(index) : 0;
    into.row = line.row;
    into.schoolId = schoolId;
    into.standard = (candidateStandard || baseStandard)!;
    into.students = line.students;
    into.baseStandard = baseStandard || undefined;
    into.candidateStandard = candidateStandard || undefined;
    into.baseEntitlement = baseStandard ? base.entitlementText(index) : '0';
    into.candidateEntitlement = candidateStandard ? candidate.entitlementText(index) : '0';
    into.baseAllocation = baseAllocation;
    into.candidateAllocation = candidateAllocation;
    into.delta = unitsDifference(candidateAllocation, baseAllocation);
    into.reasons = reasonsFor(
      baseStandard ? base.reasoned(baseStandard, before.eligible) : undefined,
      candidateStandard ? candidate.reasoned(candidateStandard, after.eligible) : undefined,
      movesOf(code % MOVE_BITS, line.row),
    );
    return into;
  };
}

/** An empty figures object, to be filled for each line in turn. */
export function blankFigures(): MovedLineFigures {
  return { row: 0, schoolId: '', standard: undefined!, students: '', baseStandard: undefined, candidateStandard: undefined, baseEntitlement: '', candidateEntitlement: '', baseAllocation: 0, candidateAllocation: 0, delta: 0, reasons: [] };
}

/** The moved line as SPEC §5 states it, money as text at `scale`. */
export function lineComparisonOf(figures: MovedLineFigures, scale: number): LineComparison {
  const { standard, baseStandard, candidateStandard } = figures;
  return {
    row: figures.row,
    schoolId: figures.schoolId,
    majorCode: standard.majorCode,
    majorName: standard.majorName,
    classType: standard.classType,
    students: figures.students,
    basePerStudent: baseStandard ? baseStandard.perStudent : null,
    candidatePerStudent: candidateStandard ? candidateStandard.perStudent : null,
    baseEntitlement: figures.baseEntitlement,
    candidateEntitlement: figures.candidateEntitlement,
    baseAllocation: formatFixed(figures.baseAllocation, scale),
    candidateAllocation: formatFixed(figures.candidateAllocation, scale),
    delta: formatFixed(figures.delta, scale),
    reasons: figures.reasons,
  };
}

/** Makes a walked school's moved lines; both sides must have that school entered (its shares current). */
export function lineMaker(base: Side, candidate: Side, lines: EnrollmentLine[]): (school: WalkedSchool) => LineComparison[] {
  const scale = moneyScale(base, candidate);
  const fill = figuresMaker(base, candidate, lines);
  const figures = blankFigures();
  return (school) => school.movedAt.map((code) => lineComparisonOf(fill(school, code, figures), scale));
}
