import type { EnrollmentLine, RawRecord, RowProblem } from '../domain/enrollment';
import { linesOf, type EnrollmentColumns } from '../domain/enrollment-columns';
import { enrollmentNormalizer, normalizeEnrollment, type EnrollmentNormalizer, type NormalizedColumns, type NormalizedEnrollment } from '../domain/enrollment-normalizer';
import { createHash } from 'node:crypto';
import { sha256 } from '../domain/hash';
import type { Coded } from '../domain/problems';
import { csvChunkReader, type NotStreamable } from './csv-stream';
import { readCsv } from './read-csv';
import { readJson } from './read-json';
import { readXlsx } from './read-xlsx';
import { failedTable, isHeaderRow, MAX_FILE_BYTES, type CellSink, type RawTable, type RecordSink } from './raw-table';

export type EnrollmentFormat = 'csv' | 'xlsx' | 'json';

export interface ReadEnrollmentOptions {
  format?: EnrollmentFormat;
  fileName?: string;
  /** XLSX only: the sheet to read; the first sheet when absent. */
  sheet?: string;
}

export interface ReadEnrollmentOutcome {
  format: EnrollmentFormat;
  lines: EnrollmentLine[];
  /** Every bad row with its number; row 0 is a problem with the file as a whole. */
  problems: RowProblem[];
  /** sha256 of the bytes as given, so a run records exactly which file it used. */
  hash: string;
  /** What was decided about the file that a person should know: which sheet was read, which row was the header. */
  notices: Coded[];
}

/** The same outcome with the lines as columns (domain/enrollment-columns.ts), for the engine; no object per line. */
export type ReadEnrollmentColumnsOutcome = Omit<ReadEnrollmentOutcome, 'lines'> & { columns: EnrollmentColumns };

const NO_COLUMNS: EnrollmentColumns = { length: 0, row: new Int32Array(0), schoolId: new Int32Array(0), schoolName: new Int32Array(0), city: new Int32Array(0), majorCode: new Int32Array(0), students: new Int32Array(0), schoolType: new Uint8Array(0), ownership: new Uint8Array(0), classType: new Uint8Array(0), texts: [] };

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

function startsWith(bytes: Uint8Array, prefix: number[]): boolean {
  return prefix.every((byte, i) => bytes[i] === byte);
}

/** Format by option, else by file extension, else by content (zip → XLSX, leading [ or { → JSON, else CSV). */
export function detectFormat(bytes: Uint8Array, options: ReadEnrollmentOptions = {}): EnrollmentFormat | { unsupported: 'xls' | 'et' | 'ods' } {
  if (options.format) return options.format;
  const extension = options.fileName?.toLowerCase().match(/\.([a-z0-9]+)$/)?.[1];
  if (extension === 'csv' || extension === 'txt' || extension === 'tsv') return 'csv';
  if (extension === 'xlsx' || extension === 'xlsm') return 'xlsx';
  if (extension === 'json') return 'json';
  if (extension === 'xls' || extension === 'et' || extension === 'ods') return { unsupported: extension };
  if (startsWith(bytes, ZIP_MAGIC)) return 'xlsx';
  const head = new TextDecoder().decode(bytes.subarray(0, 64)).replace(/^\uFEFF/, '').trimStart();
  if (head.startsWith('[') || head.startsWith('{')) return 'json';
  return 'csv';
}

async function readRaw(bytes: Uint8Array, format: EnrollmentFormat, sheet: string | undefined, sinks: { records: RecordSink; cells: CellSink }): Promise<RawTable<Iterable<RawRecord>>> {
  if (format === 'xlsx') return readXlsx(bytes, sheet, sinks.records, isHeaderRow);
  if (startsWith(bytes, ZIP_MAGIC)) return failedTable('file_is_xlsx', { format });
  return format === 'json' ? readJson(bytes) : readCsv(bytes, sinks.cells);
}

/**
 * Reads an enrolment file (SPEC §2) into normalised lines plus every problem found. Never throws on
 * bad bytes: anything unreadable comes back as a problem at row 0.
 */
export async function readEnrollment(bytes: Uint8Array, options: ReadEnrollmentOptions = {}): Promise<ReadEnrollmentOutcome> {
  const hash = sha256(bytes);
  const detected = detectFormat(bytes, options);
  const format: EnrollmentFormat = typeof detected === 'string' ? detected : 'csv';
  const fail = (table: RawTable<Iterable<RawRecord>>) => ({ format, lines: [], problems: table.problems, hash, notices: table.notices ?? [] });

  if (typeof detected !== 'string') return fail(failedTable(`file_format_${detected.unsupported}`));
  if (bytes.byteLength === 0) return fail(failedTable('file_empty'));
  if (bytes.byteLength > MAX_FILE_BYTES) {
    return fail(failedTable('file_too_big', { megabytes: (bytes.byteLength / 2 ** 20).toFixed(1), maximum: MAX_FILE_BYTES / 2 ** 20 }, 'too_large'));
  }
  let table: RawTable<Iterable<RawRecord>>;
  let normalized: NormalizedEnrollment;
  const streamed = streamingNormalizer();
  try {
    table = await readRaw(bytes, format, options.sheet, streamed);
    if (table.problems.some((problem) => problem.row === 0)) return fail(table);
    // An XLSX sheet's records and a CSV's rows were normalised as the file was read; a JSON file's are here.
    normalized = streamed.result() ?? normalizeEnrollment(table.records, table.headers);
  } catch {
    // The readers handle every failure they know of; this keeps a parser bug from crashing a request.
    return fail(failedTable('file_unparseable', { format }));
  }
  const problems = [...table.problems, ...normalized.problems].sort((a, b) => a.row - b.row);
  return { format, lines: normalized.lines, problems, hash, notices: table.notices ?? [] };
}

/** Rows a CSV read in pieces may have: the engine holds ~0.25 KB per line, so 20 M lines is about as much as 8 GB holds. */
export const MAX_STREAMED_ROWS = 20_000_000;

/**
 * Reads a CSV enrolment file that arrives in pieces (the CLI reads files this way, so a file of any size is never
 * held whole): the same lines, problems and hash as readEnrollment gives for the same bytes (formats/csv-stream.ts).
 * A file that is not plain CSV (quoted cells, CR or mixed line breaks, UTF-16) is `notPlain`: read it whole.
 */
export async function readEnrollmentPieces(pieces: () => AsyncIterable<Uint8Array>, options: { maxRows?: number; fileBytes?: number } = {}): Promise<ReadEnrollmentOutcome | { notPlain: string }> {
  const read = await readEnrollmentColumnPieces(pieces, options);
  if ('notPlain' in read) return read;
  const { columns, ...rest } = read;
  return { format: rest.format, lines: linesOf(columns), problems: rest.problems, hash: rest.hash, notices: rest.notices };
}

/** As readEnrollmentPieces, the lines as columns (what the CLI's allocate hands the engine). */
export async function readEnrollmentColumnPieces(pieces: () => AsyncIterable<Uint8Array>, options: { maxRows?: number; fileBytes?: number } = {}): Promise<ReadEnrollmentColumnsOutcome | { notPlain: string }> {
  let encoding: 'utf-8' | 'gb18030' | undefined;
  for (;;) {
    const hash = createHash('sha256');
    // A line takes at least ~40 bytes (a school id, a Chinese name, a major code…): the columns are sized for that.
    const streamed = streamingNormalizer(options.fileBytes ? Math.ceil(options.fileBytes / 40) : undefined);
    const reader = csvChunkReader(streamed.cells, { maxRows: options.maxRows ?? MAX_STREAMED_ROWS, ...(encoding ? { encoding } : {}) });
    let stopped: NotStreamable | undefined;
    let reading = true;
    for await (const piece of pieces()) {
      hash.update(piece);
      // Once the reader has its outcome it still sees every piece (it looks for NUL bytes and quotes), and says false.
      const taken = reader.push(piece);
      if (!reading) continue;
      if (typeof taken === 'object') {
        stopped = taken;
        break;
      }
      reading = taken;
    }
    const table = stopped ?? reader.end();
    if ('restartAs' in table) {
      encoding = table.restartAs;
      continue;
    }
    if ('notPlain' in table) return table;
    const fail = { format: 'csv' as const, columns: NO_COLUMNS, problems: table.problems, hash: `sha256:${hash.digest('hex')}`, notices: table.notices ?? [] };
    if (table.problems.some((problem) => problem.row === 0)) return fail;
    const normalized = streamed.columns() ?? { columns: NO_COLUMNS, problems: [] };
    return { ...fail, columns: normalized.columns, problems: [...table.problems, ...normalized.problems].sort((a, b) => a.row - b.row) };
  }
}

/** Normalises records as a reader hands them over, so they never all exist at once; a new header row starts over. */
function streamingNormalizer(expectedLines?: number): { records: RecordSink; cells: CellSink; result: () => NormalizedEnrollment | undefined; columns: () => NormalizedColumns | undefined } {
  let current: EnrollmentNormalizer | NormalizedEnrollment | undefined;
  // Without a required column the file's problem is already known; its records need no reading.
  const ignore = () => false;
  const records: RecordSink = (headers) => {
    const normalizer = (current = enrollmentNormalizer(headers));
    return 'add' in normalizer ? (record) => normalizer.add(record) : ignore;
  };
  const cells: CellSink = (headers, columns) => {
    const normalizer = (current = enrollmentNormalizer(headers, columns, expectedLines ? { expectedLines } : {}));
    return 'add' in normalizer ? Object.assign((row: number, rowCells: readonly string[]) => normalizer.addCells(row, rowCells), { clean: normalizer.clean }) : ignore;
  };
  return {
    records,
    cells,
    result: () => (current && 'add' in current ? current.finish() : current),
    columns: () => (current && 'add' in current ? current.finishColumns() : current ? { columns: NO_COLUMNS, problems: current.problems } : undefined),
  };
}
