import { Decimal } from './decimal';
import type { MessageParams } from './problems';
import {
  CLASS_TYPE_SPELLINGS,
  CLASS_TYPES,
  OWNERSHIP_SPELLINGS,
  OWNERSHIPS,
  SCHOOL_TYPE_SPELLINGS,
  SCHOOL_TYPES,
  type ClassType,
  type EnrollmentField as Field,
  type Ownership,
  type SchoolType,
} from './labels';


/** One enrolment line after normalisation (SPEC §2). `row` is the row number the user sees in the file. */
export interface EnrollmentLine {
  row: number;
  schoolId: string;
  schoolName: string;
  schoolType: SchoolType;
  ownership: Ownership;
  /** Optional extension column (地市), used by the console to filter; not part of the calculation. */
  city?: string;
  majorCode: string;
  classType: ClassType;
  /** Canonical decimal text, ≥ 0, at most 2 decimals. */
  students: string;
}

/** A row as a reader produced it: header text → cell value, before any interpretation. */
export interface RawRecord {
  row: number;
  values: Record<string, unknown>;
}

export type RowReason =
  | 'missing_column'
  | 'missing_value'
  | 'invalid_students'
  | 'unknown_school_type'
  | 'unknown_ownership'
  | 'unknown_class_type'
  | 'inconsistent_school'
  | 'duplicate_line'
  | 'unknown_major'
  /** A school id or major code longer than MAX_CODE_LENGTH: a pasted cell, not a code; it could not be stored as a key. */
  | 'code_too_long'
  /** A school name or city longer than MAX_NAME_LENGTH: it would be repeated in every run and statement. */
  | 'text_too_long'
  | 'class_type_not_allowed'
  /** File-level (row 0): not decodable, corrupt XLSX/JSON, empty, no header. */
  | 'unreadable_file'
  /** File-level (row 0): over the size or row limit. */
  | 'too_large'
  /** A CSV row with fewer cells than the header, or cells beyond it, or an XLSX value in a column with no header. */
  | 'ragged_row'
  /** An XLSX formula cell whose stored result may be stale (never calculated, or the workbook asks to recalculate). */
  | 'stale_formula';

/**
 * One bad row (row 0: the file as a whole). `reason` is the stable category kept in a result's `excluded[]`;
 * `code` and `params` say exactly what is wrong, for the catalogue to render (often `code` is the reason itself).
 */
export interface RowProblem {
  row: number;
  field?: string;
  reason: RowReason;
  code: string;
  params?: MessageParams;
}

export function rowProblem(row: number, reason: RowReason, code: string = reason, params?: MessageParams, field?: string): RowProblem {
  return { row, ...(field ? { field } : {}), reason, code, ...(params ? { params } : {}) };
}

const REQUIRED_FIELDS: Field[] = ['school_id', 'school_name', 'school_type', 'ownership', 'major_code', 'class_type', 'students'];

/** Header spellings accepted for each field, compared after trimming and lower-casing. */
const HEADER_ALIASES: Record<Field, string[]> = {
  school_id: ['school_id', 'schoolid', 'school id', '学校代码', '学校编码'],
  school_name: ['school_name', 'schoolname', 'school name', '学校名称'],
  school_type: ['school_type', 'schooltype', 'school type', '学校类型'],
  ownership: ['ownership', '办学性质'],
  city: ['city', '地市', '所在地市', '城市'],
  major_code: ['major_code', 'majorcode', 'major code', '专业代码'],
  class_type: ['class_type', 'classtype', 'class type', '班级类型'],
  students: ['students', '在校生数', '学生数'],
};

/** Longest school id or major code accepted; codes are short, and a school id becomes part of a DynamoDB key. */
export const MAX_CODE_LENGTH = 64;

/** Longest school name or city accepted (the longest Chinese school names are around 30 characters). */
export const MAX_NAME_LENGTH = 200;

/** Most students a single line may plausibly have; beyond it the value is a typo or corruption. */
export const MAX_STUDENTS_PER_LINE = new Decimal(10_000_000);

function enumLookup<T extends string>(values: readonly T[], spellings: Record<T, string[]>): Map<string, T> {
  const lookup = new Map<string, T>();
  for (const value of values) {
    lookup.set(value, value);
    for (const spelling of spellings[value]) lookup.set(spelling.toLowerCase(), value);
  }
  return lookup;
}
const schoolTypeLookup = enumLookup(SCHOOL_TYPES, SCHOOL_TYPE_SPELLINGS);
const ownershipLookup = enumLookup(OWNERSHIPS, OWNERSHIP_SPELLINGS);
const classTypeLookup = enumLookup(CLASS_TYPES, CLASS_TYPE_SPELLINGS);

/** Whether a file may spell a value of this enumeration so (for the catalogue's check that its names read back). */
export function acceptsSpelling(enumeration: 'schoolType' | 'ownership' | 'classType', text: string): boolean {
  const lookup = enumeration === 'schoolType' ? schoolTypeLookup : enumeration === 'ownership' ? ownershipLookup : classTypeLookup;
  return lookup.has(text.toLowerCase());
}

/** Maps the file's headers to fields; returns the fields whose column is missing. */
export function resolveHeaders(headers: string[]): { columns: Map<Field, string>; missing: Field[] } {
  const columns = new Map<Field, string>();
  for (const header of headers) {
    const normalized = header.replace(/^\uFEFF/, '').trim().toLowerCase();
    for (const [field, aliases] of Object.entries(HEADER_ALIASES) as [Field, string[]][]) {
      if (!columns.has(field) && aliases.includes(normalized)) columns.set(field, header);
    }
  }
  return { columns, missing: REQUIRED_FIELDS.filter((field) => !columns.has(field)) };
}

function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  return String(value).trim();
}

export interface NormalizedEnrollment {
  lines: EnrollmentLine[];
  problems: RowProblem[];
}

/**
 * Takes records one at a time as a reader produces them; `finish` gives the lines and every problem. `add` says
 * false once MAX_ROW_PROBLEMS were found: the reader may stop, the file will be refused whatever follows.
 */
export interface EnrollmentNormalizer {
  add(record: RawRecord): boolean;
  /**
   * A row as its cells by column position (the columns of `enrollmentNormalizer`'s `columns`). The same checks as
   * `add`, without a record object per row; a cell equal to the same column's in the row before is not looked at
   * again, which is most cells of a file that lists a school's lines together. Says false as `add` does.
   */
  addCells(row: number, cells: readonly string[]): boolean;
  finish(): NormalizedEnrollment;
}

/**
 * Most row problems listed for one file. Beyond it the file as a whole is wrong (not an enrolment file, columns
 * shifted, a crafted upload) and is refused at row 0 with the first ones listed; a million rows each missing six
 * values would otherwise hold six million problems, about a gigabyte, before saying so.
 */
export const MAX_ROW_PROBLEMS = 100_000;

/**
 * Interprets raw rows as enrolment lines (SPEC §2): every bad row is reported with its number and
 * reason, a school must agree with itself on name/type/ownership, and a (school, major, class type)
 * may appear once. Rows with problems are left out of `lines`.
 */
export function normalizeEnrollment(records: Iterable<RawRecord>, headers?: string[]): NormalizedEnrollment {
  // Records may be produced as they are read (a national CSV keeps only its lines in memory), so they are walked
  // once; only a caller without headers has them gathered first.
  const rows = headers ? records : [...records];
  const normalizer = enrollmentNormalizer(headers ?? [...new Set((rows as RawRecord[]).flatMap((record) => Object.keys(record.values)))]);
  if (!('add' in normalizer)) return normalizer;
  for (const record of rows) if (!normalizer.add(record)) break;
  return normalizer.finish();
}

/**
 * A normaliser for a file with these headers, or the file's problem when a required column is missing. Readers that
 * scan a file in pieces (XLSX) hand it each record as they make it, so the records never all exist at once.
 * `columns` (the header row's cells by position) is for readers that hand over cells (`addCells`); a header
 * is read from the first column that has it.
 */
export function enrollmentNormalizer(headers: string[], columns: readonly string[] = headers): EnrollmentNormalizer | NormalizedEnrollment {
  const problems: RowProblem[] = [];
  const { columns: headerColumns, missing } = resolveHeaders(headers);
  if (missing.length) {
    return { lines: [], problems: [rowProblem(1, 'missing_column', 'missing_column', { fields: missing, headers: headers.slice(0, 30) })] };
  }
  const headerOf = Object.fromEntries([...REQUIRED_FIELDS, 'city' as const].map((field) => [field, headerColumns.get(field) ?? ''])) as Record<Field, string>;
  const get = (record: RawRecord, field: Field) => cellText(record.values[headerOf[field]]);
  // A national file repeats each school's id, name and city on every line and has a few thousand distinct
  // student counts: each distinct text is checked once and each repeated string kept once.
  const studentsOf = memoize(parseStudents);
  const shared = memoize((text: string) => text);
  const schoolTypeOf = memoize((text: string) => schoolTypeLookup.get(text.toLowerCase()));
  const ownershipOf = memoize((text: string) => ownershipLookup.get(text.toLowerCase()));
  const classTypeOf = memoize((text: string) => classTypeLookup.get(text.toLowerCase()));

  const candidates: EnrollmentLine[] = [];
  // The checks of one row whatever the reader: `fieldText` gives a field's cell as text.
  const addRow = (row: number, fieldText: (field: Field) => string): boolean => {
      if (problems.length >= MAX_ROW_PROBLEMS) return false;
      const rowProblems: RowProblem[] = [];
      const report = (field: Field, reason: RowReason, code: string, params: MessageParams) => rowProblems.push(rowProblem(row, reason, code, params, field));
      const required = (field: Field) => {
        const text = fieldText(field);
        if (!text) report(field, 'missing_value', 'missing_value', { field });
        return text;
      };
      const schoolId = required('school_id');
      const schoolName = required('school_name');
      const majorCode = required('major_code');
      const schoolTypeText = required('school_type');
      const ownershipText = required('ownership');
      const classTypeText = required('class_type');
      const studentsText = required('students');

      const schoolType = schoolTypeOf(schoolTypeText);
      if (schoolTypeText && !schoolType) report('school_type', 'unknown_school_type', 'unknown_school_type', { value: clip(schoolTypeText) });
      const ownership = ownershipOf(ownershipText);
      if (ownershipText && !ownership) report('ownership', 'unknown_ownership', 'unknown_ownership', { value: clip(ownershipText) });
      const classType = classTypeOf(classTypeText);
      if (classTypeText && !classType) report('class_type', 'unknown_class_type', 'unknown_class_type', { value: clip(classTypeText) });
      for (const [field, text] of [['school_id', schoolId], ['major_code', majorCode]] as const) {
        if (text.length > MAX_CODE_LENGTH) report(field, 'code_too_long', 'code_too_long', { field, length: text.length, maximum: MAX_CODE_LENGTH });
      }
      const city = fieldText('city');
      for (const [field, text] of [['school_name', schoolName], ['city', city]] as const) {
        if (text.length > MAX_NAME_LENGTH) report(field, 'text_too_long', 'cell_too_long', { field, length: text.length, max: MAX_NAME_LENGTH });
      }
      const students = studentsText ? studentsOf(studentsText) : undefined;
      if (typeof students === 'object') report('students', 'invalid_students', students.code, students.params);

      if (rowProblems.length) {
        problems.push(...rowProblems);
        return problems.length < MAX_ROW_PROBLEMS;
      }
      candidates.push(candidate(row, schoolId, schoolName, schoolType!, ownership!, city, majorCode, classType!, students as string));
      return true;
  };
  // Two literals rather than a spread: same key order (city after ownership), a fraction of the cost per row.
  const candidate = (row: number, schoolId: string, schoolName: string, schoolType: SchoolType, ownership: Ownership, city: string, majorCode: string, classType: ClassType, students: string): EnrollmentLine =>
    city
      ? { row, schoolId: shared(schoolId), schoolName: shared(schoolName), schoolType, ownership, city: shared(city), majorCode: shared(majorCode), classType, students }
      : { row, schoolId: shared(schoolId), schoolName: shared(schoolName), schoolType, ownership, majorCode: shared(majorCode), classType, students };

  const FIELDS: Field[] = [...REQUIRED_FIELDS, 'city'];
  const firstColumn = new Map<string, number>();
  columns.forEach((header, column) => {
    if (!firstColumn.has(header)) firstColumn.set(header, column);
  });
  const columnOf = Object.fromEntries(FIELDS.map((field) => [field, headerOf[field] ? (firstColumn.get(headerOf[field]) ?? -1) : -1])) as Record<Field, number>;
  const cellOf = (cells: readonly string[], field: Field) => (columnOf[field] < 0 ? undefined : cells[columnOf[field]]);
  const { school_id: idColumn, school_name: nameColumn, school_type: typeColumn, ownership: ownershipColumn, city: cityColumn, major_code: majorColumn, class_type: classColumn, students: studentsColumn } = columnOf;
  // Each distinct cell text's reading, keyed by the text as read (no trimming on the way): undefined when the cell is
  // not the usual clean text (blank, padded, too long, unknown), which addRow then reports. A national file has a few
  // thousand distinct cells, and most cells repeat the one above, which is checked first.
  const readings = <T>(read: (raw: string) => T | undefined) => {
    const known = new Map<string, T | null>();
    return (raw: string): T | undefined => {
      let value = known.get(raw);
      if (value === undefined) known.set(raw, (value = read(raw) ?? null));
      return value ?? undefined;
    };
  };
  const codeOf = readings((raw) => (raw && raw.trim() === raw && raw.length <= MAX_CODE_LENGTH ? shared(raw) : undefined));
  const nameOf = readings((raw) => (raw && raw.trim() === raw && raw.length <= MAX_NAME_LENGTH ? shared(raw) : undefined));
  const cityOf = readings((raw) => (raw.trim() === raw && raw.length <= MAX_NAME_LENGTH ? shared(raw) : undefined));
  const schoolTypeByCell = readings((raw) => schoolTypeOf(raw.trim()));
  const ownershipByCell = readings((raw) => ownershipOf(raw.trim()));
  const classTypeByCell = readings((raw) => classTypeOf(raw.trim()));
  const studentsByCell = readings((raw) => {
    const students = raw.trim() ? studentsOf(raw.trim()) : undefined;
    return typeof students === 'string' ? students : undefined;
  });
  let idCell: string | undefined, schoolId: string | undefined;
  let nameCell: string | undefined, schoolName: string | undefined;
  let typeCell: string | undefined, schoolType: SchoolType | undefined;
  let ownershipCell: string | undefined, ownership: Ownership | undefined;
  let cityCell: string | undefined, city: string | undefined = '';
  let majorCell: string | undefined, majorCode: string | undefined;
  let classCell: string | undefined, classType: ClassType | undefined;
  let studentsCell: string | undefined, students: string | undefined;

  return {
    add: (record) => addRow(record.row, (field) => get(record, field)),
    addCells(row, cells) {
      const id = cells[idColumn] ?? '';
      if (id !== idCell) schoolId = codeOf((idCell = id));
      const name = cells[nameColumn] ?? '';
      if (name !== nameCell) schoolName = nameOf((nameCell = name));
      const type = cells[typeColumn] ?? '';
      if (type !== typeCell) schoolType = schoolTypeByCell((typeCell = type));
      const owner = cells[ownershipColumn] ?? '';
      if (owner !== ownershipCell) ownership = ownershipByCell((ownershipCell = owner));
      if (cityColumn >= 0) {
        const place = cells[cityColumn] ?? '';
        if (place !== cityCell) city = cityOf((cityCell = place));
      }
      const major = cells[majorColumn] ?? '';
      if (major !== majorCell) majorCode = codeOf((majorCell = major));
      const kind = cells[classColumn] ?? '';
      if (kind !== classCell) classType = classTypeByCell((classCell = kind));
      const count = cells[studentsColumn] ?? '';
      if (count !== studentsCell) students = studentsByCell((studentsCell = count));
      if (schoolId && schoolName && schoolType && ownership && city !== undefined && majorCode && classType && students) {
        candidates.push(
          city
            ? { row, schoolId, schoolName, schoolType, ownership, city, majorCode, classType, students }
            : { row, schoolId, schoolName, schoolType, ownership, majorCode, classType, students },
        );
        return problems.length < MAX_ROW_PROBLEMS;
      }
      return addRow(row, (field) => cellText(cellOf(cells, field)));
    },
    finish() {
      const lines = dropInconsistentAndDuplicate(candidates, problems);
      problems.sort((a, b) => a.row - b.row);
      if (problems.length < MAX_ROW_PROBLEMS) return { lines, problems };
      const refusal = rowProblem(0, 'too_large', 'too_many_row_problems', { maximum: MAX_ROW_PROBLEMS });
      return { lines: [], problems: [refusal, ...problems.slice(0, MAX_ROW_PROBLEMS)] };
    },
  };
}

function memoize<T>(compute: (text: string) => T): (text: string) => T {
  const cache = new Map<string, T>();
  return (text) => {
    let value = cache.get(text);
    if (value === undefined && !cache.has(text)) cache.set(text, (value = compute(text)));
    return value as T;
  };
}

function parseStudents(text: string): string | { code: string; params: MessageParams } {
  if (!/^\d+(\.\d+)?$/.test(text)) {
    const negative = /^-\d+(\.\d+)?$/.test(text);
    return { code: negative ? 'students_negative' : 'students_not_a_number', params: { value: clip(text) } };
  }
  const value = new Decimal(text);
  if (value.decimalPlaces() > 2) return { code: 'students_too_precise', params: { value: text } };
  if (value.greaterThan(MAX_STUDENTS_PER_LINE)) return { code: 'students_implausible', params: { value: text, maximum: MAX_STUDENTS_PER_LINE.toFixed() } };
  return value.toFixed();
}

/** A cell's text as a message quotes it: a pasted paragraph is cut, so an error list stays readable. */
function clip(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

const SCHOOL_FIELDS = { schoolName: 'school_name', schoolType: 'school_type', ownership: 'ownership' } as const satisfies Record<string, Field>;

const CLASS_BIT = new Map(CLASS_TYPES.map((type, index) => [type, 1 << index]));

function dropInconsistentAndDuplicate(candidates: EnrollmentLine[], problems: RowProblem[]): EnrollmentLine[] {
  const firstOfSchool = new Map<string, EnrollmentLine>();
  // school → major → the class types seen, one bit each: no key string and no map per (school, major) per line.
  const seenClasses = new Map<string, Map<string, number>>();
  // The row a line repeats, for the message; made only when a file has a duplicate.
  let rowOf: Map<string, number> | undefined;
  const key = (line: EnrollmentLine) => `${line.schoolId}\u0000${line.majorCode}\u0000${line.classType}`;
  // Kept lines are written over the candidates as they are checked: a second array of millions of lines is not made.
  const kept = candidates;
  let keptCount = 0;
  // Files list a school's lines together: the school of the line before is looked up once, not per line.
  let school: { first: EnrollmentLine; seen: Map<string, number> } | undefined;
  for (const line of candidates) {
    const bit = CLASS_BIT.get(line.classType)!;
    let first: EnrollmentLine | undefined;
    let ofSchool: Map<string, number> | undefined;
    if (school && school.first.schoolId === line.schoolId) {
      first = school.first;
      ofSchool = school.seen;
    } else {
      first = firstOfSchool.get(line.schoolId);
      if (!first) firstOfSchool.set(line.schoolId, (first = line));
      ofSchool = seenClasses.get(line.schoolId);
      if (!ofSchool) seenClasses.set(line.schoolId, (ofSchool = new Map()));
      school = { first, seen: ofSchool };
    }
    if (first.schoolName !== line.schoolName || first.schoolType !== line.schoolType || first.ownership !== line.ownership) {
      const disagreements = (['schoolName', 'schoolType', 'ownership'] as const).filter((key) => first[key] !== line[key]);
      const fields = disagreements.map((key) => SCHOOL_FIELDS[key]);
      problems.push(rowProblem(line.row, 'inconsistent_school', 'inconsistent_school', { schoolId: line.schoolId, fields, firstRow: first.row }, 'school_id'));
      continue;
    }
    const classes = ofSchool.get(line.majorCode) ?? 0;
    if (classes & bit) {
      rowOf ??= new Map(kept.slice(0, keptCount).map((earlier) => [key(earlier), earlier.row]));
      problems.push(rowProblem(line.row, 'duplicate_line', 'duplicate_line', { schoolId: line.schoolId, majorCode: line.majorCode, classType: line.classType, firstRow: rowOf.get(key(line))! }));
      continue;
    }
    ofSchool.set(line.majorCode, classes | bit);
    rowOf?.set(key(line), line.row);
    kept[keptCount++] = line;
  }
  kept.length = keptCount;
  return kept;
}
