import type { Coded, MessageParams } from '../domain/problems';
import { KINDS } from './format';
import type { Catalog, Lang, Template } from './types';

const PLACEHOLDER = /\{(\w+)(?::(\w+))?\}/g;

/** The placeholder names a string template uses (for the catalogue's own checks). */
export function placeholders(template: Template): string[] {
  if (typeof template !== 'string') return [];
  return [...template.matchAll(PLACEHOLDER)].map((match) => match[1]!).sort();
}

export function fill(template: Template, params: MessageParams, lang: Lang): string {
  if (typeof template === 'function') return template(params, lang);
  return template.replace(PLACEHOLDER, (whole, name: string, kind?: string) => {
    const value = params[name];
    if (value === undefined) return whole;
    const format = kind ? KINDS[kind] : undefined;
    return format ? format(value, lang) : Array.isArray(value) ? value.join(lang === 'zh' ? '、' : ', ') : String(value);
  });
}

/**
 * Renders a coded message. An unknown code is shown as the code itself with its parameters, never dropped: a
 * person still sees something precise, and the catalogue test catches the gap.
 */
export function renderWith(catalog: Catalog, message: Coded, lang: Lang): string {
  const entry = catalog[message.code];
  const params = message.params ?? {};
  if (!entry) {
    const shown = Object.entries(params).map(([key, value]) => `${key}=${Array.isArray(value) ? value.join(',') : String(value)}`);
    return shown.length ? `${message.code} (${shown.join(', ')})` : message.code;
  }
  return fill(entry[lang], params, lang);
}
