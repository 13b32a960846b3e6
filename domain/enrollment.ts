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

export const REQUIRED_FIELDS: Field[] = ['school_id', 'school_name', 'school_type', 'ownership', 'major_code', 'class_type', 'students'];

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
export const schoolTypeLookup = enumLookup(SCHOOL_TYPES, SCHOOL_TYPE_SPELLINGS);
export const ownershipLookup = enumLookup(OWNERSHIPS, OWNERSHIP_SPELLINGS);
export const classTypeLookup = enumLookup(CLASS_TYPES, CLASS_TYPE_SPELLINGS);

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

export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  return String(value).trim();
}

export function memoize<T>(compute: (text: string) => T): (text: string) => T {
  const cache = new Map<string, T>();
  return (text) => {
    let value = cache.get(text);
    if (value === undefined && !cache.has(text)) cache.set(text, (value = compute(text)));
    return value as T;
  };
}

export function parseStudents(text: string): string | { code: string; params: MessageParams } {
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
export function clip(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

