import type { EnrollmentLine } from './enrollment';
import { validateRuleSet, type RuleSet } from './ruleset';

/**
 * Test data for the what-if comparison, rule-set diff and explanations: the SPEC §1 example rule
 * set with one major per rule kind, and a small enrolment whose figures are worked by hand in the tests.
 */
export function whatIfRules(change: (input: Record<string, any>) => void = () => {}): RuleSet {
  const input: Record<string, any> = {
    schema: 'skillfund/ruleset@1',
    id: 'hlj-technical-schools',
    name: '黑龙江省技工院校差异化生均拨款标准',
    fiscalYear: 2026,
    currency: 'CNY',
    source: '黑龙江省技能人才行动方案（2025—2027年）第十条',
    tiers: [
      { code: 'T1', name: '一档', perStudent: '6000' },
      { code: 'T2', name: '二档', perStudent: '7500', source: '成本测算报告表3' },
    ],
    categories: [
      { code: '01', name: '机械类', tier: 'T2' },
      { code: '05', name: '服务类', tier: 'T1', perStudent: '6500' },
      { code: '07', name: '农业类', tier: 'T1' },
    ],
    majors: [
      { code: '0101', name: '数控加工', category: '01', flags: ['scarce'] },
      { code: '0102', name: '机床切削加工', category: '01' },
      { code: '0501', name: '烹饪', category: '05', flags: ['employment'] },
      { code: '0701', name: '现代农业技术', category: '07', flags: ['scarce', 'integration'] },
    ],
    classBands: [
      { classType: 'intermediate', name: '中级工班', factor: '1' },
      { classType: 'senior', name: '高级工班', schoolTypes: ['technician_college', 'senior_technical_school'], factor: '1.3' },
      {
        classType: 'preparatory_technician',
        name: '预备技师班',
        schoolTypes: ['technician_college'],
        factor: '1.5',
        perStudentByTier: { T1: '9500' },
        source: '分类分档办法第二条',
      },
    ],
    uplifts: [
      { id: 'scarce', name: '急需紧缺', match: { flags: ['scarce'] }, rate: '0.10', source: '行动方案第十条第二款' },
      { id: 'integration', name: '产教深度融合', match: { flags: ['integration'] }, rate: '0.25' },
      { id: 'hardship', name: '艰苦行业', match: { categories: ['07'] }, amountPerStudent: '500' },
    ],
    upliftPolicy: { combine: 'sum', cap: '0.30' },
    eligibility: { ownership: ['public'] },
    rounding: { scale: 2, mode: 'half_up' },
  };
  change(input);
  const validation = validateRuleSet(input);
  if (!validation.ok) throw new Error(`fixture rule set invalid: ${JSON.stringify(validation.problems)}`);
  return validation.ruleSet;
}

export function uplift(input: Record<string, any>, id: string): Record<string, any> {
  return input.uplifts.find((u: { id: string }) => u.id === id);
}

/**
 * By hand, under whatIfRules():
 *   S1 row 2  0101 预备技师班 120: 7500 × 1.5 × 1.10 = 12375 → 1,485,000
 *   S1 row 3  0102 中级工班    50: 7500 × 1            =  7500 →   375,000
 *   S2 row 4  0501 中级工班    30: 6500 (category)     =  6500 →   195,000
 *   S3 row 5  0701 中级工班    10: 6000 × (1 + min(0.35, 0.30)) + 500 = 8300 → 83,000
 *   S4 row 6  0101 中级工班    20: private school, ineligible → 0
 * Total 2,138,000.00.
 */
export function whatIfLines(): EnrollmentLine[] {
  const school = (schoolId: string, schoolType: EnrollmentLine['schoolType'], ownership: EnrollmentLine['ownership']) => ({
    schoolId,
    schoolName: `第${schoolId.slice(1)}技工院校`,
    schoolType,
    ownership,
  });
  return [
    { row: 2, ...school('S1', 'technician_college', 'public'), majorCode: '0101', classType: 'preparatory_technician', students: '120' },
    { row: 3, ...school('S1', 'technician_college', 'public'), majorCode: '0102', classType: 'intermediate', students: '50' },
    { row: 4, ...school('S2', 'technical_school', 'public'), majorCode: '0501', classType: 'intermediate', students: '30' },
    { row: 5, ...school('S3', 'technician_college', 'public'), majorCode: '0701', classType: 'intermediate', students: '10' },
    { row: 6, ...school('S4', 'senior_technical_school', 'private'), majorCode: '0101', classType: 'intermediate', students: '20' },
  ];
}
