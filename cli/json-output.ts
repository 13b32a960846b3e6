import { closeSync, openSync, writeSync } from 'node:fs';
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
  ) {}
}

type Member = unknown;

/**
 * The same text as `JSON.stringify(value)` (compact), produced piece by piece: each element of a top-level array is
 * stringified on its own, so a national result (hundreds of MB) never has to exist as one string, which V8 caps
 * at about 512 M characters.
 */
export function* compactJsonPieces(value: Record<string, Member>): Generator<string> {
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
  const pieces = elementCount(value, PRETTY_LIMIT) <= PRETTY_LIMIT ? [JSON.stringify(materialised(value), null, 2)] : compactJsonPieces(value);
  await emitPieces(pieces, out, '\n');
}

/**
 * Writes text made in pieces to --out or stdout as it comes. A file is written through one reused buffer: a new
 * buffer per piece (what a write stream does) cost more than making the text, since every one of a national
 * result's pieces was a fresh allocation of a size the C allocator maps and unmaps.
 */
export async function emitPieces(pieces: Iterable<string>, out: string | undefined, ending = ''): Promise<void> {
  if (!out) {
    for (const piece of pieces) {
      if (!process.stdout.write(piece)) await once(process.stdout, 'drain');
    }
    if (ending) process.stdout.write(ending);
    return;
  }
  const file = new BufferedFile(out);
  try {
    for (const piece of pieces) file.write(piece);
    if (ending) file.write(ending);
  } finally {
    file.close();
  }
}

const FILE_BUFFER_BYTES = 1 << 20;

class BufferedFile {
  private readonly fd: number;
  private readonly buffer = Buffer.allocUnsafe(FILE_BUFFER_BYTES);
  private used = 0;

  constructor(path: string) {
    this.fd = openSync(path, 'w');
  }

  write(text: string): void {
    // At most 3 UTF-8 bytes per UTF-16 unit: a piece that may not fit goes out in parts.
    for (let from = 0; from < text.length; ) {
      if (FILE_BUFFER_BYTES - this.used < 4096) this.flush();
      const units = Math.min(text.length - from, Math.floor((FILE_BUFFER_BYTES - this.used) / 3));
      // A surrogate pair is never split across two parts.
      const end = from + units < text.length && isHighSurrogate(text.charCodeAt(from + units - 1)) ? from + units - 1 : from + units;
      this.used += this.buffer.write(end - from === text.length ? text : text.slice(from, end), this.used);
      from = end;
    }
  }

  flush(): void {
    let written = 0;
    while (written < this.used) written += writeSync(this.fd, this.buffer, written, this.used - written);
    this.used = 0;
  }

  close(): void {
    try {
      this.flush();
    } finally {
      closeSync(this.fd);
    }
  }
}

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;
