import { formatFixed } from './fixed';

const encoder = new TextEncoder();

/**
 * JSON text written straight into UTF-8 bytes, for a national result whose 60 MB are mostly digits and fixed keys.
 * Made as text, every line's figures became strings that were joined, flattened and encoded again on the way to the
 * file, and the collector then had to sweep them. Numbers are written digit by digit; texts byte by byte while they
 * are ASCII and through TextEncoder from the first character that is not, so any text comes out as UTF-8.
 */
export class JsonBytes {
  private buffer: Uint8Array;
  /** Bytes written so far. */
  length = 0;

  constructor(capacity = 1 << 16) {
    this.buffer = new Uint8Array(capacity);
  }

  /** The bytes written since the last take; valid until the next write, which reuses the buffer. */
  take(): Uint8Array {
    const bytes = this.buffer.subarray(0, this.length);
    this.length = 0;
    return bytes;
  }

  bytes(bytes: Uint8Array): void {
    const count = bytes.length;
    this.room(count);
    const { buffer } = this;
    let at = this.length;
    // A run of a few bytes is copied by hand: for it, TypedArray#set's own set-up costs more than the copy.
    if (count < 16) for (let i = 0; i < count; i++) buffer[at++] = bytes[i]!;
    else {
      buffer.set(bytes, at);
      at += count;
    }
    this.length = at;
  }

  /** Text as it is (no quoting or escaping: the caller passes JSON, or a text JSON needs none for). */
  text(text: string): void {
    this.room(text.length * 3);
    const { buffer } = this;
    let at = this.length;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code >= 0x80) {
        at += encoder.encodeInto(text.slice(i), buffer.subarray(at)).written;
        break;
      }
      buffer[at++] = code;
    }
    this.length = at;
  }

  /**
   * A whole number of units with a point before the last `scale` digits: the text formatFixed gives. Numbers only: a
   * BigInt is formatted by formatFixed (code that sees both kinds in one place is several times slower).
   */
  fixed(units: number, scale: number): void {
    if (!Number.isSafeInteger(units)) throw new Error(`internal: ${units} is not a whole number of units held exactly`);
    if (scale > MAX_SCALE) return this.text(formatFixed(units, scale));
    this.room(scale + 18);
    const { buffer } = this;
    if (units < 0) {
      buffer[this.length++] = 0x2d; // -
      units = -units;
    }
    // Digits from the last; at least scale + 1 of them, so that 5 fen is "0.05". Above 2^31 a digit is split off in
    // float64 (floor(n / 10) is exact below 2^53); below, in int32, where V8 divides integers instead of calling fmod.
    let digits = 0;
    let rest = units;
    while (rest > INT32_MAX) {
      const tenth = Math.floor(rest / 10);
      DIGITS[digits++] = 0x30 + (rest - tenth * 10);
      rest = tenth;
    }
    let small = rest | 0;
    do {
      const tenth = (small / 10) | 0;
      DIGITS[digits++] = 0x30 + (small - tenth * 10);
      small = tenth;
    } while (small > 0);
    if (scale > 0) while (digits <= scale) DIGITS[digits++] = 0x30;
    let at = this.length;
    for (let i = digits - 1; i >= 0; i--) {
      if (i === scale - 1) buffer[at++] = 0x2e; // .
      buffer[at++] = DIGITS[i]!;
    }
    this.length = at;
  }

  /** A whole number that is not negative, as JSON writes it. */
  integer(value: number): void {
    if (!(value >= 0 && value <= Number.MAX_SAFE_INTEGER && Number.isInteger(value))) return this.fixed(value, 0);
    this.room(16);
    const { buffer } = this;
    if (value > INT32_MAX) return this.fixed(value, 0);
    let end = this.length + digitCount(value);
    this.length = end;
    let small = value | 0;
    do {
      const tenth = (small / 10) | 0;
      buffer[--end] = 0x30 + (small - tenth * 10);
      small = tenth;
    } while (small > 0);
  }

  private room(bytes: number): void {
    if (this.length + bytes <= this.buffer.length) return;
    const grown = new Uint8Array(Math.max(this.buffer.length * 2, this.length + bytes));
    grown.set(this.buffer.subarray(0, this.length));
    this.buffer = grown;
  }
}

function digitCount(value: number): number {
  let count = 1;
  for (let limit = 10; value >= limit && count < 16; limit *= 10) count++;
  return count;
}

/** Scratch for one number's digits, last first (a safe integer has at most 16, a scale adds its zeros). */
const DIGITS = new Uint8Array(64);
const MAX_SCALE = 40;
const INT32_MAX = 0x7fffffff;

export const utf8 = (text: string): Uint8Array => encoder.encode(text);
