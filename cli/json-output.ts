import { open, type FileHandle } from 'node:fs/promises';
import { once } from 'node:events';

/** Pieces handed to the writer are about this many characters: under the size the C allocator maps for each. */
const PIECE_CHARS = 1 << 14;

/** Up to this many schools and lines in all, output is indented for people; beyond it, compact and streamed. */
export const PRETTY_LIMIT = 20_000;

/**
 * A top-level array whose elements are made as they are written (a run's schools), with the count of its elements
 * and of the elements of their own arrays (the schools' lines), which decide between indented and compact output.
 */
export class StreamedArray<T> {
  constructor(
    readonly length: number,
    readonly nestedLength: number,
    readonly items: () => Iterable<T>,
    /**
     * Each element's JSON when the caller knows a faster way to the same text as JSON.stringify; or its parts, written
     * one after the other as they are (a part of plain ASCII then stays a one-byte string up to the file).
     */
    readonly serialize: (item: T) => string | readonly string[] = (item) => JSON.stringify(item) ?? 'null',
    /**
     * The elements' compact JSON as UTF-8, joined by commas, when the caller can make those bytes directly (the same
     * bytes as `serialize` would give); each piece must be written before the next is asked for.
     */
    readonly encoded?: () => Iterable<Uint8Array>,
  ) {}
}

type Member = unknown;

/**
 * The same text as `JSON.stringify(value)` (compact), produced piece by piece: each element of a top-level array is
 * stringified on its own, so a national result (hundreds of MB) never has to exist as one string, which V8 caps
 * at about 512 M characters.
 */
export function compactJsonPieces(value: Record<string, Member>): Generator<string> {
  return compactJsonParts(value, false) as Generator<string>;
}

/** compactJsonPieces, with a streamed array that can give its elements as bytes given as bytes (see emitPieces). */
export function* compactJsonParts(value: Record<string, Member>, bytes = true): Generator<string | Uint8Array> {
  yield '{';
  let first = true;
  for (const [key, member] of Object.entries(value)) {
    if (member === undefined) continue;
    yield `${first ? '' : ','}${JSON.stringify(key)}:`;
    first = false;
    if (!Array.isArray(member) && !(member instanceof StreamedArray)) {
      yield JSON.stringify(member) ?? 'null';
      continue;
    }
    yield '[';
    if (bytes && member instanceof StreamedArray && member.encoded) {
      yield* member.encoded();
      yield ']';
      continue;
    }
    let i = 0;
    // Elements are joined a few at a time: one write per element would cost more than the element's text.
    let batch = '';
    const serialize = member instanceof StreamedArray ? member.serialize : (element: unknown) => JSON.stringify(element) ?? 'null';
    for (const element of member instanceof StreamedArray ? member.items() : member) {
      const text = serialize(element);
      if (typeof text !== 'string') {
        yield `${batch}${i++ ? ',' : ''}`;
        batch = '';
        yield* text;
        continue;
      }
      batch += (i++ ? ',' : '') + text;
      if (batch.length >= PIECE_CHARS) {
        yield batch;
        batch = '';
      }
    }
    yield `${batch}]`;
  }
  yield '}';
}

/** Elements of the top-level arrays and of the arrays inside them (a result's schools and their lines), up to `limit` + 1. */
function elementCount(value: Record<string, Member>, limit: number): number {
  let count = 0;
  for (const member of Object.values(value)) {
    if (member instanceof StreamedArray) {
      count += member.length + member.nestedLength;
      continue;
    }
    if (!Array.isArray(member)) continue;
    count += member.length;
    for (const element of member) {
      if (count > limit) return count;
      if (element && typeof element === 'object') for (const inner of Object.values(element)) if (Array.isArray(inner)) count += inner.length;
    }
  }
  return count;
}

/** The value with every streamed array made into a plain one, for JSON.stringify. */
function materialised(value: Record<string, Member>): Record<string, Member> {
  return Object.fromEntries(Object.entries(value).map(([key, member]) => [key, member instanceof StreamedArray ? [...member.items()] : member]));
}

/** Readable JSON for a province; compact, streamed JSON for national-sized results. Ends with a newline. */
export async function emitJson(value: Record<string, Member>, out: string | undefined): Promise<void> {
  const pieces = elementCount(value, PRETTY_LIMIT) <= PRETTY_LIMIT ? [JSON.stringify(materialised(value), null, 2)] : compactJsonParts(value);
  await emitPieces(pieces, out, '\n');
}

/**
 * Writes text made in pieces to --out or stdout as it comes. A file is written through two reused buffers: a new
 * buffer per piece (what a write stream does) cost more than making the text, since every one of a national
 * result's pieces was a fresh allocation of a size the C allocator maps and unmaps. While one buffer is being written
 * (in libuv's thread pool, as is the file's opening), the next is filled, so the disk's time mostly overlaps the
 * making of the text.
 */
export async function emitPieces(pieces: Iterable<string | Uint8Array>, out: string | undefined, ending = ''): Promise<void> {
  if (!out) {
    for (const piece of pieces) {
      // Bytes may be a view of a buffer its maker reuses, and stdout can hold on to what it is given.
      if (!process.stdout.write(typeof piece === 'string' ? piece : Buffer.from(piece))) await once(process.stdout, 'drain');
    }
    if (ending) process.stdout.write(ending);
    return;
  }
  const file = new BufferedFile(out);
  try {
    for (const piece of pieces) {
      const full = file.write(piece);
      if (full) await full;
    }
    if (ending) await file.write(ending);
    await file.end();
  } finally {
    await file.close();
  }
}

const FILE_BUFFER_BYTES = 1 << 20;

class BufferedFile {
  private readonly handle: Promise<FileHandle>;
  private buffer = Buffer.allocUnsafe(FILE_BUFFER_BYTES);
  /** The buffer being written while `buffer` fills. */
  private spare = Buffer.allocUnsafe(FILE_BUFFER_BYTES);
  private used = 0;
  /** The write of `spare` in progress; it never rejects: a failure is kept in `failure` and thrown by the next step. */
  private writing: Promise<void> = Promise.resolve();
  private failure: { error: unknown } | undefined;

  constructor(path: string) {
    this.handle = open(path, 'w');
    // Its refusal (no such folder, no permission) is thrown by the first step that waits for it.
    this.handle.catch(() => {});
  }

  /**
   * Copies the piece in; returns a promise to wait for, before the next piece, when a buffer filled up and went to be
   * written.
   */
  write(piece: string | Uint8Array): Promise<void> | undefined {
    return typeof piece === 'string' ? this.writeText(piece) : this.writeBytes(piece);
  }

  private writeText(text: string): Promise<void> | undefined {
    // At most 3 UTF-8 bytes per UTF-16 unit: a piece that may not fit goes in in parts.
    for (let from = 0; from < text.length; ) {
      if (FILE_BUFFER_BYTES - this.used < 4096) return this.handOff().then(() => this.writeText(from ? text.slice(from) : text));
      const units = Math.min(text.length - from, Math.floor((FILE_BUFFER_BYTES - this.used) / 3));
      // A surrogate pair is never split across two parts.
      const end = from + units < text.length && isHighSurrogate(text.charCodeAt(from + units - 1)) ? from + units - 1 : from + units;
      this.used += this.buffer.write(end - from === text.length ? text : text.slice(from, end), this.used);
      from = end;
    }
    return undefined;
  }

  private writeBytes(bytes: Uint8Array): Promise<void> | undefined {
    const room = FILE_BUFFER_BYTES - this.used;
    if (bytes.length < room) {
      this.buffer.set(bytes, this.used);
      this.used += bytes.length;
      return undefined;
    }
    // The maker keeps its bytes as they are until the promise returned here has settled (emitPieces waits for it).
    this.buffer.set(bytes.subarray(0, room), this.used);
    this.used = FILE_BUFFER_BYTES;
    return this.handOff().then(() => this.writeBytes(bytes.subarray(room)));
  }

  /** Waits for the previous write, then writes the full buffer in the background and fills the other one. */
  private async handOff(): Promise<void> {
    await this.writing;
    if (this.failure) throw this.failure.error;
    [this.buffer, this.spare] = [this.spare, this.buffer];
    const length = this.used;
    this.used = 0;
    this.writing = this.writeAll(this.spare, length).catch((error: unknown) => {
      this.failure ??= { error };
    });
  }

  private async writeAll(bytes: Buffer, length: number): Promise<void> {
    const handle = await this.handle;
    let written = 0;
    while (written < length) written += (await handle.write(bytes, written, length - written)).bytesWritten;
  }

  /** Writes what is left and waits for every write. */
  async end(): Promise<void> {
    await this.handOff();
    await this.writing;
    if (this.failure) throw this.failure.error;
  }

  async close(): Promise<void> {
    await this.writing;
    const handle = await this.handle.catch(() => undefined);
    await handle?.close();
  }
}

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;
