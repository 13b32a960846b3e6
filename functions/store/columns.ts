import { gunzipSync, gzipSync } from 'node:zlib';
import type { EnrollmentLine } from '../../domain/enrollment';
import { CLASS_TYPES } from '../../domain/labels';
import { packGroups } from './chunks';
import { CHUNK_BYTES } from './keys';

/**
 * Columnar encodings of what the store keeps in bulk: a sealed dataset's lines (a run school's lines: school-lines.ts). A national
 * dataset's 361k lines read back as JSON objects (a key per field per line, gzip) took a second on every run; as
 * columns (each distinct text once, numbers as numbers) they are a few arrays to parse and rebuild.
 */

/** Gzip at its fastest level: these are written on the request path, and the columns are already small. */
export const FAST = { level: 1 };

interface LineColumns {
  /** Distinct schools of the chunk: [id, name, type, ownership, city?]. */
  schools: [string, string, string, string, string?][];
  school: number[];
  /** Row numbers, each as the difference from the one before (mostly 1). */
  rowStep: number[];
  majors: string[];
  major: number[];
  classType: number[];
  studentTexts: string[];
  students: number[];
}

const CLASS_INDEX = new Map<string, number>(CLASS_TYPES.map((type, index) => [type, index]));

function linesToColumns(lines: readonly EnrollmentLine[]): LineColumns {
  const columns: LineColumns = { schools: [], school: [], rowStep: [], majors: [], major: [], classType: [], studentTexts: [], students: [] };
  const schoolIndex = new Map<string, number>();
  const majorIndex = new Map<string, number>();
  const studentIndex = new Map<string, number>();
  const indexOf = (map: Map<string, number>, list: string[], text: string) => {
    let index = map.get(text);
    if (index === undefined) {
      map.set(text, (index = list.length));
      list.push(text);
    }
    return index;
  };
  let previousRow = 0;
  let last: EnrollmentLine | undefined;
  let lastSchool = -1;
  for (const line of lines) {
    // A school's lines come together and share their strings: the previous line's school is usually this one.
    if (!last || last.schoolId !== line.schoolId || last.schoolName !== line.schoolName || last.schoolType !== line.schoolType || last.ownership !== line.ownership || last.city !== line.city) {
      const key = `${line.schoolId}\u0000${line.schoolName}\u0000${line.schoolType}\u0000${line.ownership}\u0000${line.city ?? ''}`;
      lastSchool = schoolIndex.get(key) ?? -1;
      if (lastSchool < 0) {
        schoolIndex.set(key, (lastSchool = columns.schools.length));
        columns.schools.push(line.city !== undefined ? [line.schoolId, line.schoolName, line.schoolType, line.ownership, line.city] : [line.schoolId, line.schoolName, line.schoolType, line.ownership]);
      }
      last = line;
    }
    columns.school.push(lastSchool);
    columns.rowStep.push(line.row - previousRow);
    previousRow = line.row;
    columns.major.push(indexOf(majorIndex, columns.majors, line.majorCode));
    columns.classType.push(CLASS_INDEX.get(line.classType)!);
    columns.students.push(indexOf(studentIndex, columns.studentTexts, line.students));
  }
  return columns;
}

function columnsToLines(columns: LineColumns, into: EnrollmentLine[]): void {
  const { schools, school, rowStep, majors, major, classType, studentTexts, students } = columns;
  let row = 0;
  let current = -1;
  let schoolId = '';
  let schoolName = '';
  let schoolType = '' as EnrollmentLine['schoolType'];
  let ownership = '' as EnrollmentLine['ownership'];
  let city: string | undefined;
  for (let i = 0; i < school.length; i++) {
    if (school[i] !== current) {
      const fields = schools[(current = school[i]!)]!;
      schoolId = fields[0];
      schoolName = fields[1];
      schoolType = fields[2] as EnrollmentLine['schoolType'];
      ownership = fields[3] as EnrollmentLine['ownership'];
      city = fields[4];
    }
    row += rowStep[i]!;
    const majorCode = majors[major[i]!]!;
    const type = CLASS_TYPES[classType[i]!]!;
    const count = studentTexts[students[i]!]!;
    // The two shapes the reader makes, keys in its order (city after ownership).
    into.push(
      city !== undefined
        ? { row, schoolId, schoolName, schoolType, ownership, city, majorCode, classType: type, students: count }
        : { row, schoolId, schoolName, schoolType, ownership, majorCode, classType: type, students: count },
    );
  }
}

/**
 * A dataset's lines as gzip-compressed columns, cut into pieces that each fit in one item. The group size adapts to
 * the size seen so far, so a national dataset is compressed about once.
 */
export function packLines(lines: readonly EnrollmentLine[], maxBytes = CHUNK_BYTES): Uint8Array[] {
  // The floor is a thousandth of a byte a line (packList's is a byte): a group may grow as far as its columns compress.
  return packGroups(lines, (group) => gzipSync(JSON.stringify(linesToColumns(group)), FAST), { maxBytes, firstGroup: 50_000, minBytesPerValue: 1e-3, what: 'line' });
}

export function unpackLines(chunks: readonly Uint8Array[]): EnrollmentLine[] {
  const lines: EnrollmentLine[] = [];
  for (const chunk of chunks) columnsToLines(JSON.parse(gunzipSync(chunk).toString('utf8')) as LineColumns, lines);
  return lines;
}
