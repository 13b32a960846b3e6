import { CLASS_TYPE_NAMES, OWNERSHIP_NAMES, SCHOOL_TYPE_NAMES, CHINESE_HEADERS, type EnrollmentField } from '../domain/labels';
import { Decimal } from '../domain/decimal';
import { formatSignedMoney } from '../domain/money-text';
import type { MessageParam } from '../domain/problems';
import type { Lang } from './types';

/** Thousands separators on a decimal string, without going through a float. */
export function groupDigits(decimal: string): string {
  const negative = decimal.startsWith('-');
  const [whole = '0', fraction] = (negative ? decimal.slice(1) : decimal).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return (negative ? '-' : '') + grouped + (fraction !== undefined ? `.${fraction}` : '');
}

type Kind = (value: MessageParam, lang: Lang) => string;

function named<T extends string>(names: Record<T, { zh: string; en: string }>): Kind {
  return (value, lang) => {
    const entry = (names as Record<string, { zh: string; en: string } | undefined>)[String(value)];
    return entry ? entry[lang] : String(value);
  };
}

/** How a typed placeholder `{name:kind}` renders its value. */
export const KINDS: Record<string, Kind> = {
  /** A decimal string in yuan: "1,485,000.00 元" / "CNY 1,485,000.00". */
  money: (value, lang) => (lang === 'zh' ? `${groupDigits(String(value))} 元` : `CNY ${groupDigits(String(value))}`),
  /** A change in yuan, signed, with at least the fen: "+1,155,000.00 元" / "CNY -0.005". */
  signedMoney: (value, lang) => (lang === 'zh' ? `${formatSignedMoney(String(value), 2)} 元` : `CNY ${formatSignedMoney(String(value), 2)}`),
  /** A plain number with separators. */
  number: (value) => groupDigits(String(value)),
  /** A rate as a decimal string ("0.10") shown as a percentage ("10%"). */
  rate: (value) => `${percent(String(value))}%`,
  classType: named(CLASS_TYPE_NAMES),
  schoolType: named(SCHOOL_TYPE_NAMES),
  ownership: named(OWNERSHIP_NAMES),
  field: (value, lang) => (lang === 'zh' ? (CHINESE_HEADERS[value as EnrollmentField] ?? String(value)) : String(value)),
  list: (value, lang) => (Array.isArray(value) ? value.join(lang === 'zh' ? '、' : ', ') : String(value)),
};

/** "0.1" → "10", "0.125" → "12.5", exactly (Decimal, never a float). */
function percent(rate: string): string {
  return new Decimal(rate).times(100).toFixed();
}
