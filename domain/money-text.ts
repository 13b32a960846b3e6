import { Decimal } from './decimal';

/** Human-readable figures for statements and comparison reasons; all from decimal text, never JS numbers. */

function groupThousands(text: string): string {
  const negative = text.startsWith('-');
  const [whole = '0', fraction] = (negative ? text.slice(1) : text).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return (negative ? '-' : '') + grouped + (fraction !== undefined ? `.${fraction}` : '');
}

/** Money to at least `minScale` decimals (an allocation's fen), keeping any further exact digits. */
export function formatMoney(value: string | Decimal, minScale: number): string {
  const amount = new Decimal(value);
  return groupThousands(amount.decimalPlaces() <= minScale ? amount.toFixed(minScale) : amount.toFixed());
}

/** A standard or per-student amount: exact, without trailing zeros ("12,375", "6,187.5"). */
export function formatAmount(value: string | Decimal): string {
  return groupThousands(new Decimal(value).toFixed());
}

/** A rate as a percentage, exact: "0.10" → "10%", "0.125" → "12.5%". */
export function formatRate(rate: string | Decimal): string {
  return `${new Decimal(rate).times(100).toFixed()}%`;
}

/** delta / base as a percentage with 2 decimals (half up); null when the base is 0. */
export function percentOf(delta: string | Decimal, base: string | Decimal): string | null {
  const denominator = new Decimal(base);
  if (denominator.isZero()) return null;
  return new Decimal(delta).times(100).div(denominator).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2);
}

/** A signed decimal for deltas: "+1,200.00" / "-300.00" / "0.00". */
export function formatSignedMoney(value: string | Decimal, minScale: number): string {
  const amount = new Decimal(value);
  return (amount.greaterThan(0) ? '+' : '') + formatMoney(amount, minScale);
}
