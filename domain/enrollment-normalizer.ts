import { CLASS_TYPE_INDEX, EnrollmentColumnsBuilder, linesOf, OWNERSHIP_INDEX, SCHOOL_TYPE_INDEX, type EnrollmentColumns } from './enrollment-columns';
import {
  cellText,
  classTypeLookup,
  clip,
  MAX_CODE_LENGTH,
  MAX_NAME_LENGTH,
  memoize,
  ownershipLookup,
  parseStudents,
  REQUIRED_FIELDS,
  resolveHeaders,
  rowProblem,
  schoolTypeLookup,
  type EnrollmentLine,
  type RawRecord,
  type RowProblem,
  type RowReason,
} from './enrollment';
import { CLASS_TYPES, type EnrollmentField as Field } from './labels';
import type { MessageParams } from './problems';

export interface NormalizedEnrollment {
  lines: EnrollmentLine[];
  problems: RowProblem[];
}

/** The same as NormalizedEnrollment, the lines held as columns (domain/enrollment-columns.ts). */
export interface NormalizedColumns {
  columns: EnrollmentColumns;
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
  /** As `finish`, without making a line object per line (what the engine reads). */
  finishColumns(): NormalizedColumns;
  /** What a reader that tells a row's cells apart by their bytes needs to skip `addCells` for clean rows. */
  readonly clean: CleanCells;
}

/** The fields in the order `addCells` reads a row's cells (the order each distinct text gets its dictionary id). */
export const CELL_ORDER = ['school_id', 'school_name', 'school_type', 'ownership', 'city', 'major_code', 'class_type', 'students'] as const satisfies readonly Field[];

/**
 * `addCells` in parts, for a reader that recognises repeated cells from their bytes (formats/csv-clean-rows.ts) and so
 * makes no string per cell: a row whose every cell reads clean is pushed as `addCells` would push it; any other row goes
 * to `addCells` for its checks and problems.
 */
export interface CleanCells {
  /** Each field's column position in the cells `addCells` takes (CELL_ORDER order); −1: the file has no city column. */
  readonly columns: readonly number[];
  /**
   * A cell text's reading as `addCells` makes it, by field (CELL_ORDER order): a dictionary id or an enumeration's
   * index; undefined when the text is not the usual clean text (blank, padded, too long, unknown, not a count), which
   * only `addCells` reports. Call them in CELL_ORDER within a row, as `addCells` does, so that ids are given in the
   * same order.
   */
  readonly read: readonly ((text: string) => number | undefined)[];
  /** The city's reading when the file has no city column. */
  readonly noCity: number;
  /** Pushes a row whose every reading is defined (CELL_ORDER order); says false as `addCells` does. */
  push(row: number, readings: Int32Array): boolean;
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
 * is read from the first column that has it. `expectedLines` sizes the columns (they grow beyond it if need be).
 */
export function enrollmentNormalizer(headers: string[], columns: readonly string[] = headers, options: { expectedLines?: number } = {}): EnrollmentNormalizer | NormalizedEnrollment {
  const problems: RowProblem[] = [];
  const { columns: headerColumns, missing } = resolveHeaders(headers);
  if (missing.length) {
    return { lines: [], problems: [rowProblem(1, 'missing_column', 'missing_column', { fields: missing, headers: headers.slice(0, 30) })] };
  }
  const headerOf = Object.fromEntries([...REQUIRED_FIELDS, 'city' as const].map((field) => [field, headerColumns.get(field) ?? ''])) as Record<Field, string>;
  const get = (record: RawRecord, field: Field) => cellText(record.values[headerOf[field]]);
  // A national file repeats each school's id, name and city on every line and has a few thousand distinct
  // student counts: each distinct text is checked once and kept once, as an id in the columns' dictionary.
  const studentsOf = memoize(parseStudents);
  const schoolTypeOf = memoize((text: string) => schoolTypeLookup.get(text.toLowerCase()));
  const ownershipOf = memoize((text: string) => ownershipLookup.get(text.toLowerCase()));
  const classTypeOf = memoize((text: string) => classTypeLookup.get(text.toLowerCase()));

  // Sized once when the reader can tell how many lines to expect: growing copies every column and touches fresh memory.
  const candidates = new EnrollmentColumnsBuilder(options.expectedLines);
  const id = (text: string) => candidates.id(text);
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
    candidates.push(row, id(schoolId), id(schoolName), SCHOOL_TYPE_INDEX.get(schoolType!)!, OWNERSHIP_INDEX.get(ownership!)!, id(city), id(majorCode), CLASS_TYPE_INDEX.get(classType!)!, id(students as string));
    return true;
  };

  const FIELDS: Field[] = [...REQUIRED_FIELDS, 'city'];
  const firstColumn = new Map<string, number>();
  columns.forEach((header, column) => {
    if (!firstColumn.has(header)) firstColumn.set(header, column);
  });
  const columnOf = Object.fromEntries(FIELDS.map((field) => [field, headerOf[field] ? (firstColumn.get(headerOf[field]) ?? -1) : -1])) as Record<Field, number>;
  const cellOf = (cells: readonly string[], field: Field) => (columnOf[field] < 0 ? undefined : cells[columnOf[field]]);
  const { school_id: idColumn, school_name: nameColumn, school_type: typeColumn, ownership: ownershipColumn, city: cityColumn, major_code: majorColumn, class_type: classColumn, students: studentsColumn } = columnOf;
  // Each distinct cell text's reading (a dictionary id or an enumeration's index), keyed by the text as read (no
  // trimming on the way): undefined when the cell is not the usual clean text (blank, padded, too long, unknown),
  // which addRow then reports. A national file has a few thousand distinct cells, and most cells repeat the one
  // above, which is checked first.
  const readings = (read: (raw: string) => number | undefined) => {
    const known = new Map<string, number | null>();
    return (raw: string): number | undefined => {
      let value = known.get(raw);
      if (value === undefined) known.set(raw, (value = read(raw) ?? null));
      return value ?? undefined;
    };
  };
  const indexOf = <T>(index: Map<T, number>, value: T | undefined) => (value === undefined ? undefined : index.get(value));
  const codeOf = readings((raw) => (raw && raw.trim() === raw && raw.length <= MAX_CODE_LENGTH ? id(raw) : undefined));
  const nameOf = readings((raw) => (raw && raw.trim() === raw && raw.length <= MAX_NAME_LENGTH ? id(raw) : undefined));
  const cityOf = readings((raw) => (raw.trim() === raw && raw.length <= MAX_NAME_LENGTH ? id(raw) : undefined));
  const schoolTypeByCell = readings((raw) => indexOf(SCHOOL_TYPE_INDEX, schoolTypeOf(raw.trim())));
  const ownershipByCell = readings((raw) => indexOf(OWNERSHIP_INDEX, ownershipOf(raw.trim())));
  const classTypeByCell = readings((raw) => indexOf(CLASS_TYPE_INDEX, classTypeOf(raw.trim())));
  const studentsByCell = readings((raw) => {
    const students = raw.trim() ? studentsOf(raw.trim()) : undefined;
    return typeof students === 'string' ? id(students) : undefined;
  });
  let idCell: string | undefined, schoolId: number | undefined;
  let nameCell: string | undefined, schoolName: number | undefined;
  let typeCell: string | undefined, schoolType: number | undefined;
  let ownershipCell: string | undefined, ownership: number | undefined;
  let cityCell: string | undefined, city: number | undefined = id('');
  let majorCell: string | undefined, majorCode: number | undefined;
  let classCell: string | undefined, classType: number | undefined;
  let studentsCell: string | undefined, students: number | undefined;

  let finished: NormalizedColumns | undefined;
  const finishColumns = (): NormalizedColumns => {
    if (finished) return finished;
    const kept = dropInconsistentAndDuplicate(candidates, problems);
    problems.sort((a, b) => a.row - b.row);
    if (problems.length < MAX_ROW_PROBLEMS) return (finished = { columns: candidates.finish(kept), problems });
    const refusal = rowProblem(0, 'too_large', 'too_many_row_problems', { maximum: MAX_ROW_PROBLEMS });
    return (finished = { columns: candidates.finish(0), problems: [refusal, ...problems.slice(0, MAX_ROW_PROBLEMS)] });
  };

  const clean: CleanCells = {
    columns: CELL_ORDER.map((field) => columnOf[field]),
    read: [codeOf, nameOf, schoolTypeByCell, ownershipByCell, cityOf, codeOf, classTypeByCell, studentsByCell],
    noCity: city!,
    push(row, readings) {
      candidates.push(row, readings[0]!, readings[1]!, readings[2]!, readings[3]!, readings[4]!, readings[5]!, readings[6]!, readings[7]!);
      return problems.length < MAX_ROW_PROBLEMS;
    },
  };

  return {
    clean,
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
      if (
        schoolId !== undefined &&
        schoolName !== undefined &&
        schoolType !== undefined &&
        ownership !== undefined &&
        city !== undefined &&
        majorCode !== undefined &&
        classType !== undefined &&
        students !== undefined
      ) {
        candidates.push(row, schoolId, schoolName, schoolType, ownership, city, majorCode, classType, students);
        return problems.length < MAX_ROW_PROBLEMS;
      }
      return addRow(row, (field) => cellText(cellOf(cells, field)));
    },
    finishColumns,
    finish() {
      const { columns: kept, problems: all } = finishColumns();
      return { lines: linesOf(kept), problems: all };
    },
  };
}

const SCHOOL_FIELDS = { schoolName: 'school_name', schoolType: 'school_type', ownership: 'ownership' } as const satisfies Record<string, Field>;

/** What the first line of a school says about it, which every later line of it must repeat. */
interface SchoolFirst {
  row: number;
  schoolName: number;
  schoolType: number;
  ownership: number;
  /** major code id → the class types seen, one bit each: no key string and no map per (school, major) per line. */
  seen: Map<number, number>;
}

/** Drops (in place) the lines whose school disagrees with its first line, and repeated lines; returns how many are kept. */
function dropInconsistentAndDuplicate(lines: EnrollmentColumnsBuilder, problems: RowProblem[]): number {
  const { texts } = lines;
  const firstOfSchool = new Map<number, SchoolFirst>();
  // The row a line repeats, for the message; made only when a file has a duplicate.
  let rowOf: Map<string, number> | undefined;
  const key = (at: number) => `${texts[lines.schoolId[at]!]}\u0000${texts[lines.majorCode[at]!]}\u0000${CLASS_TYPES[lines.classType[at]!]}`;
  let keptCount = 0;
  // Files list a school's lines together: the school of the line before is looked up once, not per line.
  let lastSchool = -1;
  let first: SchoolFirst | undefined;
  for (let at = 0; at < lines.length; at++) {
    const schoolId = lines.schoolId[at]!;
    if (schoolId !== lastSchool || !first) {
      first = firstOfSchool.get(schoolId);
      if (!first) {
        firstOfSchool.set(schoolId, (first = { row: lines.row[at]!, schoolName: lines.schoolName[at]!, schoolType: lines.schoolType[at]!, ownership: lines.ownership[at]!, seen: new Map() }));
      }
      lastSchool = schoolId;
    }
    const row = lines.row[at]!;
    if (first.schoolName !== lines.schoolName[at] || first.schoolType !== lines.schoolType[at] || first.ownership !== lines.ownership[at]) {
      const values = { schoolName: lines.schoolName[at]!, schoolType: lines.schoolType[at]!, ownership: lines.ownership[at]! };
      const disagreements = (['schoolName', 'schoolType', 'ownership'] as const).filter((field) => first![field] !== values[field]);
      const fields = disagreements.map((field) => SCHOOL_FIELDS[field]);
      problems.push(rowProblem(row, 'inconsistent_school', 'inconsistent_school', { schoolId: texts[schoolId]!, fields, firstRow: first.row }, 'school_id'));
      continue;
    }
    const majorCode = lines.majorCode[at]!;
    const bit = 1 << lines.classType[at]!;
    const classes = first.seen.get(majorCode) ?? 0;
    if (classes & bit) {
      if (!rowOf) {
        rowOf = new Map();
        for (let earlier = 0; earlier < keptCount; earlier++) rowOf.set(key(earlier), lines.row[earlier]!);
      }
      const params = { schoolId: texts[schoolId]!, majorCode: texts[majorCode]!, classType: CLASS_TYPES[lines.classType[at]!]!, firstRow: rowOf.get(key(at))! };
      problems.push(rowProblem(row, 'duplicate_line', 'duplicate_line', params));
      continue;
    }
    first.seen.set(majorCode, classes | bit);
    if (keptCount !== at) lines.move(at, keptCount);
    rowOf?.set(key(keptCount), row);
    keptCount++;
  }
  return keptCount;
}
