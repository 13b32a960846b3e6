import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exactSumAt } from './exact-sum';

describe('exactSumAt', () => {
  it('is the BigInt sum, for small and huge values, negative ones, and sums that cross 2^53', () => {
    const value = fc.oneof(fc.bigInt({ min: 0n, max: 10n ** 6n }), fc.bigInt({ min: 2n ** 50n, max: 2n ** 54n }), fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }));
    fc.assert(
      fc.property(fc.array(value, { maxLength: 40 }), fc.array(fc.nat(), { maxLength: 60 }), (values, picks) => {
        const indexes = values.length ? picks.map((pick) => pick % values.length) : [];
        const floats = Float64Array.from(values, Number);
        expect(exactSumAt(indexes, values, floats)).toBe(indexes.reduce((sum, index) => sum + values[index]!, 0n));
      }),
      { numRuns: 3000 },
    );
  });

  it('falls back to BigInt exactly at 2^53, where float64 stops counting by one', () => {
    const values = [2n ** 53n - 1n, 1n, 1n];
    expect(exactSumAt([0, 1, 2], values, Float64Array.from(values, Number))).toBe(2n ** 53n + 1n);
  });
});
