import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { apportion, apportionUnits, byInputOrder, exactApportion } from './apportion';
import { formatFixed } from './fixed';

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

  it('gives float64 units only as exact safe integers, equal to the BigInt shares and written the same', () => {
    let floats = 0;
    fc.assert(
      fc.property(total, weights, fc.integer({ min: 0, max: 4 }), (units, ws, scale) => {
        const weightSum = sumOf(ws);
        fc.pre(weightSum > 0n);
        const shares = apportionUnits(units, ws, byInputOrder);
        const exact = exactApportion(units, ws, weightSum, byInputOrder);
        if (shares instanceof Float64Array) {
          floats++;
          for (const share of shares) expect(Number.isSafeInteger(share)).toBe(true);
        }
        expect(Array.from(shares as ArrayLike<number | bigint>, (share) => BigInt(share))).toEqual(exact);
        // Given the sum and the conversions (as lineShares does), the same shares.
        const known = apportionUnits(units, ws, byInputOrder, { weightSum, floats: Float64Array.from(ws, (w) => Number(w)) });
        expect(Array.from(known as ArrayLike<number | bigint>, (share) => BigInt(share))).toEqual(exact);
        expect(Array.from(shares as ArrayLike<number | bigint>, (share) => formatFixed(share, scale))).toEqual(exact.map((share) => formatFixed(share, scale)));
      }),
      { numRuns: 2000 },
    );
    // The float64 path is the one the property is about: most generated totals are below 2^53.
    expect(floats).toBeGreaterThan(500);
  });

  it('writes negative and small float64 units as their BigInt twins', () => {
    for (const units of [0, 1, 9, 10, 99, 100, 12345, -1, -99, -100, -123456789, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER]) {
      for (const scale of [0, 1, 2, 4]) expect(formatFixed(units, scale)).toBe(formatFixed(BigInt(units), scale));
    }
    expect(() => formatFixed(0.5, 2)).toThrow();
    expect(() => formatFixed(2 ** 53, 2)).toThrow();
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
