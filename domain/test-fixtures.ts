import type { EnrollmentLine } from './enrollment';
import { validateRuleSet, type RuleSet } from './ruleset';

/** The SPEC §1 example rule set, extended just enough to exercise every rule kind, as raw JSON. */
export function specRuleSetInput(): Record<string, any> {
  return {
    schema: 'skillfund/ruleset@1',
    id: 'hlj-technical-schools',
    name: '黑龙江省技工院校差异化生均拨款标准（测试）',
    fiscalYear: 2026,
    currency: 'CNY',
    source: '测试用规则',
    tiers: [
      { code: 'T1', name: '一档', perStudent: '6000' },
      { code: 'T2', name: '二档', perStudent: '7500' },
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
      },
    ],
    uplifts: [
      { id: 'scarce', name: '急需紧缺专业', match: { flags: ['scarce'] }, rate: '0.10', source: '行动方案第十条' },
      { id: 'integration', name: '产教深度融合', match: { flags: ['integration'] }, rate: '0.25' },
      { id: 'hardship', name: '艰苦行业专业', match: { categories: ['07'] }, amountPerStudent: '500' },
    ],
    upliftPolicy: { combine: 'sum', cap: '0.30' },
    eligibility: { ownership: ['public'] },
    rounding: { scale: 2, mode: 'half_up' },
  };
}

export function specRuleSet(overrides: Record<string, unknown> = {}): RuleSet {
  return validFixture({ ...specRuleSetInput(), ...overrides });
}

/** Validates a fixture, failing the test loudly if the fixture itself is wrong. */
export function validFixture(input: unknown): RuleSet {
  const validation = validateRuleSet(input);
  if (!validation.ok) throw new Error(`fixture rule set invalid: ${JSON.stringify(validation.problems)}`);
  return validation.ruleSet;
}

let nextRow = 2;
export function line(partial: Partial<EnrollmentLine> & Pick<EnrollmentLine, 'schoolId' | 'majorCode' | 'students'>): EnrollmentLine {
  return {
    row: partial.row ?? nextRow++,
    schoolName: `学校${partial.schoolId}`,
    schoolType: 'technician_college',
    ownership: 'public',
    classType: 'intermediate',
    ...partial,
  };
}
