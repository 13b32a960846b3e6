import iconv from 'iconv-lite';
import type { EnrollmentLine } from '../domain/enrollment';
import { CLASS_TYPE_NAMES, FIELD_NAMES, OWNERSHIP_NAMES, SCHOOL_TYPE_NAMES } from '../messages/enums';
import { csvPieces, toXlsx, type TableCell } from './tables';

const FIELDS = ['school_id', 'school_name', 'school_type', 'ownership', 'city', 'major_code', 'class_type', 'students'] as const;

/** A line as the cells a school's spreadsheet would hold: Chinese enumeration names, students as text. */
function cellsOf(line: EnrollmentLine): TableCell[] {
  return [
    line.schoolId,
    line.schoolName,
    SCHOOL_TYPE_NAMES[line.schoolType].zh,
    OWNERSHIP_NAMES[line.ownership].zh,
    line.city ?? null,
    line.majorCode,
    CLASS_TYPE_NAMES[line.classType].zh,
    line.students,
  ];
}

const CHINESE_HEADER_ROW = FIELDS.map((field) => FIELD_NAMES[field].zh);

/**
 * Enrolment as CSV with Chinese headers. UTF-8 gets a BOM (Excel needs it); GBK is what Chinese
 * Excel/WPS save by default, so it has none. Row n of the file is line n−1 of `lines`.
 */
export function enrollmentToCsv(lines: EnrollmentLine[], options: { encoding: 'utf8' | 'gbk' } = { encoding: 'utf8' }): Uint8Array {
  const text = [...enrollmentCsvPieces(lines)].join('');
  if (options.encoding === 'utf8') return new TextEncoder().encode(text);
  return new Uint8Array(iconv.encode(text.replace(/^\uFEFF/, ''), 'gbk'));
}

/** The UTF-8 CSV text of enrollmentToCsv, in pieces: a file of millions of lines never exists as one string. */
export function enrollmentCsvPieces(lines: Iterable<EnrollmentLine>): Generator<string> {
  return csvPieces(CHINESE_HEADER_ROW, (function* () {
    for (const line of lines) yield cellsOf(line);
  })());
}

/** Enrolment as a one-sheet workbook (在校生); codes stay text cells so "0101" keeps its zero. */
export function enrollmentToXlsx(lines: EnrollmentLine[]): Promise<Uint8Array> {
  return toXlsx([
    {
      name: '在校生',
      columns: CHINESE_HEADER_ROW.map((header, index) => ({
        header,
        ...(FIELDS[index] === 'students' ? { numeric: true } : {}),
        width: FIELDS[index] === 'school_name' ? 30 : 12,
      })),
      rows: lines.map(cellsOf),
    },
  ]);
}

/** Enrolment as JSON for programs: English keys and canonical enumeration values. */
export function enrollmentToJson(lines: EnrollmentLine[]): string {
  const objects = lines.map((line) => ({
    school_id: line.schoolId,
    school_name: line.schoolName,
    school_type: line.schoolType,
    ownership: line.ownership,
    ...(line.city ? { city: line.city } : {}),
    major_code: line.majorCode,
    class_type: line.classType,
    students: line.students,
  }));
  return `${JSON.stringify(objects, null, 1)}\n`;
}
