import { parse } from 'csv-parse/sync';
import type { RawRecord, RowProblem } from '../domain/enrollment';
import { errorText, failedTable, MAX_ROWS, tooManyRows, type RawTable } from './raw-table';

export type TextEncoding = 'utf-8' | 'utf-16le' | 'gb18030';

/**
 * Decodes text as spreadsheet software saves it: a UTF-8 or UTF-16 byte-order mark decides;
 * otherwise bytes that are valid UTF-8 are UTF-8 and anything else is GB18030 (a superset of GBK,
 * what Chinese Excel/WPS write for "CSV"). GBK Chinese text is practically never valid UTF-8.
 */
export function decodeText(bytes: Uint8Array): { text: string; encoding: TextEncoding } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8' };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    // Node's own WHATWG decoder (full ICU, as on Lambda): invalid bytes become U+FFFD, as they did with iconv-lite.
    return { text: new TextDecoder('gb18030').decode(bytes), encoding: 'gb18030' };
  }
}

/** Comma unless the header line is tab-separated ("Unicode text" exports) or semicolon-separated. */
function delimiterOf(text: string): string {
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  for (const candidate of ['\t', ';']) {
    if (firstLine.includes(candidate) && !firstLine.includes(',')) return candidate;
  }
  return ',';
}

/** A CSV's rows, each split into cells only when asked for, so that a national file's cells never all exist at once. */
export interface CsvRows {
  readonly length: number;
  cells(index: number): string[];
}

/**
 * CSV without a single quote character and with one kind of line break is just lines and delimiters: split it
 * directly, exactly as csv-parse would (an empty line is one empty cell; a final line break ends the last row).
 * csv-parse spent most of a national file's read time slicing and decoding each field; files with quotes or mixed
 * line breaks still go to it (undefined here).
 */
export function plainCsvRows(text: string, delimiter: string, maxRows: number): CsvRows | undefined {
  if (text.includes('"')) return undefined;
  if (text === '') return { length: 0, cells: () => [] };
  const firstBreak = text.search(/\r\n|\n|\r/);
  const lineBreak = firstBreak < 0 ? '\n' : text.startsWith('\r\n', firstBreak) ? '\r\n' : text[firstBreak]!;
  const lines = text.split(lineBreak);
  // One kind only: a stray \r or \n of another kind would be data to csv-parse, so leave such files to it.
  const other = lineBreak === '\n' ? '\r' : lineBreak === '\r' ? '\n' : undefined;
  if (other ? text.includes(other) : lines.some((line) => line.includes('\r') || line.includes('\n'))) return undefined;
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return { length: Math.min(lines.length, maxRows), cells: (index) => lines[index]!.split(delimiter) };
}

const isBlank = (cells: string[]) => cells.every((cell) => cell.trim() === '');

/** Reads CSV; row numbers are those a spreadsheet shows (header = row 1, blank lines count). */
export function readCsv(bytes: Uint8Array): RawTable<Iterable<RawRecord>> {
  const { text } = decodeText(bytes);
  if (text.includes('\u0000')) return failedTable('the file contains binary data (NUL bytes); it is not a CSV text file');
  if (text.trim() === '') return failedTable('the file is empty');

  let rows: CsvRows;
  try {
    const delimiter = delimiterOf(text);
    rows = plainCsvRows(text, delimiter, MAX_ROWS + 2) ?? parsedRows(parse(text, { delimiter, relax_quotes: true, relax_column_count: true, to: MAX_ROWS + 2 }) as string[][]);
  } catch (error) {
    const records = (error as { records?: number }).records;
    const where = typeof records === 'number' ? ` near row ${records + 1}` : '';
    return failedTable(`the CSV cannot be parsed${where}: ${errorText(error)}`);
  }
  let headerIndex = 0;
  while (headerIndex < rows.length && isBlank(rows.cells(headerIndex))) headerIndex++;
  if (headerIndex === rows.length) return failedTable('the file has no header row');
  if (rows.length - headerIndex - 1 > MAX_ROWS) return tooManyRows();

  const headers = rows.cells(headerIndex).map((cell) => cell.replace(/^\uFEFF/, '').trim());
  const width = lastFilledIndex(headers) + 1;
  // Worked out once, not per row: the first column of each non-empty header name (names an object already
  // has, such as "constructor" or "__proto__", are never set).
  const namedColumns: [string, number][] = [];
  headers.slice(0, width).forEach((header, column) => {
    if (header && !(header in Object.prototype) && !namedColumns.some(([name]) => name === header)) namedColumns.push([header, column]);
  });
  const problems: RowProblem[] = [];
  return { headers: headers.slice(0, width).filter(Boolean), records: recordsOf(rows, headerIndex, width, namedColumns, problems), problems };
}

function parsedRows(rows: string[][]): CsvRows {
  return { length: rows.length, cells: (index) => rows[index]! };
}

/** The data rows as records, made one at a time; a ragged row becomes a problem instead. */
function* recordsOf(rows: CsvRows, headerIndex: number, width: number, namedColumns: [string, number][], problems: RowProblem[]): Generator<RawRecord> {
  for (let index = headerIndex + 1; index < rows.length; index++) {
    const cells = rows.cells(index);
    const row = index + 1;
    if (isBlank(cells)) continue;
    const filled = lastFilledIndex(cells) + 1;
    if (cells.length < width || filled > width) {
      const count = cells.length < width ? cells.length : filled;
      problems.push({
        row,
        reason: 'ragged_row',
        message: `row ${row} has ${count} cells but the header has ${width} columns (a stray comma or a missing cell?)`,
      });
      continue;
    }
    const values: Record<string, unknown> = {};
    for (const [header, column] of namedColumns) values[header] = cells[column];
    yield { row, values };
  }
}

function lastFilledIndex(cells: string[]): number {
  for (let i = cells.length - 1; i >= 0; i--) if (cells[i]!.trim() !== '') return i;
  return -1;
}
