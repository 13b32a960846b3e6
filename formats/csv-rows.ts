/**
 * A CSV's rows, split the simple way when a file allows it (SPEC §2 files mostly do: no quotes, one kind of line
 * break), with each row split into cells only when it is read.
 */

/** A CSV's rows, each split into cells only when asked for, so that a national file's cells never all exist at once. */
export interface CsvRows {
  readonly length: number;
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
  if (bytes.includes(QUOTE)) return undefined;
  if (bytes.length === 0) return { length: 0, cells: () => [] };
  const firstLf = bytes.indexOf(LF);
  const firstCr = bytes.indexOf(CR);
  const crFirst = firstCr >= 0 && (firstLf < 0 || firstCr < firstLf);
  const lineBreak = !crFirst ? 'lf' : bytes[firstCr + 1] === LF ? 'crlf' : 'cr';
  const separator = lineBreak === 'cr' ? CR : LF;
  // One kind only, as in plainCsvRows: a stray CR or LF of another kind would be data to csv-parse.
  if (lineBreak === 'lf' && firstCr >= 0) return undefined;
  if (lineBreak === 'cr' && firstLf >= 0) return undefined;
  const starts: number[] = [0];
  const ends: number[] = [];
  for (let at = bytes.indexOf(separator); at >= 0; at = bytes.indexOf(separator, at + 1)) {
    if (lineBreak === 'crlf' && bytes[at - 1] !== CR) return undefined;
    ends.push(lineBreak === 'crlf' ? at - 1 : at);
    starts.push(at + 1);
  }
  ends.push(bytes.length);
  if (lineBreak === 'crlf' && countOf(bytes, CR) !== ends.length - 1) return undefined;
  let count = starts.length;
  if (count > 1 && starts[count - 1] === bytes.length) count--;
  const decode = rowDecoder(bytes, encoding);
  return { length: Math.min(count, maxRows), cells: (index) => decode(starts[index]!, ends[index]!).split(delimiter) };
}

function rowDecoder(bytes: Uint8Array, encoding: 'utf-8' | 'gb18030'): (start: number, end: number) => string {
  if (encoding === 'utf-8') {
    // Buffer's UTF-8 slice is native and cheap per row; the bytes were validated as UTF-8 as a whole.
    const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    return (start, end) => buffer.toString('utf8', start, end);
  }
  const decoder = new TextDecoder('gb18030');
  return (start, end) => decoder.decode(bytes.subarray(start, end));
}

function countOf(bytes: Uint8Array, value: number): number {
  let count = 0;
  for (let at = bytes.indexOf(value); at >= 0; at = bytes.indexOf(value, at + 1)) count++;
  return count;
}
