/**
 * The console's words live in the one catalogue (messages/ui.ts, beside the coded messages and the enumeration
 * names); this module keeps the console's imports and t() working over it.
 */
import { uiMessages, type UiKey } from '../../../messages/ui';

export type MessageKey = UiKey;

const inLanguage = (lang: 'zh' | 'en') => Object.fromEntries(Object.entries(uiMessages).map(([key, entry]) => [key, entry[lang]])) as Record<MessageKey, string>;

export const zh = inLanguage('zh');
export const en = inLanguage('en');
