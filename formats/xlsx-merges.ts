import { MAX_MERGED_RANGES, MAX_MERGES_PER_ROW, XlsxLimitError } from './xlsx-limits';
import type { SheetRow } from './xlsx-sheet';

/** A merged area of a sheet, 1-based and inclusive; `value` is its top-left cell's, once that row has been read. */
export interface MergedRange {
  top: number;
  left: number;
  bottom: number;
  right: number;
  value?: unknown;
}

/** Wider merges (a title across the whole sheet) are not filled: no data table is that wide, and filling would be slow. */
const MAX_FILLED_COLUMNS = 1024;

function cellAddress(reference: string): { row: number; column: number } | undefined {
  const match = /^\$?([A-Za-z]{1,3})\$?(\d{1,7})$/.exec(reference);
  if (!match) return undefined;
  let column = 0;
  for (const letter of match[1]!.toUpperCase()) column = column * 26 + letter.charCodeAt(0) - 64;
  return { row: Number(match[2]), column };
}

/** The `<mergeCell ref="A2:A9"/>` ranges in the part of a worksheet that follows its cell table, top row first. */
export function parseMergedRanges(xml: string, prefix: string): MergedRange[] {
  const reader = new MergedRangeReader();
  reader.read(Buffer.from(xml, 'latin1'), prefix);
  return reader.ranges();
}

/**
 * Collects merged ranges from the chunks that follow the cell table as they stream by: only the ranges are kept
 * (at most MAX_MERGED_RANGES), never the XML, which a hostile file can make hundreds of megabytes long.
 */
export class MergedRangeReader {
  private readonly found: MergedRange[] = [];
  /** The end of the previous chunk after its last complete tag: a tag cut in two is read whole next time. */
  private carry = '';

  read(chunk: Buffer, prefix: string): void {
    const text = this.carry + chunk.toString('latin1');
    const tag = new RegExp(`<${prefix.replace(/\./g, '\\.')}mergeCell\\s[^>]*?\\bref\\s*=\\s*["']([^"']+)["'][^>]*>`, 'g');
    let consumed = 0;
    for (let match; (match = tag.exec(text)); ) {
      consumed = tag.lastIndex;
      this.add(match[1]!);
    }
    const lastOpen = text.lastIndexOf('<');
    // Keep an unfinished tag for the next chunk; a tag longer than any real one is junk, not carried.
    this.carry = lastOpen >= consumed && text.indexOf('>', lastOpen) < 0 && text.length - lastOpen < 1024 ? text.slice(lastOpen) : '';
  }

  ranges(): MergedRange[] {
    return this.found.sort((a, b) => a.top - b.top);
  }

  private add(reference: string): void {
    const [from, to] = reference.split(':');
    const start = from && cellAddress(from);
    const end = to && cellAddress(to);
    if (!start || !end || (start.row === end.row && start.column === end.column)) return;
    if (this.found.length >= MAX_MERGED_RANGES) throw new XlsxLimitError('xlsx_too_many_merges', { maximum: MAX_MERGED_RANGES });
    const left = Math.min(start.column, end.column);
    const right = Math.min(Math.max(start.column, end.column), left + MAX_FILLED_COLUMNS - 1);
    this.found.push({ top: Math.min(start.row, end.row), bottom: Math.max(start.row, end.row), left, right });
  }
}

/**
 * Gives every cell of a merged area its top-left cell's value, as Excel shows it (and as exceljs read it): a school
 * name merged down over the school's lines belongs to each line. Rows are given in order; a covered cell of a row
 * that the sheet does not list at all stays absent.
 */
export class MergeFill {
  private next = 0;
  private active: MergedRange[] = [];

  constructor(private readonly ranges: MergedRange[]) {}

  apply(row: SheetRow): void {
    while (this.next < this.ranges.length && this.ranges[this.next]!.top <= row.number) this.active.push(this.ranges[this.next++]!);
    if (this.active.some((range) => range.bottom < row.number)) this.active = this.active.filter((range) => range.bottom >= row.number);
    // Merged areas do not overlap in a sheet Excel wrote; a pile of them over one row is built to make filling slow.
    if (this.active.length > MAX_MERGES_PER_ROW) throw new XlsxLimitError('xlsx_row_too_many_merges', { row: row.number, maximum: MAX_MERGES_PER_ROW });
    let added = false;
    for (const range of this.active) {
      if (range.top === row.number) range.value = valueAt(row, range.left);
      if (range.value === undefined) continue;
      for (let column = range.left; column <= range.right; column++) {
        if (valueAt(row, column) !== undefined) continue;
        row.columns[row.length] = column;
        row.values[row.length++] = range.value;
        added = true;
      }
    }
    if (added) sortByColumn(row);
  }
}

function valueAt(row: SheetRow, column: number): unknown {
  for (let i = 0; i < row.length; i++) if (row.columns[i] === column) return row.values[i];
  return undefined;
}

function sortByColumn(row: SheetRow): void {
  const order = Array.from({ length: row.length }, (_, i) => i).sort((a, b) => row.columns[a]! - row.columns[b]!);
  const columns = order.map((i) => row.columns[i]!);
  const values = order.map((i) => row.values[i]);
  for (let i = 0; i < row.length; i++) {
    row.columns[i] = columns[i]!;
    row.values[i] = values[i];
  }
}
