import DecimalBase from 'decimal.js';
import type { MessageParams } from './problems';

/**
 * The one Decimal constructor the engine uses. Precision is far above what any
 * rule set needs, so products of standards, factors and rates stay exact.
 */
export const Decimal = DecimalBase.clone({ precision: 80, rounding: DecimalBase.ROUND_HALF_UP, toExpNeg: -100, toExpPos: 100 });
export type Decimal = InstanceType<typeof Decimal>;

const PLAIN_DECIMAL = /^-?\d+(\.\d+)?$/;

/** Accepts "7500", "0.10", or a JS number with at most 15 significant digits (SPEC §1); refusals are coded. */
export function parseDecimalInput(value: unknown): { ok: true; value: string } | { ok: false; code: string; params?: MessageParams } {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return { ok: false, code: 'not_finite_number' };
    const digits = significantDigits(String(value));
    if (digits === null || digits > 15) return { ok: false, code: 'number_too_precise', params: { value: String(value) } };
    return { ok: true, value: new Decimal(value).toFixed() };
  }
  if (typeof value === 'string') {
    const trimmed = value.trim();
    if (!PLAIN_DECIMAL.test(trimmed)) return { ok: false, code: 'not_a_decimal', params: { value: value.slice(0, 40) } };
    return { ok: true, value: new Decimal(trimmed).toFixed() };
  }
  return { ok: false, code: 'decimal_expected' };
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
