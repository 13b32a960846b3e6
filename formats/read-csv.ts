import { parse } from 'csv-parse/sync';
import { rowProblem, type RawRecord, type RowProblem } from '../domain/enrollment';
import { isUtf8 } from 'node:buffer';
import { plainCsvByteRows, plainCsvRows, type CsvRows } from './csv-rows';
import { failedTable, HEADER_SEARCH_ROWS, isHeaderRow, MAX_ROWS, tooManyRows, type RawTable } from './raw-table';
import { coded } from '../domain/problems';

export type TextEncoding = 'utf-8' | 'utf-16le' | 'gb18030';

/**
 * How spreadsheet software saved the text: a UTF-8 or UTF-16 byte-order mark decides; otherwise bytes that are
 * valid UTF-8 are UTF-8 and anything else is GB18030 (a superset of GBK, what Chinese Excel/WPS write for "CSV").
 * GBK Chinese text is practically never valid UTF-8.
 */
function encodingOf(bytes: Uint8Array): { encoding: TextEncoding; bomLength: number } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { encoding: 'utf-8', bomLength: 3 };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: 'utf-16le', bomLength: 2 };
  return { encoding: isUtf8(bytes) ? 'utf-8' : 'gb18030', bomLength: 0 };
}

/** The text, decoded as `encodingOf` says; invalid bytes become U+FFFD (Node's WHATWG decoders, full ICU as on Lambda). */
export function decodeText(bytes: Uint8Array): { text: string; encoding: TextEncoding } {
  const { encoding, bomLength } = encodingOf(bytes);
  return { text: new TextDecoder(encoding).decode(bytes.subarray(bomLength)), encoding };
}

/** Comma unless the header line is tab-separated ("Unicode text" exports) or semicolon-separated. */
function delimiterOf(text: string): string {
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  for (const candidate of ['\t', ';']) {
    if (firstLine.includes(candidate) && !firstLine.includes(',')) return candidate;
  }
  return ',';
}

const isBlank = (cells: string[]) => cells.every((cell) => cell.trim() === '');

/** Reads CSV; row numbers are those a spreadsheet shows (header = row 1, blank lines count). */
export function readCsv(bytes: Uint8Array): RawTable<Iterable<RawRecord>> {
  const rows = csvRows(bytes);
  if (!('cells' in rows)) return rows;
  let firstFilled = 0;
  while (firstFilled < rows.length && isBlank(rows.cells(firstFilled))) firstFilled++;
  if (firstFilled === rows.length) return failedTable(decodeText(bytes).text.trim() === '' ? 'file_empty' : 'csv_no_header');
  const headerIndex = headerRowIndex(rows, firstFilled);
  if (rows.length - headerIndex - 1 > MAX_ROWS) return tooManyRows();
  // Title rows above the header are skipped; say so, with the row the header came from.
  const notices = headerIndex > firstFilled ? [coded('csv_header_row_used', { row: headerIndex + 1 })] : [];

  const headers = rows.cells(headerIndex).map((cell) => cell.replace(/^\uFEFF/, '').trim());
  const width = lastFilledIndex(headers) + 1;
  // Worked out once, not per row: the first column of each non-empty header name (names an object already
  // has, such as "constructor" or "__proto__", are never set).
  const namedColumns: [string, number][] = [];
  headers.slice(0, width).forEach((header, column) => {
    if (header && !(header in Object.prototype) && !namedColumns.some(([name]) => name === header)) namedColumns.push([header, column]);
  });
  const problems: RowProblem[] = [];
  return { headers: headers.slice(0, width).filter(Boolean), records: recordsOf(rows, headerIndex, width, namedColumns, problems), problems, ...(notices.length ? { notices } : {}) };
}

/**
 * The header is the first row near the top that names every required column (a title row, a note or a unit line may
 * come first); when none does, the first non-blank row, so the normaliser reports the columns it lacks.
 */
function headerRowIndex(rows: CsvRows, firstFilled: number): number {
  for (let index = firstFilled, seen = 0; index < rows.length && seen < HEADER_SEARCH_ROWS; index++) {
    const cells = rows.cells(index);
    if (isBlank(cells)) continue;
    seen++;
    if (isHeaderRow(cells.map((cell) => cell.replace(/^\uFEFF/, '').trim()).filter(Boolean))) return index;
  }
  return firstFilled;
}

const NUL_BYTES = 'csv_binary';

/** The file's rows: from the bytes, row by row, when it is plain; otherwise decoded whole and given to csv-parse. */
function csvRows(bytes: Uint8Array): CsvRows | RawTable<Iterable<RawRecord>> {
  const { encoding, bomLength } = encodingOf(bytes);
  const body = bytes.subarray(bomLength);
  if (encoding !== 'utf-16le') {
    if (body.includes(0)) return failedTable(NUL_BYTES);
    // The first line as delimiterOf takes it from the text: up to the first LF, without a CR before it.
    const lf = body.indexOf(0x0a);
    const end = lf < 0 ? body.length : lf > 0 && body[lf - 1] === 0x0d ? lf - 1 : lf;
    const firstLine = new TextDecoder(encoding).decode(body.subarray(0, end));
    const rows = plainCsvByteRows(body, encoding, delimiterOf(firstLine), MAX_ROWS + 2);
    if (rows) return rows;
  }
  const { text } = decodeText(bytes);
  if (text.includes('\u0000')) return failedTable(NUL_BYTES);
  if (text.trim() === '') return failedTable('file_empty');
  try {
    const delimiter = delimiterOf(text);
    return plainCsvRows(text, delimiter, MAX_ROWS + 2) ?? parsedRows(parse(text, { delimiter, relax_quotes: true, relax_column_count: true, to: MAX_ROWS + 2 }) as string[][]);
  } catch (error) {
    const records = (error as { records?: number }).records;
    return typeof records === 'number' ? failedTable('csv_unparseable_near', { row: records + 1 }) : failedTable('csv_unparseable');
  }
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
      problems.push(rowProblem(row, 'ragged_row', 'csv_ragged_row', { cells: count, columns: width }));
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
