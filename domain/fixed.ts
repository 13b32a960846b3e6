import { Decimal } from './decimal';

/**
 * Exact fixed-point helpers on BigInt. Every line entitlement is an integer count of
 * 10^-scale yuan at one common scale, so sums and the largest-remainder rule are
 * integer arithmetic with no rounding at all.
 */
export const TEN = 10n;

export function pow10(exponent: number): bigint {
  return TEN ** BigInt(exponent);
}

const PLAIN_DECIMAL = /^(-?\d+)(?:\.(\d+))?$/;

/** The exact value of `value` scaled by 10^scale; throws if that is not an integer. */
export function toScaledInteger(value: Decimal | string, scale: number): bigint {
  // Plain decimal text (every amount the engine writes) is scaled by moving its point: a payment schedule converts
  // each school's allocation back, and Decimal arithmetic cost more than the rest of the schedule.
  const plain = typeof value === 'string' ? PLAIN_DECIMAL.exec(value) : null;
  if (plain) {
    const fraction = plain[2] ?? '';
    if (fraction.length <= scale) return BigInt(plain[1]! + fraction.padEnd(scale, '0'));
    if (/^0*$/.test(fraction.slice(scale))) return BigInt(plain[1]! + fraction.slice(0, scale));
  }
  const scaled = new Decimal(value).times(new Decimal(10).pow(scale));
  if (!scaled.isInteger()) throw new Error(`internal: ${value} has more than ${scale} decimals`);
  return BigInt(scaled.toFixed(0));
}

/** Decimal text of `units × 10^-scale`, trailing zeros removed (exact values). */
export function formatExact(units: bigint, scale: number): string {
  return trimTrailingZeros(formatFixed(units, scale));
}

/**
 * Decimal text of `units × 10^-scale` with exactly `scale` decimals (allocations). Units may be a float64 only when
 * it holds a safe integer exactly (apportionUnits' shares), whose decimal digits are then its own. Each kind has its
 * own path: code that sees both kinds in one place is several times slower.
 */
export function formatFixed(units: bigint | number, scale: number): string {
  if (typeof units === 'number') {
    if (!Number.isSafeInteger(units)) throw new Error(`internal: ${units} is not a whole number of units held exactly`);
    return units < 0 ? `-${pointed(String(-units), scale)}` : pointed(String(units), scale);
  }
  return units < 0n ? `-${pointed((-units).toString(), scale)}` : pointed(units.toString(), scale);
}

/** Digits with a point before the last `scale` of them (zeros put in front as needed). */
function pointed(digits: string, scale: number): string {
  if (scale === 0) return digits;
  const padded = digits.length > scale ? digits : digits.padStart(scale + 1, '0');
  return `${padded.slice(0, padded.length - scale)}.${padded.slice(padded.length - scale)}`;
}

/** "12.50" → "12.5", "12.00" → "12"; text without a point is left alone. By hand: it runs per line of national results. */
export function trimTrailingZeros(text: string): string {
  if (text.indexOf('.') < 0) return text;
  let end = text.length;
  while (text.charCodeAt(end - 1) === 48 /* 0 */) end--;
  if (text.charCodeAt(end - 1) === 46 /* . */) end--;
  return end === text.length ? text : text.slice(0, end);
}

export type RoundingMode = 'half_up' | 'half_even' | 'down';

/** Divides non-negative `numerator` by positive `denominator`, rounding as the rule set says. */
export function divideRounded(numerator: bigint, denominator: bigint, mode: RoundingMode): bigint {
  const quotient = numerator / denominator;
  const remainder = numerator % denominator;
  if (mode === 'down' || remainder === 0n) return quotient;
  const twice = remainder * 2n;
  if (twice > denominator) return quotient + 1n;
  if (twice < denominator) return quotient;
  if (mode === 'half_up') return quotient + 1n;
  return quotient % 2n === 0n ? quotient : quotient + 1n;
}

/** Code-point order, as SPEC §3 fixes for school_id tie-breaks (UTF-16 `<` differs for astral characters). */
export function compareCodePoints(a: string, b: string): number {
  if (a === b) return 0;
  const left = Array.from(a);
  const right = Array.from(b);
  const length = Math.min(left.length, right.length);
  for (let i = 0; i < length; i++) {
    const x = left[i]!.codePointAt(0)!;
    const y = right[i]!.codePointAt(0)!;
    if (x !== y) return x - y;
  }
  return left.length - right.length;
}
