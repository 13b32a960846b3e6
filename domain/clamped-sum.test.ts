import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clampValue, compareFractions, solveClampedSum, type ClampedTerm, type Fraction } from './clamped-sum';

/** g(x) × den, exactly, for x = num / den. */
function sumAt(terms: ClampedTerm[], x: Fraction): bigint {
  return terms.reduce((sum, t) => sum + clampValue(t.a * x.den + t.b * x.num, t.low * x.den, t.high === null ? null : t.high * x.den), 0n);
}

/**
 * Brute force, independent of the sweep: every assignment of each term to "at low", "moving" or "at high" gives a
 * linear equation; its solution counts when it is ≥ 0 and every term really is in the state assumed there.
 * The smallest such x is the answer.
 */
function bruteForce(terms: ClampedTerm[], target: bigint): Fraction | undefined {
  let best: Fraction | undefined;
  const states = terms.map(() => 0);
  const total = 3 ** terms.length;
  for (let n = 0; n < total; n++) {
    let rest = n;
    for (let i = 0; i < terms.length; i++) {
      states[i] = rest % 3;
      rest = Math.floor(rest / 3);
    }
    let constant = 0n;
    let slope = 0n;
    terms.forEach((t, i) => {
      if (states[i] === 0) constant += t.low;
      else if (states[i] === 2) constant += t.high ?? 0n;
      else {
        constant += t.a;
        slope += t.b;
      }
    });
    if (terms.some((t, i) => states[i] === 2 && t.high === null)) continue;
    const candidates: Fraction[] = slope === 0n ? (constant === target ? [{ num: 0n, den: 1n }] : []) : [{ num: target - constant, den: slope }];
    for (const x of candidates) {
      if (x.num < 0n) continue;
      if (sumAt(terms, x) !== target * x.den) continue;
      if (!best || compareFractions(x, best) < 0) best = x;
    }
  }
  // x = 0 may be the answer without any term "moving" in the sense above.
  if (sumAt(terms, { num: 0n, den: 1n }) === target) return { num: 0n, den: 1n };
  return best;
}

const term = fc
  .record({ a: fc.bigInt({ min: 0n, max: 50n }), b: fc.bigInt({ min: 0n, max: 20n }), low: fc.bigInt({ min: 0n, max: 80n }), span: fc.option(fc.bigInt({ min: 0n, max: 80n }), { nil: null }) })
  .map(({ a, b, low, span }): ClampedTerm => ({ a, b, low, high: span === null ? null : low + span }));

describe('solveClampedSum', () => {
  it('solves the hand-worked SPEC §7 example: f = 1276/965 for budget 1,600,000', () => {
    // E in yuan; A: F 1,164,000 C 1,296,000; B: F 291,000 C 324,000; C: unprotected.
    const terms: ClampedTerm[] = [
      { a: 0n, b: 900_000n, low: 1_164_000n, high: 1_296_000n },
      { a: 0n, b: 375_000n, low: 291_000n, high: 324_000n },
      { a: 0n, b: 65_000n, low: 0n, high: null },
    ];
    const solution = solveClampedSum(terms, 1_600_000n);
    expect(solution).toEqual({ ok: true, x: { num: 1276n, den: 965n } });
  });

  it('reports a target below the sum at 0 and above the supremum', () => {
    const terms: ClampedTerm[] = [
      { a: 0n, b: 2n, low: 10n, high: 20n },
      { a: 0n, b: 1n, low: 5n, high: 7n },
    ];
    expect(solveClampedSum(terms, 14n)).toEqual({ ok: false, reason: 'below', minimum: 15n });
    expect(solveClampedSum(terms, 28n)).toEqual({ ok: false, reason: 'above', maximum: 27n });
    expect(solveClampedSum(terms, 27n)).toEqual({ ok: true, x: { num: 10n, den: 1n } });
    expect(solveClampedSum(terms, 15n)).toEqual({ ok: true, x: { num: 0n, den: 1n } });
  });

  it('agrees exactly with a brute-force BigInt reference on small cases', () => {
    fc.assert(
      fc.property(fc.array(term, { minLength: 1, maxLength: 5 }), fc.bigInt({ min: 0n, max: 400n }), (terms, target) => {
        const solution = solveClampedSum(terms, target);
        const reference = bruteForce(terms, target);
        if (solution.ok) {
          expect(reference).toBeDefined();
          expect(compareFractions(solution.x, reference!)).toBe(0);
          expect(sumAt(terms, solution.x)).toBe(target * solution.x.den);
        } else {
          expect(reference).toBeUndefined();
          if (solution.reason === 'below') expect(solution.minimum).toBeGreaterThan(target);
          else expect(solution.maximum).toBeLessThan(target);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
