import type { RawRecord, RowProblem } from '../domain/enrollment';
import { errorText, failedTable, fileProblem, MAX_ROWS, tooManyRows, type RawTable, type RecordSink } from './raw-table';
import { columnLetters, scanWorksheet, STOP, type SheetRow } from './xlsx-sheet';
import { readWorkbook } from './xlsx-workbook';
import { MAX_XLSX_UNCOMPRESSED_BYTES, XlsxLimitError } from './xlsx-limits';
import { readZipDirectory, streamZipEntry, ZipError } from './zip';

export { MAX_XLSX_UNCOMPRESSED_BYTES } from './xlsx-limits';

/** Compound-file signature: an old binary .xls, or an .xlsx saved with a password (Office encrypts it into one). */
const OLE_SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

const isBlank = (value: unknown) => typeof value === 'string' && value.trim() === '';

const ignore = () => {};

function headerText(value: unknown): string {
  return value === undefined || value === null ? '' : String(value).replace(/^\uFEFF/, '').trim();
}

/**
 * Reads the first worksheet (or the named one); row numbers are the sheet's own, the first row with a value is the
 * header. Cells give what a user sees as the raw value: formulas their cached result, rich text its plain text,
 * dates yyyy-mm-dd, zero-padded number formats their padded digits (see xlsx-sheet.ts). With a sink, records go
 * to it as the sheet is scanned and the table's `records` stay empty.
 */
export async function readXlsx(bytes: Uint8Array, sheetName?: string, sink?: RecordSink): Promise<RawTable> {
  if (OLE_SIGNATURE.every((byte, i) => bytes[i] === byte)) {
    return failedTable('the file is an old binary .xls or a password-protected workbook; save it as an .xlsx without a password, or as CSV');
  }
  const directory = await readZipDirectory(bytes, MAX_XLSX_UNCOMPRESSED_BYTES);
  if (!directory.ok) return failedTable(directory.message, /expand|too large/.test(directory.message) ? 'too_large' : 'unreadable_file');
  try {
    const workbook = await readWorkbook(directory.entries);
    const sheet = sheetName === undefined ? workbook.sheets[0] : workbook.sheets.find((candidate) => candidate.name === sheetName);
    if (!sheet) {
      return sheetName === undefined
        ? failedTable('the workbook has no worksheet')
        : failedTable(`the workbook has no sheet "${sheetName}" (sheets: ${workbook.sheets.map((s) => s.name).join(', ')})`);
    }
    // Parts we do not read are checked all the same: a damaged archive is a broken upload, whichever part it hit.
    for (const entry of directory.entries.values()) if (entry !== sheet.entry) await streamZipEntry(entry, ignore);
    let table = new TableBuilder(sink);
    const merges = await scanWorksheet(sheet.entry, workbook, (row) => table.addRow(row));
    if (merges.length && !table.tooManyRows) {
      // Merged cells show their top-left value in every cell (a school name merged down its lines); read again, filled.
      table = new TableBuilder(sink);
      await scanWorksheet(sheet.entry, workbook, (row) => table.addRow(row), merges);
    }
    if (table.tooManyRows) return tooManyRows();
    return table.result() ?? { headers: [], records: [], problems: [fileProblem(`sheet "${sheet.name}" is empty (no header row)`)] };
  } catch (error) {
    if (error instanceof XlsxLimitError) return failedTable(`the XLSX file is refused: ${error.message}`, 'too_large');
    if (error instanceof ZipError) return failedTable(error.message);
    return failedTable(`the XLSX file cannot be read (corrupt or not a workbook): ${errorText(error)}`);
  }
}

/** Turns rows of cells into records keyed by the header row's texts, and rows with stray values into problems. */
class TableBuilder {
  tooManyRows = false;
  /** Rows with a value, counted as they come: row numbers can repeat in a crafted sheet, so they cannot be the bound. */
  private filledRows = 0;
  private headers: Map<number, string> | undefined;
  private readonly records: RawRecord[] = [];
  private readonly problems: RowProblem[] = [];
  private receive: ((record: RawRecord) => boolean) | undefined;

  constructor(private readonly sink: RecordSink | undefined) {}

  addRow({ number: row, length, columns, values }: SheetRow): typeof STOP | void {
    if (row - 1 > MAX_ROWS) {
      this.tooManyRows = true;
      return STOP;
    }
    let filled = 0;
    let stray: string[] | undefined;
    for (let i = 0; i < length; i++) {
      if (isBlank(values[i])) continue;
      filled++;
      if (this.headers && !this.headers.get(columns[i]!)) (stray ??= []).push(columnLetters(columns[i]!));
    }
    if (filled === 0) return;
    if (++this.filledRows - 1 > MAX_ROWS) {
      this.tooManyRows = true;
      return STOP;
    }
    if (!this.headers) {
      this.headers = new Map();
      for (let i = 0; i < length; i++) if (!isBlank(values[i])) this.headers.set(columns[i]!, headerText(values[i]));
      this.receive = this.sink?.(this.headerTexts());
      return;
    }
    if (stray) {
      this.problems.push({ row, reason: 'ragged_row', message: `row ${row} has values in column(s) ${stray.join(', ')}, which have no header` });
      return;
    }
    const record: Record<string, unknown> = {};
    for (let i = 0; i < length; i++) {
      if (isBlank(values[i])) continue;
      const header = this.headers.get(columns[i]!)!;
      if (!(header in record)) record[header] = values[i];
    }
    if (!this.receive) this.records.push({ row, values: record });
    // The receiver has seen enough to refuse the file (too many problems): the rest need not be read.
    else if (!this.receive({ row, values: record })) return STOP;
  }

  result(): RawTable | undefined {
    return this.headers && { headers: this.headerTexts(), records: this.records, problems: this.problems };
  }

  private headerTexts(): string[] {
    return [...new Set(this.headers!.values())];
  }
}
