import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { packList, sliceBytes, unpackList } from './chunks';

describe('chunks', () => {
  it('packs any list into pieces under the budget and unpacks it unchanged', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ id: fc.string(), n: fc.integer() }), { maxLength: 400 }), fc.integer({ min: 200, max: 4000 }), (values, budget) => {
        const chunks = packList(values, budget);
        for (const chunk of chunks) expect(chunk.length).toBeLessThanOrEqual(budget);
        expect(unpackList(chunks)).toEqual(values);
      }),
      { numRuns: 60 },
    );
  });

  it('refuses a single entry that cannot fit rather than writing an oversized item', () => {
    const huge = Array.from({ length: 3000 }, (_, i) => String.fromCharCode(0x4e00 + ((i * 7919) % 20000))).join('');
    expect(() => packList([huge], 100)).toThrow(/over the 100-byte item budget/);
  });

  it('slices bytes in order, an empty file into one empty slice', () => {
    const bytes = Uint8Array.from({ length: 1000 }, (_, i) => i % 256);
    const slices = sliceBytes(bytes, 300);
    expect(slices.map((s) => s.length)).toEqual([300, 300, 300, 100]);
    expect(Buffer.concat(slices).equals(Buffer.from(bytes))).toBe(true);
    expect(sliceBytes(new Uint8Array(0), 300)).toHaveLength(1);
  });
});
