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

describe('emitPieces to a file', () => {
  it('writes text and reused byte pieces in order across many buffers, surrogate pairs whole', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'emit-pieces-'));
    try {
      const reused = new Uint8Array(3 << 19);
      const expected: Buffer[] = [];
      function* pieces(): Generator<string | Uint8Array> {
        for (let i = 0; i < 12; i++) {
          const text = `${i}:${'数控😀'.repeat(20_000 + i * 7_919)}|`;
          expected.push(Buffer.from(text));
          yield text;
          // The same buffer every time, filled afresh: each piece must be in the file before the next is made.
          const size = (i * 181_081) % reused.length;
          reused.fill(0x61 + i, 0, size);
          expected.push(Buffer.from(reused.subarray(0, size)));
          yield reused.subarray(0, size);
        }
      }
      const file = join(dir, 'out.txt');
      await emitPieces(pieces(), file, '\n');
      expect(readFileSync(file).equals(Buffer.concat([...expected, Buffer.from('\n')]))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('fails as the file system refuses, for a small output too', async () => {
    const missing = join(tmpdir(), 'no-such-folder-for-emit-pieces', 'out.json');
    await expect(emitPieces(['{}'], missing, '\n')).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(emitPieces([new Uint8Array(3 << 20)], missing)).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
