import { compareCodePoints } from './fixed';

/**
 * Largest-remainder (Hamilton) apportionment in integer units (SPEC §3): each share gets
 * ⌊total × weight / Σweight⌋ and the units left go one each to the largest remainders.
 * Remainders share the denominator Σweight, so comparing them is exact integer comparison.
 * `tieBefore(a, b)` says whether index a wins a tie over index b.
 */
export function apportion(total: bigint, weights: readonly bigint[], tieBefore: (a: number, b: number) => number): bigint[] {
  const weightSum = weights.reduce((sum, w) => sum + w, 0n);
  if (weightSum === 0n) {
    if (total !== 0n) throw new Error('internal: cannot apportion a non-zero total over zero weights');
    return weights.map(() => 0n);
  }
  const shares: bigint[] = new Array(weights.length);
  const remainders: bigint[] = new Array(weights.length);
  let given = 0n;
  for (let i = 0; i < weights.length; i++) {
    const product = total * weights[i]!;
    shares[i] = product / weightSum;
    remainders[i] = product % weightSum;
    given += shares[i]!;
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

/** Ties go to the smaller school_id in code-point order. */
export function bySchoolId(ids: readonly string[]) {
  return (a: number, b: number) => compareCodePoints(ids[a]!, ids[b]!);
}

/** Ties go to the earlier line of the input. */
export function byInputOrder(a: number, b: number): number {
  return a - b;
}
