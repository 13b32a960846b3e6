import { rowProblem, type RawRecord, type RowProblem } from '../domain/enrollment';
import { failedTable, fileProblem, MAX_ROWS, tooManyRows, type RawTable, type RecordSink } from './raw-table';
import { columnLetters, scanWorksheet, STOP, type SheetRow } from './xlsx-sheet';
import { readWorkbook } from './xlsx-workbook';
import { readZipDirectory, streamZipEntry, ZipError } from './zip';

/**
 * Uncompressed size an XLSX may expand to, checked against the zip directory before anything is inflated (and each
 * entry is stopped at its declared size). The worksheet is streamed, not held, so this no longer bounds memory
 * (a national workbook, 104–148 MB of XML, peaks at ~0.35 GB like its CSV); it bounds time: scanning takes ~1.5 s
 * per 100 MB of XML on one core, twice that for a sheet with merged cells, within the upload Lambda's 29 s.
 */
export const MAX_XLSX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024;

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
    return failedTable('xlsx_old_binary_or_encrypted');
  }
  const directory = readZipDirectory(bytes, MAX_XLSX_UNCOMPRESSED_BYTES);
  if (!directory.ok) return failedTable(directory.code, directory.params, directory.code === 'xlsx_expands_too_far' || directory.code === 'xlsx_zip64' ? 'too_large' : 'unreadable_file');
  try {
    const workbook = readWorkbook(bytes, directory.entries);
    const sheet = sheetName === undefined ? workbook.sheets[0] : workbook.sheets.find((candidate) => candidate.name === sheetName);
    if (!sheet) {
      return sheetName === undefined
        ? failedTable('xlsx_no_sheet')
        : failedTable('xlsx_sheet_not_found', { sheet: sheetName, sheets: workbook.sheets.map((s) => s.name) });
    }
    // Parts we do not read are checked all the same: a damaged archive is a broken upload, whichever part it hit.
    for (const entry of directory.entries.values()) if (entry !== sheet.entry) await streamZipEntry(bytes, entry, ignore);
    let table = new TableBuilder(sink);
    const merges = await scanWorksheet(bytes, sheet.entry, workbook, (row) => table.addRow(row));
    if (merges.length && !table.tooManyRows) {
      // Merged cells show their top-left value in every cell (a school name merged down its lines); read again, filled.
      table = new TableBuilder(sink);
      await scanWorksheet(bytes, sheet.entry, workbook, (row) => table.addRow(row), merges);
    }
    if (table.tooManyRows) return tooManyRows();
    return table.result() ?? { headers: [], records: [], problems: [fileProblem('xlsx_sheet_empty', { sheet: sheet.name })] };
  } catch (error) {
    if (error instanceof ZipError) return failedTable(error.code, error.params);
    return failedTable('xlsx_unreadable');
  }
}

/** Turns rows of cells into records keyed by the header row's texts, and rows with stray values into problems. */
class TableBuilder {
  tooManyRows = false;
  private headers: Map<number, string> | undefined;
  private readonly records: RawRecord[] = [];
  private readonly problems: RowProblem[] = [];
  private receive: ((record: RawRecord) => void) | undefined;

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
    if (!this.headers) {
      this.headers = new Map();
      for (let i = 0; i < length; i++) if (!isBlank(values[i])) this.headers.set(columns[i]!, headerText(values[i]));
      this.receive = this.sink?.(this.headerTexts());
      return;
    }
    if (stray) {
      this.problems.push(rowProblem(row, 'ragged_row', 'cells_without_header', { columns: stray }));
      return;
    }
    const record: Record<string, unknown> = {};
    for (let i = 0; i < length; i++) {
      if (isBlank(values[i])) continue;
      const header = this.headers.get(columns[i]!)!;
      if (!(header in record)) record[header] = values[i];
    }
    if (this.receive) this.receive({ row, values: record });
    else this.records.push({ row, values: record });
  }

  result(): RawTable | undefined {
    return this.headers && { headers: this.headerTexts(), records: this.records, problems: this.problems };
  }

  private headerTexts(): string[] {
    return [...new Set(this.headers!.values())];
  }
}
