import { resolveHeaders, rowProblem, type RawRecord, type RowProblem } from '../domain/enrollment';
import { coded, type Coded } from '../domain/problems';
import { HEADER_SEARCH_ROWS, MAX_ROWS, type RawTable, type RecordSink } from './raw-table';
import { columnLetters, STOP, type SheetRow } from './xlsx-sheet';

const isBlank = (value: unknown) => typeof value === 'string' && value.trim() === '';

function headerText(value: unknown): string {
  return value === undefined || value === null ? '' : String(value).replace(/^\uFEFF/, '').trim();
}

/**
 * Turns a sheet's rows into records keyed by the header row's texts. The header is the first row that names every
 * required column: rows above it (a title such as "2026 年在校生统计表", a note, a unit line) are skipped and a
 * notice says which row was taken. Rows with values in columns without a header, and rows whose formula cells hold a
 * result that may be stale, become problems naming the cells instead of records.
 */
export class TableBuilder {
  tooManyRows = false;
  /** Rows with a value, counted as they come: row numbers can repeat in a crafted sheet, so they cannot be the bound. */
  private filledRows = 0;
  private headers: Map<number, string> | undefined;
  private readonly records: RawRecord[] = [];
  private readonly problems: RowProblem[] = [];
  private readonly notices: Coded[] = [];
  private receive: ((record: RawRecord) => boolean) | undefined;
  /** Non-empty rows seen before the header, and the first of them (what the header search reports on failure). */
  private rowsBeforeHeader = 0;
  private firstRow: { number: number; texts: string[] } | undefined;
  private headerNotFound = false;

  constructor(
    private readonly sink: RecordSink | undefined,
    private readonly sheet: string,
    private readonly otherSheets: string[],
    private readonly recalcOnLoad: boolean,
    /** Whether a row's texts are the header; any first non-empty row when the caller does not know the columns. */
    private readonly isHeader: (texts: string[]) => boolean = () => true,
  ) {}

  addRow(sheetRow: SheetRow): typeof STOP | void {
    const { number: row, length, columns, values } = sheetRow;
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
    if (filled === 0 && (!this.headers || sheetRow.uncalculated.length === 0)) return;
    if (++this.filledRows - 1 > MAX_ROWS) {
      this.tooManyRows = true;
      return STOP;
    }
    if (!this.headers) return this.findHeader(row, length, columns, values);
    if (stray) {
      this.problems.push(rowProblem(row, 'ragged_row', 'cells_without_header', { columns: stray }));
      return;
    }
    const stale = sheetRow.uncalculated.filter((column) => this.headers!.get(column));
    if (stale.length) {
      // A stored formula result that may be stale could be a wrong student count: refuse the row, naming each cell.
      for (const column of stale) this.problems.push(rowProblem(row, 'stale_formula', this.recalcOnLoad ? 'xlsx_recalc_on_load' : 'xlsx_formula_not_calculated', { cell: `${columnLetters(column)}${row}` }));
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
    if (this.headerNotFound || (!this.headers && this.firstRow)) return this.missingHeader();
    return this.headers && { headers: this.headerTexts(), records: this.records, problems: this.problems, ...(this.notices.length ? { notices: this.notices } : {}) };
  }

  private findHeader(row: number, length: number, columns: number[], values: unknown[]): typeof STOP | void {
    const texts: string[] = [];
    for (let i = 0; i < length; i++) if (!isBlank(values[i])) texts.push(headerText(values[i]));
    this.firstRow ??= { number: row, texts };
    if (this.isHeader(texts)) {
      this.headers = new Map();
      for (let i = 0; i < length; i++) if (!isBlank(values[i])) this.headers.set(columns[i]!, headerText(values[i]));
      if (this.rowsBeforeHeader > 0) this.notices.push(coded('xlsx_header_row_used', { sheet: this.sheet, row }));
      this.receive = this.sink?.(this.headerTexts());
      return;
    }
    if (++this.rowsBeforeHeader >= HEADER_SEARCH_ROWS) {
      this.headerNotFound = true;
      return STOP;
    }
  }

  /** No row near the top names every required column: say which sheet was read, what its first row lacks, what else there is. */
  private missingHeader(): RawTable {
    const first = this.firstRow!;
    const params = { sheet: this.sheet, row: first.number, fields: resolveHeaders(first.texts).missing };
    // Row 0: the file as a whole is unusable, whatever its rows hold.
    const problem = this.otherSheets.length
      ? rowProblem(0, 'missing_column', 'xlsx_header_not_found_sheets', { ...params, others: this.otherSheets })
      : rowProblem(0, 'missing_column', 'xlsx_header_not_found', params);
    return { headers: [], records: [], problems: [problem] };
  }

  private headerTexts(): string[] {
    return [...new Set(this.headers!.values())];
  }
}
