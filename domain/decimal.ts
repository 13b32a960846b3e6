import DecimalBase from 'decimal.js';

/**
 * The one Decimal constructor the engine uses. Precision is far above what any
 * rule set needs, so products of standards, factors and rates stay exact.
 */
export const Decimal = DecimalBase.clone({ precision: 80, rounding: DecimalBase.ROUND_HALF_UP, toExpNeg: -100, toExpPos: 100 });
export type Decimal = InstanceType<typeof Decimal>;

const PLAIN_DECIMAL = /^-?\d+(\.\d+)?$/;

/** Accepts "7500", "0.10", or a JS number with at most 15 significant digits (SPEC §1). */
export function parseDecimalInput(value: unknown): { ok: true; value: string } | { ok: false; message: string } {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return { ok: false, message: 'must be a finite number' };
    const digits = significantDigits(String(value));
    if (digits === null || digits > 15) {
      return { ok: false, message: 'a number with more than 15 significant digits is ambiguous; give it as a decimal string' };
    }
    return { ok: true, value: new Decimal(value).toFixed() };
  }
  if (typeof value === 'string') {
    const trimmed = value.trim();
    if (!PLAIN_DECIMAL.test(trimmed)) return { ok: false, message: `"${value}" is not a decimal number (use digits and an optional decimal point, e.g. "7500.00")` };
    return { ok: true, value: new Decimal(trimmed).toFixed() };
  }
  return { ok: false, message: 'must be a decimal string such as "7500"' };
}

function significantDigits(text: string): number | null {
  if (/e/i.test(text)) {
    const mantissa = text.split(/e/i)[0] ?? '';
    return mantissa.replace(/[-.]/g, '').replace(/^0+/, '').length || 1;
  }
  const digits = text.replace(/[-.]/g, '').replace(/^0+/, '');
  return digits.length || 1;
}

/** Canonical decimal text: no exponent, no trailing zeros after the point. */
export function canonical(value: Decimal): string {
  return value.toFixed();
}

/** Number of digits after the decimal point of an exact decimal. */
export function decimalPlaces(value: Decimal): number {
  return value.decimalPlaces();
}
