import { describe, expect, it } from 'vitest';
import { en, zh } from './dictionary';
import { translator } from './i18n';

describe('dictionary', () => {
  it('has the same placeholders in both languages, so no value is lost in translation', () => {
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(zh) as (keyof typeof zh)[]) {
      expect(placeholders(en[key]), key).toEqual(placeholders(zh[key]));
    }
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(translator('zh')('uploadOk', { name: '2026春', lines: 12 })).toBe('已上传数据集 2026春：12 行');
    expect(translator('en')('approveDone', {})).toBe('Approved by {user}');
  });
});
