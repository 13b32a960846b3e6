import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Writable } from 'node:stream';

/** Up to this many schools and lines in all, output is indented for people; beyond it, compact and streamed. */
export const PRETTY_LIMIT = 20_000;

/**
 * The same text as `JSON.stringify(value)` (compact), produced piece by piece: each element of a top-level array is
 * stringified on its own, so a national result (hundreds of MB) never has to exist as one string, which V8 caps
 * at about 512 M characters.
 */
export function* compactJsonPieces(value: Record<string, unknown>): Generator<string> {
  yield '{';
  let first = true;
  for (const [key, member] of Object.entries(value)) {
    if (member === undefined) continue;
    yield `${first ? '' : ','}${JSON.stringify(key)}:`;
    first = false;
    if (!Array.isArray(member)) {
      yield JSON.stringify(member) ?? 'null';
      continue;
    }
    yield '[';
    for (let i = 0; i < member.length; i++) yield (i ? ',' : '') + (JSON.stringify(member[i]) ?? 'null');
    yield ']';
  }
  yield '}';
}

/** Elements of the top-level arrays and of the arrays inside them (a result's schools and their lines). */
function elementCount(value: Record<string, unknown>): number {
  let count = 0;
  for (const member of Object.values(value)) {
    if (!Array.isArray(member)) continue;
    count += member.length;
    for (const element of member) {
      if (element && typeof element === 'object') for (const inner of Object.values(element)) if (Array.isArray(inner)) count += inner.length;
    }
  }
  return count;
}

/** Readable JSON for a province; compact, streamed JSON for national-sized results. Ends with a newline. */
export async function emitJson(value: Record<string, unknown>, out: string | undefined): Promise<void> {
  const target: Writable = out ? createWriteStream(out) : process.stdout;
  const pieces = elementCount(value) <= PRETTY_LIMIT ? [JSON.stringify(value, null, 2)] : compactJsonPieces(value);
  for (const piece of pieces) {
    if (!target.write(piece)) await once(target, 'drain');
  }
  target.write('\n');
  if (out) {
    target.end();
    await once(target, 'finish');
  }
}
