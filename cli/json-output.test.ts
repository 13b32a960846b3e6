import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compactJsonPieces } from './json-output';

describe('compactJsonPieces', () => {
  it('joins to exactly JSON.stringify(value)', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.oneof(fc.jsonValue(), fc.array(fc.jsonValue()), fc.constant(undefined))), (value) => {
        expect([...compactJsonPieces(value)].join('')).toBe(JSON.stringify(value));
      }),
    );
  });
});
