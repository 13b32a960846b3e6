import { CLASS_TYPE_NAMES, OWNERSHIP_NAMES, SCHOOL_TYPE_NAMES } from '../../../domain/labels';
import type { Lang } from '../i18n/i18n';

/** Enumeration labels come from the engine's own tables, so the console and the files agree. */
function label<T extends string>(names: Record<T, { zh: string; en: string }>, value: string, lang: Lang): string {
  const entry = (names as Record<string, { zh: string; en: string } | undefined>)[value];
  return entry ? entry[lang] : value;
}

export const schoolTypeLabel = (value: string, lang: Lang) => label(SCHOOL_TYPE_NAMES, value, lang);
export const ownershipLabel = (value: string, lang: Lang) => label(OWNERSHIP_NAMES, value, lang);
export const classTypeLabel = (value: string, lang: Lang) => label(CLASS_TYPE_NAMES, value, lang);
export const SCHOOL_TYPE_VALUES = Object.keys(SCHOOL_TYPE_NAMES);
export const CLASS_TYPE_VALUES = Object.keys(CLASS_TYPE_NAMES);

export function formatTime(iso: string | undefined, lang: Lang): string {
  if (!iso) return '';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-GB', { hour12: false });
}
