import { parse } from 'csv-parse/sync';
import type { RawRecord, RowProblem } from '../domain/enrollment';
import { isUtf8 } from 'node:buffer';
import { plainCsvByteRows, plainCsvRows, type CsvRows } from './csv-rows';
import { errorText, failedTable, MAX_ROWS, tooManyRows, type CellSink, type RawTable } from './raw-table';

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

/**
 * Reads CSV; row numbers are those a spreadsheet shows (header = row 1, blank lines count). With a sink, each data
 * row's cells go to it as the file is read and the table's `records` stay empty.
 */
export function readCsv(bytes: Uint8Array, sink?: CellSink): RawTable<Iterable<RawRecord>> {
  const rows = csvRows(bytes);
  if (!('cells' in rows)) return rows;
  let headerIndex = 0;
  while (headerIndex < rows.length && isBlank(rows.cells(headerIndex))) headerIndex++;
  if (headerIndex === rows.length) return failedTable(decodeText(bytes).text.trim() === '' ? 'the file is empty' : 'the file has no header row');
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
  const names = headers.slice(0, width).filter(Boolean);
  if (!sink) return { headers: names, records: recordsOf(rows, headerIndex, width, namedColumns, problems), problems };
  eachDataRow(rows, headerIndex, width, problems, sink(names, headers.slice(0, width)));
  return { headers: names, records: [], problems };
}

const NUL_BYTES = 'the file contains binary data (NUL bytes); it is not a CSV text file';

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
  if (text.trim() === '') return failedTable('the file is empty');
  try {
    const delimiter = delimiterOf(text);
    return plainCsvRows(text, delimiter, MAX_ROWS + 2) ?? parsedRows(parse(text, { delimiter, relax_quotes: true, relax_column_count: true, to: MAX_ROWS + 2 }) as string[][]);
  } catch (error) {
    const records = (error as { records?: number }).records;
    const where = typeof records === 'number' ? ` near row ${records + 1}` : '';
    return failedTable(`the CSV cannot be parsed${where}: ${errorText(error)}`);
  }
}

function parsedRows(rows: string[][]): CsvRows {
  return { length: rows.length, cells: (index) => rows[index]! };
}

/** The data rows as records, made one at a time; a ragged row becomes a problem instead. */
function* recordsOf(rows: CsvRows, headerIndex: number, width: number, namedColumns: [string, number][], problems: RowProblem[]): Generator<RawRecord> {
  for (let index = headerIndex + 1; index < rows.length; index++) {
    const cells = dataRow(rows, index, width, problems);
    if (!cells) continue;
    const values: Record<string, unknown> = {};
    for (const [header, column] of namedColumns) values[header] = cells[column];
    yield { row: index + 1, values };
  }
}

function eachDataRow(rows: CsvRows, headerIndex: number, width: number, problems: RowProblem[], receive: (row: number, cells: readonly string[]) => void): void {
  for (let index = headerIndex + 1; index < rows.length; index++) {
    const cells = dataRow(rows, index, width, problems);
    if (cells) receive(index + 1, cells);
  }
}

/** A data row's cells; undefined for a blank row, and for a ragged one, which becomes a problem instead. */
function dataRow(rows: CsvRows, index: number, width: number, problems: RowProblem[]): string[] | undefined {
  const cells = rows.cells(index);
  const row = index + 1;
  if (isBlank(cells)) return undefined;
  const filled = lastFilledIndex(cells) + 1;
  if (cells.length < width || filled > width) {
    const count = cells.length < width ? cells.length : filled;
    problems.push({
      row,
      reason: 'ragged_row',
      message: `row ${row} has ${count} cells but the header has ${width} columns (a stray comma or a missing cell?)`,
    });
    return undefined;
  }
  return cells;
}

function lastFilledIndex(cells: string[]): number {
  for (let i = cells.length - 1; i >= 0; i--) if (cells[i]!.trim() !== '') return i;
  return -1;
}
