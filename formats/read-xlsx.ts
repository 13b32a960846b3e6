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

  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ArrayBuffer);
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

  let headerRow: number | undefined;
  const headers = new Map<number, string>();
  const records: RawRecord[] = [];
  const problems: RowProblem[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: [number, unknown][] = [];
    row.eachCell({ includeEmpty: false }, (cell, column) => {
      const raw = cellToRaw(cell);
      if (raw !== undefined && String(raw).trim() !== '') cells.push([column, raw]);
    });
    if (cells.length === 0) return;
    if (headerRow === undefined) {
      headerRow = rowNumber;
      for (const [column, raw] of cells) headers.set(column, headerText(raw));
      return;
    }
    const values: Record<string, unknown> = {};
    const stray = cells.filter(([column]) => !headers.get(column));
    if (stray.length) {
      const columns = stray.map(([column]) => sheet.getColumn(column).letter).join(', ');
      problems.push({ row: rowNumber, reason: 'ragged_row', message: `row ${rowNumber} has values in column(s) ${columns}, which have no header` });
      return;
    }
    for (const [column, raw] of cells) {
      const header = headers.get(column)!;
      if (!(header in values)) values[header] = raw;
    }
    records.push({ row: rowNumber, values });
  });
  if (headerRow === undefined) return { headers: [], records: [], problems: [fileProblem(`sheet "${sheet.name}" is empty (no header row)`)] };
  return { headers: [...new Set(headers.values())], records, problems };
}
