import { computeAllocation, INELIGIBLE, sortByRow, sumOf, type AllocateInput, type AllocationCore, type ColumnarAllocateInput, type CoreSchool } from './allocation-core';
import { linesAtRows, type EnrollmentColumns } from './enrollment-columns';
import { entitlementTexts, lineShares } from './line-figures';
import { Decimal } from './decimal';
import type { EnrollmentLine, RowProblem } from './enrollment';
import { formatExact, formatFixed, pow10 } from './fixed';
import { canonicalJson, sha256, sha256OfParts } from './hash';
import type { Units } from './apportion';
import { JsonBytes, utf8 } from './json-bytes';
import { SharedDerivationLine } from './line-result';
import type { Problem } from './problems';
import { protectionSummary, schoolProtection } from './protection';
import type { AllocationResult, ExcludedLine, PerStudentDerivation, RunSummary, SchoolResult } from './result';
import { ALLOCATION_BEFORE, CompactSchoolJson, compactSchoolOfColumns, StandardIndex, standardsTable, type CompactSchool, type CompactSchoolColumns } from './result-form';
import { ENGINE_VERSION } from './version';

export { ruleProblems, type AllocateInput, type ColumnarAllocateInput, type Envelope } from './allocation-core';

export type AllocateOutcome =
  | { ok: true; result: AllocationResult }
  | { ok: false; problems: Problem[]; rowProblems: RowProblem[] };

/**
 * A computed run whose schools are written out one at a time when walked, so a writer holds the engine's numbers and
 * one school's lines, never every line object of a national run at once.
 */
export interface AllocationStream {
  summary: RunSummary;
  /** The compact form's `standards` table: every derivation a line uses, sorted (see result-form.ts). */
  standards: PerStudentDerivation[];
  excluded: ExcludedLine[];
  schoolCount: number;
  /** Lines over all schools. */
  lineCount: number;
  /** Each school with its lines, in schoolId order; may be walked more than once. */
  schools(): Generator<SchoolResult>;
  /** Each school's own fields without its lines (what a payment schedule or a listing needs). */
  schoolHeads(): Generator<Omit<SchoolResult, 'lines'>>;
  /** The same schools in the compact form (lines refer to `standards`), made without the expanded lines. */
  compactSchools(): Generator<CompactSchool>;
  /**
   * Each compact school as its JSON text (JSON.stringify's), made straight from the numbers without line objects;
   * `extraMembers` gives JSON members written after a school's own keys (",\"key\":value"), such as its instalments.
   */
  compactSchoolTexts(extraMembers?: (schoolId: string) => string): Generator<string>;
  /** The same texts, each in the parts CompactSchoolJson.parts gives (a writer that keeps the one-byte lines apart). */
  compactSchoolTextParts(extraMembers?: (schoolId: string) => string): Generator<[string, string, string]>;
  /** The compact schools as columns, each line's figures formatted once (a writer that hashes and stores them). */
  compactSchoolColumns(): Generator<CompactSchoolColumns>;
  /**
   * The texts compactSchoolTexts gives, joined by commas, as UTF-8 in pieces of some 64 KB, made straight from the
   * numbers (a national file). A piece is valid until the next is asked for: its buffer is reused.
   */
  compactSchoolBytes(extraMembers?: (schoolId: string) => string): Generator<Uint8Array>;
}

export type AllocationStreamOutcome = { ok: true; stream: AllocationStream } | { ok: false; problems: Problem[]; rowProblems: RowProblem[] };

/** Runs SPEC §3 end to end and writes the §4 result. */
export function allocate(input: AllocateInput | ColumnarAllocateInput): AllocateOutcome {
  const outcome = computeAllocation(input);
  if (!outcome.ok) return outcome;
  return { ok: true, result: allocationResult(outcome.core, input) };
}

/** The §4 result of a computed run (for callers that keep the run's numbers too, such as plans). */
export function allocationResult(core: AllocationCore, input: Pick<AllocateInput, 'ruleSetVersion' | 'enrollmentHash'>): AllocationResult {
  const { summary, schools, excluded } = streamOf(core, input);
  return { summary, schools: [...schools()], excluded };
}

/** Runs SPEC §3 end to end; the §4 result's schools are made as they are walked. */
export function allocationStream(input: AllocateInput | ColumnarAllocateInput): AllocationStreamOutcome {
  const outcome = computeAllocation(input);
  if (!outcome.ok) return outcome;
  return { ok: true, stream: streamOf(outcome.core, input) };
}

function streamOf(core: AllocationCore, input: Pick<AllocateInput, 'ruleSetVersion' | 'enrollmentHash'>): AllocationStream {
  const excluded = excludedLines(core.rowProblems, core.enrollment);
  const head = summaryHead(core, input.ruleSetVersion);
  const summary: RunSummary = {
    engineVersion: head.engineVersion,
    ruleSet: head.ruleSet,
    enrollment: { hash: input.enrollmentHash ?? hashLines(core.lines), lines: core.enrollment.length + countUnparsed(core.rowProblems, core.enrollment) },
    fiscalYear: head.fiscalYear,
    currency: head.currency,
    envelope: head.envelope,
    rounding: head.rounding,
    ...summaryFigures(core),
    counts: {
      schools: core.schools.length,
      eligibleSchools: core.schools.filter((s) => s.eligible).length,
      lines: core.includedLines,
      excludedLines: excluded.length,
      students: formatExact(sumOf(core.schools.map((school) => school.students)), 2),
    },
    warnings: core.warnings,
    ...(core.protection ? { protection: protectionSummary(core.protection, core.scale) } : {}),
  };
  const standards = standardsTable(core.usedStandards);
  return {
    summary,
    standards,
    excluded,
    schoolCount: core.schools.length,
    lineCount: core.includedLines,
    schools: () => schoolResults(core),
    schoolHeads: () => schoolHeads(core),
    compactSchoolColumns: () => compactSchoolColumns(core, new StandardIndex(standards)),
    *compactSchools() {
      for (const school of compactSchoolColumns(core, new StandardIndex(standards))) yield compactSchoolOfColumns(school, standards);
    },
    *compactSchoolTexts(extraMembers) {
      const json = new CompactSchoolJson(standards);
      for (const school of compactSchoolColumns(core, new StandardIndex(standards))) yield json.text(school, extraMembers?.(school.head.schoolId));
    },
    *compactSchoolTextParts(extraMembers) {
      const json = new CompactSchoolJson(standards);
      for (const school of compactSchoolColumns(core, new StandardIndex(standards))) yield json.parts(school, extraMembers?.(school.head.schoolId));
    },
    compactSchoolBytes: (extraMembers) => compactSchoolBytes(core, standards, extraMembers),
  };
}

/** A school's own fields, in SPEC §4's order, before its lines. */
function schoolHead(core: AllocationCore, school: CoreSchool, schoolIndex: number): Omit<SchoolResult, 'lines'> {
  return {
    schoolId: school.id,
    schoolName: school.first.schoolName,
    schoolType: school.first.schoolType,
    ownership: school.first.ownership,
    ...(school.first.city ? { city: school.first.city } : {}),
    eligible: school.eligible,
    ...(school.eligible ? {} : { reason: INELIGIBLE }),
    students: formatExact(school.students, 2),
    entitlement: formatExact(school.entitlement, core.exactScale),
    allocation: formatFixed(school.allocation, core.scale),
    ...(core.protection ? { protection: schoolProtection(core.protection, schoolIndex, school.entitlement, core.scale, core.exactScale) } : {}),
  };
}

/** Each school in the compact form as columns: the engine's numbers formatted once, no object per line. */
function* compactSchoolColumns(core: AllocationCore, index: StandardIndex): Generator<CompactSchoolColumns> {
  const { enrollment, scale, standardIds } = core;
  const { texts } = enrollment;
  const entitlementText = entitlementTexts(core);
  const position = standardPositions(core, index);
  for (const [schoolIndex, school] of core.schools.entries()) {
    const shares = lineShares(core, school);
    const count = school.indexes.length;
    const columns: CompactSchoolColumns = {
      head: schoolHead(core, school, schoolIndex),
      row: new Array<number>(count),
      standard: new Array<number>(count),
      students: new Array<string>(count),
      entitlement: new Array<string>(count),
      allocation: new Array<string>(count),
      ...(school.eligible ? {} : { reason: INELIGIBLE }),
    };
    for (let at = 0; at < count; at++) {
      const lineIndex = school.indexes[at]!;
      columns.row[at] = enrollment.row[lineIndex]!;
      columns.standard[at] = position[standardIds[lineIndex]!]!;
      columns.students[at] = texts[enrollment.students[lineIndex]!]!;
      columns.entitlement[at] = entitlementText(lineIndex);
      columns.allocation[at] = formatFixed(shares[at]!, scale);
    }
    yield columns;
  }
}

/**
 * Where each of the run's standards (by number, core.standardIds) sits in the `standards` table; −1 for one that only
 * lines left out of the run had (--exclude-invalid), which the table does not list.
 */
function standardPositions(core: AllocationCore, index: StandardIndex): Int32Array {
  return Int32Array.from(core.standardList, (standard) => index.find(standard.majorCode, standard.classType) ?? -1);
}

const PIECE_BYTES = 1 << 16;

/** compactSchoolColumns written as CompactSchoolJson writes it, byte by byte, without a text per line. */
function* compactSchoolBytes(core: AllocationCore, table: PerStudentDerivation[], extraMembers?: (schoolId: string) => string): Generator<Uint8Array> {
  const { enrollment, scale, standardIds } = core;
  const { texts } = enrollment;
  const entitlementText = entitlementTexts(core);
  const position = standardPositions(core, new StandardIndex(table));
  const json = new CompactSchoolJson(table);
  // Each standard's two runs of fixed bytes; a line's own parts go between them.
  const studentsBefore = json.studentsBefore.map(utf8);
  const [firstLine, nextLine] = [utf8('{"row":'), utf8(',{"row":')];
  const entitlementBefore = json.entitlementBefore.map(utf8);
  const allocationBefore = utf8(ALLOCATION_BEFORE);
  const eligibleEnd = utf8(CompactSchoolJson.lineEnd(undefined));
  const ineligibleEnd = utf8(CompactSchoolJson.lineEnd(INELIGIBLE));
  const out = new JsonBytes(2 * PIECE_BYTES);
  // A function of its own, not the generator's body: V8 optimises a plain function's hot loop sooner.
  const writeLines = (indexes: readonly number[], allocations: Float64Array | readonly string[], lineEnd: Uint8Array) => {
    for (let at = 0; at < indexes.length; at++) {
      const lineIndex = indexes[at]!;
      const standard = position[standardIds[lineIndex]!]!;
      out.bytes(at ? nextLine : firstLine);
      out.integer(enrollment.row[lineIndex]!);
      out.bytes(studentsBefore[standard]!);
      out.text(texts[enrollment.students[lineIndex]!]!);
      out.bytes(entitlementBefore[standard]!);
      out.text(entitlementText(lineIndex));
      out.bytes(allocationBefore);
      const allocation = allocations[at]!;
      if (typeof allocation === 'number') out.fixed(allocation, scale);
      else out.text(allocation);
      out.bytes(lineEnd);
    }
  };
  for (const [schoolIndex, school] of core.schools.entries()) {
    const shares = lineShares(core, school);
    const head = schoolHead(core, school, schoolIndex);
    if (schoolIndex) out.text(',');
    out.text(CompactSchoolJson.head(head));
    const lineEnd = school.eligible ? eligibleEnd : ineligibleEnd;
    writeLines(school.indexes, allocationUnits(shares, school.allocation, scale), lineEnd);
    out.text(CompactSchoolJson.end(extraMembers?.(head.schoolId)));
    if (out.length >= PIECE_BYTES) yield out.take();
  }
  if (out.length) yield out.take();
}

const MAX_SAFE_UNITS = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * A school's line shares as numbers, which JsonBytes writes without a text each; they are whole units held exactly
 * while the school's allocation is (a share is never larger than the allocation it is part of). Beyond 2^53 units
 * (some 90 trillion yuan at fen) they are written from formatFixed's texts.
 */
function allocationUnits(shares: Units, schoolAllocation: bigint, scale: number): Float64Array | string[] {
  if (shares instanceof Float64Array) return shares;
  if (schoolAllocation <= MAX_SAFE_UNITS && schoolAllocation >= -MAX_SAFE_UNITS) return Float64Array.from(shares, Number);
  return shares.map((share) => formatFixed(share, scale));
}

function* schoolHeads(core: AllocationCore): Generator<Omit<SchoolResult, 'lines'>> {
  for (const [schoolIndex, school] of core.schools.entries()) yield schoolHead(core, school, schoolIndex);
}

function* schoolResults(core: AllocationCore): Generator<SchoolResult> {
  const { enrollment, scale, standards } = core;
  const { texts } = enrollment;
  const entitlementText = entitlementTexts(core);
  for (const [schoolIndex, school] of core.schools.entries()) {
    const shares = lineShares(core, school);
    yield {
      ...schoolHead(core, school, schoolIndex),
      lines: school.indexes.map(
        (index, position) =>
          new SharedDerivationLine(
            standards[index]!,
            enrollment.row[index]!,
            texts[enrollment.students[index]!]!,
            entitlementText(index),
            formatFixed(shares[position]!, scale),
            school.eligible ? undefined : INELIGIBLE,
          ),
      ),
    };
  }
}

/** The rule set, year and envelope a run was made under. */
export function summaryHead(core: AllocationCore, ruleSetVersion: number | undefined): Pick<RunSummary, 'engineVersion' | 'ruleSet' | 'fiscalYear' | 'currency' | 'envelope' | 'rounding'> {
  const { rules, envelope, scale } = core;
  return {
    engineVersion: ENGINE_VERSION,
    ruleSet: {
      id: rules.id,
      name: rules.name,
      ...(ruleSetVersion !== undefined ? { version: ruleSetVersion } : {}),
      hash: sha256(canonicalJson(rules)),
      ...(rules.source ? { source: rules.source } : {}),
    },
    fiscalYear: rules.fiscalYear,
    currency: rules.currency,
    envelope: { policy: envelope.policy, ...(envelope.budget !== undefined ? { budget: new Decimal(envelope.budget).toFixed(scale) } : {}) },
    rounding: { ...rules.rounding },
  };
}

/** The run's totals, and ΣA / ΣE to 12 decimals. */
export function summaryFigures(core: AllocationCore): Pick<RunSummary, 'scaleFactor' | 'totalEntitlement' | 'totalAllocation'> {
  const { totalEntitlement, totalAllocation, scale, exactScale } = core;
  return {
    scaleFactor: totalEntitlement === 0n ? null : scaleFactor(totalAllocation, scale, totalEntitlement, exactScale),
    totalEntitlement: formatExact(totalEntitlement, exactScale),
    totalAllocation: formatFixed(totalAllocation, scale),
  };
}

/** The run's excluded lines, one per row with every problem of it; only the rows with a problem are made into lines. */
export function excludedLines(problems: RowProblem[], enrollment: EnrollmentColumns): ExcludedLine[] {
  if (problems.length === 0) return [];
  const byRow = linesAtRows(enrollment, new Set(problems.map((problem) => problem.row)));
  const merged = new Map<number, ExcludedLine>();
  for (const problem of sortByRow(problems)) {
    const existing = merged.get(problem.row);
    const message = problem.params ? { code: problem.code, params: problem.params } : { code: problem.code };
    if (existing) {
      existing.problems.push(message);
      continue;
    }
    const line = byRow.get(problem.row);
    merged.set(problem.row, {
      row: problem.row,
      reason: problem.reason,
      problems: [message],
      ...(line ? { schoolId: line.schoolId, majorCode: line.majorCode, classType: line.classType } : {}),
    });
  }
  return [...merged.values()];
}

/** Rows that never became lines (the reader rejected them) still count as input lines. */
function countUnparsed(problems: RowProblem[], enrollment: EnrollmentColumns): number {
  if (problems.length === 0) return 0;
  const parsedRows = new Set(enrollment.row);
  return new Set(problems.filter((p) => p.row > 0 && !parsedRows.has(p.row) && p.reason !== 'missing_column').map((p) => p.row)).size;
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
