import { describe, expect, it } from 'vitest';
import { allocate, type AllocateInput } from '../domain/allocate';
import type { EnrollmentLine } from '../domain/enrollment';
import { explainStatement } from '../domain/explain';
import { plainLine } from '../domain/line-result';
import type { AllocationResult } from '../domain/result';
import type { RuleSet } from '../domain/ruleset';
import { uplift, whatIfLines, whatIfRules } from '../domain/what-if-fixtures';
import { renderStatement, statementText } from './statement-text';
import type { Lang } from './types';

const explainLines = (result: AllocationResult, schoolId: string, lang: Lang = 'zh', rules?: RuleSet) => {
  const statement = explainStatement(result, schoolId, rules);
  return statement && renderStatement(statement, lang);
};
const explainSchool = (result: AllocationResult, schoolId: string, lang: Lang = 'zh', rules?: RuleSet) => {
  const statement = explainStatement(result, schoolId, rules);
  return statement && statementText(statement, lang);
};

function run(rules: RuleSet = whatIfRules(), extra: Partial<AllocateInput> = {}, lines: EnrollmentLine[] = whatIfLines()): AllocationResult {
  const outcome = allocate({ ruleSet: rules, lines, ruleSetVersion: 3, ...extra });
  if (!outcome.ok) throw new Error(JSON.stringify(outcome));
  return outcome.result;
}

const lineText = (result: AllocationResult, schoolId: string, row: number, lang: 'zh' | 'en' = 'zh', rules?: RuleSet) =>
  explainLines(result, schoolId, lang, rules)!.lines.find((l) => l.row === row)!.text;

describe('statement text (zh)', () => {
  const rules = whatIfRules();
  const result = run(rules);
  const text = explainSchool(result, 'S1', 'zh', rules)!;

  it('prints the SPEC example line: 机械类 T2 7,500 × 预备技师班 1.5 × (1 + 10%) = 12,375 × 120 = 1,485,000.00', () => {
    expect(text).toContain('第 2 行 数控加工（0101）：机械类（二档 7,500 元）× 预备技师班 1.5 ×（1 + 急需紧缺 10%）= 12,375 元/生 × 120 人 = 1,485,000.00 元\n');
    expect(text).toContain('第 3 行 机床切削加工（0102）：机械类（二档 7,500 元）× 中级工班 1 = 7,500 元/生 × 50 人 = 375,000.00 元\n');
  });

  it('has a header naming the school, type, ownership, fiscal year, rule set and envelope, and a total', () => {
    const [title, identity, ruleSet, envelope] = text.split('\n');
    expect(title).toBe('第1技工院校（S1）2026年度生均拨款说明');
    expect(identity).toBe('学校类型：技师学院；办学性质：公办');
    expect(ruleSet).toBe(`规则集：黑龙江省技工院校差异化生均拨款标准（hlj-technical-schools，第 3 版，${result.summary.ruleSet.hash}）`);
    expect(envelope).toBe('预算约束：不设上限');
    expect(text).toContain('合计：在校生 170 人，按标准应拨 1,860,000.00 元，拨款 1,860,000.00 元。');
  });

  it('quotes the source of every rule used, the rule set first', () => {
    const basis = text.slice(text.indexOf('依据：')).split('\n').slice(1).filter(Boolean);
    expect(basis).toEqual([
      '  规则集「黑龙江省技工院校差异化生均拨款标准」：“黑龙江省技能人才行动方案（2025—2027年）第十条”',
      '  成本档次「二档」：“成本测算报告表3”',
      '  班级分档「预备技师班」：“分类分档办法第二条”',
      '  上浮「急需紧缺」：“行动方案第十条第二款”',
    ]);
  });

  it('names a category override, and shows amount uplifts and a binding cap', () => {
    expect(lineText(result, 'S2', 4)).toBe('第 4 行 烹饪（0501）：服务类（大类单列标准 6,500 元）× 中级工班 1 = 6,500 元/生 × 30 人 = 195,000.00 元');
    // 6000 × (1 + min(10% + 25%, 30%)) + 500 = 8,300.
    expect(lineText(result, 'S3', 5)).toBe(
      '第 5 行 现代农业技术（0701）：农业类（一档 6,000 元）× 中级工班 1 ×（1 + 急需紧缺 10% + 产教深度融合 25% → 上浮上限 30%）+ 艰苦行业 500 元 = 8,300 元/生 × 10 人 = 83,000.00 元',
    );
  });

  it('shows a per-tier band standard as its own figure', () => {
    const lines = [{ ...whatIfLines()[3]!, classType: 'preparatory_technician' as const, students: '2' }];
    // 9500 (T1 preparatory-technician standard) × 1.30 + 500 = 12,850 × 2 = 25,700.
    expect(lineText(run(rules, {}, lines), 'S3', 5)).toBe(
      '第 5 行 现代农业技术（0701）：农业类（一档）预备技师班标准 9,500 元 ×（1 + 急需紧缺 10% + 产教深度融合 25% → 上浮上限 30%）+ 艰苦行业 500 元 = 12,850 元/生 × 2 人 = 25,700.00 元',
    );
  });

  it('writes compound and max combinations as the rule set combines them', () => {
    const compound = whatIfRules((r) => (r.upliftPolicy = { combine: 'compound' }));
    // 6000 × 1.10 × 1.25 + 500 = 8,750.
    expect(lineText(run(compound), 'S3', 5)).toBe(
      '第 5 行 现代农业技术（0701）：农业类（一档 6,000 元）× 中级工班 1 ×（1 + 急需紧缺 10%）×（1 + 产教深度融合 25%）+ 艰苦行业 500 元 = 8,750 元/生 × 10 人 = 87,500.00 元',
    );
    const max = whatIfRules((r) => (r.upliftPolicy.combine = 'max'));
    // 6000 × (1 + max(10%, 25%)) + 500 = 8,000.
    expect(lineText(run(max), 'S3', 5)).toContain('×（1 + 取最高（急需紧缺 10%，产教深度融合 25%））+ 艰苦行业 500 元 = 8,000 元/生 × 10 人 = 80,000.00 元');
  });

  it('keeps exact per-student amounts without trailing zeros and fractional students', () => {
    const lines = [{ ...whatIfLines()[0]!, students: '120.5' }];
    const raised = whatIfRules((r) => (uplift(r, 'scarce').rate = '0.15'));
    // 7500 × 1.5 × 1.15 = 12,937.5 × 120.5 = 1,558,968.75.
    expect(lineText(run(raised, {}, lines), 'S1', 2)).toContain('×（1 + 急需紧缺 15%）= 12,937.5 元/生 × 120.5 人 = 1,558,968.75 元');
  });

  it('shows the envelope share when a budget scaled the allocation', () => {
    const scaled = run(rules, { envelope: { policy: 'cap', budget: '2000000' } });
    const statement = explainSchool(scaled, 'S1', 'zh', rules)!;
    expect(statement).toContain(`预算约束：不超过预算，预算 2,000,000.00 元；调整系数 ${scaled.summary.scaleFactor}`);
    expect(statement).toContain('= 12,375 元/生 × 120 人 = 1,485,000.00 元，分配 1,389,148.73 元');
    expect(statement).toContain('本校按标准应拨 1,860,000.00 元，按最大余数法分得 1,739,943.87 元');
    expect(statement).toContain('合计：在校生 170 人，按标准应拨 1,860,000.00 元，拨款 1,739,943.87 元。');
    expect(explainLines(result, 'S1')!.share).toBeUndefined();
  });

  it('explains why an ineligible school gets 0, citing only the rule set', () => {
    const statement = explainLines(result, 'S4', 'zh', rules)!;
    expect(statement.eligible).toBe(false);
    expect(statement.ineligibility).toBe('本校办学性质为民办，规则集仅对公办学校拨款，拨款为 0。');
    expect(statement.lines.map((l) => [l.eligible, l.text])).toEqual([[false, '第 6 行 数控加工（0101）：中级工班，20 人，不符合拨款资格，拨款 0 元']]);
    expect(statement.basis.map((c) => c.rule)).toEqual(['规则集「黑龙江省技工院校差异化生均拨款标准」']);
    expect(statement.total).toBe('合计：在校生 20 人，按标准应拨 0.00 元，拨款 0.00 元。');
  });

  it('returns undefined for a school not in the result', () => {
    expect(explainSchool(result, 'S9')).toBeUndefined();
    expect(explainLines(result, 'S9', 'en')).toBeUndefined();
  });

  it('takes citations from the rule set for a result whose lines carry none', () => {
    const stripped: AllocationResult = { ...result, schools: result.schools.map((s) => ({ ...s, lines: s.lines.map((line) => ({ ...plainLine(line), sources: undefined })) })) };
    expect(explainLines(stripped, 'S1', 'zh')!.basis.map((c) => c.source)).not.toContain('成本测算报告表3');
    expect(explainLines(stripped, 'S1', 'zh', rules)!.basis.map((c) => c.source)).toContain('成本测算报告表3');
  });
});

describe('statement text (en)', () => {
  const rules = whatIfRules();
  const result = run(rules);

  it('has the same structure in English', () => {
    const text = explainSchool(result, 'S1', 'en', rules)!;
    expect(text.split('\n').slice(0, 4)).toEqual([
      'Appropriation statement for 第1技工院校 (S1), fiscal year 2026',
      'School type: technician college; ownership: public',
      `Rule set: 黑龙江省技工院校差异化生均拨款标准 (hlj-technical-schools, version 3, ${result.summary.ruleSet.hash})`,
      'Envelope: none',
    ]);
    expect(text).toContain(
      'Row 2 数控加工 (0101): 机械类 (二档 ¥7,500) × preparatory-technician class 1.5 × (1 + 急需紧缺 10%) = ¥12,375/student × 120 students = ¥1,485,000.00\n',
    );
    expect(text).toContain('Total: 170 students, entitlement ¥1,860,000.00, allocation ¥1,860,000.00.');
    expect(text).toContain('Basis:\n  rule set "黑龙江省技工院校差异化生均拨款标准": “黑龙江省技能人才行动方案（2025—2027年）第十条”\n  tier "二档": “成本测算报告表3”');
  });

  it('writes the cap, amount uplift and ineligibility in English', () => {
    expect(lineText(result, 'S3', 5, 'en')).toBe(
      'Row 5 现代农业技术 (0701): 农业类 (一档 ¥6,000) × intermediate-worker class 1 × (1 + 急需紧缺 10% + 产教深度融合 25% → capped at 30%) + 艰苦行业 ¥500 = ¥8,300/student × 10 students = ¥83,000.00',
    );
    expect(explainLines(result, 'S4', 'en', rules)!.ineligibility).toBe('This school is private; the rule set funds only public schools, so it gets 0.');
  });
});
