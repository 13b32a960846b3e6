import { exactSumAt } from './exact-sum';
import { apportion, bySchoolId } from './apportion';
import type { Baseline } from './baseline';
import { Decimal } from './decimal';
import { rowProblem, type EnrollmentLine, type RowProblem } from './enrollment';
import { CLASS_TYPES_COUNT, columnsOf, lineAt, SCHOOL_TYPES_COUNT, sharedLinesOf, type EnrollmentColumns } from './enrollment-columns';
import { compareCodePoints, divideRounded, pow10, toScaledInteger } from './fixed';
import { OWNERSHIPS, type Ownership } from './labels';
import { coded, problemAt, type Coded, type Problem } from './problems';
import { protectAllocations, type ProtectionRun } from './protection';
import type { EnvelopePolicy } from './result';
import type { RuleSet } from './ruleset';
import { StandardBook, type CompiledStandard } from './standards';

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
  /** An earlier result, for the rule set's year-on-year protection (SPEC §7). */
  baseline?: Baseline;
}

/** The same input with the lines as columns (domain/enrollment-columns.ts): what a reader that fills columns hands over. */
export interface ColumnarAllocateInput extends Omit<AllocateInput, 'lines'> {
  enrollment: EnrollmentColumns;
  /** The same lines as objects, when the caller holds them anyway (compare: two runs on one enrolment), so they are not made again. */
  lines?: EnrollmentLine[];
}

export const INELIGIBLE = 'ineligible_ownership';

export interface CoreSchool {
  id: string;
  /** The school's first included line, which carries its name, type, ownership and city. */
  first: EnrollmentLine;
  /** Positions in the input of the school's included lines, in input order. */
  indexes: number[];
  eligible: boolean;
  students: bigint;
  /** At the run's exact scale. */
  entitlement: bigint;
  /** At the rule set's rounding scale. */
  allocation: bigint;
}

/**
 * A run as numbers (SPEC §3), before any result object or text exists. Per-line arrays are indexed by the line's
 * position in the input; excluded lines have no standard and zeros. `allocate` turns this into the §4 result and
 * `compare` walks two of them side by side, so neither builds what it does not need.
 */
export interface AllocationCore {
  rules: RuleSet;
  envelope: Envelope;
  /** The input's lines as objects: the caller's own array, or made from `enrollment` when first asked for (sharedLinesOf). */
  readonly lines: EnrollmentLine[];
  /** The input's lines as columns; per-line arrays below are indexed as these. */
  enrollment: EnrollmentColumns;
  scale: number;
  /** Scale of every entitlement: students have 2 decimals, per-student amounts at most exactScale − 2. */
  exactScale: number;
  standards: (CompiledStandard | undefined)[];
  /** Each line's standard by number: its place in `standardList`, or −1 for a line without one. */
  standardIds: Int32Array;
  standardList: CompiledStandard[];
  /** The standards of the lines in the run (not of lines left out), in standardList's order. */
  usedStandards: CompiledStandard[];
  studentHundredths: bigint[];
  /** Numbers the distinct student counts 0, 1, 2…, so per-count caches can be dense arrays. */
  studentCountIds: Int32Array;
  distinctStudentCounts: number;
  lineEntitlements: bigint[];
  /** Number(lineEntitlements[i]), each distinct one converted once: the float64 estimate of the line shares reads them. */
  lineEntitlementFloats: Float64Array;
  /** Sorted by school id in code-point order. */
  schools: CoreSchool[];
  includedLines: number;
  totalEntitlement: bigint;
  totalAllocation: bigint;
  /** Whether an envelope moved some school away from its rounded entitlement. */
  envelopeScaled: boolean;
  rowProblems: RowProblem[];
  warnings: Coded[];
  /** Present when the rule set's protection was applied against a baseline. */
  protection?: ProtectionRun;
}

export type CoreOutcome = { ok: true; core: AllocationCore } | { ok: false; problems: Problem[]; rowProblems: RowProblem[] };

/** Runs SPEC §3 end to end. Money is Decimal for the few distinct standards and BigInt units everywhere else. */
export function computeAllocation(input: AllocateInput | ColumnarAllocateInput): CoreOutcome {
  const rules = input.ruleSet;
  const envelope = input.envelope ?? { policy: 'none' };
  const book = new StandardBook(rules);
  const scale = rules.rounding.scale;
  const table = 'enrollment' in input ? input.enrollment : columnsOf(input.lines);
  const { texts } = table;
  const count = table.length;

  const envelopeProblems = checkEnvelope(envelope, scale);
  // One pass finds each line's standard, or why the rule set cannot fund it: both depend only on the line's major,
  // class type and school type, so each distinct triple is looked up once (−1: a line of it has a problem).
  const standards = new Array<CompiledStandard | undefined>(count);
  // Each line's standard also by number (its place in standardList, −1: none), for per-standard arrays.
  const standardIds = new Int32Array(count).fill(-1);
  const standardList: CompiledStandard[] = [];
  const idOfStandard = new Map<CompiledStandard, number>();
  const verdicts = new Map<number, number>();
  const ruleRowProblems: RowProblem[] = [];
  for (let index = 0; index < count; index++) {
    const key = (table.majorCode[index]! * CLASS_TYPES_COUNT + table.classType[index]!) * SCHOOL_TYPES_COUNT + table.schoolType[index]!;
    let verdict = verdicts.get(key);
    if (verdict === undefined) {
      const line = lineAt(table, index);
      const standard = lineProblem(line, book) ? undefined : book.standardFor(line.majorCode, line.classType);
      verdict = standard ? idOfStandard.get(standard) : -1;
      if (verdict === undefined) idOfStandard.set(standard!, (verdict = standardList.push(standard!) - 1));
      verdicts.set(key, verdict);
    }
    if (verdict < 0) ruleRowProblems.push(lineProblem(lineAt(table, index), book)!);
    else {
      standards[index] = standardList[verdict];
      standardIds[index] = verdict;
    }
  }
  const readerProblems = input.readerProblems ?? [];
  const rowProblems = readerProblems.length ? [...readerProblems, ...ruleRowProblems] : ruleRowProblems;
  if (envelopeProblems.length || (rowProblems.length && !input.excludeInvalid)) {
    return { ok: false, problems: envelopeProblems, rowProblems: sortByRow(rowProblems) };
  }
  const readerRows = new Set(readerProblems.map((p) => p.row));
  const eligibleOwnership = new Set<Ownership>(rules.eligibility?.ownership ?? ['public', 'private']);
  const eligibleByIndex = OWNERSHIPS.map((ownership) => eligibleOwnership.has(ownership));

  // Thousands of lines share each (major, class type): the Decimal work happens once per distinct standard.
  const used = new Uint8Array(standardList.length);
  const schoolsById = new Map<number, { first: number; indexes: number[] }>();
  let includedLines = 0;
  let lastSchoolId = -1;
  let lastSchool: { first: number; indexes: number[] } | undefined;
  for (let index = 0; index < count; index++) {
    const standard = standards[index];
    if (!standard) continue;
    if (readerRows.size && readerRows.has(table.row[index]!)) {
      standards[index] = undefined;
      standardIds[index] = -1;
      continue;
    }
    used[standardIds[index]!] = 1;
    includedLines++;
    // Files list a school's lines together, so the previous line's school is usually this one's.
    const schoolId = table.schoolId[index]!;
    if (lastSchool && lastSchoolId === schoolId) {
      lastSchool.indexes.push(index);
      continue;
    }
    lastSchoolId = schoolId;
    lastSchool = schoolsById.get(schoolId);
    if (lastSchool) lastSchool.indexes.push(index);
    else schoolsById.set(schoolId, (lastSchool = { first: index, indexes: [index] }));
  }
  const usedStandards = standardList.filter((_, id) => used[id]);
  let places = 0;
  for (const standard of usedStandards) places = Math.max(places, standard.perStudentExact.decimalPlaces());
  const exactScale = places + 2;
  // Each standard's per-student units, and the entitlements it has given so far by student count: a national run
  // has ~26k distinct (standard, count) pairs, so most lines reuse a product instead of allocating one.
  const entitlementsOf = standardList.map((standard, id) => (used[id] ? { perStudent: toScaledInteger(standard.perStudentExact, places), byStudentCount: [] as bigint[], floats: [] as number[] } : undefined));

  const studentHundredths = new Array<bigint>(count).fill(0n);
  const studentHundredthFloats = new Float64Array(count);
  const studentCountIds = new Int32Array(count);
  const lineEntitlements = new Array<bigint>(count).fill(0n);
  const lineEntitlementFloats = new Float64Array(count);
  // Student counts repeat a lot across a national file (a few hundred distinct ones); each is parsed once, numbered
  // in the order funded lines first show it.
  const countIdOfText = new Int32Array(texts.length).fill(-1);
  const hundredthsOfCount: bigint[] = [];
  const hundredthFloatsOfCount: number[] = [];
  for (let index = 0; index < count; index++) {
    const standard = standards[index];
    if (!standard) continue;
    const text = table.students[index]!;
    let countId = countIdOfText[text]!;
    if (countId < 0) {
      countIdOfText[text] = countId = hundredthsOfCount.length;
      hundredthsOfCount.push(hundredths(texts[text]!));
      hundredthFloatsOfCount.push(Number(hundredthsOfCount[countId]));
    }
    const students = hundredthsOfCount[countId]!;
    studentHundredths[index] = students;
    studentHundredthFloats[index] = hundredthFloatsOfCount[countId]!;
    studentCountIds[index] = countId;
    if (eligibleByIndex[table.ownership[index]!]) {
      const entitlements = entitlementsOf[standardIds[index]!]!;
      const units = (lineEntitlements[index] = entitlements.byStudentCount[countId] ??= students * entitlements.perStudent);
      lineEntitlementFloats[index] = entitlements.floats[countId] ??= Number(units);
    }
  }

  const idOf = (school: { first: number }) => texts[table.schoolId[school.first]!]!;
  // Without surrogate pairs, comparing UTF-16 units is comparing code points, and much cheaper.
  const surrogates = [...schoolsById.values()].some((school) => /[\uD800-\uDFFF]/.test(idOf(school)));
  const sorted = [...schoolsById.values()].sort(surrogates ? (a, b) => compareCodePoints(idOf(a), idOf(b)) : (a, b) => (idOf(a) < idOf(b) ? -1 : idOf(a) > idOf(b) ? 1 : 0));
  const schoolIds = sorted.map(idOf);
  const schoolEntitlements = sorted.map((school) => exactSumAt(school.indexes, lineEntitlements, lineEntitlementFloats));
  const schoolStudents = (indexes: number[]) => exactSumAt(indexes, studentHundredths, studentHundredthFloats);
  const totalEntitlement = sumOf(schoolEntitlements);
  const toAllocationUnits = pow10(exactScale - scale);
  const rounded = schoolEntitlements.map((e) => divideRounded(e, toAllocationUnits, rules.rounding.mode));
  const roundedTotal = sumOf(rounded);
  const budgetUnits = envelope.budget !== undefined ? toScaledInteger(envelope.budget, scale) : undefined;

  let schoolAllocations = rounded;
  let protection: ProtectionRun | undefined;
  if (rules.protection && input.baseline) {
    const outcome = protectAllocations({
      protection: rules.protection,
      baseline: input.baseline,
      scale,
      exactScale,
      mode: rules.rounding.mode,
      policy: envelope.policy,
      ...(budgetUnits !== undefined ? { budget: budgetUnits } : {}),
      schools: schoolIds.map((id, i) => {
        const { first, indexes } = sorted[i]!;
        return { id, eligible: eligibleByIndex[table.ownership[first]!]!, students: schoolStudents(indexes), entitlement: schoolEntitlements[i]! };
      }),
    });
    if (!outcome.ok) return { ok: false, problems: outcome.problems, rowProblems: [] };
    protection = outcome.run;
    schoolAllocations = protection.allocations;
  } else if (budgetUnits !== undefined && (envelope.policy === 'exact' || (envelope.policy === 'cap' && roundedTotal > budgetUnits))) {
    if (totalEntitlement === 0n) {
      if (budgetUnits > 0n) {
        return { ok: false, problems: [problemAt('budget', 'nothing_to_scale', { budget: envelope.budget! })], rowProblems: [] };
      }
    } else {
      schoolAllocations = apportion(budgetUnits, schoolEntitlements, bySchoolId(schoolIds));
    }
  }

  const schools = schoolIds.map((id, schoolIndex): CoreSchool => {
    const { first, indexes } = sorted[schoolIndex]!;
    const eligible = eligibleByIndex[table.ownership[first]!]!;
    return { id, first: lineAt(table, first), indexes, eligible, students: schoolStudents(indexes), entitlement: schoolEntitlements[schoolIndex]!, allocation: schoolAllocations[schoolIndex]! };
  });

  let lines = input.lines;
  return {
    ok: true,
    core: {
      rules,
      envelope,
      get lines() {
        return (lines ??= sharedLinesOf(table));
      },
      enrollment: table,
      scale,
      exactScale,
      standards,
      standardIds,
      standardList,
      usedStandards,
      studentHundredths,
      studentCountIds,
      distinctStudentCounts: hundredthsOfCount.length,
      lineEntitlements,
      lineEntitlementFloats,
      schools,
      includedLines,
      totalEntitlement,
      totalAllocation: sumOf(schoolAllocations),
      envelopeScaled: protection ? protection.envelopeMoved : schoolAllocations !== rounded && schoolAllocations.some((a, i) => a !== rounded[i]),
      rowProblems,
      warnings: [...runWarnings(rules, envelope, table, standards, eligibleOwnership), ...protectionNotices(rules, input.baseline)],
      ...(protection ? { protection } : {}),
    },
  };
}

/** Things a reader of the run should know that do not stop it, as codes (messages/engine.ts). */
function runWarnings(rules: RuleSet, envelope: Envelope, table: EnrollmentColumns, standards: (CompiledStandard | undefined)[], eligibleOwnership: Set<Ownership>): Coded[] {
  const warnings: Coded[] = [];
  if (envelope.policy === 'none' && envelope.budget !== undefined) warnings.push(coded('budget_unused', { budget: envelope.budget }));
  if (rules.eligibility && someLine(table.length, (index) => standards[index] !== undefined && !eligibleOwnership.has(OWNERSHIPS[table.ownership[index]!]!))) {
    warnings.push(coded(INELIGIBLE, { funded: [...eligibleOwnership] }));
  }
  return warnings;
}

function someLine(count: number, test: (index: number) => boolean): boolean {
  for (let index = 0; index < count; index++) if (test(index)) return true;
  return false;
}

/** Protection asked for without a baseline, a baseline nothing uses, a baseline that is not an earlier year. */
function protectionNotices(rules: RuleSet, baseline: Baseline | undefined): Coded[] {
  if (rules.protection && !baseline) return [{ code: 'protection_without_baseline', params: {} }];
  if (!baseline) return [];
  const notices: Coded[] = [];
  if (!rules.protection) notices.push({ code: 'baseline_unused', params: {} });
  if (baseline.fiscalYear !== undefined && baseline.fiscalYear >= rules.fiscalYear) notices.push({ code: 'baseline_not_earlier', params: { baselineYear: baseline.fiscalYear, fiscalYear: rules.fiscalYear } });
  return notices;
}

function checkEnvelope(envelope: Envelope, scale: number): Problem[] {
  if (envelope.policy === 'none') return [];
  if (envelope.budget === undefined) return [problemAt('budget', 'budget_required', { policy: envelope.policy })];
  if (!/^\d+(\.\d+)?$/.test(envelope.budget)) return [problemAt('budget', 'budget_not_an_amount', { budget: envelope.budget.slice(0, 40) })];
  if (!new Decimal(envelope.budget).times(new Decimal(10).pow(scale)).isInteger()) {
    return [problemAt('budget', scale === 0 ? 'budget_not_whole_yuan' : 'budget_not_whole_fen', { budget: envelope.budget })];
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
    const problem = lineProblem(line, book);
    if (problem) problems.push(problem);
  }
  return problems;
}

export function lineProblem(line: EnrollmentLine, book: StandardBook): RowProblem | undefined {
  if (!book.hasMajor(line.majorCode)) {
    // A spreadsheet that took "0105" for a number shows 105: say so, never match it quietly (SPEC §11).
    const padded = book.majorWithLeadingZeros(line.majorCode);
    return padded !== undefined
      ? rowProblem(line.row, 'unknown_major', 'major_code_lost_zeros', { majorCode: line.majorCode, known: padded }, 'major_code')
      : rowProblem(line.row, 'unknown_major', 'unknown_major', { majorCode: line.majorCode }, 'major_code');
  }
  const refusal = book.bandRefusal(line.classType, line.schoolType);
  return refusal ? rowProblem(line.row, 'class_type_not_allowed', refusal.code, refusal.params, 'class_type') : undefined;
}

export function sortByRow(problems: RowProblem[]): RowProblem[] {
  return [...problems].sort((a, b) => a.row - b.row);
}

export function sumOf(values: readonly bigint[]): bigint {
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
