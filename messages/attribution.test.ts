import { describe, expect, it } from 'vitest';
import { attribute, type Attribution, type AttributionLine } from '../domain/attribution';
import { allocate } from '../domain/allocate';
import { attributionExplainer, explainSchoolEffects } from '../domain/attribution-explain';
import { baselineFromResult } from '../domain/baseline';
import { attributionRules, enrolled, machineryToTier2 } from '../domain/attribution-fixtures';
import type { EnrollmentLine } from '../domain/enrollment';
import type { RuleSet } from '../domain/ruleset';
import { uplift } from '../domain/what-if-fixtures';
import { effectName, renderLineEffect, renderSchoolEffect } from './attribution-text';
import { CATALOG } from './index';
import type { Lang } from './types';

function explained(baseRules: RuleSet, newRules: RuleSet, base: EnrollmentLine[], next: EnrollmentLine[] = base) {
  const outcome = attribute({ base: { ruleSet: baseRules, lines: base }, new: { ruleSet: newRules, lines: next, excludeInvalid: true } });
  if (!outcome.ok) throw new Error(JSON.stringify(outcome));
  const explain = attributionExplainer(baseRules, newRules);
  const texts = (line: AttributionLine, lang: Lang = 'zh') => explain(line).map((e) => renderLineEffect(e, lang));
  return { a: outcome.attribution, explain, texts };
}

const lineOf = (a: Attribution, school: string, major: string, classType = 'intermediate') => a.schools.find((s) => s.schoolId === school)!.lines.find((l) => l.majorCode === major && l.classType === classType)!;

describe('a line effect in words', () => {
  it('reads as the issue asks: the tier move, the standard, the amount', () => {
    const lines = [enrolled('S1', '0102', 'intermediate', '770')];
    const { a, texts, explain } = explained(attributionRules(), attributionRules(machineryToTier2), lines);
    const line = lineOf(a, 'S1', '0102');
    expect(texts(line)).toEqual(['机械类由三档调为二档：生均标准 7,500→9,000 元，影响 +1,155,000.00 元']);
    expect(texts(line, 'en')).toEqual(['机械类 moved from 三档 to 二档: standard 7,500 → 9,000 yuan per student, effect +¥1,155,000.00']);
    // The domain gives codes and parameters only.
    expect(explain(line)).toEqual([
      {
        effect: 'standard',
        amount: '1155000',
        causes: [{ code: 'attribution_cause_tier', params: { category: '机械类', before: '三档', after: '二档' } }],
        summary: { code: 'attribution_standard', params: { before: '7500', after: '9000', amount: '1155000' } },
      },
    ]);
  });

  it('names the uplifts behind the rate and the fixed amount, after the standard', () => {
    const lines = [enrolled('S1', '0101', 'senior', '40'), enrolled('S1', '0701', 'intermediate', '10')];
    const newRules = attributionRules((r) => {
      machineryToTier2(r);
      uplift(r, 'scarce').rate = '0.15';
      uplift(r, 'hardship').amountPerStudent = '800';
    });
    const { a, texts } = explained(attributionRules(), newRules, lines);
    expect(texts(lineOf(a, 'S1', '0101', 'senior'))).toEqual([
      '机械类由三档调为二档：生均标准 9,750→11,700 元，影响 +85,800.00 元',
      '「急需紧缺专业」上浮比例 10%→15%：合计上浮比例 10%→15%（按生均标准 11,700 元），影响 +23,400.00 元',
    ]);
    expect(texts(lineOf(a, 'S1', '0701'))).toEqual(['「艰苦行业专业」定额 500→800 元/生：定额上浮 500→800 元/生，影响 +3,000.00 元']);
  });

  it('says a class opened or closed, and why the rules stopped or started funding a line', () => {
    const base = [enrolled('S1', '0101', 'senior', '40'), enrolled('S2', '0501', 'intermediate', '30'), enrolled('S3', '0101', 'senior', '20'), enrolled('S4', '0501', 'intermediate', '12')];
    const next = [enrolled('S2', '0501', 'intermediate', '33.5'), enrolled('S3', '0101', 'senior', '20'), enrolled('S4', '0501', 'intermediate', '12'), enrolled('S1', '0102', 'intermediate', '8')];
    const newRules = attributionRules((r) => {
      r.classBands[1].schoolTypes = ['technician_college'];
      r.eligibility = { ownership: ['public', 'private'] };
    });
    const { a, texts } = explained(attributionRules(), newRules, base, next);
    expect(texts(lineOf(a, 'S1', '0101', 'senior'))).toEqual(['高级工班停招：在校生 40→0 人，按原生均 10,725 元计，影响 -429,000.00 元']);
    expect(texts(lineOf(a, 'S1', '0102'))).toEqual(['新开中级工班：在校生 0→8 人，按原生均 7,500 元计，影响 +60,000.00 元']);
    expect(texts(lineOf(a, 'S2', '0501'))).toEqual(['在校生 30→33.5 人，按原生均 6,500 元计，影响 +22,750.00 元']);
    expect(texts(lineOf(a, 'S3', '0101', 'senior'))).toEqual(['高级工班不再适用于本校类型：20 人不再获得资助（原生均 10,725 元），影响 -214,500.00 元']);
    expect(texts(lineOf(a, 'S4', '0501'))).toEqual(['本校办学性质纳入资助范围：12 人纳入资助（生均 6,500 元），影响 +78,000.00 元']);
  });

  it('covers category moves, band changes, new and removed uplifts and the cap, with every code in the catalogue', () => {
    const lines = [enrolled('S1', '0102', 'senior', '10'), enrolled('S1', '0701', 'preparatory_technician', '3'), enrolled('S1', '0501', 'intermediate', '5')];
    const newRules = attributionRules((r) => {
      r.majors.find((m: { code: string }) => m.code === '0102').category = '05';
      r.classBands[1].factor = '1.4';
      r.classBands[2].perStudentByTier = { T3: '11000' };
      r.uplifts = r.uplifts.filter((u: { id: string }) => u.id !== 'integration');
      r.uplifts.push({ id: 'service', name: '服务业急需', match: { categories: ['05'] }, rate: '0.05' });
      r.upliftPolicy = { combine: 'sum', cap: '0.08' };
    });
    const { a, texts, explain } = explained(attributionRules(), newRules, lines);
    // 0102 高级工班 ×10: S 7,500 × 1.3 = 9,750 → 6,500 (服务类's own) × 1.4 = 9,100; ρ 0 → 5 %
    //   standard 10 × (9,100 − 9,750) × 1 = −6,500; upliftRate 10 × 9,100 × 0.05 = 4,550
    // 0701 预备技师班 ×3: S 7,500 × 1.5 = 11,250 → 11,000 (三档 per-tier); ρ min(0.35, 0.30) → min(0.10, 0.08)
    //   standard 3 × (11,000 − 11,250) × 1.30 = −975; upliftRate 3 × 11,000 × (0.08 − 0.30) = −7,260
    expect(texts(lineOf(a, 'S1', '0102', 'senior'))).toEqual([
      '机床切削加工由机械类（三档）调入服务类（三档），高级工班系数 1.3→1.4：生均标准 9,750→9,100 元，影响 -6,500.00 元',
      '新增「服务业急需」上浮 5%：合计上浮比例 0%→5%（按生均标准 9,100 元），影响 +4,550.00 元',
    ]);
    expect(texts(lineOf(a, 'S1', '0701', 'preparatory_technician'))).toEqual([
      '预备技师班改按三档定额 11,000 元：生均标准 11,250→11,000 元，影响 -975.00 元',
      // The cap binds on both sides, so removing 产教深度融合 (25 %) did not count: only the cap moved ρ.
      '上浮上限 30%→8%：合计上浮比例 30%→8%（按生均标准 11,000 元），影响 -7,260.00 元',
    ]);
    const codes = a.schools.flatMap((s) => s.lines.flatMap((l) => explain(l).flatMap((e) => [e.summary.code, ...e.causes.map((c) => c.code)])));
    expect(codes.filter((code) => !CATALOG[code])).toEqual([]);
  });

  it('says what protection and the envelope did to a school on each side', () => {
    // As in domain/attribution.test.ts: S1 held at its floor (600,000 → 727,500), then the exact budget gives 739,400;
    // S2 capped (260,000 → 210,600).
    const last = [enrolled('S1', '0102', 'intermediate', '100'), enrolled('S2', '0501', 'intermediate', '30')];
    const now = [enrolled('S1', '0102', 'intermediate', '80'), enrolled('S2', '0501', 'intermediate', '40')];
    const previous = allocate({ ruleSet: attributionRules(), lines: last });
    if (!previous.ok) throw new Error('fixture');
    const outcome = attribute({
      base: { ruleSet: attributionRules(), lines: last },
      new: {
        ruleSet: attributionRules((r) => Object.assign(r, { fiscalYear: 2027, protection: { basis: 'total', floor: '-0.03', gainCap: '0.08' } })),
        lines: now,
        baseline: baselineFromResult(previous.result),
        envelope: { policy: 'exact', budget: '950000.00' },
      },
    });
    if (!outcome.ok) throw new Error(JSON.stringify(outcome));
    const [s1, s2] = outcome.attribution.schools.map((s) => explainSchoolEffects(s).map((e) => renderSchoolEffect(e)));
    expect(s1).toEqual(['保底补足（正）与封顶扣减（负）：上次 0.00 元，本次 +127,500.00 元，影响 +127,500.00 元', '预算调整与取整：上次 0.00 元，本次 +11,900.00 元，影响 +11,900.00 元']);
    expect(s2).toEqual(['保底补足（正）与封顶扣减（负）：上次 0.00 元，本次 -49,400.00 元，影响 -49,400.00 元']);
  });

  it('names the seven effects in Chinese', () => {
    expect((['enrollment', 'standard', 'upliftRate', 'upliftAmount', 'coverage', 'protection', 'envelope'] as const).map((e) => effectName(e))).toEqual([
      '在校生变动',
      '生均标准变动（档次、大类、班型）',
      '上浮比例变动',
      '定额上浮变动',
      '资助范围变动',
      '保底与封顶',
      '预算调整与取整',
    ]);
  });
});
