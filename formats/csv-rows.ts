/**
 * A CSV's rows, split the simple way when a file allows it (SPEC §2 files mostly do: no quotes, one kind of line
 * break), with each row split into cells only when it is read.
 */

/** A CSV's rows, each split into cells only when asked for, so that a national file's cells never all exist at once. */
export interface CsvRows {
  readonly length: number;
  /** Row `index`'s cells; the array may be the one the next call fills again (copy what you keep). */
  cells(index: number): string[];
}

/**
 * CSV without a single quote character and with one kind of line break is just lines and delimiters: split it
 * directly, exactly as csv-parse would (an empty line is one empty cell; a final line break ends the last row).
 * csv-parse spent most of a national file's read time slicing and decoding each field; files with quotes or mixed
 * line breaks still go to it (undefined here).
 */
export function plainCsvRows(text: string, delimiter: string, maxRows: number): CsvRows | undefined {
  if (text.includes('"')) return undefined;
  if (text === '') return { length: 0, cells: () => [] };
  const firstBreak = text.search(/\r\n|\n|\r/);
  const lineBreak = firstBreak < 0 ? '\n' : text.startsWith('\r\n', firstBreak) ? '\r\n' : text[firstBreak]!;
  const lines = text.split(lineBreak);
  // One kind only: a stray \r or \n of another kind would be data to csv-parse, so leave such files to it.
  const other = lineBreak === '\n' ? '\r' : lineBreak === '\r' ? '\n' : undefined;
  if (other ? text.includes(other) : lines.some((line) => line.includes('\r') || line.includes('\n'))) return undefined;
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return { length: Math.min(lines.length, maxRows), cells: (index) => lines[index]!.split(delimiter) };
}

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

/**
 * `plainCsvRows` read straight from UTF-8 or GB18030 bytes: a row is decoded only when it is read, so a national file
 * is never one large string (its text took twice the file's size, and every line and name kept it alive). Both
 * encodings are safe to split by byte: a quote, comma, semicolon, tab, CR or LF byte is never part of a multi-byte
 * character in either. Undefined when the file needs csv-parse.
 */
export function plainCsvByteRows(bytes: Uint8Array, encoding: 'utf-8' | 'gb18030', delimiter: string, maxRows: number): CsvRows | undefined {
  if (find(bytes, QUOTE, 0) >= 0) return undefined;
  if (bytes.length === 0) return { length: 0, cells: () => [] };
  const firstLf = find(bytes, LF, 0);
  const firstCr = find(bytes, CR, 0);
  const crFirst = firstCr >= 0 && (firstLf < 0 || firstCr < firstLf);
  const lineBreak = !crFirst ? 'lf' : bytes[firstCr + 1] === LF ? 'crlf' : 'cr';
  const separator = lineBreak === 'cr' ? CR : LF;
  // One kind only, as in plainCsvRows: a stray CR or LF of another kind would be data to csv-parse.
  if (lineBreak === 'lf' && firstCr >= 0) return undefined;
  if (lineBreak === 'cr' && firstLf >= 0) return undefined;
  const crlf = lineBreak === 'crlf';
  // Where each row's line break is: row i is the bytes after break i − 1 up to break i (its CR excluded).
  let breaks = new Int32Array(1024);
  let count = 0;
  for (let at = find(bytes, separator, 0); at >= 0; at = find(bytes, separator, at + 1)) {
    if (crlf && bytes[at - 1] !== CR) return undefined;
    if (count === breaks.length) breaks = grown(breaks);
    breaks[count++] = at;
  }
  if (crlf && countOf(bytes, CR) !== count) return undefined;
  const rows = count + 1 - (count > 0 && breaks[count - 1] === bytes.length - 1 ? 1 : 0);
  const cells = cellReader(encoding, delimiter);
  const buffer = asBuffer(bytes);
  const endOf = (index: number) => (index < count ? breaks[index]! - (crlf ? 1 : 0) : bytes.length);
  return { length: Math.min(rows, maxRows), cells: (index) => cells(buffer, index === 0 ? 0 : breaks[index - 1]! + 1, endOf(index)) };
}

export const asBuffer = (bytes: Uint8Array): Buffer => (Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));

/** Buffer's indexOf searches natively (memchr); the typed array's own walks element by element, ~4× slower. */
const find = (bytes: Uint8Array, value: number, from: number): number => Buffer.prototype.indexOf.call(bytes, value, from);

function grown(array: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const bigger = new Int32Array(array.length * 2);
  bigger.set(array);
  return bigger;
}

/** Distinct cell texts kept for reuse; beyond this many the cache starts over, so a file of unique cells cannot grow it. */
const MAX_KNOWN_CELLS = 100_000;

/** A cell's text from its bytes in the file's encoding. */
export function cellDecoder(encoding: 'utf-8' | 'gb18030'): (buffer: Buffer, from: number, to: number) => string {
  // Buffer's UTF-8 slice is native and cheap; the bytes were validated as UTF-8 as a whole.
  if (encoding === 'utf-8') return (buffer, from, to) => buffer.toString('utf8', from, to);
  const gb18030 = new TextDecoder('gb18030');
  return (buffer, from, to) => gb18030.decode(buffer.subarray(from, to));
}

/**
 * Splits a row of bytes into decoded cells. The row is first taken one char per byte (latin1: cheap, and a
 * delimiter's position is its byte's); a cell whose bytes equal the same column's in the row before is that cell's
 * text again, and any other cell's bytes are looked up among the texts seen so far before they are decoded. A
 * national file repeats a school's id, name and city on every line and has a few thousand distinct cells in all, so
 * nearly every cell is a comparison instead of a decode and a new string. The array given is the same for every
 * row, valid until the next row is read.
 */
export function cellReader(encoding: 'utf-8' | 'gb18030', delimiter: string): (buffer: Buffer, start: number, end: number) => string[] {
  const decode = cellDecoder(encoding);
  const lastBytes: string[] = [];
  const lastText: string[] = [];
  // The column's cell before the last different one.
  const earlierBytes: string[] = [];
  const earlierText: string[] = [];
  let known = new Map<string, string>();
  // One array for every row: a row's cells are read before the next row is split (csv-table.ts copies the few it keeps).
  const cells: string[] = [];
  return (buffer, start, end) => {
    const row = buffer.toString('latin1', start, end);
    cells.length = 0;
    for (let from = 0, column = 0; ; column++) {
      let to = row.indexOf(delimiter, from);
      const lastCell = to < 0;
      if (lastCell) to = row.length;
      const before = lastBytes[column];
      const earlier = earlierBytes[column];
      if (before !== undefined && before.length === to - from && row.startsWith(before, from)) {
        cells.push(lastText[column]!);
      } else if (earlier !== undefined && earlier.length === to - from && row.startsWith(earlier, from)) {
        // A column that alternates (class types within a major) is compared, not sliced and looked up.
        const text = earlierText[column]!;
        earlierBytes[column] = before!;
        earlierText[column] = lastText[column]!;
        lastBytes[column] = earlier;
        lastText[column] = text;
        cells.push(text);
      } else {
        const key = row.slice(from, to);
        let text = known.get(key);
        if (text === undefined) {
          if (known.size >= MAX_KNOWN_CELLS) known = new Map();
          known.set(key, (text = decode(buffer, start + from, start + to)));
        }
        if (before !== undefined) {
          earlierBytes[column] = before;
          earlierText[column] = lastText[column]!;
        }
        lastBytes[column] = key;
        lastText[column] = text;
        cells.push(text);
      }
      if (lastCell) return cells;
      from = to + 1;
    }
  };
}

function countOf(bytes: Uint8Array, value: number): number {
  let count = 0;
  for (let at = find(bytes, value, 0); at >= 0; at = find(bytes, value, at + 1)) count++;
  return count;
}
