import { rowProblem, type RawRecord, type RowProblem, type RowReason } from '../domain/enrollment';
import type { MessageParams } from '../domain/problems';

/**
 * What every file reader produces before normalizeEnrollment interprets it. A reader may produce its records
 * lazily (CSV does, so a national file never holds all its cells at once); such records can be walked once, and
 * problems found on the way are in `problems` once they have been.
 */
export interface RawTable<Records extends Iterable<RawRecord> = RawRecord[]> {
  headers: string[];
  records: Records;
  problems: RowProblem[];
}

/**
 * Where a reader that scans a file in pieces hands each record as it makes it, instead of keeping them all: called
 * with the header row's texts, it returns the receiver of that file's records. A reader that has to scan again
 * (merged cells) calls it again, which starts over.
 */
export type RecordSink = (headers: string[]) => (record: RawRecord) => void;

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
