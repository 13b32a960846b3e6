/**
 * Test helpers for XLSX (never imported by product code): exceljs, a dev dependency only, as an independent reader
 * and writer to check ours against, and workbooks assembled from hand-written XML parts.
 */
import ExcelJS from 'exceljs';
import { PassThrough } from 'node:stream';
import { rowProblem, type RawRecord, type RowProblem } from '../domain/enrollment';
import type { RawTable } from './raw-table';
import { writeZip } from './zip';

/** What the exceljs-based reader (before our own) made of a cell: formulas' results, rich text joined, "0000" padding. */
function referenceValue(value: ExcelJS.CellValue | undefined, numFmt: string | undefined): unknown {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'number') {
    const padding = numFmt && /^0+$/.test(numFmt) ? numFmt.length : 0;
    return padding && Number.isInteger(value) && value >= 0 ? String(value).padStart(padding, '0') : value;
  }
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if ('richText' in value) return value.richText.map((run) => run.text).join('');
  if ('formula' in value || 'sharedFormula' in value) return referenceValue(value.result as ExcelJS.CellValue | undefined, numFmt);
  if ('hyperlink' in value) return value.text;
  if ('error' in value) return value.error;
  return String(value);
}

/** The table the exceljs-based readXlsx produced, rule for rule, for cross-checking ours on the same bytes. */
export async function referenceReadXlsx(bytes: Uint8Array, sheetName?: string): Promise<RawTable> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  const sheet = sheetName === undefined ? workbook.worksheets[0] : workbook.worksheets.find((candidate) => candidate.name === sheetName);
  if (!sheet) throw new Error(`no sheet ${sheetName}`);
  let headerRow: number | undefined;
  const headers = new Map<number, string>();
  const records: RawRecord[] = [];
  const problems: RowProblem[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: [number, unknown][] = [];
    // Formula cells whose stored result cannot be trusted (none, 0 or empty), as our reader refuses them.
    const uncalculated: number[] = [];
    row.eachCell({ includeEmpty: false }, (cell, column) => {
      const raw = referenceValue(cell.value, cell.numFmt);
      const value = cell.value as ExcelJS.CellFormulaValue | null;
      if (value && typeof value === 'object' && 'formula' in value && (value.result === undefined || value.result === 0 || value.result === '')) uncalculated.push(column);
      if (raw !== undefined && String(raw).trim() !== '') cells.push([column, raw]);
    });
    if (cells.length === 0 && (headerRow === undefined || uncalculated.length === 0)) return;
    if (headerRow === undefined) {
      headerRow = rowNumber;
      for (const [column, raw] of cells) headers.set(column, String(raw).replace(/^\uFEFF/, '').trim());
      return;
    }
    const stray = cells.filter(([column]) => !headers.get(column));
    if (stray.length) {
      problems.push(rowProblem(rowNumber, 'ragged_row', 'cells_without_header', { columns: stray.map(([column]) => sheet.getColumn(column).letter) }));
      return;
    }
    const stale = uncalculated.filter((column) => headers.get(column));
    if (stale.length) {
      for (const column of stale) problems.push(rowProblem(rowNumber, 'stale_formula', 'xlsx_formula_not_calculated', { cell: `${sheet.getColumn(column).letter}${rowNumber}` }));
      return;
    }
    const values: Record<string, unknown> = {};
    for (const [column, raw] of cells) {
      const header = headers.get(column)!;
      if (!(header in values)) values[header] = raw;
    }
    records.push({ row: rowNumber, values });
  });
  return { headers: [...new Set(headers.values())], records, problems };
}

/** A workbook built with exceljs's in-memory model (shared strings, styles), as Excel-like tools write it. */
export async function excelJsWorkbook(build: (workbook: ExcelJS.Workbook) => void): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  build(workbook);
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

/** A one-sheet workbook from exceljs's streaming writer: every string inline in the sheet XML (t="str"). */
export async function excelJsInlineWorkbook(rows: unknown[][]): Promise<Uint8Array> {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useSharedStrings: false });
  const sheet = workbook.addWorksheet('在校生');
  for (const row of rows) sheet.addRow(row).commit();
  sheet.commit();
  await workbook.commit();
  return new Uint8Array(Buffer.concat(chunks));
}

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const RELATIONSHIPS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

export interface HandMadeWorkbook {
  /** Sheets in tab order; `xml` is the content of <sheetData> unless it starts with "<?xml" (a whole part). */
  sheets: { name: string; xml: string; path?: string }[];
  sharedStrings?: string[];
  /** <numFmts> content and the <cellXfs> content. */
  numFmts?: string;
  cellXfs?: string;
  workbookPr?: string;
}

/** A workbook from hand-written XML, for what the exceljs writer never produces (missing `r`, prefixes, CDATA…). */
export function handMadeWorkbook(book: HandMadeWorkbook): Promise<Uint8Array> {
  const paths = book.sheets.map((sheet, i) => sheet.path ?? `worksheets/sheet${i + 1}.xml`);
  const parts: Record<string, string> = {
    '[Content_Types].xml': '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
    '_rels/.rels': `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${RELATIONSHIPS}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    'xl/workbook.xml':
      `<workbook xmlns="${MAIN}" xmlns:r="${RELATIONSHIPS}">${book.workbookPr ?? ''}<sheets>` +
      book.sheets.map((sheet, i) => `<sheet name="${sheet.name}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('') +
      '</sheets></workbook>',
    'xl/_rels/workbook.xml.rels':
      '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      paths.map((path, i) => `<Relationship Id="rId${i + 1}" Type="${RELATIONSHIPS}/worksheet" Target="${path}"/>`).join('') +
      `<Relationship Id="rIdS" Type="${RELATIONSHIPS}/sharedStrings" Target="sharedStrings.xml"/>` +
      `<Relationship Id="rIdY" Type="${RELATIONSHIPS}/styles" Target="styles.xml"/></Relationships>`,
    'xl/sharedStrings.xml': `<sst xmlns="${MAIN}">${(book.sharedStrings ?? []).join('')}</sst>`,
    'xl/styles.xml': `<styleSheet xmlns="${MAIN}"><numFmts>${book.numFmts ?? ''}</numFmts><cellXfs>${book.cellXfs ?? '<xf numFmtId="0"/>'}</cellXfs></styleSheet>`,
  };
  book.sheets.forEach((sheet, i) => {
    const path = `xl/${paths[i]!.replace(/^\/xl\//, '')}`;
    parts[path] = sheet.xml.startsWith('<?xml') ? sheet.xml : `<worksheet xmlns="${MAIN}"><sheetData>${sheet.xml}</sheetData></worksheet>`;
  });
  return writeZip(Object.entries(parts).map(([name, xml]) => ({ name, content: () => [new TextEncoder().encode(xml)] })));
}
