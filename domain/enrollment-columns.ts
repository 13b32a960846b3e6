import { CLASS_TYPES, OWNERSHIPS, SCHOOL_TYPES, type ClassType, type Ownership, type SchoolType } from './labels';
import type { EnrollmentLine } from './enrollment';

/**
 * Normalised enrolment lines (SPEC §2) held as columns: each line's texts as ids into one dictionary of distinct
 * texts, its enumerations as their index in labels.ts, its row as a number. A national file has 361k lines but a few
 * thousand distinct texts, so the lines are a dozen typed arrays instead of 361k objects for the garbage collector to
 * copy and trace (a third of the CLI's allocate time went to them). Line i is what `lineAt(columns, i)` gives.
 */
export interface EnrollmentColumns {
  readonly length: number;
  /** The row number the user sees in the file. */
  readonly row: Int32Array;
  /** Ids into `texts`. */
  readonly schoolId: Int32Array;
  readonly schoolName: Int32Array;
  /** The id of '' when the line has no city. */
  readonly city: Int32Array;
  readonly majorCode: Int32Array;
  /** Canonical decimal text, as EnrollmentLine.students. */
  readonly students: Int32Array;
  /** Index in SCHOOL_TYPES, OWNERSHIPS and CLASS_TYPES. */
  readonly schoolType: Uint8Array;
  readonly ownership: Uint8Array;
  readonly classType: Uint8Array;
  /** Every distinct text the id columns refer to; each text appears once. */
  readonly texts: readonly string[];
}

export const SCHOOL_TYPE_INDEX = new Map<SchoolType, number>(SCHOOL_TYPES.map((value, index) => [value, index]));
export const OWNERSHIP_INDEX = new Map<Ownership, number>(OWNERSHIPS.map((value, index) => [value, index]));
export const CLASS_TYPE_INDEX = new Map<ClassType, number>(CLASS_TYPES.map((value, index) => [value, index]));

/** Line `index` as the object form; the keys in the order every reader has always given them (city only when set). */
export function lineAt(columns: EnrollmentColumns, index: number): EnrollmentLine {
  const { texts } = columns;
  const city = texts[columns.city[index]!]!;
  const row = columns.row[index]!;
  const schoolId = texts[columns.schoolId[index]!]!;
  const schoolName = texts[columns.schoolName[index]!]!;
  const schoolType = SCHOOL_TYPES[columns.schoolType[index]!]!;
  const ownership = OWNERSHIPS[columns.ownership[index]!]!;
  const majorCode = texts[columns.majorCode[index]!]!;
  const classType = CLASS_TYPES[columns.classType[index]!]!;
  const students = texts[columns.students[index]!]!;
  return city
    ? { row, schoolId, schoolName, schoolType, ownership, city, majorCode, classType, students }
    : { row, schoolId, schoolName, schoolType, ownership, majorCode, classType, students };
}

/** The adapter for callers that take lines as objects. */
export function linesOf(columns: EnrollmentColumns): EnrollmentLine[] {
  const lines = new Array<EnrollmentLine>(columns.length);
  for (let index = 0; index < columns.length; index++) lines[index] = lineAt(columns, index);
  return lines;
}

const sharedLines = new WeakMap<EnrollmentColumns, EnrollmentLine[]>();

/**
 * linesOf, made once per columns and shared by whoever asks next (the two runs of a simulation on the same enrolment,
 * each an AllocationCore whose `lines` are asked for): the array is shared, so no caller may change it.
 */
export function sharedLinesOf(columns: EnrollmentColumns): EnrollmentLine[] {
  let lines = sharedLines.get(columns);
  if (!lines) sharedLines.set(columns, (lines = linesOf(columns)));
  return lines;
}

/** The lines at the given rows as objects, by row: a run excludes a handful of its 361k lines, usually none. */
export function linesAtRows(columns: EnrollmentColumns, rows: ReadonlySet<number>): Map<number, EnrollmentLine> {
  const byRow = new Map<number, EnrollmentLine>();
  if (rows.size === 0) return byRow;
  const { row } = columns;
  for (let index = 0; index < columns.length; index++) if (rows.has(row[index]!)) byRow.set(row[index]!, lineAt(columns, index));
  return byRow;
}

/**
 * Lines as columns (callers that hold objects, such as compare, plans and the tests, into the engine's form). Files list
 * a school's lines together and repeat its id, name, type, ownership and city on each, usually as the very same
 * strings: each field is looked up only when it differs from the line before's, and the columns are written in place
 * at their final size (it runs on every `allocate` given objects: for 361k lines ~25 ms, ~33 ms before at best).
 */
export function columnsOf(lines: readonly EnrollmentLine[]): EnrollmentColumns {
  const count = lines.length;
  const builder = new EnrollmentColumnsBuilder(count);
  const { row, schoolId: schoolIds, schoolName: schoolNames, city: cities, majorCode: majorCodes, students: studentCounts, schoolType: schoolTypes, ownership: ownerships, classType: classTypes } = builder;
  let schoolId: string | undefined, schoolIdId = 0;
  let schoolName: string | undefined, schoolNameId = 0;
  let city: string | undefined, cityId = 0;
  let majorCode: string | undefined, majorCodeId = 0;
  let schoolType: SchoolType | undefined, schoolTypeIndex = 0;
  let ownership: Ownership | undefined, ownershipIndex = 0;
  let classType: ClassType | undefined, classTypeIndex = 0;
  let students: string | undefined, studentsId = 0;
  for (let index = 0; index < count; index++) {
    const line = lines[index]!;
    if (line.schoolId !== schoolId) schoolIdId = builder.id((schoolId = line.schoolId));
    if (line.schoolName !== schoolName) schoolNameId = builder.id((schoolName = line.schoolName));
    if ((line.city ?? '') !== city) cityId = builder.id((city = line.city ?? ''));
    if (line.majorCode !== majorCode) majorCodeId = builder.id((majorCode = line.majorCode));
    if (line.schoolType !== schoolType) schoolTypeIndex = SCHOOL_TYPE_INDEX.get((schoolType = line.schoolType))!;
    if (line.ownership !== ownership) ownershipIndex = OWNERSHIP_INDEX.get((ownership = line.ownership))!;
    if (line.classType !== classType) classTypeIndex = CLASS_TYPE_INDEX.get((classType = line.classType))!;
    if (line.students !== students) studentsId = builder.id((students = line.students));
    row[index] = line.row;
    schoolIds[index] = schoolIdId;
    schoolNames[index] = schoolNameId;
    cities[index] = cityId;
    majorCodes[index] = majorCodeId;
    studentCounts[index] = studentsId;
    schoolTypes[index] = schoolTypeIndex;
    ownerships[index] = ownershipIndex;
    classTypes[index] = classTypeIndex;
  }
  return builder.finish(count);
}

/** Columns filled a line at a time, growing as needed; texts are given ids by `id`. */
export class EnrollmentColumnsBuilder {
  private capacity: number;
  length = 0;
  row: Int32Array;
  schoolId: Int32Array;
  schoolName: Int32Array;
  city: Int32Array;
  majorCode: Int32Array;
  students: Int32Array;
  schoolType: Uint8Array;
  ownership: Uint8Array;
  classType: Uint8Array;
  readonly texts: string[] = [];
  private readonly ids = new Map<string, number>();

  constructor(capacity = 1024) {
    this.capacity = Math.max(16, capacity);
    this.row = new Int32Array(this.capacity);
    this.schoolId = new Int32Array(this.capacity);
    this.schoolName = new Int32Array(this.capacity);
    this.city = new Int32Array(this.capacity);
    this.majorCode = new Int32Array(this.capacity);
    this.students = new Int32Array(this.capacity);
    this.schoolType = new Uint8Array(this.capacity);
    this.ownership = new Uint8Array(this.capacity);
    this.classType = new Uint8Array(this.capacity);
  }

  /** The text's id, given on first sight. */
  id(text: string): number {
    let id = this.ids.get(text);
    if (id === undefined) {
      this.ids.set(text, (id = this.texts.length));
      this.texts.push(text);
    }
    return id;
  }

  push(row: number, schoolId: number, schoolName: number, schoolType: number, ownership: number, city: number, majorCode: number, classType: number, students: number): void {
    if (this.length === this.capacity) this.grow();
    const at = this.length++;
    this.row[at] = row;
    this.schoolId[at] = schoolId;
    this.schoolName[at] = schoolName;
    this.schoolType[at] = schoolType;
    this.ownership[at] = ownership;
    this.city[at] = city;
    this.majorCode[at] = majorCode;
    this.classType[at] = classType;
    this.students[at] = students;
  }

  /** Keeps line `from` at position `to` (to ≤ from): how lines that fail a later check are dropped in place. */
  move(from: number, to: number): void {
    this.row[to] = this.row[from]!;
    this.schoolId[to] = this.schoolId[from]!;
    this.schoolName[to] = this.schoolName[from]!;
    this.schoolType[to] = this.schoolType[from]!;
    this.ownership[to] = this.ownership[from]!;
    this.city[to] = this.city[from]!;
    this.majorCode[to] = this.majorCode[from]!;
    this.classType[to] = this.classType[from]!;
    this.students[to] = this.students[from]!;
  }

  finish(length = this.length): EnrollmentColumns {
    this.id('');
    return {
      length,
      row: this.row.subarray(0, length),
      schoolId: this.schoolId.subarray(0, length),
      schoolName: this.schoolName.subarray(0, length),
      city: this.city.subarray(0, length),
      majorCode: this.majorCode.subarray(0, length),
      students: this.students.subarray(0, length),
      schoolType: this.schoolType.subarray(0, length),
      ownership: this.ownership.subarray(0, length),
      classType: this.classType.subarray(0, length),
      texts: this.texts,
    };
  }

  private grow(): void {
    this.capacity *= 2;
    const int = (old: Int32Array) => {
      const bigger = new Int32Array(this.capacity);
      bigger.set(old);
      return bigger;
    };
    const byte = (old: Uint8Array) => {
      const bigger = new Uint8Array(this.capacity);
      bigger.set(old);
      return bigger;
    };
    this.row = int(this.row);
    this.schoolId = int(this.schoolId);
    this.schoolName = int(this.schoolName);
    this.city = int(this.city);
    this.majorCode = int(this.majorCode);
    this.students = int(this.students);
    this.schoolType = byte(this.schoolType);
    this.ownership = byte(this.ownership);
    this.classType = byte(this.classType);
  }
}

export const SCHOOL_TYPES_COUNT = SCHOOL_TYPES.length;
export const CLASS_TYPES_COUNT = CLASS_TYPES.length;
