import type { MessageParams } from '../domain/problems';

/**
 * What reading one XLSX upload may cost, checked as the file is streamed, so a small upload that inflates to
 * something huge (a "zip bomb" of a few hundred KB) is refused after bounded work and memory instead of costing
 * seconds and gigabytes before its 422 (issue 15). Every bound is far above what a real enrolment workbook needs.
 */

/**
 * Uncompressed size all parts together may declare, checked against the zip directory before anything is inflated
 * (and each entry is stopped at its declared size). The worksheet is streamed, not held: a national workbook is
 * 104–148 MB of XML; scanning takes ~1.5 s per 100 MB on one core, twice that for a sheet with merged cells.
 */
export const MAX_XLSX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024;

/** Parts read whole (workbook, relationships, styles): a few KB in any real workbook. */
export const MAX_HELD_PART_BYTES = 16 * 1024 * 1024;

/**
 * Shared strings are kept for the whole read; Excel stores each distinct text once, so even a national workbook
 * has a few thousand. Bounded by count and by characters (about two bytes each in memory).
 */
export const MAX_SHARED_STRINGS = 1_048_576;
export const MAX_SHARED_STRING_CHARACTERS = 32 * 1024 * 1024;

/** Cell styles: Excel itself allows about 64,000. */
export const MAX_CELL_STYLES = 65_536;

/** Excel's own sheet width (column XFD); a row with more cells than that is not a worksheet Excel wrote. */
export const MAX_COLUMNS = 16_384;

/** A cell holds at most 32,767 characters in Excel (at most 4 bytes each in UTF-8, plus markup). */
export const MAX_CELL_BYTES = 256 * 1024;

/** What may come before the cell table (sheet properties, views, column widths): kilobytes in practice. */
export const MAX_SHEET_HEAD_BYTES = 4 * 1024 * 1024;

/** Merged areas of a sheet, and how many may cover one row at once (a data table merges a few columns). */
export const MAX_MERGED_RANGES = 200_000;
export const MAX_MERGES_PER_ROW = 1_000;

/** A limit above was reached: the file is refused as too large (row 0, reason too_large), said by a catalogue code. */
export class XlsxLimitError extends Error {
  constructor(
    readonly code: string,
    readonly params: MessageParams = {},
  ) {
    super(`${code} ${JSON.stringify(params)}`);
    this.name = 'XlsxLimitError';
  }
}
