import { rowProblem, type RawRecord, type RowProblem, type RowReason } from '../domain/enrollment';
import { resolveHeaders } from '../domain/enrollment';
import type { Coded, MessageParams } from '../domain/problems';

/**
 * What every file reader produces before normalizeEnrollment interprets it. A reader may produce its records
 * lazily (CSV does, so a national file never holds all its cells at once); such records can be walked once, and
 * problems found on the way are in `problems` once they have been.
 */
export interface RawTable<Records extends Iterable<RawRecord> = RawRecord[]> {
  headers: string[];
  records: Records;
  problems: RowProblem[];
  /** What the reader decided that a person should know and that is not a problem: which sheet, which header row. */
  notices?: Coded[];
}

/**
 * Where a reader that scans a file in pieces hands each record as it makes it, instead of keeping them all: called
 * with the header row's texts, it returns the receiver of that file's records. A reader that has to scan again
 * (merged cells) calls it again, which starts over. The receiver returns false when it needs no more records.
 */
export type RecordSink = (headers: string[]) => (record: RawRecord) => boolean;

/** Largest enrolment file accepted, in bytes. A province's file is a few MB. */
export const MAX_FILE_BYTES = 50 * 1024 * 1024;
/** Most data rows accepted; national scale is a few hundred thousand lines. */
export const MAX_ROWS = 1_000_000;

/** A problem with the file as a whole: row 0, which no data row can have. */
export function fileProblem(code: string, params?: MessageParams, reason: RowReason = 'unreadable_file'): RowProblem {
  return rowProblem(0, reason, code, params);
}

export function failedTable(code: string, params?: MessageParams, reason: RowReason = 'unreadable_file'): RawTable {
  return { headers: [], records: [], problems: [fileProblem(code, params, reason)] };
}

export function tooManyRows(): RawTable {
  return failedTable('too_many_rows', { maximum: MAX_ROWS }, 'too_large');
}

/** How many non-empty rows at the top of a sheet may be titles, notes or blank-looking rows before the header. */
export const HEADER_SEARCH_ROWS = 10;

/** Whether a row's texts can be the header: it names every required column, in Chinese or English. */
export function isHeaderRow(texts: string[]): boolean {
  return resolveHeaders(texts).missing.length === 0;
}
