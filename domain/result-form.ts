import { compareCodePoints } from './fixed';
import { CLASS_TYPES, type ClassType } from './labels';
import { SharedDerivationLine } from './line-result';
import type { AllocationResult, LineResult, PerStudentDerivation, SchoolResult } from './result';

/**
 * The compact result form (SPEC §4, last paragraph): a line's derivation — base standard, band, each uplift with its
 * name and source, ρ, F — is written once per (major, class type) in a top-level `standards` table, and each line
 * refers to its entry by position (`"standard": 17`). Every key §4 fixes stays on the line. A national result's
 * lines share a few hundred derivations, which were 65 % of the expanded form's bytes (citations repeated on
 * every line); the expanded form (`expandResult`) carries the same information.
 */

/** A line of the compact form: its own figures, the keys §4 fixes, and the position of its derivation. */
export interface CompactLine {
  row: number;
  /** Position of this line's derivation in the result's `standards`. */
  standard: number;
  majorCode: string;
  classType: ClassType;
  students: string;
  perStudent: string;
  entitlement: string;
  allocation: string;
  reason?: string;
}

export type CompactSchool = Omit<SchoolResult, 'lines'> & { lines: CompactLine[] };

/**
 * A compact school with its lines as columns (line i is the i-th entry of each): made once per school by a run that
 * both hashes its result's JSON text and stores it, without an object per line. A line's major, class type and
 * per-student amount are those of the `standards` entry it names.
 */
export interface CompactSchoolColumns {
  head: Omit<SchoolResult, 'lines'>;
  row: number[];
  standard: number[];
  students: string[];
  entitlement: string[];
  allocation: string[];
  /** The reason every line carries (an ineligible school's); lines of an eligible school carry none. */
  reason?: string;
}

/**
 * Compact schools in columns as JSON.stringify writes the compact school (`CompactSchool`), a national run's lines
 * without an object each: what a line takes from its standard is written once per standard. Students, entitlements
 * and allocations are canonical decimal texts (digits, point, minus), which JSON quotes as they are.
 */
export class CompactSchoolJson {
  /** What a line of each standard has between its row and its students, and between its students and entitlement. */
  readonly studentsBefore: string[];
  readonly entitlementBefore: string[];

  constructor(standards: readonly Pick<PerStudentDerivation, 'majorCode' | 'classType' | 'perStudent'>[]) {
    this.studentsBefore = standards.map((entry, position) => `,"standard":${position},"majorCode":${JSON.stringify(entry.majorCode)},"classType":${JSON.stringify(entry.classType)},"students":"`);
    this.entitlementBefore = standards.map((entry) => `","perStudent":${JSON.stringify(entry.perStudent)},"entitlement":"`);
  }

  /** `extraMembers`: JSON members written after the school's own keys (",\"key\":value"), such as its instalments. */
  text(school: CompactSchoolColumns, extraMembers = ''): string {
    return this.parts(school, extraMembers).join('');
  }

  /**
   * The same text in three parts: the school's own keys, its lines, and what closes it. A school's head has Chinese
   * in it; kept apart, its lines (most of the bytes) stay a one-byte string, which is half the memory and written
   * out as UTF-8 without a conversion.
   */
  parts(school: CompactSchoolColumns, extraMembers = ''): [head: string, lines: string, end: string] {
    const { row, standard, students, entitlement, allocation } = school;
    const end = CompactSchoolJson.lineEnd(school.reason);
    let text = '';
    for (let i = 0; i < row.length; i++) {
      text += `${i ? ',' : ''}{"row":${row[i]}${this.studentsBefore[standard[i]!]}${students[i]}${this.entitlementBefore[standard[i]!]}${entitlement[i]}${ALLOCATION_BEFORE}${allocation[i]}${end}`;
    }
    return [CompactSchoolJson.head(school.head), text, CompactSchoolJson.end(extraMembers)];
  }

  /** A school's own keys, up to where its lines begin. */
  static head(head: Omit<SchoolResult, 'lines'>): string {
    return `${JSON.stringify(head).slice(0, -1)},"lines":[`;
  }

  /** What closes a line after its allocation's digits: the ineligible school's reason on every line. */
  static lineEnd(reason: string | undefined): string {
    return reason === undefined ? '"}' : `","reason":${JSON.stringify(reason)}}`;
  }

  /** What closes a school after its lines. */
  static end(extraMembers = ''): string {
    return `]${extraMembers}}`;
  }
}

/** What a line has between its entitlement's digits and its allocation's. */
export const ALLOCATION_BEFORE = '","allocation":"';

/** The school with a line object per line (what an indented file or a test compares). */
export function compactSchoolOfColumns(school: CompactSchoolColumns, standards: readonly PerStudentDerivation[]): CompactSchool {
  const { head, row, standard, students, entitlement, allocation, reason } = school;
  return {
    ...head,
    lines: row.map((lineRow, i): CompactLine => {
      const entry = standards[standard[i]!]!;
      const line: CompactLine = {
        row: lineRow,
        standard: standard[i]!,
        majorCode: entry.majorCode,
        classType: entry.classType,
        students: students[i]!,
        perStudent: entry.perStudent,
        entitlement: entitlement[i]!,
        allocation: allocation[i]!,
      };
      if (reason !== undefined) line.reason = reason;
      return line;
    }),
  };
}

export interface CompactResult extends Omit<AllocationResult, 'schools'> {
  /** One entry per distinct (major, class type), sorted by major code (code points) and class type (SPEC order). */
  standards: PerStudentDerivation[];
  schools: CompactSchool[];
}

/** Keys of a derivation in the order the expanded line has them, so both forms read alike. */
const DERIVATION_KEYS = [
  'majorCode', 'majorName', 'categoryCode', 'categoryName', 'tier', 'tierName', 'baseFrom', 'classType', 'band', 'bandFrom', 'bandFactor',
  'baseStandard', 'bandedStandard', 'uplifts', 'upliftRate', 'upliftRateUncapped', 'upliftAmount', 'perStudent', 'upliftCombine', 'sources',
] as const satisfies readonly (keyof PerStudentDerivation)[];

/** The derivation alone, as a plain object (an engine standard also carries its exact amount, which is not output). */
export function plainDerivation(derivation: PerStudentDerivation): PerStudentDerivation {
  const plain: Record<string, unknown> = {};
  for (const key of DERIVATION_KEYS) if (derivation[key] !== undefined) plain[key] = derivation[key];
  return plain as unknown as PerStudentDerivation;
}

const classOrder = new Map<string, number>(CLASS_TYPES.map((type, index) => [type, index]));

/**
 * The `standards` table of these derivations (or lines): one plain entry per distinct (major, class type), sorted, so
 * the table — and every line's `standard` — does not depend on the order of schools or lines in the input.
 */
export function standardsTable(derivations: Iterable<PerStudentDerivation>): PerStudentDerivation[] {
  const byKey = new Map<string, Map<string, PerStudentDerivation>>();
  for (const derivation of derivations) {
    let byClass = byKey.get(derivation.majorCode);
    if (!byClass) byKey.set(derivation.majorCode, (byClass = new Map()));
    if (!byClass.has(derivation.classType)) byClass.set(derivation.classType, derivation);
  }
  return [...byKey.keys()]
    .sort(compareCodePoints)
    .flatMap((major) => [...byKey.get(major)!.values()].sort((a, b) => classOrder.get(a.classType)! - classOrder.get(b.classType)!))
    .map(plainDerivation);
}

/** Where each (major, class type) sits in a `standards` table. */
export class StandardIndex {
  private readonly positions = new Map<string, Map<string, number>>();

  constructor(readonly table: readonly PerStudentDerivation[]) {
    table.forEach((entry, position) => {
      let byClass = this.positions.get(entry.majorCode);
      if (!byClass) this.positions.set(entry.majorCode, (byClass = new Map()));
      byClass.set(entry.classType, position);
    });
  }

  of(majorCode: string, classType: string): number {
    const position = this.find(majorCode, classType);
    if (position === undefined) throw new Error(`the standards table has no entry for major ${majorCode}, ${classType}`);
    return position;
  }

  find(majorCode: string, classType: string): number | undefined {
    return this.positions.get(majorCode)?.get(classType);
  }
}

export function compactLine(line: LineResult, standard: number): CompactLine {
  const compact: CompactLine = {
    row: line.row,
    standard,
    majorCode: line.majorCode,
    classType: line.classType,
    students: line.students,
    perStudent: line.perStudent,
    entitlement: line.entitlement,
    allocation: line.allocation,
  };
  if (line.reason !== undefined) compact.reason = line.reason;
  return compact;
}

/** The school with compact lines; every other field (and any a later version adds) as it was, lines last. */
export function compactSchool(school: SchoolResult, index: StandardIndex): CompactSchool {
  const { lines, ...rest } = school;
  return { ...rest, lines: lines.map((line) => compactLine(line, index.of(line.majorCode, line.classType))) };
}

export function compactResult(result: AllocationResult): CompactResult {
  const standards = standardsTable(result.schools.flatMap((school) => school.lines));
  const index = new StandardIndex(standards);
  return { summary: result.summary, standards, schools: result.schools.map((school) => compactSchool(school, index)), excluded: result.excluded };
}

/**
 * The school with every line's derivation written out again. A line whose fixed keys disagree with the entry it
 * names is refused: a table and lines that do not belong together must not silently become someone's statement.
 */
export function expandSchool(school: CompactSchool, standards: readonly PerStudentDerivation[]): SchoolResult {
  // Spread whole so every key keeps its place (instalments after lines, as the expanded writer puts them).
  return {
    ...school,
    lines: school.lines.map((line) => {
      const derivation = standards[line.standard];
      if (!derivation || derivation.majorCode !== line.majorCode || derivation.classType !== line.classType || derivation.perStudent !== line.perStudent) {
        throw new Error(`row ${line.row} of school ${school.schoolId} names standard ${line.standard}, which is not its (major, class type, per-student amount)`);
      }
      return new SharedDerivationLine(derivation, line.row, line.students, line.entitlement, line.allocation, line.reason);
    }),
  };
}

export function expandResult(result: CompactResult): AllocationResult {
  return { summary: result.summary, schools: result.schools.map((school) => expandSchool(school, result.standards)), excluded: result.excluded };
}

/** One school in the compact form with a table of just the derivations its lines use (a statement's own table). */
export function schoolWithItsStandards(school: SchoolResult): { school: CompactSchool; standards: PerStudentDerivation[] } {
  const standards = standardsTable(school.lines);
  return { school: compactSchool(school, new StandardIndex(standards)), standards };
}

/** Whether a result (parsed JSON, e.g. a `--baseline` file) is in the compact form. */
export function isCompactResult(result: AllocationResult | CompactResult): result is CompactResult {
  return Array.isArray((result as CompactResult).standards);
}
