import { rowProblem, type RowProblem } from '../domain/enrollment';
import { coded, type Coded } from '../domain/problems';
import type { CleanCells } from '../domain/enrollment-normalizer';
import { failedTable, HEADER_SEARCH_ROWS, isHeaderRow, MAX_ROWS, tooManyRows, type CellReceiver, type CellSink, type RawTable } from './raw-table';

const isBlank = (cells: readonly string[]) => cells.every((cell) => cell.trim() === '');

function lastFilledIndex(cells: readonly string[]): number {
  for (let i = cells.length - 1; i >= 0; i--) if (cells[i]!.trim() !== '') return i;
  return -1;
}

export interface CsvTableBuilder {
  /**
   * The file's next row (row numbers count every line, blank ones too); false once no more rows are wanted: the file
   * has too many, or the sink needs no more (its file will be refused whatever follows).
   */
  row(cells: string[]): boolean;
  /** The table as read: its headers and every problem, or the file's own problem (empty, no header, too large). */
  finish(): RawTable;
  /** Once the header is known: its width and the receiver's `clean` readings, when it has them (csv-clean-rows.ts). */
  clean(): { width: number; cells: CleanCells } | undefined;
  /**
   * Counts a data row read straight into `clean()`'s readings instead of `row` (it has exactly the header's cells, all
   * clean, so it is neither blank nor ragged; `roomForRow` said it is within the limit): its row number.
   */
  cleanRow(): number;
  /** Whether one more data row is within the limit (a row past it is not read at all: `row` refuses the file there). */
  roomForRow(): boolean;
}

const headerTexts = (cells: readonly string[]) => cells.map((cell) => cell.replace(/^\uFEFF/, '').trim());

/**
 * What a CSV's rows mean, taken one at a time in file order: blank rows before the header skipped, then the header,
 * then each data row checked (blank rows skipped, a ragged row a problem) and handed to the sink. The header is the
 * first row near the top that names every required column (a title row, a note or a unit line may come first, and a
 * notice says which row was taken); when none of the first HEADER_SEARCH_ROWS non-blank rows does, the first of them,
 * so the normaliser reports the columns it lacks. Row numbers are those a spreadsheet shows (header = row 1, blank
 * lines count). The same for a file read whole and one read in pieces (csv-stream.ts).
 */
export function csvTableBuilder(sink: CellSink, maxRows = MAX_ROWS): CsvTableBuilder {
  const problems: RowProblem[] = [];
  const notices: Coded[] = [];
  let rowNumber = 0;
  let header: { names: string[]; width: number; receive: CellReceiver; firstRow: number } | undefined;
  /** Non-blank rows seen while the header is not known yet: titles, or the first of them the header. */
  let candidates: { row: number; cells: string[] }[] = [];
  let anyText = false;
  let tooMany = false;
  const takeHeader = (row: number, cells: readonly string[]) => {
    const headers = headerTexts(cells);
    const width = lastFilledIndex(headers) + 1;
    const names = headers.slice(0, width).filter(Boolean);
    header = { names, width, receive: sink(names, headers.slice(0, width)), firstRow: row };
  };
  const dataRow = (row: number, cells: readonly string[]): boolean => {
    if (row - header!.firstRow > maxRows) {
      tooMany = true;
      return false;
    }
    if (isBlank(cells)) return true;
    const { width } = header!;
    const filled = lastFilledIndex(cells) + 1;
    if (cells.length < width || filled > width) {
      const count = cells.length < width ? cells.length : filled;
      problems.push(rowProblem(row, 'ragged_row', 'csv_ragged_row', { cells: count, columns: width }));
      return true;
    }
    return header!.receive(row, cells);
  };
  /** No row near the top names every column: the first non-blank one is the header, the others its first data rows. */
  const firstCandidateIsHeader = (): boolean => {
    const [first, ...rest] = candidates;
    candidates = [];
    takeHeader(first!.row, first!.cells);
    return rest.every(({ row, cells }) => dataRow(row, cells));
  };
  return {
    row(cells) {
      rowNumber++;
      if (header) return dataRow(rowNumber, cells);
      if (cells.length > 1 || cells[0]!.trim() !== '') anyText = true;
      if (isBlank(cells)) return true;
      if (isHeaderRow(headerTexts(cells).filter(Boolean))) {
        // Title rows above the header are skipped; say so, with the row the header came from.
        if (candidates.length) notices.push(coded('csv_header_row_used', { row: rowNumber }));
        candidates = [];
        takeHeader(rowNumber, cells);
        return true;
      }
      // A copy: a reader may give every row in the same array.
      candidates.push({ row: rowNumber, cells: [...cells] });
      return candidates.length < HEADER_SEARCH_ROWS || firstCandidateIsHeader();
    },
    clean() {
      return header?.receive.clean ? { width: header.width, cells: header.receive.clean } : undefined;
    },
    cleanRow: () => ++rowNumber,
    roomForRow: () => rowNumber + 1 - header!.firstRow <= maxRows,
    finish() {
      if (!header && candidates.length) firstCandidateIsHeader();
      if (tooMany) return tooManyRows(maxRows);
      if (!header) return failedTable(anyText ? 'csv_no_header' : 'file_empty');
      return { headers: header.names, records: [], problems, ...(notices.length ? { notices } : {}) };
    },
  };
}
