import { stripXmlIllegal } from './xml-text';
import { writeXlsx, type XlsxCellValue } from './xlsx-writer';

/** A cell of a plain table. Money is passed as a decimal string, never as a JS number. */
export type TableCell = string | number | null;

/** Excel number format for money columns (yuan with fen). */
export const MONEY_FORMAT = '#,##0.00';

const FORMULA_TRIGGERS = /^[=+\-@\t\r]/;
const PLAIN_DECIMAL = /^-?\d+(\.\d+)?$/;

/**
 * Defuses spreadsheet formula injection (CSV/XLSX "formula injection"): text that a spreadsheet
 * would evaluate because it starts with = + - @, a tab or a CR gets a leading apostrophe, which
 * spreadsheets treat as "this is text". A plain signed decimal such as "-1200.50" is left alone:
 * it cannot be a formula, and deltas in comparisons must stay readable as numbers.
 */
export function neutralizeFormula(text: string): string {
  if (!FORMULA_TRIGGERS.test(text) || PLAIN_DECIMAL.test(text)) return text;
  return `'${text}`;
}

const NEEDS_QUOTES = /[",\r\n]/;

/** One CSV cell (RFC 4180): quoted when it holds a comma, a quote or a line break, quotes doubled inside. */
function csvCell(cell: TableCell): string {
  if (cell === null) return '';
  if (typeof cell !== 'string') return String(cell);
  const text = neutralizeFormula(cell);
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Rows of text are handed out in pieces of about this many characters. */
const CSV_PIECE_CHARS = 1 << 14;

/**
 * CSV in UTF-8 with a BOM, so that Excel opens Chinese text correctly; CRLF line ends (RFC 4180). Written in pieces
 * as the rows are made, so a national table never exists as one string.
 */
export function* csvPieces(header: TableCell[], rows: Iterable<TableCell[]>): Generator<string> {
  let piece = `\uFEFF${header.map(csvCell).join(',')}\r\n`;
  for (const row of rows) {
    piece += `${row.map(csvCell).join(',')}\r\n`;
    if (piece.length >= CSV_PIECE_CHARS) {
      yield piece;
      piece = '';
    }
  }
  yield piece;
}

/** The whole table as one CSV text (first row = header). */
export function toCsv(rows: TableCell[][]): string {
  const [header = [], ...body] = rows;
  return [...csvPieces(header, body)].join('');
}

export interface XlsxColumn {
  header: string;
  key?: string;
  width?: number;
  /** Decimal strings in this column become number cells when that is exact (see toNumberCell). */
  numeric?: boolean;
  /** Excel number format for a numeric column, e.g. MONEY_FORMAT; Excel's General when absent. */
  numFmt?: string;
}

export interface XlsxSheet {
  name: string;
  columns: XlsxColumn[];
  rows: Iterable<unknown[]>;
}

/**
 * Decision on money in XLSX: a decimal string becomes a number cell only when it has at most 15
 * significant digits. A double holds any 15-significant-digit decimal so that Excel (which shows 15
 * digits) displays it exactly and sums it without surprise; anything longer stays a text cell, so the
 * sheet never shows a figure different from the engine's. Numbers are more useful to finance staff
 * (sorting, SUM), text is the exact fallback.
 */
export function toNumberCell(value: string): number | undefined {
  const text = value.trim();
  if (!PLAIN_DECIMAL.test(text)) return undefined;
  const significant = text.replace(/^-/, '').replace('.', '').replace(/^0+/, '').replace(/0+$/, '').length;
  if (significant > 15) return undefined;
  return Number(text);
}

function cellValue(value: unknown, column: XlsxColumn | undefined): XlsxCellValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (typeof value === 'bigint') return neutralizeFormula(value.toString());
  if (typeof value === 'boolean') return value;
  const text = String(value);
  if (column?.numeric) {
    const number = toNumberCell(text);
    if (number !== undefined) return number;
  }
  return neutralizeFormula(text);
}

/**
 * Excel refuses sheet names over 31 characters, containing []:*?/\ or starting or ending with an apostrophe, and
 * compares them case-insensitively.
 */
function safeSheetName(name: string, used: Set<string>): string {
  const fit = (text: string, length: number) => stripXmlIllegal(text.slice(0, length)).replace(/^'|'$/g, '_');
  const base = fit(name.replace(/[[\]:*?/\\\x00-\x1f]/g, '_'), 31) || 'Sheet';
  let candidate = base;
  for (let n = 2; used.has(candidate.toLowerCase()); n++) candidate = `${fit(base, 28)}_${n}`;
  used.add(candidate.toLowerCase());
  return candidate;
}

function* rowsOf(sheet: XlsxSheet): Generator<XlsxCellValue[]> {
  for (const row of sheet.rows) yield row.map((value, index) => cellValue(value, sheet.columns[index]));
}

/**
 * An XLSX workbook with one sheet per entry: bold frozen header row, column widths, number formats on numeric
 * columns, text cells defused against formulas. Rows are converted as they are written, so a national-scale export
 * (hundreds of thousands of rows) is never held twice.
 */
export function toXlsx(sheets: XlsxSheet[]): Promise<Uint8Array> {
  const used = new Set<string>();
  return writeXlsx(
    sheets.map((sheet) => ({
      name: safeSheetName(sheet.name, used),
      columns: sheet.columns.map((column) => ({
        header: neutralizeFormula(column.header),
        width: column.width ?? Math.max(10, Math.min(40, column.header.length * 2 + 2)),
        ...(column.numeric && column.numFmt ? { numFmt: column.numFmt } : {}),
      })),
      rows: rowsOf(sheet),
    })),
  );
}
