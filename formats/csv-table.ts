import { rowProblem, type RowProblem } from '../domain/enrollment';
import { failedTable, MAX_ROWS, tooManyRows, type CellSink, type RawTable } from './raw-table';

const isBlank = (cells: readonly string[]) => cells.every((cell) => cell.trim() === '');

function lastFilledIndex(cells: readonly string[]): number {
  for (let i = cells.length - 1; i >= 0; i--) if (cells[i]!.trim() !== '') return i;
  return -1;
}

export interface CsvTableBuilder {
  /** The file's next row (row numbers count every line, blank ones too); false once the file has too many rows. */
  row(cells: string[]): boolean;
  /** The table as read: its headers and every problem, or the file's own problem (empty, no header, too large). */
  finish(): RawTable;
}

/**
 * What a CSV's rows mean, taken one at a time in file order: blank rows before the header skipped, the first other
 * row the header, then each data row checked (blank rows skipped, a ragged row a problem) and handed to the sink.
 * Row numbers are those a spreadsheet shows (header = row 1, blank lines count). The same for a file read whole
 * and one read in pieces (csv-stream.ts).
 */
export function csvTableBuilder(sink: CellSink, maxRows = MAX_ROWS): CsvTableBuilder {
  const problems: RowProblem[] = [];
  let rowNumber = 0;
  let header: { names: string[]; width: number; receive: (row: number, cells: readonly string[]) => void; firstRow: number } | undefined;
  let anyText = false;
  let tooMany = false;
  return {
    row(cells) {
      rowNumber++;
      if (!header) {
        if (cells.length > 1 || cells[0]!.trim() !== '') anyText = true;
        if (isBlank(cells)) return true;
        const headers = cells.map((cell) => cell.replace(/^\uFEFF/, '').trim());
        const width = lastFilledIndex(headers) + 1;
        const names = headers.slice(0, width).filter(Boolean);
        header = { names, width, receive: sink(names, headers.slice(0, width)), firstRow: rowNumber };
        return true;
      }
      if (rowNumber - header.firstRow > maxRows) {
        tooMany = true;
        return false;
      }
      if (isBlank(cells)) return true;
      const { width } = header;
      const filled = lastFilledIndex(cells) + 1;
      if (cells.length < width || filled > width) {
        const count = cells.length < width ? cells.length : filled;
        problems.push(rowProblem(rowNumber, 'ragged_row', 'csv_ragged_row', { cells: count, columns: width }));
        return true;
      }
      header.receive(rowNumber, cells);
      return true;
    },
    finish() {
      if (tooMany) return tooManyRows(maxRows);
      if (!header) return failedTable(anyText ? 'csv_no_header' : 'file_empty');
      return { headers: header.names, records: [], problems };
    },
  };
}
