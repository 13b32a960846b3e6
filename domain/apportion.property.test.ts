import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { apportion, byInputOrder, exactApportion } from './apportion';

const sumOf = (values: bigint[]) => values.reduce((sum, v) => sum + v, 0n);

/** Weights built to stress the float64 estimate: equal weights (exact ties), huge and tiny ones, near-halves. */
const weight = fc.oneof(
  fc.bigInt({ min: 0n, max: 10n }),
  fc.bigInt({ min: 0n, max: 10n ** 12n }),
  fc.bigInt({ min: 10n ** 20n, max: 10n ** 26n }),
  fc.constantFrom(0n, 1n, 3n, 7n, 2n ** 53n, 2n ** 53n + 1n, 10n ** 18n + 1n),
);
const weights = fc.oneof(
  fc.array(weight, { minLength: 2, maxLength: 40 }),
  // Many copies of a few weights: remainders tie exactly and the tie-break decides.
  fc.tuple(fc.array(weight, { minLength: 1, maxLength: 3 }), fc.integer({ min: 2, max: 30 })).map(([pool, n]) => Array.from({ length: n }, (_, i) => pool[i % pool.length]!)),
);
const total = fc.oneof(fc.bigInt({ min: 0n, max: 1000n }), fc.bigInt({ min: 0n, max: 2n ** 45n }), fc.bigInt({ min: 2n ** 60n, max: 2n ** 70n }));

describe('apportion', () => {
  it('gives exactly the BigInt largest-remainder result, whatever the magnitudes', () => {
    fc.assert(
      fc.property(total, weights, fc.boolean(), (units, ws, laterWins) => {
        const weightSum = sumOf(ws);
        fc.pre(weightSum > 0n);
        // Either tie-break, so a result that only happens to follow input order cannot pass.
        const tieBefore = laterWins ? (a: number, b: number) => b - a : byInputOrder;
        const shares = apportion(units, ws, tieBefore);
        expect(shares).toEqual(exactApportion(units, ws, weightSum, tieBefore));
        expect(sumOf(shares)).toBe(units);
      }),
      { numRuns: Number(process.env.APPORTION_RUNS ?? 3000) },
    );
  });

  it('settles quotas that sit on or next to a whole unit exactly', () => {
    // total × w / Σw lands on integers and on k ± 1/Σw, where a float estimate is least trustworthy.
    const cases: [bigint, bigint[]][] = [
      [10n ** 12n, [1n, 10n ** 15n - 1n, 10n ** 15n]],
      [999_999_999_999n, [333_333_333_333n, 333_333_333_333n, 333_333_333_334n]],
      [7n, [1n, 1n, 1n, 1n, 1n, 1n, 1n, 1n]],
      [2n ** 40n + 1n, [2n ** 52n + 1n, 2n ** 52n - 1n, 1n]],
    ];
    for (const [units, ws] of cases) {
      expect(apportion(units, ws, byInputOrder)).toEqual(exactApportion(units, ws, sumOf(ws), byInputOrder));
    }
  });
});
