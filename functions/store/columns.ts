import { gunzipSync, gzipSync } from 'node:zlib';
import type { EnrollmentLine } from '../../domain/enrollment';
import { CLASS_TYPE_INDEX, EnrollmentColumnsBuilder, linesOf, OWNERSHIP_INDEX, SCHOOL_TYPE_INDEX, type EnrollmentColumns } from '../../domain/enrollment-columns';
import { CLASS_TYPES, type Ownership, type SchoolType } from '../../domain/labels';
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
  school: ArrayLike<number>;
  /** Row numbers, each as the difference from the one before (mostly 1). */
  rowStep: ArrayLike<number>;
  majors: string[];
  major: ArrayLike<number>;
  classType: ArrayLike<number>;
  studentTexts: string[];
  students: ArrayLike<number>;
}

function linesToColumns(lines: readonly EnrollmentLine[]): LineColumns & { school: Int32Array; rowStep: Int32Array; major: Int32Array; classType: Uint8Array; students: Int32Array } {
  const count = lines.length;
  const columns = { schools: [] as LineColumns['schools'], school: new Int32Array(count), rowStep: new Int32Array(count), majors: [] as string[], major: new Int32Array(count), classType: new Uint8Array(count), studentTexts: [] as string[], students: new Int32Array(count) };
  const schoolIndex = new Map<string, number>();
  const majorIndex = new Map<string, number>();
  const studentIndex = new Map<string, number>();
  let previousRow = 0;
  let last: EnrollmentLine | undefined;
  let lastSchool = -1;
  for (let i = 0; i < count; i++) {
    const line = lines[i]!;
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
    columns.school[i] = lastSchool;
    columns.rowStep[i] = line.row - previousRow;
    previousRow = line.row;
    let major = majorIndex.get(line.majorCode);
    if (major === undefined) {
      majorIndex.set(line.majorCode, (major = columns.majors.length));
      columns.majors.push(line.majorCode);
    }
    columns.major[i] = major;
    columns.classType[i] = CLASS_TYPE_INDEX.get(line.classType)!;
    let students = studentIndex.get(line.students);
    if (students === undefined) {
      studentIndex.set(line.students, (students = columns.studentTexts.length));
      columns.studentTexts.push(line.students);
    }
    columns.students[i] = students;
  }
  return columns;
}

/**
 * The binary form of a chunk (BINARY_MAGIC): the texts (schools, majors, student counts) as one JSON, then the
 * per-line indexes as 32-bit integers and the class types as bytes. Read back, the integers are views on the
 * unpacked bytes: no array of numbers is parsed, and a national run's loading made ~15 MB less garbage.
 */
const BINARY_MAGIC = 0x32434c53; // "SLC2", little-endian
const HEADER_BYTES = 12;
// Typed arrays use the host's byte order; every host Node and Lambda run on is little-endian, which the form is.
if (new Uint8Array(new Uint32Array([1]).buffer)[0] !== 1) throw new Error('store/columns.ts reads and writes little-endian columns');

function encodeColumns(lines: readonly EnrollmentLine[]): Uint8Array {
  const { schools, majors, studentTexts, rowStep, school, major, students, classType } = linesToColumns(lines);
  const texts = Buffer.from(JSON.stringify({ schools, majors, studentTexts }), 'utf8');
  const textsPadded = (texts.length + 3) & ~3;
  const count = lines.length;
  const bytes = new Uint8Array(HEADER_BYTES + textsPadded + 16 * count + count);
  const header = new DataView(bytes.buffer);
  header.setUint32(0, BINARY_MAGIC, true);
  header.setUint32(4, count, true);
  header.setUint32(8, texts.length, true);
  bytes.set(texts, HEADER_BYTES);
  let at = HEADER_BYTES + textsPadded;
  for (const column of [rowStep, school, major, students]) {
    bytes.set(new Uint8Array(column.buffer, column.byteOffset, column.byteLength), at);
    at += column.byteLength;
  }
  bytes.set(classType, at);
  return bytes;
}

function decodeColumns(packed: Buffer): LineColumns {
  // Int32Array views need an offset that is a multiple of 4 (and this host's byte order, little-endian, as written).
  const bytes = packed.byteOffset % 4 ? new Uint8Array(packed) : packed;
  const header = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.byteLength < HEADER_BYTES || header.getUint32(0, true) !== BINARY_MAGIC) throw new Error('stored dataset lines in a form this version does not read');
  const count = header.getUint32(4, true);
  const textBytes = header.getUint32(8, true);
  const textsPadded = (textBytes + 3) & ~3;
  if (bytes.byteLength !== HEADER_BYTES + textsPadded + 17 * count) throw new Error(`stored dataset lines hold ${bytes.byteLength} bytes, not those of ${count} lines`);
  const texts = JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset + HEADER_BYTES, textBytes).toString('utf8')) as Pick<LineColumns, 'schools' | 'majors' | 'studentTexts'>;
  let at = bytes.byteOffset + HEADER_BYTES + textsPadded;
  const int32s = () => {
    const column = new Int32Array(bytes.buffer, at, count);
    at += 4 * count;
    return column;
  };
  const rowStep = int32s();
  const school = int32s();
  const major = int32s();
  const students = int32s();
  return { ...texts, rowStep, school, major, students, classType: new Uint8Array(bytes.buffer, at, count) };
}

/**
 * One chunk's columns appended to the engine's form (domain/enrollment-columns.ts): each distinct text given its id
 * once per chunk, each line a few integers. No line object is made: a national dataset's 361k of them were ~40 MB that
 * a run only turned back into columns.
 */
function appendColumns(columns: LineColumns, into: EnrollmentColumnsBuilder): void {
  const { schools, school, rowStep, major, classType, students } = columns;
  const schoolFields = schools.map(([id, name, type, ownership, city]) => {
    const typeIndex = SCHOOL_TYPE_INDEX.get(type as SchoolType);
    const ownershipIndex = OWNERSHIP_INDEX.get(ownership as Ownership);
    if (typeIndex === undefined || ownershipIndex === undefined) throw new Error(`stored dataset lines name a school type or ownership this version does not know: ${type}, ${ownership}`);
    return { id: into.id(id), name: into.id(name), type: typeIndex, ownership: ownershipIndex, city: into.id(city ?? '') };
  });
  const majorIds = columns.majors.map((text) => into.id(text));
  const studentIds = columns.studentTexts.map((text) => into.id(text));
  let row = 0;
  for (let i = 0; i < school.length; i++) {
    const fields = schoolFields[school[i]!]!;
    const type = classType[i]!;
    if (type >= CLASS_TYPES.length) throw new Error(`stored dataset lines name class type ${type}, which this version does not know`);
    row += rowStep[i]!;
    into.push(row, fields.id, fields.name, fields.type, fields.ownership, fields.city, majorIds[major[i]!]!, type, studentIds[students[i]!]!);
  }
}

/**
 * A dataset's lines as gzip-compressed columns (binary, see encodeColumns), cut into pieces that each fit in one item.
 * The group size adapts to the size seen so far, so a national dataset is compressed about once.
 */
export function packLines(lines: readonly EnrollmentLine[], maxBytes = CHUNK_BYTES): Uint8Array[] {
  // The floor is a thousandth of a byte a line (packList's is a byte): a group may grow as far as its columns compress.
  return packGroups(lines, (group) => gzipSync(encodeColumns(group), FAST), { maxBytes, firstGroup: 50_000, minBytesPerValue: 1e-3, what: 'line' });
}

/**
 * The lines as the engine takes them, from chunks in the form packLines writes, or (`json`) the JSON columns written
 * before it. Each chunk is unpacked before any line is read, so the columns are made at their final size.
 */
export function unpackEnrollment(chunks: readonly Uint8Array[], form: 'binary' | 'json' = 'binary'): EnrollmentColumns {
  const decoded = chunks.map((chunk) => {
    const unpacked = gunzipSync(chunk);
    return form === 'binary' ? decodeColumns(unpacked) : (JSON.parse(unpacked.toString('utf8')) as LineColumns);
  });
  const builder = new EnrollmentColumnsBuilder(decoded.reduce((sum, columns) => sum + columns.school.length, 0));
  for (const columns of decoded) appendColumns(columns, builder);
  return builder.finish();
}

/** The same lines as objects, for the callers that read them one by one (a plan's years, the seal's year-on-year checks). */
export function unpackLines(chunks: readonly Uint8Array[], form: 'binary' | 'json' = 'binary'): EnrollmentLine[] {
  return linesOf(unpackEnrollment(chunks, form));
}
