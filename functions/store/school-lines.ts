import { gunzipSync, gzipSync } from 'node:zlib';
import type { ClassType } from '../../domain/labels';
import type { CompactLine, CompactSchoolColumns } from '../../domain/result-form';
import { FAST } from './columns';

/**
 * A run school's compact lines as columns: what a line's (major, class type, per-student amount) is follows from
 * the standard it names, so only its own figures are kept. A national school's 120 lines are ~4 KB of text;
 * compressing 3,000 such items cost more CPU (zlib sets up its state per call) than storing them saved, measured,
 * so only a school large enough to crowd its item is compressed.
 *
 * The columns are written as text (TEXT_FORM): each column's entries joined by ',', the columns by ';'. Every entry
 * is a row step, a table position or a canonical decimal, so no separator or quote is ever inside one; as JSON (the
 * form before, still read) every decimal was quoted, and the quotes escaped again in the item's own JSON on its way to
 * the table, a fifth of a national run's bytes. A text the reader cannot split back into columns of one length is
 * refused, never read as other figures.
 */
interface SchoolLineColumns {
  rowStep: number[];
  standard: number[];
  students: string[];
  entitlement: string[];
  allocation: string[];
  /** Only when some line has one: its reason, or null. */
  reason?: (string | null)[];
}

const TEXT_FORM = 'L2;';
const COMPRESS_ABOVE_CHARS = 32 * 1024;
const DECIMAL_COLUMN = /^[-0-9.,]*$/;
const REASON = /^[a-z0-9_]+$/;

export function packSchoolLines(lines: readonly CompactLine[]): string | Uint8Array {
  const columns: SchoolLineColumns = { rowStep: rowSteps(lines.map((line) => line.row)), standard: [], students: [], entitlement: [], allocation: [] };
  for (const line of lines) {
    columns.standard.push(line.standard);
    columns.students.push(line.students);
    columns.entitlement.push(line.entitlement);
    columns.allocation.push(line.allocation);
  }
  if (lines.some((line) => line.reason !== undefined)) columns.reason = lines.map((line) => line.reason ?? null);
  return storedLines(columnsText(columns));
}

/** A school the engine made as columns (CompactSchoolColumns): its lines as the text the store keeps (storedLines). */
export function schoolLinesText(school: CompactSchoolColumns): string {
  const { row, standard, students, entitlement, allocation, reason } = school;
  return columnsText({ rowStep: rowSteps(row), standard, students, entitlement, allocation, ...(reason === undefined ? {} : { reason: row.map(() => reason) }) });
}

function rowSteps(rows: readonly number[]): number[] {
  return rows.map((row, i) => row - (i ? rows[i - 1]! : 0));
}

/** TEXT_FORM, or JSON for lines whose texts are not all decimals and codes (the reader takes both). */
function columnsText(columns: SchoolLineColumns): string {
  const sections = [columns.rowStep.join(','), columns.standard.join(','), columns.students.join(','), columns.entitlement.join(','), columns.allocation.join(',')];
  const separators = Math.max(columns.rowStep.length - 1, 0);
  if (!sections.every((text) => DECIMAL_COLUMN.test(text) && commas(text) === separators)) return JSON.stringify(columns);
  if (columns.reason) {
    if (!columns.reason.every((reason) => reason === null || REASON.test(reason))) return JSON.stringify(columns);
    sections.push(columns.reason.map((reason) => reason ?? '').join(','));
  }
  return TEXT_FORM + sections.join(';');
}

function commas(text: string): number {
  let count = 0;
  for (let at = text.indexOf(','); at >= 0; at = text.indexOf(',', at + 1)) count++;
  return count;
}

function textColumns(text: string): SchoolLineColumns {
  if (text.startsWith('{')) return JSON.parse(text) as SchoolLineColumns;
  const sections = text.startsWith(TEXT_FORM) ? text.slice(TEXT_FORM.length).split(';') : [];
  if (sections.length !== 5 && sections.length !== 6) throw new Error(`stored school lines in a form this version does not read: ${text.slice(0, 40)}`);
  const count = sections[0] === '' ? 0 : sections[0]!.split(',').length;
  const entries = (section: string) => (count === 0 ? [] : section.split(','));
  const whole = (section: string) =>
    entries(section).map((entry) => {
      const value = Number(entry);
      if (entry === '' || !Number.isSafeInteger(value)) throw new Error(`stored school lines hold ${JSON.stringify(entry)} where a whole number belongs`);
      return value;
    });
  const [rowStep, standard, students, entitlement, allocation, reason] = sections as [string, string, string, string, string, string?];
  const columns: SchoolLineColumns = { rowStep: whole(rowStep), standard: whole(standard), students: entries(students), entitlement: entries(entitlement), allocation: entries(allocation) };
  if (reason !== undefined) columns.reason = entries(reason).map((entry) => entry || null);
  const lengths = [columns.standard, columns.students, columns.entitlement, columns.allocation, ...(columns.reason ? [columns.reason] : [])].map((column) => column.length);
  if (lengths.some((length) => length !== count)) throw new Error(`stored school lines have columns of ${[count, ...lengths].join(', ')} entries`);
  return columns;
}

/** A school's lines text as it goes in its item: compressed only when large enough to crowd the item. */
export function storedLines(text: string): string | Uint8Array {
  return text.length > COMPRESS_ABOVE_CHARS ? gzipSync(text, FAST) : text;
}

/** The lines again; their (major, class type, per-student amount) come from the run's standards table. */
export function unpackSchoolLines(packed: string | Uint8Array, standards: readonly { majorCode: string; classType: ClassType; perStudent: string }[]): CompactLine[] {
  const columns = textColumns(typeof packed === 'string' ? packed : gunzipSync(packed).toString('utf8'));
  const lines: CompactLine[] = [];
  let row = 0;
  for (let i = 0; i < columns.standard.length; i++) {
    row += columns.rowStep[i]!;
    const standard = columns.standard[i]!;
    const derivation = standards[standard];
    if (!derivation) throw new Error(`a stored line names standard ${standard}, which the run's table does not have`);
    const line: CompactLine = {
      row,
      standard,
      majorCode: derivation.majorCode,
      classType: derivation.classType,
      students: columns.students[i]!,
      perStudent: derivation.perStudent,
      entitlement: columns.entitlement[i]!,
      allocation: columns.allocation[i]!,
    };
    const reason = columns.reason?.[i];
    if (reason !== undefined && reason !== null) line.reason = reason;
    lines.push(line);
  }
  return lines;
}
