import { MAX_NAME_LENGTH } from '../domain/enrollment';
import { CELL_ORDER, type CleanCells } from '../domain/enrollment-normalizer';
import { KnownCells } from './known-cells';

/**
 * Reads a plain CSV's data rows straight from their bytes into the normaliser's readings (`CleanCells`), without a
 * string per row or per cell. A national file repeats a school's id, name, type, ownership and city on each of its
 * lines and cycles through a few class types, so nearly every cell is a comparison of its bytes with one of the last
 * few distinct cells of its column; a student count is read from its digits. A cell seen for the first time is
 * decoded once and read by the normaliser, exactly as `addCells` reads it. A row that is not clean in every field (a
 * cell to report, too few or too many cells, a CR inside it) is not taken: the caller hands it to `addCells`, which
 * makes every check and reports every problem as before.
 */
export interface CleanRowReader {
  /**
   * Reads the row that starts at `start` and ends in a line break before `limit`: where its LF is when the row was
   * clean (its readings are then set), else −1 (the row is not taken; a row without its line break is not either).
   */
  read(bytes: Buffer, start: number, limit: number): number;
  /** The last clean row's readings, CELL_ORDER order (what `CleanCells.push` takes). */
  readonly readings: Int32Array;
}

/** Distinct cells remembered per column, most recent first: a class-type column cycles through up to four. */
const RECENT = 4;
/** Bytes of a remembered cell: any name short enough to be read (up to 4 bytes a character in GB18030). */
const CELL_BYTES = 4 * MAX_NAME_LENGTH;
const STUDENTS = CELL_ORDER.indexOf('students');
const CITY = CELL_ORDER.indexOf('city');
const CR = 0x0d;
const LF = 0x0a;
const DOT = 0x2e;
const ZERO = 0x30;
const NINE = 0x39;
/** Digits of the largest whole part read from its digits: 9,999,999 is below the 10 M a line may have. */
const MAX_WHOLE_DIGITS = 7;
/** Rows in a row a leading column must repeat before it joins the block compared as a whole. */
const BLOCK_AFTER = 3;
/** Longest block of leading cells compared as a whole. */
const BLOCK_BYTES = 1024;

/**
 * A reader for rows of `width` cells split by `delimiter`, ending in CRLF or LF as `crlf` says; undefined when the
 * columns do not allow one (a required field without its column, or two fields in one column). `decode` gives a
 * cell's text as the file's encoding says.
 */
export function cleanRowReader(clean: CleanCells, width: number, delimiter: number, crlf: boolean, decode: (bytes: Buffer, from: number, to: number) => string): CleanRowReader | undefined {
  const fieldAt = new Int8Array(width).fill(-1);
  for (let field = 0; field < CELL_ORDER.length; field++) {
    const column = clean.columns[field]!;
    if (column < 0 && field !== CITY) return undefined;
    if (column >= width || (column >= 0 && fieldAt[column] !== -1)) return undefined;
    if (column >= 0) fieldAt[column] = field;
  }
  const fields = CELL_ORDER.length;
  const readings = new Int32Array(fields);
  const hasCity = clean.columns[CITY]! >= 0;
  // A byte at or below `special` may end a cell or the row; any other byte is only compared.
  const special = Math.max(delimiter, CR);
  // Each column's recent distinct cells, in RECENT slots used in turn: their bytes, lengths (−1: none) and readings; the
  // slot of the column's latest cell is compared first.
  const recentBytes = Array.from({ length: fields }, () => new Uint8Array(RECENT * CELL_BYTES));
  const recentLength = new Int32Array(fields * RECENT).fill(-1);
  const recentReading = new Int32Array(fields * RECENT);
  const latestSlot = new Int32Array(fields);
  const nextSlot = new Int32Array(fields);
  const known = Array.from({ length: fields }, () => new KnownCells());
  // Where each field's cell is in the row being read.
  const cellStart = new Int32Array(fields);
  const cellEnd = new Int32Array(fields);
  // The student count's value × 100 when it is written canonically, else −1 (see countKeyOf).
  let countKey = -1;
  // A student count's reading by that value (whole counts and up to two decimals).
  const smallCounts = new Int32Array(1 << 17).fill(-1);
  const largeCounts = new Map<number, number>();

  /** Compares the cell with the column's other remembered cells; a hit becomes the one compared first. */
  const recentHit = (field: number, bytes: Buffer, from: number, to: number): boolean => {
    const memory = recentBytes[field]!;
    const length = to - from;
    for (let slot = 0; slot < RECENT; slot++) {
      if (slot === latestSlot[field] || recentLength[field * RECENT + slot] !== length) continue;
      const base = slot * CELL_BYTES;
      let k = 0;
      while (k < length && memory[base + k] === bytes[from + k]) k++;
      if (k < length) continue;
      latestSlot[field] = slot;
      readings[field] = recentReading[field * RECENT + slot]!;
      return true;
    }
    return false;
  };

  /** Remembers a new cell in the column's next slot, in place of the oldest. */
  const remember = (field: number, bytes: Buffer, from: number, to: number, reading: number) => {
    const length = to - from;
    if (length > CELL_BYTES) return;
    const slot = nextSlot[field]!;
    nextSlot[field] = (slot + 1) % RECENT;
    const memory = recentBytes[field]!;
    const base = slot * CELL_BYTES;
    for (let k = 0; k < length; k++) memory[base + k] = bytes[from + k]!;
    recentLength[field * RECENT + slot] = length;
    recentReading[field * RECENT + slot] = reading;
    latestSlot[field] = slot;
  };

  /** A cell not among the recent ones: by its bytes among the column's known cells, else decoded and read. */
  const lookUp = (field: number, bytes: Buffer, from: number, to: number): boolean => {
    if (recentHit(field, bytes, from, to)) return true;
    const cells = known[field]!;
    let reading = cells.get(bytes, from, to);
    if (reading === undefined) cells.set(bytes, from, to, (reading = clean.read[field]!(decode(bytes, from, to)) ?? -1));
    if (reading < 0) return false;
    remember(field, bytes, from, to, reading);
    readings[field] = reading;
    return true;
  };

  /** A count written as its canonical text (no leading zero, no trailing zero after a point): its reading by value. */
  const countReading = (bytes: Buffer, from: number, to: number): boolean => {
    let reading = countKey < smallCounts.length ? smallCounts[countKey]! : (largeCounts.get(countKey) ?? -1);
    if (reading < 0) {
      reading = clean.read[STUDENTS]!(bytes.toString('latin1', from, to)) ?? -1;
      if (reading < 0) return false;
      if (countKey < smallCounts.length) smallCounts[countKey] = reading;
      else largeCounts.set(countKey, reading);
    }
    readings[STUDENTS] = reading;
    return true;
  };

  /** The value × 100 of a count written canonically, or −1 (the cell is then looked up as any other). */
  const countKeyOf = (bytes: Buffer, from: number, to: number): number => {
    let at = from;
    let whole = 0;
    while (at < to && bytes[at]! >= ZERO && bytes[at]! <= NINE) whole = whole * 10 + bytes[at++]! - ZERO;
    const digits = at - from;
    if (digits === 0 || digits > MAX_WHOLE_DIGITS || (digits > 1 && bytes[from] === ZERO)) return -1;
    if (at === to) return whole * 100;
    if (bytes[at] !== DOT || to - at < 2 || to - at > 3) return -1;
    const tenths = bytes[at + 1]! - ZERO;
    const hundredths = to - at === 3 ? bytes[at + 2]! - ZERO : 0;
    // "5.50" and "5.0" are not canonical ("5.5", "5"): the text is read as written instead.
    if (tenths < 0 || tenths > 9 || hundredths < 0 || hundredths > 9 || (to - at === 3 ? hundredths === 0 : tenths === 0)) return -1;
    return whole * 100 + tenths * 10 + hundredths;
  };

  // The leading columns a school's lines repeat (those equal in the last BLOCK_AFTER rows), as one block of bytes: a
  // row that starts with the same bytes has the same cells there, so they are compared four bytes at a time and not
  // scanned. `repeats` counts, per column, the rows in a row whose cell equalled the one above.
  const repeats = new Int32Array(width);
  const blockBytes = new Uint8Array(BLOCK_BYTES);
  const block = new DataView(blockBytes.buffer);
  let blockColumns = 0;
  let blockLength = 0;
  const columnEnd = new Int32Array(width);
  let viewed: Buffer | undefined;
  let view: DataView | undefined;

  /** How many bytes at the row's start are the block's (the block's length when the row starts with it). */
  const blockMatch = (bytes: Buffer, start: number, limit: number): number => {
    // The block holds no line break: bytes equal to it are all in this row.
    if (blockColumns === 0 || limit - start <= blockLength) return 0;
    if (bytes !== viewed) view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    viewed = bytes;
    let k = 0;
    while (k + 4 <= blockLength && view!.getUint32(start + k, true) === block.getUint32(k, true)) k += 4;
    while (k < blockLength && bytes[start + k] === blockBytes[k]) k++;
    return k === blockLength ? k : 0;
  };

  /**
   * After a clean row: the block becomes its leading columns equal in the last BLOCK_AFTER rows, copied from it unless
   * it started with the block already (so the block's cells are always those whose readings `readings` holds).
   */
  const updateBlock = (bytes: Buffer, start: number, matched: boolean) => {
    let columns = 0;
    while (columns < width - 1 && repeats[columns]! >= BLOCK_AFTER) columns++;
    if (matched && columns === blockColumns) return;
    const length = columns ? columnEnd[columns - 1]! + 1 : 0;
    blockColumns = length <= BLOCK_BYTES ? columns : 0;
    blockLength = blockColumns ? length : 0;
    for (let k = 0; k < blockLength; k++) blockBytes[k] = bytes[start + k]!;
  };

  const readRow = (bytes: Buffer, start: number, limit: number): number => {
    const matched = blockMatch(bytes, start, limit);
    let lf = -1;
    let at = start + matched;
    let unknown = 0;
    const first = matched ? blockColumns : 0;
    for (let column = 0; column < first; column++) repeats[column] = repeats[column]! + 1;
    for (let column = first; column < width; column++) {
      const from = at;
      const field = fieldAt[column]!;
      if (field < 0 || field === STUDENTS) {
        while (at < limit) {
          const byte = bytes[at]!;
          if (byte <= special && (byte === delimiter || byte === LF || byte === CR)) break;
          at++;
        }
      } else {
        // Found and compared with the column's last distinct cell in one pass over its bytes.
        const memory = recentBytes[field]!;
        const slot = latestSlot[field]!;
        const base = slot * CELL_BYTES;
        const length = recentLength[field * RECENT + slot]!;
        let same = length >= 0;
        while (at < limit) {
          const byte = bytes[at]!;
          if (byte <= special && (byte === delimiter || byte === LF || byte === CR)) break;
          if (same && (at - from >= length || memory[base + at - from] !== byte)) same = false;
          at++;
        }
        if (same && at - from === length) {
          readings[field] = recentReading[field * RECENT + slot]!;
          repeats[column] = repeats[column]! + 1;
        } else {
          unknown |= 1 << field;
          repeats[column] = 0;
        }
      }
      if (field < 0 || field === STUDENTS) repeats[column] = 0;
      columnEnd[column] = at - start;
      if (field >= 0) {
        cellStart[field] = from;
        cellEnd[field] = at;
      }
      // Too few cells, or too many, or a CR that does not end the row: the caller decides what such a row is.
      if (column < width - 1) {
        if (at >= limit || bytes[at] !== delimiter) return -1;
        at++;
      } else {
        lf = crlf ? at + 1 : at;
        if (lf >= limit || bytes[lf] !== LF || (crlf && bytes[at] !== CR)) return -1;
      }
    }
    if (!hasCity) readings[CITY] = clean.noCity;
    countKey = countKeyOf(bytes, cellStart[STUDENTS]!, cellEnd[STUDENTS]!);
    if (countKey < 0) unknown |= 1 << STUDENTS;
    // New cells are read in CELL_ORDER, as addCells reads them, so each new text gets the same dictionary id.
    for (let field = 0; unknown !== 0; field++, unknown >>= 1) {
      if ((unknown & 1) === 0) continue;
      const from = cellStart[field]!;
      const to = cellEnd[field]!;
      if (!lookUp(field, bytes, from, to)) return -1;
    }
    if (countKey >= 0 && !countReading(bytes, cellStart[STUDENTS]!, cellEnd[STUDENTS]!)) return -1;
    updateBlock(bytes, start, matched > 0);
    return lf;
  };

  return {
    readings,
    read(bytes, start, limit) {
      const lf = readRow(bytes, start, limit);
      if (lf >= 0) return lf;
      // The readings are left part set: the next row is read whole and counts repeats afresh.
      blockColumns = 0;
      repeats.fill(0);
      return -1;
    },
  };
}
