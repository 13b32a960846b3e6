import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Writable } from 'node:stream';

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
    for (const element of member instanceof StreamedArray ? member.items() : member) {
      batch += (i++ ? ',' : '') + (JSON.stringify(element) ?? 'null');
      if (batch.length >= 1 << 16) {
        yield batch;
        batch = '';
      }
    }
    yield `${batch}]`;
  }
  yield '}';
}

/** Elements of the top-level arrays and of the arrays inside them (a result's schools and their lines). */
function elementCount(value: Record<string, Member>): number {
  let count = 0;
  for (const member of Object.values(value)) {
    if (member instanceof StreamedArray) {
      count += member.length + member.nestedLength;
      continue;
    }
    if (!Array.isArray(member)) continue;
    count += member.length;
    for (const element of member) {
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
  const pieces = elementCount(value) <= PRETTY_LIMIT ? [JSON.stringify(materialised(value), null, 2)] : compactJsonPieces(value);
  await emitPieces(pieces, out, '\n');
}

/** Writes text made in pieces to --out or stdout as it comes, waiting when the target is behind. */
export async function emitPieces(pieces: Iterable<string>, out: string | undefined, ending = ''): Promise<void> {
  const target: Writable = out ? createWriteStream(out) : process.stdout;
  for (const piece of pieces) {
    if (!target.write(piece)) await once(target, 'drain');
  }
  if (ending) target.write(ending);
  if (out) {
    target.end();
    await once(target, 'finish');
  }
}
