import { describe, expect, it } from 'vitest';
import { acceptsSpelling } from '../domain/enrollment';
import * as enums from './enums';
import { CATALOG, langOf, render } from './index';
import { placeholders } from './render';
import { uiMessages } from './ui';

const CJK = /[\u4e00-\u9fff]/;

describe('message catalogue', () => {
  const codes = Object.keys(CATALOG);

  it('has both languages for every code, with the same placeholders', () => {
    const gaps: string[] = [];
    for (const code of codes) {
      const entry = CATALOG[code]!;
      for (const lang of ['zh', 'en'] as const) {
        const template = entry[lang];
        if (typeof template === 'string' && !template.trim()) gaps.push(`${code}: ${lang} is empty`);
        if (template === undefined) gaps.push(`${code}: no ${lang}`);
      }
      if (placeholders(entry.zh).join() !== placeholders(entry.en).join()) gaps.push(`${code}: zh {${placeholders(entry.zh)}} ≠ en {${placeholders(entry.en)}}`);
    }
    expect(gaps).toEqual([]);
  });

  it('writes Chinese in every zh text and keeps Chinese out of the en texts', () => {
    // A zh text with no words at all (a formula piece such as "{name} {rate:rate}") is language-neutral.
    const wrong = codes.filter((code) => {
      const { zh, en } = CATALOG[code]!;
      const zhWords = typeof zh === 'string' ? zh.replace(/\{[^}]*\}/g, '') : '';
      return (typeof zh === 'string' && !CJK.test(zhWords) && /[A-Za-z]/.test(zhWords)) || (typeof en === 'string' && CJK.test(en.replace(/\{[^}]*\}/g, '')));
    });
    expect(wrong).toEqual([]);
  });

  it('has the console\'s words in both languages, with the same placeholders, Chinese in zh', () => {
    // The language switch names the other language in that language ("English" on the Chinese page).
    const SWITCH = new Set(['language']);
    const gaps = Object.entries(uiMessages).flatMap(([key, { zh, en }]) => [
      ...(!zh.trim() || !en.trim() ? [`${key}: empty`] : []),
      ...(placeholders(zh).join() !== placeholders(en).join() ? [`${key}: placeholders differ`] : []),
      ...(!SWITCH.has(key) && /[A-Za-z]{2}/.test(zh.replace(/\{[^}]*\}|XLSX|CSV|JSON|ID|ok/g, '')) && !CJK.test(zh) ? [`${key}: zh has no Chinese`] : []),
      ...(!SWITCH.has(key) && CJK.test(en.replace(/\{[^}]*\}/g, '')) ? [`${key}: Chinese in en`] : []),
    ]);
    expect(gaps).toEqual([]);
  });

  it('names every enumeration value in both languages, Chinese in zh', () => {
    const tables = Object.entries(enums).filter(([name]) => name.endsWith('_NAMES')) as [string, enums.Names<string>][];
    expect(tables.length).toBeGreaterThan(8);
    const gaps = tables.flatMap(([table, names]) =>
      Object.entries(names).flatMap(([value, { zh, en }]) => [...(CJK.test(zh) ? [] : [`${table}.${value}: zh`]), ...(en.trim() && !CJK.test(en) ? [] : [`${table}.${value}: en`])]),
    );
    expect(gaps).toEqual([]);
  });

  it('shows only names a file may use again: an export reads back as enrolment', () => {
    const unreadable = (['schoolType', 'ownership', 'classType'] as const).flatMap((enumeration) => {
      const names = { schoolType: enums.SCHOOL_TYPE_NAMES, ownership: enums.OWNERSHIP_NAMES, classType: enums.CLASS_TYPE_NAMES }[enumeration] as enums.Names<string>;
      return Object.values(names).flatMap(({ zh, en }) => [zh, en].filter((name) => !acceptsSpelling(enumeration, name)));
    });
    expect(unreadable).toEqual([]);
  });

  it('renders typed placeholders per language', () => {
    expect(render({ code: 'ineligible_ownership', params: { funded: ['公办'] } }, 'zh')).toBe('规则集仅对公办学校拨款，其他学校拨款为 0。');
    expect(render({ code: 'no_such_code', params: { row: 7 } }, 'en')).toBe('no_such_code (row=7)');
  });

  it('chooses the language from Accept-Language or a locale, Chinese by default', () => {
    expect(langOf('en-US,en;q=0.9')).toBe('en');
    expect(langOf('zh_CN.UTF-8')).toBe('zh');
    expect(langOf(undefined)).toBe('zh');
    expect(langOf('fr-FR')).toBe('zh');
  });
});
