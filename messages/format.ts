import { Decimal } from '../domain/decimal';
import type { MessageParam } from '../domain/problems';
import {
  CLASS_TYPE_NAMES,
  COMBINE_NAMES,
  DRAFT_STATUS_NAMES,
  ENVELOPE_POLICY_NAMES,
  FIELD_NAMES,
  FLAG_NAMES,
  JSON_TYPE_NAMES,
  nameOf,
  OWNERSHIP_NAMES,
  REASON_NAMES,
  ROLE_NAMES,
  ROUNDING_MODE_NAMES,
  SCHOOL_TYPE_NAMES,
  SIDE_NAMES,
  type Names,
} from './enums';
import type { Lang } from './types';

/** Thousands separators on a decimal string, without going through a float. */
export function groupDigits(decimal: string): string {
  const negative = decimal.startsWith('-');
  const [whole = '0', fraction] = (negative ? decimal.slice(1) : decimal).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return (negative ? '-' : '') + grouped + (fraction !== undefined ? `.${fraction}` : '');
}

const DECIMAL = /^-?\d+(\.\d+)?$/;

/** Money as the catalogue writes it everywhere: "1,485,000.00 元" / "¥1,485,000.00" (GLOSSARY.md: units). */
export function yuan(amount: string, lang: Lang): string {
  return DECIMAL.test(amount) ? unit(groupDigits(amount), lang) : amount;
}

/** Digits already grouped, with the unit: "7,500 元" / "¥7,500". */
export function unit(digits: string, lang: Lang): string {
  if (lang === 'zh') return `${digits} 元`;
  return digits.startsWith('-') ? `-¥${digits.slice(1)}` : `¥${digits}`;
}

/** A signed amount already grouped ("+1,155,000.00"), with the unit after or the currency sign after the sign. */
function signed(text: string, lang: Lang): string {
  if (lang === 'zh') return `${text} 元`;
  return /^[+-]/.test(text) ? `${text[0]}¥${text.slice(1)}` : `¥${text}`;
}

/** An amount per student, exact: "12,375 元/生" / "¥12,375/student". */
export function perStudent(value: string, lang: Lang): string {
  if (!DECIMAL.test(value)) return value;
  return lang === 'zh' ? `${amountDigits(value)} 元/生` : `${unit(amountDigits(value), lang)}/student`;
}

/** Money to at least `scale` decimals (an allocation's fen), keeping further exact digits: "1,485,000.00". */
export function moneyDigits(value: string, scale: number): string {
  if (!DECIMAL.test(value)) return value;
  const amount = new Decimal(value);
  return groupDigits(amount.decimalPlaces() <= scale ? amount.toFixed(scale) : amount.toFixed());
}

/** A change in yuan, signed, with at least the fen: "+1,155,000.00 元" / "+¥1,155,000.00" / "-0.005 元". */
export function signedYuan(value: string, lang: Lang): string {
  if (!DECIMAL.test(value)) return value;
  const digits = moneyDigits(value, 2);
  const sign = new Decimal(value).greaterThan(0) ? '+' : '';
  return lang === 'zh' ? `${sign}${digits} 元` : sign + unit(digits, lang);
}

/** A standard or per-student amount, exact and without trailing zeros: "12,375", "6,187.5". */
export function amountDigits(value: string): string {
  return DECIMAL.test(value) ? groupDigits(new Decimal(value).toFixed()) : value;
}

/** "0.1" → "10%", "0.125" → "12.5%", exactly (Decimal, never a float); anything else (a "—") as it is. */
export function percent(rate: string): string {
  return DECIMAL.test(rate) ? `${new Decimal(rate).times(100).toFixed()}%` : rate;
}

type Kind = (value: MessageParam, lang: Lang) => string;

const separator = (lang: Lang) => (lang === 'zh' ? '、' : ', ');

function named(names: Names<string>): Kind {
  return (value, lang) => (Array.isArray(value) ? value.map((item) => nameOf(names, item, lang)).join(separator(lang)) : nameOf(names, String(value), lang));
}

/** How a typed placeholder `{name:kind}` renders its value. A list value renders each item and joins them. */
export const KINDS: Record<string, Kind> = {
  /** A decimal string in yuan: "1,485,000.00 元" / "¥1,485,000.00". */
  money: (value, lang) => yuan(String(value), lang),
  /** An amount per student: "6,500 元/生" / "¥6,500/student". */
  perStudent: (value, lang) => perStudent(String(value), lang),
  /** An exact amount in yuan without trailing zeros (a standard): "7,500 元" / "¥7,500". */
  amount: (value, lang) => (DECIMAL.test(String(value)) ? unit(amountDigits(String(value)), lang) : String(value)),
  /** A change in yuan, signed, with at least the fen: "+1,155,000.00 元" / "+¥1,155,000.00". */
  signedMoney: (value, lang) => signedYuan(String(value), lang),
  /** A plain number with separators. */
  number: (value) => (DECIMAL.test(String(value)) ? groupDigits(String(value)) : String(value)),
  /** A rate as a decimal string ("0.10") shown as a percentage ("10%"). */
  rate: (value) => percent(String(value)),
  classType: named(CLASS_TYPE_NAMES),
  schoolType: named(SCHOOL_TYPE_NAMES),
  ownership: named(OWNERSHIP_NAMES),
  /** An enrolment column: its Chinese header in zh, its English header in en. */
  field: named(FIELD_NAMES),
  flag: named(FLAG_NAMES),
  combine: named(COMBINE_NAMES),
  policy: named(ENVELOPE_POLICY_NAMES),
  rounding: named(ROUNDING_MODE_NAMES),
  reason: named(REASON_NAMES),
  jsonType: named(JSON_TYPE_NAMES),
  role: named(ROLE_NAMES),
  side: named(SIDE_NAMES),
  draftStatus: named(DRAFT_STATUS_NAMES),
  /** Items as they are, joined the language's way. */
  list: (value, lang) => (Array.isArray(value) ? value.join(separator(lang)) : String(value)),
};
