import { describe, expect, it } from 'vitest';
import { CATALOG, langOf, render } from './index';
import { placeholders } from './render';

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
    const wrong = codes.filter((code) => {
      const { zh, en } = CATALOG[code]!;
      return (typeof zh === 'string' && !CJK.test(zh)) || (typeof en === 'string' && CJK.test(en.replace(/\{[^}]*\}/g, '')));
    });
    expect(wrong).toEqual([]);
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
