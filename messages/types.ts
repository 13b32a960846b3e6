import type { MessageParams } from '../domain/problems';

export type Lang = 'zh' | 'en';

/**
 * A message text with `{name}` placeholders, optionally typed as `{name:kind}` (see ./format.ts: money, rate,
 * classType, schoolType, ownership, field, list…), or a function for the rare text that needs a choice.
 */
export type Template = string | ((params: MessageParams, lang: Lang) => string);

/** One code's texts. Chinese is the reference; English must say the same thing. */
export interface Entry {
  zh: Template;
  en: Template;
}

export type Catalog = Readonly<Record<string, Entry>>;
