import { isUtf8 } from 'node:buffer';
import { plainCsvByteRows, plainCsvRows, type CsvRows } from './csv-rows';
import { csvTableBuilder } from './csv-table';
import { failedTable, MAX_ROWS, type CellSink, type RawTable } from './raw-table';

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
export function delimiterOf(text: string): string {
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  for (const candidate of ['\t', ';']) {
    if (firstLine.includes(candidate) && !firstLine.includes(',')) return candidate;
  }
  return ',';
}

/**
 * Reads CSV; row numbers are those a spreadsheet shows (header = row 1, blank lines count). Each data row's cells go
 * to the sink as the file is read; the table's `records` stay empty.
 */
export async function readCsv(bytes: Uint8Array, sink: CellSink): Promise<RawTable> {
  const rows = await csvRows(bytes);
  if (!('cells' in rows)) return rows;
  const table = csvTableBuilder(sink);
  for (let index = 0; index < rows.length && table.row(rows.cells(index)); index++);
  return table.finish();
}

export const NUL_BYTES = 'csv_binary';

/** The file's rows: from the bytes, row by row, when it is plain; otherwise decoded whole and given to csv-parse. */
async function csvRows(bytes: Uint8Array): Promise<CsvRows | RawTable> {
  const { encoding, bomLength } = encodingOf(bytes);
  const body = bytes.subarray(bomLength);
  if (encoding !== 'utf-16le') {
    if (body.includes(0)) return failedTable(NUL_BYTES);
    // The first line as delimiterOf takes it from the text: up to the first LF, without a CR before it.
    const lf = body.indexOf(0x0a);
    const end = lf < 0 ? body.length : lf > 0 && body[lf - 1] === 0x0d ? lf - 1 : lf;
    const firstLine = new TextDecoder(encoding).decode(body.subarray(0, end));
    const rows = plainCsvByteRows(body, encoding, delimiterOf(firstLine), Number.MAX_SAFE_INTEGER);
    if (rows) return rows;
  }
  const { text } = decodeText(bytes);
  if (text.includes('\u0000')) return failedTable(NUL_BYTES);
  if (text.trim() === '') return failedTable('file_empty');
  try {
    const delimiter = delimiterOf(text);
    // Parsing stops well past the row limit (leading blank rows included); csvTableBuilder refuses the file there.
    const plain = plainCsvRows(text, delimiter, Number.MAX_SAFE_INTEGER);
    if (plain) return plain;
    // csv-parse is loaded only for a file that needs it (quotes that are not plain), not at every start-up.
    const { parse } = await import('csv-parse/sync');
    return parsedRows(parse(text, { delimiter, relax_quotes: true, relax_column_count: true, to: 2 * MAX_ROWS }) as string[][]);
  } catch (error) {
    const records = (error as { records?: number }).records;
    return typeof records === 'number' ? failedTable('csv_unparseable_near', { row: records + 1 }) : failedTable('csv_unparseable');
  }
}

function parsedRows(rows: string[][]): CsvRows {
  return { length: rows.length, cells: (index) => rows[index]! };
}
