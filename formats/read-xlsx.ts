import { coded } from '../domain/problems';
import { failedTable, fileProblem, tooManyRows, type RawTable, type RecordSink } from './raw-table';
import { TableBuilder } from './xlsx-table';
import { scanWorksheet } from './xlsx-sheet';
import { readWorkbook } from './xlsx-workbook';
import { MAX_XLSX_UNCOMPRESSED_BYTES, XlsxLimitError } from './xlsx-limits';
import { readZipDirectory, streamZipEntry, ZipError } from './zip';

export { MAX_XLSX_UNCOMPRESSED_BYTES } from './xlsx-limits';

/** Compound-file signature: an old binary .xls, or an .xlsx saved with a password (Office encrypts it into one). */
const OLE_SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

const ignore = () => {};

/**
 * Reads the first worksheet (or the named one); row numbers are the sheet's own; the header is the first row that
 * `isHeader` accepts (the enrolment reader's: it names every required column), title rows above it skipped with a
 * notice saying which row was taken; without `isHeader`, the first row with a value. Cells give
 * what a user sees as the raw value: formulas their stored result (refused when it may be stale), rich text its plain
 * text, dates yyyy-mm-dd, zero-padded number formats their padded digits (see xlsx-sheet.ts). With a sink, records
 * go to it as the sheet is scanned and the table's `records` stay empty.
 */
export async function readXlsx(bytes: Uint8Array, sheetName?: string, sink?: RecordSink, isHeader?: (texts: string[]) => boolean): Promise<RawTable> {
  if (OLE_SIGNATURE.every((byte, i) => bytes[i] === byte)) {
    return failedTable('xlsx_old_binary_or_encrypted');
  }
  const directory = await readZipDirectory(bytes, MAX_XLSX_UNCOMPRESSED_BYTES);
  if (!directory.ok) return failedTable(directory.code, directory.params, directory.code === 'xlsx_expands_too_far' || directory.code === 'xlsx_zip64' ? 'too_large' : 'unreadable_file');
  // An OpenDocument spreadsheet is a zip too, named by its first entry: say what it is and what to do.
  if (directory.entries.has('mimetype') && directory.entries.has('content.xml') && !directory.entries.has('[Content_Types].xml')) return failedTable('file_format_ods');
  try {
    const workbook = await readWorkbook(directory.entries);
    const sheet = sheetName === undefined ? workbook.sheets[0] : workbook.sheets.find((candidate) => candidate.name === sheetName);
    if (!sheet) {
      return sheetName === undefined
        ? failedTable('xlsx_no_sheet')
        : failedTable('xlsx_sheet_not_found', { sheet: sheetName, sheets: workbook.sheets.map((s) => s.name) });
    }
    // Parts we do not read are checked all the same: a damaged archive is a broken upload, whichever part it hit.
    for (const entry of directory.entries.values()) if (entry !== sheet.entry) await streamZipEntry(entry, ignore);
    const others = workbook.sheets.filter((candidate) => candidate !== sheet).map((candidate) => candidate.name);
    let table = new TableBuilder(sink, sheet.name, others, workbook.recalcOnLoad, isHeader);
    const merges = await scanWorksheet(sheet.entry, workbook, (row) => table.addRow(row));
    if (merges.length && !table.tooManyRows) {
      // Merged cells show their top-left value in every cell (a school name merged down its lines); read again, filled.
      table = new TableBuilder(sink, sheet.name, others, workbook.recalcOnLoad, isHeader);
      await scanWorksheet(sheet.entry, workbook, (row) => table.addRow(row), merges);
    }
    if (table.tooManyRows) return tooManyRows();
    const read = table.result() ?? { headers: [], records: [], problems: [fileProblem('xlsx_sheet_empty', { sheet: sheet.name })] };
    // With several sheets, say which one was read, so a file whose data sit on the second sheet is not a mystery.
    return others.length && read.headers.length ? { ...read, notices: [coded('xlsx_sheet_read', { sheet: sheet.name, others }), ...(read.notices ?? [])] } : read;
  } catch (error) {
    if (error instanceof XlsxLimitError) return failedTable(error.code, error.params, 'too_large');
    if (error instanceof ZipError) return failedTable(error.code, error.params);
    return failedTable('xlsx_unreadable');
  }
}
