import type { Workbook } from './xlsx-workbook';
import { stringItemText, xmlText } from './xml-text';
import { MAX_CELL_BYTES, MAX_COLUMNS, MAX_SHEET_HEAD_BYTES, XlsxLimitError } from './xlsx-limits';
import { MergedRangeReader, MergeFill, type MergedRange } from './xlsx-merges';
import { streamZipEntry, ZipError, type ZipEntry } from './zip';

/** Returned by a row visitor to stop reading the sheet (the rest of the entry is still checked). */
export const STOP = Symbol('stop');

/**
 * Reads a worksheet's rows in order, in one pass over its XML as it is inflated: the XML of a national workbook is
 * ~150 MB and is never held whole, nor turned into a DOM. Every row element is visited, empty ones with no cells,
 * with its number (from `r`, or the previous row's plus one when a writer leaves `r` out; cells likewise).
 *
 * Merged areas are listed after the cells, so they are known only at the end: without `merges`, the sheet's merged
 * ranges are returned, and a caller that gets some reads the sheet again passing them, to have them filled.
 */
export async function scanWorksheet(
  entry: ZipEntry,
  workbook: Workbook,
  visitRow: (row: SheetRow) => void | typeof STOP,
  merges?: MergedRange[],
): Promise<MergedRange[]> {
  let scanner: WorksheetScanner | undefined;
  // Bytes not scanned yet: the sheet's head until <sheetData> shows, then the end of a cell cut by the chunk.
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  const found = new MergedRangeReader();
  await streamZipEntry(entry, (chunk) => {
    if (scanner?.finished) {
      if (scanner.tableEnded && !merges) found.read(chunk, scanner.prefix);
      return;
    }
    if (!scanner) {
      // The cell table's namespace prefix (usually none; "x:" from some .NET writers) is known once <sheetData> is seen.
      // Only the new chunk and the tail of the last one are searched, so a long head costs one pass, not one per chunk.
      const previous = pending.at(-1);
      const tail = previous ? previous.subarray(Math.max(0, previous.length - 64)) : Buffer.alloc(0);
      const sheetData = /<([\w.-]+:)?sheetData[\s/>]/.exec(Buffer.concat([tail, chunk]).toString('latin1'));
      pending.push(chunk);
      pendingBytes += chunk.length;
      if (!sheetData) {
        if (pendingBytes > MAX_SHEET_HEAD_BYTES) throw new XlsxLimitError('xlsx_sheet_head_too_large', { maximum: MAX_SHEET_HEAD_BYTES / 2 ** 20 });
        return;
      }
      scanner = new WorksheetScanner(sheetData[1] ?? '', workbook, visitRow, merges && new MergeFill(merges));
      chunk = Buffer.concat(pending);
      pending = [];
      pendingBytes = 0;
    }
    // Scan up to the last point between cells or rows; the rest waits for the next chunk, so no cell is ever split.
    // What waits is the start of one cell, so it never grows past the largest cell Excel can hold.
    if (pendingBytes > MAX_CELL_BYTES) throw new XlsxLimitError('xlsx_cell_too_large', { row: scanner.rowNumber + 1, maximum: MAX_CELL_BYTES / 1024 });
    const cut = scanner.lastSafeCut(chunk);
    if (cut < 0) {
      pending.push(chunk);
      pendingBytes += chunk.length;
      return;
    }
    const segment = pending.length ? Buffer.concat([...pending, chunk.subarray(0, cut)]) : chunk.subarray(0, cut);
    scanner.scan(segment);
    pending = cut < chunk.length ? [chunk.subarray(cut)] : [];
    pendingBytes = pending[0]?.length ?? 0;
    if (scanner.finished) {
      if (scanner.tableEnded && !merges) for (const rest of pending) found.read(rest, scanner.prefix);
      pending = [];
      pendingBytes = 0;
    }
  });
  if (!scanner) throw new ZipError('xlsx_no_cell_table');
  if (pendingBytes > MAX_CELL_BYTES) throw new XlsxLimitError('xlsx_cell_too_large', { row: scanner.rowNumber + 1, maximum: MAX_CELL_BYTES / 1024 });
  if (!scanner.finished && pending.length) scanner.scan(Buffer.concat(pending));
  scanner.endRow();
  return merges || !scanner.tableEnded ? [] : found.ranges();
}

/** The cells of one row that hold a value, in column order; reused from row to row, so copy what you keep. */
export interface SheetRow {
  number: number;
  length: number;
  /** 1-based column numbers. */
  columns: number[];
  /** What a user sees as the raw value: text, a number, a boolean, or a date as yyyy-mm-dd. */
  values: unknown[];
  /**
   * Columns of the row's formula cells whose stored result cannot be trusted: none was stored, 0 was stored (what
   * programs that do not calculate write), or the workbook asks to be recalculated on opening.
   */
  uncalculated: number[];
}

class WorksheetScanner {
  /** Nothing more to read: the cell table ended, or the visitor said stop. */
  finished = false;
  tableEnded = false;
  private readonly row: SheetRow = { number: 0, length: 0, columns: [], values: [], uncalculated: [] };
  private column = 0;
  private rowOpen = false;
  /** The attributes of the current tag. */
  private reference: string | undefined;
  private type: string | undefined;
  private style: string | undefined;
  /**
   * Per column, the last cell text decoded and its value: school-level columns repeat on each of a school's lines,
   * and reusing the value saves decoding it again and keeps one string instead of a hundred copies.
   */
  private lastText: (string | undefined)[] = [];
  private lastValue: string[] = [];
  /** Tag texts with the cell table's namespace prefix; positions in the latin1 text are byte offsets in the buffer. */
  private readonly rowStart: string;
  private readonly cellStart: string;
  private readonly rowEnd: string;
  private readonly cellEnd: string;
  private readonly sheetDataEnd: string;
  private readonly valueStart: string;
  private readonly valueEnd: string;
  private readonly formulaStart: string;

  constructor(
    readonly prefix: string,
    private readonly workbook: Workbook,
    private readonly visitRow: (row: SheetRow) => void | typeof STOP,
    private readonly mergeFill: MergeFill | undefined,
  ) {
    this.rowStart = `<${prefix}row`;
    this.cellStart = `<${prefix}c`;
    this.rowEnd = `</${prefix}row>`;
    this.cellEnd = `</${prefix}c>`;
    this.sheetDataEnd = `</${prefix}sheetData>`;
    this.valueStart = `<${prefix}v>`;
    this.valueEnd = `</${prefix}v>`;
    this.formulaStart = `<${prefix}f`;
  }

  get rowNumber(): number {
    return this.row.number;
  }

  /**
   * Where a chunk may be cut without splitting a cell: after its last cell or row end (`</c>`, `</row>`, or an empty
   * `<c …/>` or `<row …/>`: no cell holds a `<c` or `<row` tag, since text cannot hold a raw "<"), or after the table.
   */
  lastSafeCut(chunk: Buffer): number {
    const sheetDataEnd = chunk.indexOf(this.sheetDataEnd);
    if (sheetDataEnd >= 0) return sheetDataEnd + this.sheetDataEnd.length;
    const rowEnd = chunk.lastIndexOf(this.rowEnd);
    const cellEnd = chunk.lastIndexOf(this.cellEnd);
    let cut = Math.max(rowEnd < 0 ? -1 : rowEnd + this.rowEnd.length, cellEnd < 0 ? -1 : cellEnd + this.cellEnd.length);
    const selfClosed = chunk.lastIndexOf('/>');
    if (selfClosed > cut) {
      const open = chunk.lastIndexOf(60 /* < */, selfClosed);
      const tag = open < 0 ? '' : chunk.toString('latin1', open, Math.min(selfClosed, open + this.rowStart.length + 1));
      if (open >= 0 && chunk.indexOf(62 /* > */, open) === selfClosed + 1 && (isTag(tag + ' ', 0, this.cellStart) || isTag(tag + ' ', 0, this.rowStart))) cut = selfClosed + 2;
    }
    return cut;
  }

  endRow(): void {
    if (!this.rowOpen || this.finished) return;
    this.rowOpen = false;
    this.mergeFill?.apply(this.row);
    if (this.visitRow(this.row) === STOP) this.finished = true;
  }

  /**
   * Tags are found with indexOf on a one-byte (latin1) string of the segment, whose positions are the buffer's byte
   * offsets; only text content is decoded as UTF-8. A cell's content is skipped to its end tag in one step.
   */
  scan(buffer: Buffer): void {
    const text = buffer.toString('latin1');
    // The remembered texts point into the previous segment's text; forgetting them lets it be collected.
    this.lastText = [];
    this.lastValue = [];
    for (let at = text.indexOf('<'); at >= 0 && !this.finished; at = text.indexOf('<', at + 1)) {
      if (text.charCodeAt(at + 1) === 47 /* / */) {
        if (text.startsWith(this.rowEnd, at)) this.endRow();
        else if (text.startsWith(this.sheetDataEnd, at)) {
          this.endRow();
          this.finished = this.tableEnded = true;
        }
        continue;
      }
      const isCell = isTag(text, at, this.cellStart);
      if (!isCell && !isTag(text, at, this.rowStart)) continue;
      const tagEnd = text.indexOf('>', at);
      if (tagEnd < 0) return;
      const empty = text.charCodeAt(tagEnd - 1) === 47; // <c .../>
      this.readAttributes(text, at + (isCell ? this.cellStart : this.rowStart).length, empty ? tagEnd - 1 : tagEnd);
      at = tagEnd;
      if (!isCell) {
        this.endRow();
        const number = Number(this.reference);
        this.row.number = Number.isInteger(number) && number > 0 ? number : this.row.number + 1;
        this.row.length = 0;
        this.row.uncalculated.length = 0;
        this.column = 0;
        this.rowOpen = true;
        if (empty) this.endRow();
        continue;
      }
      this.column = (this.reference && columnNumber(this.reference)) || this.column + 1;
      if (this.column > MAX_COLUMNS) throw new XlsxLimitError('xlsx_column_beyond_excel', { row: this.row.number, column: columnLetters(MAX_COLUMNS) });
      if (empty) continue;
      const contentEnd = text.indexOf(this.cellEnd, tagEnd + 1);
      if (contentEnd < 0) throw new ZipError('xlsx_unterminated_cell', { row: this.row.number });
      at = contentEnd;
      if (!this.rowOpen) continue;
      const value = this.cellValue(text, buffer, tagEnd + 1, contentEnd);
      // A formula element comes first in a cell (f, then v), so this looks at the cell's first child only.
      if (isTag(text, skipSpace(text, tagEnd + 1), this.formulaStart) && (this.workbook.recalcOnLoad || value === undefined || value === 0 || value === '')) {
        this.row.uncalculated.push(this.column);
      }
      if (value !== undefined) {
        if (this.row.length >= MAX_COLUMNS) throw new XlsxLimitError('xlsx_row_too_wide', { row: this.row.number, maximum: MAX_COLUMNS });
        this.row.columns[this.row.length] = this.column;
        this.row.values[this.row.length++] = value;
      }
    }
  }

  /** Sets reference, type and style from a tag's attribute text in one pass (they are never entity-encoded). */
  private readAttributes(text: string, from: number, to: number): void {
    this.reference = this.type = this.style = undefined;
    for (let at = from; at < to; ) {
      const equals = text.indexOf('=', at);
      if (equals < 0 || equals >= to) return;
      let nameEnd = equals;
      while (nameEnd > at && text.charCodeAt(nameEnd - 1) <= 32) nameEnd--;
      let nameStart = nameEnd;
      while (nameStart > at && text.charCodeAt(nameStart - 1) > 32) nameStart--;
      let quoteAt = equals + 1;
      while (quoteAt < to && text.charCodeAt(quoteAt) <= 32) quoteAt++;
      const quote = text[quoteAt];
      if (quote !== '"' && quote !== "'") return;
      const close = text.indexOf(quote, quoteAt + 1);
      if (close < 0 || close >= to) return;
      if (nameEnd - nameStart === 1) {
        const name = text.charCodeAt(nameStart);
        if (name === 114 /* r */) this.reference = text.slice(quoteAt + 1, close);
        else if (name === 116 /* t */) this.type = text.slice(quoteAt + 1, close);
        else if (name === 115 /* s */) this.style = text.slice(quoteAt + 1, close);
      }
      at = close + 1;
    }
  }

  private cellValue(text: string, buffer: Buffer, start: number, end: number): unknown {
    const type = this.type ?? 'n';
    if (type === 'inlineStr') {
      const inline = elementContent(text, start, end, `${this.prefix}is`);
      return inline && this.decodedText(text, buffer, inline, stringItemText);
    }
    const content = text.startsWith(this.valueStart, start)
      ? contentUntil(text, start + this.valueStart.length, end, this.valueEnd)
      : elementContent(text, start, end, `${this.prefix}v`);
    if (!content) return undefined;
    switch (type) {
      case 's':
        return this.workbook.sharedStrings[parseNumber(text, content[0], content[1])];
      case 'str':
      case 'e':
        return this.decodedText(text, buffer, content, xmlText);
      case 'b': {
        const raw = text.slice(content[0], content[1]).trim();
        return raw === '1' || raw === 'true';
      }
      case 'd': {
        // ISO 8601, usually without a zone; its date part is the date, whatever the zone this process runs in.
        const raw = buffer.toString('utf8', content[0], content[1]).trim();
        return /^\d{4}-\d\d-\d\d/.test(raw) ? raw.slice(0, 10) : raw || undefined;
      }
      default: {
        const number = parseNumber(text, content[0], content[1]);
        if (!Number.isFinite(number)) {
          const raw = buffer.toString('utf8', content[0], content[1]).trim();
          return raw === '' ? undefined : raw;
        }
        const style = this.style === undefined ? undefined : this.workbook.styles[Number(this.style)];
        if (style?.isDate) return isoDate(serialToDate(number, this.workbook.date1904)) ?? number;
        // Excel turns a typed major code "0101" into the number 101 unless the column is text; "0000" shows it padded.
        if (style?.zeroPadding && Number.isInteger(number) && number >= 0) return String(number).padStart(style.zeroPadding, '0');
        return number;
      }
    }
  }

  /** Text content decoded from UTF-8 by `decode`, reusing the column's previous value when the bytes repeat. */
  private decodedText(text: string, buffer: Buffer, [start, end]: [number, number], decode: (xml: string) => string): string {
    const raw = text.slice(start, end);
    const column = this.column;
    if (this.lastText[column] === raw) return this.lastValue[column]!;
    const value = decode(buffer.toString('utf8', start, end));
    this.lastText[column] = raw;
    this.lastValue[column] = value;
    return value;
  }
}

function skipSpace(text: string, at: number): number {
  while (at < text.length && text.charCodeAt(at) <= 32) at++;
  return at;
}

/** `<name` at `at`, followed by whitespace, "/" or ">" (so `<c` is not `<col`). */
function isTag(text: string, at: number, start: string): boolean {
  if (!text.startsWith(start, at)) return false;
  const next = text.charCodeAt(at + start.length);
  return next === 62 || next === 47 || next === 32 || next === 9 || next === 10 || next === 13;
}

const DECIMAL = /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/;

/** A plain non-negative integer of up to 15 digits straight from the text; other decimals through Number(); else NaN. */
function parseNumber(text: string, start: number, end: number): number {
  if (end > start && end - start <= 15) {
    let value = 0;
    let at = start;
    for (; at < end; at++) {
      const digit = text.charCodeAt(at) - 48;
      if (digit < 0 || digit > 9) break;
      value = value * 10 + digit;
    }
    if (at === end) return value;
  }
  const raw = text.slice(start, end);
  return DECIMAL.test(raw) ? Number(raw) : NaN;
}

/** [start, end of content) when `closing` comes before `to`. */
function contentUntil(text: string, start: number, to: number, closing: string): [number, number] | undefined {
  const close = text.indexOf(closing, start);
  return close < 0 || close > to ? undefined : [start, close];
}

/** [start, end) of the content of the first `<name>` element within [from, to), or undefined if there is none. */
function elementContent(text: string, from: number, to: number, name: string): [number, number] | undefined {
  for (let at = text.indexOf(`<${name}`, from); at >= 0 && at < to; at = text.indexOf(`<${name}`, at + 1)) {
    const next = text.charCodeAt(at + name.length + 1);
    if (next !== 62 /* > */ && next !== 32 && next !== 47 /* / */ && next !== 9 && next !== 10 && next !== 13) continue;
    const open = text.indexOf('>', at);
    if (open < 0 || open >= to) return undefined;
    if (text.charCodeAt(open - 1) === 47) return [open, open]; // <v/>
    const close = text.indexOf(`</${name}>`, open);
    return close < 0 || close > to ? undefined : [open + 1, close];
  }
  return undefined;
}

/** "AB12" → 28; 0 when the reference has no column letters. */
export function columnNumber(reference: string): number {
  let column = 0;
  for (let i = 0; i < reference.length; i++) {
    const code = reference.charCodeAt(i);
    if (code >= 65 && code <= 90) column = column * 26 + code - 64;
    else if (code >= 97 && code <= 122) column = column * 26 + code - 96;
    else break;
  }
  return column;
}

/** 1 → "A", 28 → "AB". */
export function columnLetters(column: number): string {
  let letters = '';
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

const MS_PER_DAY = 86_400_000;
/** Serial 25569 is 1970-01-01 in the 1900 system (which counts Excel's phantom 1900-02-29); the 1904 system is 1462 days later. */
function serialToDate(serial: number, date1904: boolean): Date {
  return new Date(Math.round((serial - 25569 + (date1904 ? 1462 : 0)) * MS_PER_DAY));
}

function isoDate(date: Date): string | undefined {
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString().slice(0, 10);
}
