import { apportion, byInputOrder, bySchoolId } from './apportion';
import { Decimal } from './decimal';
import type { EnrollmentLine, RowProblem } from './enrollment';
import { compareCodePoints, divideRounded, formatExact, formatFixed, pow10, toScaledInteger } from './fixed';
import { canonicalJson, sha256 } from './hash';
import type { Problem } from './problems';
import type { AllocationResult, EnvelopePolicy, ExcludedLine, LineResult, SchoolResult } from './result';
import type { RuleSet } from './ruleset';
import { StandardBook, type CompiledStandard } from './standards';
import { ENGINE_VERSION } from './version';

export interface Envelope {
  policy: EnvelopePolicy;
  /** Budget in yuan, a decimal string; required for cap and exact. */
  budget?: string;
}

export interface AllocateInput {
  ruleSet: RuleSet;
  ruleSetVersion?: number;
  lines: EnrollmentLine[];
  /** Problems the reader already found; they block the run unless excludeInvalid. */
  readerProblems?: RowProblem[];
  envelope?: Envelope;
  excludeInvalid?: boolean;
  /** Hash of the enrolment file as given; defaults to a hash of the normalised lines. */
  enrollmentHash?: string;
}

export type AllocateOutcome =
  | { ok: true; result: AllocationResult }
  | { ok: false; problems: Problem[]; rowProblems: RowProblem[] };

const INELIGIBLE = 'ineligible_ownership';

/** Runs SPEC §3 end to end. Money is Decimal for the few distinct standards and BigInt units everywhere else. */
export function allocate(input: AllocateInput): AllocateOutcome {
  const rules = input.ruleSet;
  const envelope = input.envelope ?? { policy: 'none' };
  const book = new StandardBook(rules);
  const scale = rules.rounding.scale;

  const envelopeProblems = checkEnvelope(envelope, scale);
  const rowProblems = [...(input.readerProblems ?? []), ...checkAgainstRules(input.lines, book)];
  if (envelopeProblems.length || (rowProblems.length && !input.excludeInvalid)) {
    return { ok: false, problems: envelopeProblems, rowProblems: sortByRow(rowProblems) };
  }
  const badRows = new Set(rowProblems.map((p) => p.row));
  const lines = input.lines.filter((line) => !badRows.has(line.row));
  const eligibleOwnership = new Set(rules.eligibility?.ownership ?? ['public', 'private']);

  const standards = lines.map((line) => book.standardFor(line.majorCode, line.classType));
  // One common scale for every line entitlement: n has ≤ 2 decimals, p has at most `places`.
  const places = standards.reduce((max, s) => Math.max(max, s.perStudentExact.decimalPlaces()), 0);
  const exactScale = places + 2;
  const perStudentUnits = new Map<CompiledStandard, bigint>();
  const unitsOf = (standard: CompiledStandard) => {
    let units = perStudentUnits.get(standard);
    if (units === undefined) {
      units = toScaledInteger(standard.perStudentExact, places);
      perStudentUnits.set(standard, units);
    }
    return units;
  };

  const schoolsById = new Map<string, { first: EnrollmentLine; indexes: number[] }>();
  lines.forEach((line, index) => {
    const school = schoolsById.get(line.schoolId);
    if (school) school.indexes.push(index);
    else schoolsById.set(line.schoolId, { first: line, indexes: [index] });
  });
  const schoolIds = [...schoolsById.keys()].sort(compareCodePoints);

  const lineEntitlements = lines.map((line, index) =>
    eligibleOwnership.has(line.ownership) ? toScaledInteger(line.students, 2) * unitsOf(standards[index]!) : 0n,
  );
  const schoolEntitlements = schoolIds.map((id) =>
    schoolsById.get(id)!.indexes.reduce((sum, index) => sum + lineEntitlements[index]!, 0n),
  );
  const totalEntitlement = schoolEntitlements.reduce((sum, e) => sum + e, 0n);

  const toAllocationUnits = pow10(exactScale - scale);
  const rounded = schoolEntitlements.map((e) => divideRounded(e, toAllocationUnits, rules.rounding.mode));
  const roundedTotal = rounded.reduce((sum, a) => sum + a, 0n);
  const budgetUnits = envelope.budget !== undefined ? toScaledInteger(envelope.budget, scale) : undefined;
  const warnings: string[] = [];

  let schoolAllocations = rounded;
  if (budgetUnits !== undefined && (envelope.policy === 'exact' || (envelope.policy === 'cap' && roundedTotal > budgetUnits))) {
    if (totalEntitlement === 0n) {
      if (budgetUnits > 0n) {
        return { ok: false, problems: [{ path: 'budget', message: 'nothing is entitled (ΣE = 0), so there is nothing to scale the budget over' }], rowProblems: [] };
      }
    } else {
      schoolAllocations = apportion(budgetUnits, schoolEntitlements, bySchoolId(schoolIds));
    }
  }
  if (envelope.policy === 'none' && envelope.budget !== undefined) warnings.push('a budget was given with envelope policy "none"; it was not applied');
  if (rules.eligibility && lines.some((line) => !eligibleOwnership.has(line.ownership))) {
    warnings.push(`schools whose ownership is not ${[...eligibleOwnership].join(' or ')} get 0 (${INELIGIBLE})`);
  }

  const schools: SchoolResult[] = schoolIds.map((id, schoolIndex) => {
    const { first, indexes } = schoolsById.get(id)!;
    const allocation = schoolAllocations[schoolIndex]!;
    const lineShares = apportion(allocation, indexes.map((index) => lineEntitlements[index]!), byInputOrder);
    const eligible = eligibleOwnership.has(first.ownership);
    const students = indexes.reduce((sum, index) => sum.plus(lines[index]!.students), new Decimal(0));
    return {
      schoolId: id,
      schoolName: first.schoolName,
      schoolType: first.schoolType,
      ownership: first.ownership,
      ...(first.city ? { city: first.city } : {}),
      eligible,
      ...(eligible ? {} : { reason: INELIGIBLE }),
      students: students.toFixed(),
      entitlement: formatExact(schoolEntitlements[schoolIndex]!, exactScale),
      allocation: formatFixed(allocation, scale),
      lines: indexes.map((index, position): LineResult => {
        const { perStudentExact: _exact, ...derivation } = standards[index]!;
        return {
          row: lines[index]!.row,
          ...derivation,
          students: lines[index]!.students,
          entitlement: formatExact(lineEntitlements[index]!, exactScale),
          allocation: formatFixed(lineShares[position]!, scale),
          ...(eligible ? {} : { reason: INELIGIBLE }),
        };
      }),
    };
  });

  const totalAllocation = schoolAllocations.reduce((sum, a) => sum + a, 0n);
  const excluded = buildExcluded(rowProblems, input.lines);
  return {
    ok: true,
    result: {
      summary: {
        engineVersion: ENGINE_VERSION,
        ruleSet: {
          id: rules.id,
          name: rules.name,
          ...(input.ruleSetVersion !== undefined ? { version: input.ruleSetVersion } : {}),
          hash: sha256(canonicalJson(rules)),
          ...(rules.source ? { source: rules.source } : {}),
        },
        enrollment: { hash: input.enrollmentHash ?? sha256(canonicalJson(input.lines)), lines: input.lines.length + countUnparsed(rowProblems, input.lines) },
        fiscalYear: rules.fiscalYear,
        currency: rules.currency,
        envelope: { policy: envelope.policy, ...(envelope.budget !== undefined ? { budget: new Decimal(envelope.budget).toFixed(scale) } : {}) },
        rounding: { ...rules.rounding },
        scaleFactor: totalEntitlement === 0n ? null : scaleFactor(totalAllocation, scale, totalEntitlement, exactScale),
        totalEntitlement: formatExact(totalEntitlement, exactScale),
        totalAllocation: formatFixed(totalAllocation, scale),
        counts: {
          schools: schools.length,
          eligibleSchools: schools.filter((s) => s.eligible).length,
          lines: lines.length,
          excludedLines: excluded.length,
          students: schools.reduce((sum, s) => sum.plus(s.students), new Decimal(0)).toFixed(),
        },
        warnings,
      },
      schools,
      excluded,
    },
  };
}

function checkEnvelope(envelope: Envelope, scale: number): Problem[] {
  if (envelope.policy === 'none') return [];
  if (envelope.budget === undefined) return [{ path: 'budget', message: `envelope policy "${envelope.policy}" needs a budget` }];
  if (!/^\d+(\.\d+)?$/.test(envelope.budget)) return [{ path: 'budget', message: `budget "${envelope.budget}" is not a non-negative decimal amount` }];
  if (!new Decimal(envelope.budget).times(new Decimal(10).pow(scale)).isInteger()) {
    return [{ path: 'budget', message: `budget ${envelope.budget} is not a whole number of ${scale === 0 ? 'yuan' : 'fen'} (the rule set rounds to ${scale} decimals)` }];
  }
  return [];
}

function checkAgainstRules(lines: EnrollmentLine[], book: StandardBook): RowProblem[] {
  const problems: RowProblem[] = [];
  for (const line of lines) {
    if (!book.hasMajor(line.majorCode)) {
      problems.push({ row: line.row, field: 'major_code', reason: 'unknown_major', message: `major "${line.majorCode}" is not in the rule set` });
      continue;
    }
    const refusal = book.bandRefusal(line.classType, line.schoolType);
    if (refusal) problems.push({ row: line.row, field: 'class_type', reason: 'class_type_not_allowed', message: refusal });
  }
  return problems;
}

function sortByRow(problems: RowProblem[]): RowProblem[] {
  return [...problems].sort((a, b) => a.row - b.row);
}

function buildExcluded(problems: RowProblem[], lines: EnrollmentLine[]): ExcludedLine[] {
  const byRow = new Map(lines.map((line) => [line.row, line]));
  const merged = new Map<number, ExcludedLine>();
  for (const problem of sortByRow(problems)) {
    const existing = merged.get(problem.row);
    if (existing) {
      existing.message += `; ${problem.message}`;
      continue;
    }
    const line = byRow.get(problem.row);
    merged.set(problem.row, {
      row: problem.row,
      reason: problem.reason,
      message: problem.message,
      ...(line ? { schoolId: line.schoolId, majorCode: line.majorCode, classType: line.classType } : {}),
    });
  }
  return [...merged.values()];
}

/** Rows that never became lines (the reader rejected them) still count as input lines. */
function countUnparsed(problems: RowProblem[], lines: EnrollmentLine[]): number {
  const parsedRows = new Set(lines.map((line) => line.row));
  return new Set(problems.filter((p) => !parsedRows.has(p.row) && p.reason !== 'missing_column').map((p) => p.row)).size;
}

function scaleFactor(allocation: bigint, scale: number, entitlement: bigint, exactScale: number): string {
  return new Decimal(allocation.toString())
    .div(pow10(scale).toString())
    .div(new Decimal(entitlement.toString()).div(pow10(exactScale).toString()))
    .toDecimalPlaces(12)
    .toFixed();
}
