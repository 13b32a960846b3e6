import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Decimal } from './decimal';
import { toScaledInteger } from './fixed';

/** What toScaledInteger meant before its plain-text path: Decimal arithmetic, refusing a value with more decimals. */
function byDecimal(value: string, scale: number): bigint | 'refused' {
  const scaled = new Decimal(value).times(new Decimal(10).pow(scale));
  return scaled.isInteger() ? BigInt(scaled.toFixed(0)) : 'refused';
}

const outcome = (value: string, scale: number): bigint | 'refused' => {
  try {
    return toScaledInteger(value, scale);
  } catch {
    return 'refused';
  }
};

describe('toScaledInteger', () => {
  it('moves the point of plain decimal text exactly as Decimal arithmetic scales it, and refuses what it would', () => {
    const digits = (max: number) => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 1, maxLength: max });
    const text = fc.tuple(fc.boolean(), digits(20), fc.option(digits(8))).map(([negative, whole, fraction]) => `${negative ? '-' : ''}${whole}${fraction === null ? '' : `.${fraction}`}`);
    fc.assert(
      fc.property(text, fc.integer({ min: 0, max: 6 }), (value, scale) => {
        expect(outcome(value, scale)).toEqual(byDecimal(value, scale));
      }),
      { numRuns: 3000 },
    );
  });

  it('leaves other spellings to Decimal', () => {
    for (const [value, scale] of [['1e3', 2], ['+12.5', 1], ['-0', 2], ['0.10', 1], ['7.000', 0]] as const) expect(outcome(value, scale)).toEqual(byDecimal(value, scale));
    expect(outcome('1.25', 1)).toBe('refused');
  });
});
