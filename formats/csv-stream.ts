import { isUtf8 } from 'node:buffer';
import type { CleanCells } from '../domain/enrollment-normalizer';
import { cleanRowReader, type CleanRowReader } from './csv-clean-rows';
import { asBuffer, cellDecoder, cellReader } from './csv-rows';
import { csvTableBuilder, type CsvTableBuilder } from './csv-table';
import { delimiterOf, NUL_BYTES } from './read-csv';
import { failedTable, type CellSink, type RawTable } from './raw-table';

/**
 * A CSV read in pieces as they arrive (a file read chunk by chunk), for files too large to hold: the plain kind
 * (no quote character, LF or CRLF line breaks, UTF-8 or GB18030), split by byte exactly as `readCsv` splits a plain
 * file held whole, through the same table builder. Anything else is `notPlain` (read such a file whole); a file that
 * turns out not to be UTF-8 is `restartAs: 'gb18030'` (read it again, saying so).
 */
/** `notPlain` is a catalogue code (messages/perf.ts) saying why. */
export type NotStreamable = { notPlain: string } | { restartAs: 'gb18030' };

export interface CsvChunkReader {
  /**
   * Takes the next piece; false once the rest of the file does not matter (a file problem, or too many rows). Nothing
   * of the piece is kept after the call: the caller may read the next piece into the same memory.
   */
  push(chunk: Uint8Array): boolean | NotStreamable;
  end(): RawTable | NotStreamable;
}

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

export function csvChunkReader(sink: CellSink, options: { maxRows: number; encoding?: 'utf-8' | 'gb18030' }): CsvChunkReader {
  const table: CsvTableBuilder = csvTableBuilder(sink, options.maxRows);
  let encoding = options.encoding ?? 'utf-8';
  /** With a byte-order mark the file is UTF-8 whatever follows (invalid bytes become U+FFFD), as readCsv takes it. */
  let utf8Certain = false;
  let crlf: boolean | undefined;
  let cells: ReturnType<typeof cellReader> | undefined;
  let delimiter = ',';
  let started = false;
  let rowsSeen = 0;
  let carry: Buffer = Buffer.alloc(0);
  let outcome: RawTable | undefined;
  /** A quote after the table failed: readCsv parses the whole file first, so its verdict may be about that quote. */
  let quotedAfterTable = false;

  /** Once the header is known, clean data rows are read from their bytes (csv-clean-rows.ts); the others as cells. */
  let clean: { reader: CleanRowReader | undefined; cells: CleanCells } | undefined;
  /** The row as cells, through the table (which hands a data row to the normaliser's `addCells`). */
  const emit = (bytes: Buffer, start: number, end: number): boolean | NotStreamable => {
    rowsSeen++;
    // One kind of line break only, as for a file held whole: a CR only exactly before each LF (CRLF), or none at all.
    // A clean row had none; any other row is looked at here.
    for (let at = start; at < end; at++) if (bytes[at] === CR) return { notPlain: 'csv_not_plain_mixed_breaks' };
    if (!table.row(cells!(bytes, start, end))) {
      outcome = table.finish();
      return false;
    }
    if (!clean) {
      const header = table.clean();
      if (header) clean = { reader: cleanRowReader(header.cells, header.width, delimiter.charCodeAt(0), crlf!, cellDecoder(encoding)), cells: header.cells };
    }
    return true;
  };

  /**
   * Clean rows from `start` on, each read up to its line break, which the reader finds (no search for the LF first):
   * where the first row that is not clean starts (or `complete`), or −1 when the table ended. A loop of its own, so
   * that it is optimised as a whole once rather than re-entered (on-stack replacement) in every piece.
   */
  const cleanRows = (bytes: Buffer, start: number, complete: number): number => {
    const reader = clean?.reader;
    if (!reader) return start;
    const { cells } = clean!;
    while (start < complete && table.roomForRow()) {
      const lf = reader.read(bytes, start, complete);
      if (lf < 0) return start;
      rowsSeen++;
      if (!cells.push(table.cleanRow(), reader.readings)) {
        outcome = table.finish();
        return -1;
      }
      start = lf + 1;
    }
    return start;
  };

  /** The rows of `bytes` up to its last LF (all of them when `final`); what follows waits for the next piece. */
  const take = (bytes: Buffer, final: boolean): boolean | NotStreamable => {
    if (bytes.includes(QUOTE)) return { notPlain: 'csv_not_plain_quoted' };
    if (bytes.includes(0)) {
      outcome = failedTable(NUL_BYTES);
      return false;
    }
    const firstLf = bytes.indexOf(LF);
    if (crlf === undefined) {
      if (firstLf < 0 && !final) {
        // A copy: the piece's memory may be reused for the next one.
        carry = Buffer.from(bytes);
        return true;
      }
      const firstCr = bytes.indexOf(CR);
      // CR-only line breaks: readCsv decides their delimiter on the whole text, which a stream does not have.
      if (firstCr >= 0 && (firstLf < 0 || firstCr < firstLf - 1)) return { notPlain: 'csv_not_plain_cr' };
      crlf = firstCr >= 0 && firstCr === firstLf - 1;
      const end = firstLf < 0 ? bytes.length : crlf ? firstLf - 1 : firstLf;
      delimiter = delimiterOf(new TextDecoder(encoding).decode(bytes.subarray(0, end)));
      cells = cellReader(encoding, delimiter);
    }
    const complete = final ? bytes.length : bytes.lastIndexOf(LF) + 1;
    const whole = bytes.subarray(0, complete);
    // A multi-byte character never spans a line break, so the complete rows can be checked on their own.
    if (encoding === 'utf-8' && !utf8Certain && !isUtf8(whole)) return { restartAs: 'gb18030' };
    let start = 0;
    for (;;) {
      start = cleanRows(bytes, start, complete);
      if (start < 0) return false;
      const at = start < complete ? bytes.indexOf(LF, start) : -1;
      if (at < 0 || at >= complete) break;
      if (crlf && bytes[at - 1] !== CR) return { notPlain: 'csv_not_plain_mixed_breaks' };
      const taken = emit(bytes, start, crlf ? at - 1 : at);
      if (taken !== true) return taken;
      start = at + 1;
    }
    if (final) {
      // A last row without a line break after it; a final line break ends the file without an empty row after it.
      if (start < bytes.length || rowsSeen === 0) return emit(bytes, start, bytes.length);
      return true;
    }
    carry = Buffer.from(bytes.subarray(start));
    return true;
  };

  /**
   * Bytes after the table failed (a header without its columns, too many rows) are still looked at. NUL bytes anywhere
   * make the file binary, as readCsv decides before it reads a row. A quote anywhere sends readCsv's whole-file read
   * through the full parser, whose first refusal may be about the quoted text rather than the table, so such a file
   * is read whole (the property's counterexample, seed 1633466464: an unclosed quote in row 12 after a header the
   * stream had already refused).
   */
  const lookAfterTable = (bytes: Buffer) => {
    if (!outcome) return;
    if (outcome.problems[0]?.code !== NUL_BYTES && bytes.includes(0)) outcome = failedTable(NUL_BYTES);
    if (bytes.includes(QUOTE)) quotedAfterTable = true;
  };

  return {
    push(chunk) {
      if (outcome) {
        lookAfterTable(asBuffer(chunk));
        return false;
      }
      let bytes = asBuffer(chunk);
      if (!started) {
        started = true;
        if (bytes[0] === 0xff && bytes[1] === 0xfe) return { notPlain: 'csv_not_plain_utf16' };
        if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
          bytes = bytes.subarray(3);
          encoding = 'utf-8';
          utf8Certain = true;
        }
      }
      if (carry.length) {
        // The row the last piece ended in is completed on its own: joining the carry to the whole piece copied every
        // byte of the file once more (a tenth of a national read).
        const lf = bytes.indexOf(LF);
        if (lf < 0) {
          carry = Buffer.concat([carry, bytes]);
          return true;
        }
        const joined = take(Buffer.concat([carry, bytes.subarray(0, lf + 1)]), false);
        if (joined !== true) {
          // The table ended in the row the carry completed: the rest of this piece is not read, only looked at.
          lookAfterTable(bytes.subarray(lf + 1));
          return joined;
        }
        bytes = bytes.subarray(lf + 1);
      }
      return take(bytes, false);
    },
    end() {
      if (outcome) return quotedAfterTable && outcome.problems[0]?.code !== NUL_BYTES ? { notPlain: 'csv_not_plain_quoted' } : outcome;
      if (!started || (carry.length === 0 && rowsSeen === 0 && crlf === undefined)) return failedTable('file_empty');
      const taken = take(carry, true);
      if (typeof taken === 'object') return taken;
      return outcome ?? table.finish();
    },
  };
}

