/**
 * Σ values[i] over `indexes`, exactly, where floats[i] is Number(values[i]). The float64 copies are added first: when
 * none is negative and their sum is under 2^53, every term and every partial sum was a whole number that float64
 * holds exactly, so that sum is the answer. Otherwise (a negative term, or more than 2^53 units) the BigInts are
 * added. A national run adds 361k line entitlements and as many student counts this way; in BigInt each addition
 * made a new number for the collector.
 */
export function exactSumAt(indexes: readonly number[], values: readonly bigint[], floats: ArrayLike<number>): bigint {
  let sum = 0;
  let negative = false;
  for (let k = 0; k < indexes.length; k++) {
    const value = floats[indexes[k]!]!;
    if (value < 0) negative = true;
    sum += value;
  }
  if (!negative && sum <= Number.MAX_SAFE_INTEGER) return BigInt(sum);
  let exact = 0n;
  for (const index of indexes) exact += values[index]!;
  return exact;
}
