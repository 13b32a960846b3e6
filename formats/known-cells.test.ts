import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KnownCells } from './known-cells';

const latin1 = (bytes: Uint8Array) => Buffer.from(bytes).toString('latin1');

describe('KnownCells', () => {
  it('finds each cell by its bytes, wherever they stand, as a map by text does', () => {
    // Short cells of a few byte values: many repeats, cells that are prefixes of others, the empty cell.
    const cell = fc.uint8Array({ minLength: 0, maxLength: 6 }).map((bytes) => bytes.map((byte) => byte % 5));
    fc.assert(
      fc.property(fc.array(fc.tuple(cell, fc.nat(3)), { maxLength: 2000 }), (cells) => {
        const table = new KnownCells();
        const reference = new Map<string, number>();
        cells.forEach(([bytes, offset], i) => {
          // The cell inside a larger buffer, as a row holds it.
          const row = new Uint8Array(bytes.length + offset + 2).fill(9);
          row.set(bytes, offset);
          const found = table.get(row, offset, offset + bytes.length);
          expect(found).toBe(reference.get(latin1(bytes)));
          if (found === undefined) {
            table.set(row, offset, offset + bytes.length, i);
            reference.set(latin1(bytes), i);
          }
        });
      }),
      { numRuns: 300 },
    );
  });

  it('keeps growing to 65,536 cells, then starts over', () => {
    const table = new KnownCells();
    const bytesOf = (n: number) => new TextEncoder().encode(`cell-${n}`);
    for (let n = 0; n < 65_536; n++) {
      const bytes = bytesOf(n);
      table.set(bytes, 0, bytes.length, n);
    }
    for (const n of [0, 1, 511, 512, 40_000, 65_535]) expect(table.get(bytesOf(n), 0, bytesOf(n).length)).toBe(n);
    const next = bytesOf(65_536);
    table.set(next, 0, next.length, 7);
    expect(table.get(next, 0, next.length)).toBe(7);
    expect(table.get(bytesOf(0), 0, bytesOf(0).length)).toBeUndefined();
  });
});
