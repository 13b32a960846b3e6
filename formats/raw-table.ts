import { rowProblem, type RawRecord, type RowProblem, type RowReason } from '../domain/enrollment';
import { resolveHeaders } from '../domain/enrollment';
import type { CleanCells } from '../domain/enrollment-normalizer';
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

/**
 * The same for a reader that has each row as cells by column position (CSV): called with the header names and the
 * header row's cells by position, it returns the receiver of each data row's cells (false: it needs no more).
 */
export type CellSink = (headers: string[], columns: string[]) => CellReceiver;

/** A data row's cells by position; with `clean`, a reader may read clean rows from their bytes instead (csv-clean-rows.ts). */
export type CellReceiver = ((row: number, cells: readonly string[]) => boolean) & { readonly clean?: CleanCells };

/**
 * Largest enrolment file read whole (an upload, or a CLI file that cannot be streamed), in bytes. A province's file
 * is a few MB and the national set 36 MB (3,000 schools); a million-line file (~8,300 schools, Chinese names) is
 * ~100 MB, sealed locally in ~5 s within ~0.5 GB (bench/RESULTS.md). Beyond it a file is refused before it is read.
 */
export const MAX_FILE_BYTES = 128 * 1024 * 1024;
/** Most data rows accepted in a file read whole: 2.5× a million-line dataset, so such a file is not at the edge. */
export const MAX_ROWS = 2_500_000;

/** A problem with the file as a whole: row 0, which no data row can have. */
export function fileProblem(code: string, params?: MessageParams, reason: RowReason = 'unreadable_file'): RowProblem {
  return rowProblem(0, reason, code, params);
}

export function failedTable(code: string, params?: MessageParams, reason: RowReason = 'unreadable_file'): RawTable {
  return { headers: [], records: [], problems: [fileProblem(code, params, reason)] };
}

export function tooManyRows(maxRows = MAX_ROWS): RawTable {
  return failedTable('too_many_rows', { maximum: maxRows }, 'too_large');
}

/** How many non-empty rows at the top of a sheet may be titles, notes or blank-looking rows before the header. */
export const HEADER_SEARCH_ROWS = 10;

/** Whether a row's texts can be the header: it names every required column, in Chinese or English. */
export function isHeaderRow(texts: string[]): boolean {
  return resolveHeaders(texts).missing.length === 0;
}
