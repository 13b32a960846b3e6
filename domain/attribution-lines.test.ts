import { describe, expect, it } from 'vitest';
import { forEachPair } from './attribution-lines';

function pairs(baseKeys: number[], newKeys: number[]): [number, number][] {
  const visited: [number, number][] = [];
  const slots = new Int32Array(10).fill(-1);
  forEachPair(Int32Array.from(baseKeys), baseKeys.map((_, i) => i), Int32Array.from(newKeys), newKeys.map((_, i) => i), slots, (i, j) => visited.push([i, j]));
  expect([...slots].every((slot) => slot === -1)).toBe(true);
  return visited;
}

describe('forEachPair', () => {
  it('pairs by position when both sides list the same keys in the same order, skipping unknown majors (−1)', () => {
    expect(pairs([3, -1, 5], [3, -1, 5])).toEqual([
      [0, 0],
      [2, 2],
    ]);
  });

  it('otherwise by key: base order, then the new side’s own lines in their order', () => {
    expect(pairs([3, 5, 7], [7, 9, 3, -1, 4])).toEqual([
      [0, 2],
      [1, -1],
      [2, 0],
      [-1, 1],
      [-1, 4],
    ]);
  });

  it('visits every line exactly once even when a side repeats a key', () => {
    // Base repeats 3 (positions 0 and 2), new repeats 5 (positions 1 and 2): the first occurrences pair.
    expect(pairs([3, 5, 3], [3, 5, 5])).toEqual([
      [0, 0],
      [1, 1],
      [2, -1],
      [-1, 2],
    ]);
  });
});
