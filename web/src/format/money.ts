import { Decimal } from '../../../domain/decimal';

/** Rates read the same in the console as in the CLI's statements: "0.10" → "10%". */
export { formatRate } from '../../../domain/money-text';

/**
 * Display formatting of money that arrives as decimal strings. Everything goes through the
 * engine's Decimal so a figure on screen is the figure in the export, digit for digit.
 */

function groupThousands(fixedText: string): string {
  const negative = fixedText.startsWith('-');
  const unsigned = negative ? fixedText.slice(1) : fixedText;
  const [whole = '0', fraction] = unsigned.split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return (negative ? '-' : '') + grouped + (fraction !== undefined ? `.${fraction}` : '');
}

function toFixedText(value: string | Decimal, places: number): string {
  const fixed = new Decimal(value).toDecimalPlaces(places, Decimal.ROUND_HALF_UP).toFixed(places);
  // "-0.00" is noise on a statement.
  return /^-0(\.0+)?$/.test(fixed) ? fixed.slice(1) : fixed;
}

/** "1234567.5" → "1,234,567.50" (2 decimals unless told otherwise). */
export function formatAmount(value: string, places = 2): string {
  return groupThousands(toFixedText(value, places));
}

/** "1234567.5" → "1,234,567.50 元" / "¥1,234,567.50" in English. */
export function formatYuan(value: string, lang: 'zh' | 'en' = 'zh', places = 2): string {
  const amount = formatAmount(value, places);
  if (lang === 'zh') return `${amount} 元`;
  return amount.startsWith('-') ? `-¥${amount.slice(1)}` : `¥${amount}`;
}

/** Summaries read in 万元 (ten thousand yuan): "12345678.9" → "1,234.57 万元". */
export function formatWanYuan(value: string, lang: 'zh' | 'en' = 'zh'): string {
  const wan = groupThousands(toFixedText(new Decimal(value).dividedBy(10_000), 2));
  return lang === 'zh' ? `${wan} 万元` : `¥${wan} × 10k`;
}

/** Signed amount for deltas: "+1,200.00 元" / "-300.00 元". */
export function formatSignedYuan(value: string, lang: 'zh' | 'en' = 'zh'): string {
  const text = formatYuan(value, lang);
  return new Decimal(value).greaterThan(0) ? `+${text}` : text;
}

/** A percentage as the engine writes it ("5.23" = 5.23 %), signed for deltas: "+5.23%". */
export function formatSignedPercent(percent: string): string {
  const text = toFixedText(percent, 2);
  return new Decimal(percent).greaterThan(0) ? `+${text}%` : `${text}%`;
}

/** Exact sum of decimal strings (a totals row must equal the export total). */
export function sumDecimals(values: readonly string[]): string {
  return values.reduce((sum, value) => sum.plus(value), new Decimal(0)).toFixed();
}

/** For charts only: a float is fine for drawing a bar, never for a figure shown as text. */
export function toChartNumber(value: string): number {
  return new Decimal(value).toNumber();
}

/** Sorting comparator on decimal strings, for antd Table `sorter`. */
export function compareDecimals(a: string, b: string): number {
  return new Decimal(a).comparedTo(b);
}

/** Students may be averaged counts with 2 decimals; show them without trailing zeros. */
export function formatCount(value: string): string {
  return groupThousands(new Decimal(value).toFixed());
}
