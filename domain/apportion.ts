import { compareCodePoints } from './fixed';

/**
 * Largest-remainder (Hamilton) apportionment in integer units (SPEC §3): each share gets
 * ⌊total × weight / Σweight⌋ and the units left go one each to the largest remainders.
 * Remainders share the denominator Σweight, so comparing them is exact integer comparison.
 * `tieBefore(a, b)` says whether index a wins a tie over index b.
 *
 * The result is always the exact one. A national run apportions 360,000 lines, and BigInt division per
 * line was most of its time, so shares are first estimated in float64 and BigInt is used only where the
 * estimate cannot decide (see `estimatedApportion`).
 */
export function apportion(total: bigint, weights: readonly bigint[], tieBefore: (a: number, b: number) => number): bigint[] {
  const shares = apportionUnits(total, weights, tieBefore);
  return shares instanceof Float64Array ? Array.from(shares, (share) => BigInt(share)) : shares;
}

/** What a caller already knows of the weights: their sum, and each one as Number(weight). */
export interface KnownWeights {
  weightSum: bigint;
  floats: Float64Array;
}

/**
 * Integer units as exact float64 integers: every one is at most a total below 2^53 (estimatedApportion's condition),
 * so it is held exactly. Otherwise BigInt.
 */
export type Units = Float64Array | bigint[];

/**
 * `apportion`'s shares, as float64 when the estimate decided them (then each share is ≤ total < 2^53, an exact
 * integer): a national run's 361k lines need no BigInt each for what is only written out or compared.
 */
export function apportionUnits(total: bigint, weights: readonly bigint[], tieBefore: (a: number, b: number) => number, known?: KnownWeights): Units {
  let weightSum = 0n;
  if (known) weightSum = known.weightSum;
  else for (const weight of weights) weightSum += weight;
  if (weightSum === 0n) {
    if (total !== 0n) throw new Error('internal: cannot apportion a non-zero total over zero weights');
    return weights.map(() => 0n);
  }
  // One weight takes everything; it is the common case of a one-line school.
  if (weights.length === 1) return [total];
  if (total === 0n) return weights.map(() => 0n);
  return estimatedApportion(total, weights, weightSum, tieBefore, known?.floats) ?? exactApportion(total, weights, weightSum, tieBefore);
}

/** The definition, in BigInt throughout; the reference the estimated path is tested against. */
export function exactApportion(total: bigint, weights: readonly bigint[], weightSum: bigint, tieBefore: (a: number, b: number) => number): bigint[] {
  const shares: bigint[] = new Array(weights.length);
  const remainders: bigint[] = new Array(weights.length);
  let given = 0n;
  for (let i = 0; i < weights.length; i++) {
    const product = total * weights[i]!;
    const share = product / weightSum;
    shares[i] = share;
    remainders[i] = product - share * weightSum;
    given += share;
  }
  let left = Number(total - given);
  if (left > 0) {
    const order = weights.map((_, i) => i).filter((i) => remainders[i]! > 0n);
    order.sort((a, b) => (remainders[a]! === remainders[b]! ? tieBefore(a, b) : remainders[a]! > remainders[b]! ? -1 : 1));
    for (const index of order) {
      if (left === 0) break;
      shares[index]! += 1n;
      left--;
    }
  }
  return shares;
}

/** 2^-50: eight times float64's unit roundoff (2^-53), so it bounds the error of a few operations with room to spare. */
const ERROR_PER_UNIT = 2 ** -50;

/**
 * Exact apportionment from float64 estimates. The quota q = total × w / Σw computed in float64 (three
 * conversions, a product and a quotient) is within 5 roundoffs of its value, so within
 * δ = total × 2^-50 of the true quota. Hence:
 * - when the estimate is at least δ away from an integer, its floor is the true floor;
 *   otherwise that one quota is computed in BigInt;
 * - when two estimated remainders differ by more than 2δ, they order as the true remainders do;
 *   otherwise those two are compared as exact BigInt remainders (only around the cut-off, see below).
 * The outcome is identical to `exactApportion`. Returns undefined (use the BigInt path) when the total is
 * so large that δ is not small.
 */
function estimatedApportion(total: bigint, weights: readonly bigint[], weightSum: bigint, tieBefore: (a: number, b: number) => number, floats?: Float64Array): Float64Array | undefined {
  const units = Number(total);
  const delta = units * ERROR_PER_UNIT;
  if (!(delta < 1e-3)) return undefined;
  const count = weights.length;
  const sum = Number(weightSum);
  if (!(sum < 1e290)) return undefined;
  const floors = new Float64Array(count);
  const fractions = new Float64Array(count);
  let given = 0;
  for (let i = 0; i < count; i++) {
    // Number(bigint) is a runtime call; a caller that has the conversions gives them (0 exactly when the weight is 0n).
    const weightFloat = floats ? floats[i]! : Number(weights[i]!);
    if (weightFloat === 0) continue;
    const weight = weights[i]!;
    const quota = (units * weightFloat) / sum;
    let floor = Math.floor(quota);
    let fraction = quota - floor;
    if (fraction < delta || fraction > 1 - delta) {
      const product = total * weight;
      const exactFloor = product / weightSum;
      floor = Number(exactFloor);
      fraction = Number(product - exactFloor * weightSum) / sum;
    }
    floors[i] = floor;
    fractions[i] = fraction;
    given += floor;
  }
  let left = units - given;
  // Floors and floors + 1 are integers ≤ units < 2^53 (delta < 1e-3 above), so float64 holds them exactly.
  const shares = floors;
  if (left <= 0) return shares;

  // Only the `left` largest remainders get a unit. With t the left-th largest estimate, an estimate above t + 2δ is
  // certainly among them (fewer than `left` estimates exceed t) and one below t − 2δ certainly not (at least `left`
  // reach t). Only estimates within 2δ of t are ordered, by exact remainder: no comparison sort of every line.
  const positive: number[] = [];
  for (let i = 0; i < count; i++) if (fractions[i]! > 0) positive.push(i);
  const ascending = Float64Array.from(positive, (i) => fractions[i]!).sort();
  const threshold = ascending[Math.max(0, positive.length - left)]!;
  const close: number[] = [];
  for (const i of positive) {
    const fraction = fractions[i]!;
    if (fraction > threshold + 2 * delta) {
      shares[i]! += 1;
      left--;
    } else if (fraction >= threshold - 2 * delta) {
      close.push(i);
    }
  }
  if (left > 0) {
    // Equal weights (same standard, same students) tie exactly, so some remainders are needed many times.
    const exactRemainders: (bigint | undefined)[] = new Array(count);
    const remainderOf = (i: number) => (exactRemainders[i] ??= total * weights[i]! - BigInt(shares[i]!) * weightSum);
    close.sort((a, b) => {
      const ra = remainderOf(a);
      const rb = remainderOf(b);
      return ra === rb ? tieBefore(a, b) : ra > rb ? -1 : 1;
    });
    for (let k = 0; k < left && k < close.length; k++) shares[close[k]!]! += 1;
  }
  return shares;
}

/** Ties go to the smaller school_id in code-point order. */
export function bySchoolId(ids: readonly string[]) {
  return (a: number, b: number) => compareCodePoints(ids[a]!, ids[b]!);
}

/** Ties go to the earlier line of the input. */
export function byInputOrder(a: number, b: number): number {
  return a - b;
}
