/**
 * Exact solution of Σᵢ clamp(aᵢ + bᵢ·x, lowᵢ, highᵢ) = target for x ≥ 0, in BigInt (SPEC §7 and §8).
 *
 * Each term is continuous, piecewise linear and non-decreasing in x (bᵢ ≥ 0), so the sum g is too. Between two
 * consecutive breakpoints (where a term reaches its low or its high) g is const + slope·x; the breakpoints are
 * sorted, the segment that reaches the target is found, and its equation is solved as a fraction. No iteration, no
 * tolerance: the answer is the exact rational x.
 */
export interface ClampedTerm {
  a: bigint;
  /** ≥ 0. */
  b: bigint;
  low: bigint;
  /** null: unbounded. */
  high: bigint | null;
}

/** num / den with den > 0. */
export interface Fraction {
  num: bigint;
  den: bigint;
}

export type ClampedSolution =
  | { ok: true; x: Fraction }
  /** Even at x = 0 the sum exceeds the target. */
  | { ok: false; reason: 'below'; minimum: bigint }
  /** No x reaches the target; `maximum` is the sum's supremum (null: unbounded, which cannot happen here). */
  | { ok: false; reason: 'above'; maximum: bigint };

export function clampValue(value: bigint, low: bigint, high: bigint | null): bigint {
  if (value < low) return low;
  if (high !== null && value > high) return high;
  return value;
}

interface Breakpoint {
  x: Fraction;
  term: number;
  enters: boolean;
}

/** The smallest x ≥ 0 with Σ clamp(a + b·x, low, high) = target (where the sum is flat, every term is clamped). */
export function solveClampedSum(terms: readonly ClampedTerm[], target: bigint): ClampedSolution {
  let constant = 0n;
  let slope = 0n;
  const breakpoints: Breakpoint[] = [];
  for (let i = 0; i < terms.length; i++) {
    const { a, b, low, high } = terms[i]!;
    if (high !== null && high < low) throw new Error('internal: a clamped term has high < low');
    const atZero = clampValue(a, low, high);
    constant += atZero;
    if (b === 0n || (high !== null && a >= high)) continue;
    // Below its low it enters later; otherwise it moves from x = 0 (its value at 0 is then a itself).
    if (a < low) breakpoints.push({ x: { num: low - a, den: b }, term: i, enters: true });
    else slope += b;
    if (high !== null) breakpoints.push({ x: { num: high - a, den: b }, term: i, enters: false });
  }
  if (constant > target) return { ok: false, reason: 'below', minimum: constant };
  if (constant === target) return { ok: true, x: { num: 0n, den: 1n } };
  // Ties: a term enters before it leaves, so the state stays consistent; g is continuous, so the order of other ties is moot.
  breakpoints.sort((p, q) => compareFractions(p.x, q.x) || (p.enters === q.enters ? 0 : p.enters ? -1 : 1));
  for (const point of breakpoints) {
    // g at this breakpoint, on the segment that ends here: constant + slope·x.
    if (constant * point.x.den + slope * point.x.num >= target * point.x.den) return { ok: true, x: segmentSolution(constant, slope, target) };
    const { a, b, low, high } = terms[point.term]!;
    if (point.enters) {
      constant += a - low;
      slope += b;
    } else {
      constant += high! - a;
      slope -= b;
    }
  }
  if (slope > 0n) return { ok: true, x: segmentSolution(constant, slope, target) };
  return { ok: false, reason: 'above', maximum: constant };
}

function segmentSolution(constant: bigint, slope: bigint, target: bigint): Fraction {
  return reduce({ num: target - constant, den: slope });
}

export function compareFractions(p: Fraction, q: Fraction): number {
  const left = p.num * q.den;
  const right = q.num * p.den;
  return left === right ? 0 : left < right ? -1 : 1;
}

export function reduce(fraction: Fraction): Fraction {
  const divisor = gcd(fraction.num < 0n ? -fraction.num : fraction.num, fraction.den);
  return divisor > 1n ? { num: fraction.num / divisor, den: fraction.den / divisor } : fraction;
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}
