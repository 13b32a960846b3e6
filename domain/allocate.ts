import { apportion, byInputOrder, bySchoolId } from './apportion';
import { Decimal } from './decimal';
import type { EnrollmentLine, RowProblem } from './enrollment';
import { compareCodePoints, divideRounded, formatExact, formatFixed, pow10, toScaledInteger } from './fixed';
import { canonicalJson, sha256, sha256OfParts } from './hash';
import type { Problem } from './problems';
import { SharedDerivationLine } from './line-result';
import type { AllocationResult, EnvelopePolicy, ExcludedLine, SchoolResult } from './result';
import { OWNERSHIP_NAMES, type Ownership } from './labels';
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
  const lines = badRows.size ? input.lines.filter((line) => !badRows.has(line.row)) : input.lines;
  const eligibleOwnership = new Set(rules.eligibility?.ownership ?? ['public', 'private']);

  // Thousands of lines share each (major, class type): the Decimal work happens once per distinct standard.
  const standards = lines.map((line) => book.standardFor(line.majorCode, line.classType));
  const distinctStandards = new Set(standards);
  // One common scale for every line entitlement: n has ≤ 2 decimals, p has at most `places`.
  let places = 0;
  for (const standard of distinctStandards) places = Math.max(places, standard.perStudentExact.decimalPlaces());
  const exactScale = places + 2;
  const perStudentUnits = new Map<CompiledStandard, bigint>();
  for (const standard of distinctStandards) perStudentUnits.set(standard, toScaledInteger(standard.perStudentExact, places));

  const schoolsById = new Map<string, { first: EnrollmentLine; indexes: number[] }>();
  lines.forEach((line, index) => {
    const school = schoolsById.get(line.schoolId);
    if (school) school.indexes.push(index);
    else schoolsById.set(line.schoolId, { first: line, indexes: [index] });
  });
  const schoolIds = [...schoolsById.keys()].sort(compareCodePoints);

  const studentHundredths = new Array<bigint>(lines.length);
  const lineEntitlements = new Array<bigint>(lines.length);
  // Student counts repeat a lot across a national file; each distinct text is parsed once.
  const parsedStudents = new Map<string, bigint>();
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!;
    let students = parsedStudents.get(line.students);
    if (students === undefined) parsedStudents.set(line.students, (students = hundredths(line.students)));
    studentHundredths[index] = students;
    lineEntitlements[index] = eligibleOwnership.has(line.ownership) ? students * perStudentUnits.get(standards[index]!)! : 0n;
  }
  const schoolEntitlements = schoolIds.map((id) => {
    let sum = 0n;
    for (const index of schoolsById.get(id)!.indexes) sum += lineEntitlements[index]!;
    return sum;
  });
  const totalEntitlement = sumOf(schoolEntitlements);

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
  // Chinese first for the finance office reading the run, English after it for other readers.
  if (envelope.policy === 'none' && envelope.budget !== undefined) {
    warnings.push('给出了预算，但包络政策为“不设”（none），预算未使用。A budget was given with envelope policy "none"; it was not applied.');
  }
  if (rules.eligibility && lines.some((line) => !eligibleOwnership.has(line.ownership))) {
    const funded = [...eligibleOwnership] as Ownership[];
    warnings.push(
      `规则集仅对${funded.map((o) => OWNERSHIP_NAMES[o].zh).join('、')}学校拨款，其他学校拨款为 0（${INELIGIBLE}）。Schools whose ownership is not ${funded.join(' or ')} get 0.`,
    );
  }

  const schools: SchoolResult[] = schoolIds.map((id, schoolIndex) => {
    const { first, indexes } = schoolsById.get(id)!;
    const allocation = schoolAllocations[schoolIndex]!;
    const lineShares = apportion(allocation, indexes.map((index) => lineEntitlements[index]!), byInputOrder);
    const eligible = eligibleOwnership.has(first.ownership);
    let students = 0n;
    for (const index of indexes) students += studentHundredths[index]!;
    return {
      schoolId: id,
      schoolName: first.schoolName,
      schoolType: first.schoolType,
      ownership: first.ownership,
      ...(first.city ? { city: first.city } : {}),
      eligible,
      ...(eligible ? {} : { reason: INELIGIBLE }),
      students: formatExact(students, 2),
      entitlement: formatExact(schoolEntitlements[schoolIndex]!, exactScale),
      allocation: formatFixed(allocation, scale),
      lines: indexes.map((index, position) =>
        new SharedDerivationLine(
          standards[index]!,
          lines[index]!.row,
          lines[index]!.students,
          formatExact(lineEntitlements[index]!, exactScale),
          formatFixed(lineShares[position]!, scale),
          eligible ? undefined : INELIGIBLE,
        ),
      ),
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
        enrollment: { hash: input.enrollmentHash ?? hashLines(input.lines), lines: input.lines.length + countUnparsed(rowProblems, input.lines) },
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
          students: formatExact(sumOf(studentHundredths), 2),
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

/** Lines the rule set cannot fund (unknown major, class type not allowed at the school type), row by row. */
export function ruleProblems(ruleSet: RuleSet, lines: EnrollmentLine[]): RowProblem[] {
  return checkAgainstRules(lines, new StandardBook(ruleSet));
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
  if (problems.length === 0) return [];
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
  if (problems.length === 0) return 0;
  const parsedRows = new Set(lines.map((line) => line.row));
  return new Set(problems.filter((p) => p.row > 0 && !parsedRows.has(p.row) && p.reason !== 'missing_column').map((p) => p.row)).size;
}

function sumOf(values: readonly bigint[]): bigint {
  let sum = 0n;
  for (const value of values) sum += value;
  return sum;
}

/** Students have at most 2 decimals (checked on input), so they are whole hundredths. */
function hundredths(students: string): bigint {
  const point = students.indexOf('.');
  if (point < 0) return BigInt(students) * 100n;
  return BigInt(students.slice(0, point) + students.slice(point + 1).padEnd(2, '0'));
}

/**
 * A stable fingerprint of the lines for callers that have no file bytes to hash: sha256 of the lines' fields,
 * tab-separated, one line per text line. Fed to the hash in blocks, so no national-sized string is ever built.
 */
function hashLines(lines: EnrollmentLine[]): string {
  return sha256OfParts(lineBlocks(lines));
}

function* lineBlocks(lines: EnrollmentLine[]): Generator<string> {
  const BLOCK = 4096;
  for (let start = 0; start < lines.length; start += BLOCK) {
    let text = '';
    for (let i = start; i < Math.min(lines.length, start + BLOCK); i++) {
      const l = lines[i]!;
      text += `${i === 0 ? '' : '\n'}${l.row}\t${l.schoolId}\t${l.schoolName}\t${l.schoolType}\t${l.ownership}\t${l.city ?? ''}\t${l.majorCode}\t${l.classType}\t${l.students}`;
    }
    yield text;
  }
}

function scaleFactor(allocation: bigint, scale: number, entitlement: bigint, exactScale: number): string {
  return new Decimal(allocation.toString())
    .div(pow10(scale).toString())
    .div(new Decimal(entitlement.toString()).div(pow10(exactScale).toString()))
    .toDecimalPlaces(12)
    .toFixed();
}
