import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseParameter } from '../../../../domain/parameters';
import { validateRuleSet } from '../../../../domain/ruleset';
import { translator } from '../../i18n/i18n';
import { parameterChoices, wanToYuan } from './parameterChoices';

const sample = JSON.parse(readFileSync(new URL('../../../../data/rules-hlj-2026-protected.json', import.meta.url), 'utf8'));

describe('parameterChoices', () => {
  const choices = parameterChoices(sample, 'zh', translator('zh'));

  it('offers every tier, category, band and uplift of the rule set, and scale, each a path the engine reads', () => {
    const validated = validateRuleSet(sample);
    if (!validated.ok) throw new Error('sample invalid');
    for (const choice of choices) expect(parseParameter(validated.ruleSet, choice.path).ok, choice.path).toBe(true);
    const paths = choices.map((c) => c.path);
    expect(paths).toContain('tiers.T2.perStudent');
    expect(paths).toContain('categories.03.perStudent');
    expect(paths).toContain('classBands.preparatory_technician.factor');
    expect(paths).toContain('classBands.preparatory_technician.perStudentByTier.T4');
    expect(paths).toContain('uplifts.scarce.rate');
    expect(paths).toContain('uplifts.hardship.amountPerStudent');
    expect(paths.at(-1)).toBe('scale');
    expect(paths.filter((p) => p.startsWith('tiers.'))).toHaveLength(sample.tiers.length);
  });

  it('names each in Chinese with its value now', () => {
    const byPath = new Map(choices.map((c) => [c.path, c]));
    expect(byPath.get('tiers.T2.perStudent')).toMatchObject({ label: '成本档次 T2 二档 · 生均标准', current: '6,500 元/生' });
    expect(byPath.get('categories.03.perStudent')).toMatchObject({ label: '专业大类 03 信息类 · 大类单列标准（现按档次标准）', current: null });
    expect(byPath.get('classBands.preparatory_technician.factor')).toMatchObject({ label: '班级分档 预备技师班 · 系数', current: '1.4 倍' });
    expect(byPath.get('uplifts.scarce.rate')).toMatchObject({ label: '上浮 急需紧缺专业上浮 · 上浮比例', current: '15%' });
    expect(byPath.get('uplifts.hardship.amountPerStudent')!.current).toBe('800 元/生');
  });

  it('reads what it can of a draft that does not validate, and guesses nothing', () => {
    const partial = parameterChoices({ tiers: [{ code: 'T1' }, { name: 'no code' }], classBands: 'oops' }, 'zh', translator('zh'));
    expect(partial.map((c) => [c.path, c.current])).toEqual([
      ['tiers.T1.perStudent', null],
      ['scale', '1 倍'],
    ]);
  });
});

describe('wanToYuan', () => {
  it('turns 万元 into yuan exactly, to the fen, and refuses anything else', () => {
    expect(wanToYuan('215000')).toBe('2150000000');
    expect(wanToYuan('21.5')).toBe('215000');
    expect(wanToYuan('0.000001')).toBe('0.01');
    expect(wanToYuan('1,234.5')).toBe('12345000');
    for (const bad of ['0.0000001', '-5', '21.5亿', '', '1e5']) expect(wanToYuan(bad), bad).toBeNull();
  });
});
