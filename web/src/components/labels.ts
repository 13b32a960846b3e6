import { CLASS_TYPE_NAMES, nameOf, OWNERSHIP_NAMES, SCHOOL_TYPE_NAMES } from '../../../messages/enums';
import type { Lang } from '../i18n/i18n';

/** Enumeration labels come from the one catalogue (messages/enums.ts), so the console and the files agree. */
export const schoolTypeLabel = (value: string, lang: Lang) => nameOf(SCHOOL_TYPE_NAMES, value, lang);
export const ownershipLabel = (value: string, lang: Lang) => nameOf(OWNERSHIP_NAMES, value, lang);
export const classTypeLabel = (value: string, lang: Lang) => nameOf(CLASS_TYPE_NAMES, value, lang);
export const SCHOOL_TYPE_VALUES = Object.keys(SCHOOL_TYPE_NAMES);
export const CLASS_TYPE_VALUES = Object.keys(CLASS_TYPE_NAMES);

export function formatTime(iso: string | undefined, lang: Lang): string {
  if (!iso) return '';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-GB', { hour12: false });
}
