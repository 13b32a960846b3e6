import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { RawRecord, RowProblem } from '../domain/enrollment';
import { errorText, failedTable, fileProblem, MAX_ROWS, tooManyRows, type RawTable } from './raw-table';
import { checkZip } from './zip-guard';

/**
 * Uncompressed size an XLSX may expand to. The workbook is parsed in memory, which costs roughly
 * 15× its uncompressed size (260,000 lines ≈ 106 MB of XML ≈ 1.5 GB), so this bounds memory; files
 * larger than a province's belong in CSV, which is read without that overhead.
 */
export const MAX_XLSX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024;

/**
 * A cell as the raw value a user sees: formulas give their cached result, rich text its plain text,
 * hyperlinks their text. A number shown with a zero-padding format such as "0000" keeps its padding,
 * because Excel turns a typed major code "0101" into the number 101 unless the column is text.
 */
export function cellToRaw(cell: ExcelJS.Cell): unknown {
  return plainValue(cell.value, cell.numFmt);
}

function plainValue(value: ExcelJS.CellValue | undefined, numFmt: string | undefined): unknown {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'number') {
    const padding = numFmt && /^0+$/.test(numFmt) ? numFmt.length : 0;
    return padding && Number.isInteger(value) && value >= 0 ? String(value).padStart(padding, '0') : value;
  }
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if ('richText' in value) return value.richText.map((run) => run.text).join('');
  if ('formula' in value || 'sharedFormula' in value) return plainValue(value.result as ExcelJS.CellValue | undefined, numFmt);
  if ('hyperlink' in value) return value.text;
  if ('error' in value) return value.error;
  return String(value);
}

function headerText(value: unknown): string {
  return value === undefined || value === null ? '' : String(value).replace(/^\uFEFF/, '').trim();
}

/** Reads the first worksheet (or the named one); row numbers are the sheet's own. */
export async function readXlsx(bytes: Uint8Array, sheetName?: string): Promise<RawTable> {
  const zip = checkZip(bytes, MAX_XLSX_UNCOMPRESSED_BYTES);
  if (!zip.ok) return failedTable(zip.message, zip.message.includes('expand') || zip.message.includes('too large') ? 'too_large' : 'unreadable_file');
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  try {
    const streamed = await readStreaming(buffer, sheetName);
    if (streamed) return streamed;
  } catch {
    // The in-memory reader below reports the same damage in its own words, as it always has.
  }
  return readInMemory(buffer, sheetName);
}

/** Collects a sheet's rows into records, whichever reader supplies them. */
class SheetRows {
  private headerRow: number | undefined;
  private readonly headers = new Map<number, string>();
  readonly records: RawRecord[] = [];
  readonly problems: RowProblem[] = [];

  add(row: ExcelJS.Row, rowNumber: number, columnLetter: (column: number) => string): void {
    const cells: [number, unknown][] = [];
    row.eachCell({ includeEmpty: false }, (cell, column) => {
      const raw = cellToRaw(cell);
      if (raw !== undefined && String(raw).trim() !== '') cells.push([column, raw]);
    });
    if (cells.length === 0) return;
    if (this.headerRow === undefined) {
      this.headerRow = rowNumber;
      for (const [column, raw] of cells) this.headers.set(column, headerText(raw));
      return;
    }
    const values: Record<string, unknown> = {};
    const stray = cells.filter(([column]) => !this.headers.get(column));
    if (stray.length) {
      const columns = stray.map(([column]) => columnLetter(column)).join(', ');
      this.problems.push({ row: rowNumber, reason: 'ragged_row', message: `row ${rowNumber} has values in column(s) ${columns}, which have no header` });
      return;
    }
    for (const [column, raw] of cells) {
      const header = this.headers.get(column)!;
      if (!(header in values)) values[header] = raw;
    }
    this.records.push({ row: rowNumber, values });
  }

  table(sheet: string): RawTable {
    if (this.headerRow === undefined) return { headers: [], records: [], problems: [fileProblem(`sheet "${sheet}" is empty (no header row)`)] };
    return { headers: [...new Set(this.headers.values())], records: this.records, problems: this.problems };
  }
}

/** Excel's column name: 1 → A, 27 → AA. */
function columnName(column: number): string {
  let name = '';
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

/**
 * Row by row with exceljs's streaming reader, so memory stays flat (the in-memory model of a national workbook
 * took 1.5–2 GB). Returns undefined when the sheet cannot be identified while streaming (workbook.xml after the
 * sheets in the zip); the caller then uses the in-memory reader.
 */
async function readStreaming(buffer: Buffer, sheetName: string | undefined): Promise<RawTable | undefined> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([buffer]), {
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'ignore',
  });
  const model = () => (reader as unknown as { model?: { sheets?: { name: string }[] } }).model;
  let found: RawTable | undefined;
  for await (const worksheet of reader) {
    const sheets = model()?.sheets;
    const name = (worksheet as unknown as { name: string }).name;
    const wanted = sheetName ?? sheets?.[0]?.name;
    if (!sheets || wanted === undefined) return undefined;
    if (found || name !== wanted) {
      for await (const _row of worksheet) {
        // Another sheet: drained, so the zip stream moves on.
      }
      continue;
    }
    const rows = new SheetRows();
    let count = 0;
    for await (const row of worksheet) {
      if (++count > MAX_ROWS + 1) return tooManyRows();
      rows.add(row, row.number, columnName);
    }
    found = rows.table(name);
  }
  if (found) return found;
  const names = model()?.sheets?.map((sheet) => sheet.name);
  if (!names) return undefined;
  if (sheetName === undefined) return names.length ? undefined : failedTable('the workbook has no worksheet');
  return failedTable(`the workbook has no sheet "${sheetName}" (sheets: ${names.join(', ')})`);
}

async function readInMemory(buffer: Buffer, sheetName: string | undefined): Promise<RawTable> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  } catch (error) {
    return failedTable(`the XLSX file cannot be read (corrupt or not a workbook): ${errorText(error)}`);
  }
  const sheets = workbook.worksheets;
  const sheet = sheetName === undefined ? sheets[0] : sheets.find((candidate) => candidate.name === sheetName);
  if (!sheet) {
    return sheetName === undefined
      ? failedTable('the workbook has no worksheet')
      : failedTable(`the workbook has no sheet "${sheetName}" (sheets: ${sheets.map((s) => s.name).join(', ')})`);
  }
  if (sheet.rowCount - 1 > MAX_ROWS) return tooManyRows();
  const rows = new SheetRows();
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => rows.add(row, rowNumber, (column) => sheet.getColumn(column).letter));
  return rows.table(sheet.name);
}
