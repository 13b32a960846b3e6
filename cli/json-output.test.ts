import fc from 'fast-check';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compactJsonParts, compactJsonPieces, emitPieces, StreamedArray } from './json-output';

describe('compactJsonPieces', () => {
  it('joins to exactly JSON.stringify(value)', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.oneof(fc.jsonValue(), fc.array(fc.jsonValue()), fc.constant(undefined))), (value) => {
        expect([...compactJsonPieces(value)].join('')).toBe(JSON.stringify(value));
      }),
    );
  });
});

describe('a streamed array that gives its elements as bytes', () => {
  const encoder = new TextEncoder();
  /** Elements as UTF-8 pieces of one reused buffer, the way formats/comparison-json.ts hands them on. */
  const reusing = (items: unknown[]) =>
    function* () {
      const buffer = new Uint8Array(1 << 16);
      for (const [i, item] of items.entries()) {
        const { written } = encoder.encodeInto(`${i ? ',' : ''}${JSON.stringify(item)}`, buffer);
        yield buffer.subarray(0, written);
        buffer.fill(0x3f);
      }
    };

  it('is written as those bytes, to a file, the same text as without them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'json-output-'));
    try {
      const items = [{ name: '数控加工', n: 1 }, 'a"b', null, [2, '😀']];
      const value = { head: { x: 1 }, items: new StreamedArray(items.length, 0, () => items, undefined, reusing(items)), tail: [3] };
      const expected = JSON.stringify({ head: { x: 1 }, items, tail: [3] });
      expect([...compactJsonPieces(value)].join('')).toBe(expected);
      expect([...compactJsonParts(value)].some((piece) => typeof piece !== 'string')).toBe(true);
      const file = join(dir, 'out.json');
      await emitPieces(compactJsonParts(value), file, '\n');
      expect(readFileSync(file, 'utf8')).toBe(`${expected}\n`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
