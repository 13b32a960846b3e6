import { describe, expect, it } from 'vitest';
import type { EnrollmentLine } from './enrollment';
import { excludedFigures } from './excluded';
import { validateRuleSet } from './ruleset';

const rules = validateRuleSet({
  schema: 'skillfund/ruleset@1',
  id: 'r',
  name: 'r',
  fiscalYear: 2026,
  tiers: [{ code: 'T1', name: '一档', perStudent: '6000' }],
  categories: [{ code: '01', name: '机械类', tier: 'T1' }],
  majors: [{ code: '0101', name: '数控', category: '01', flags: ['scarce'] }],
  classBands: [
    { classType: 'intermediate', name: '中级工班', factor: '1' },
    { classType: 'preparatory_technician', name: '预备技师班', schoolTypes: ['technician_college'], factor: '1.5' },
  ],
  uplifts: [{ id: 'scarce', name: '急需紧缺', match: { flags: ['scarce'] }, rate: '0.10' }],
});
if (!rules.ok) throw new Error('fixture');

const line = (row: number, majorCode: string, classType: EnrollmentLine['classType'], students: string): EnrollmentLine => ({
  row,
  schoolId: 'S1',
  schoolName: '一校',
  schoolType: 'technical_school',
  ownership: 'public',
  majorCode,
  classType,
  students,
});

describe('excludedFigures', () => {
  it('prices the excluded lines the rule set can price and counts the others as unknown, not zero', () => {
    const lines = [line(2, '0101', 'intermediate', '10.5'), line(3, '9999', 'intermediate', '4'), line(4, '0101', 'preparatory_technician', '2'), line(5, '0101', 'intermediate', '7')];
    const excluded = [
      { row: 2, reason: 'inconsistent_school', problems: [{ code: 'inconsistent_school' }] },
      { row: 3, reason: 'unknown_major', problems: [{ code: 'unknown_major' }] },
      { row: 4, reason: 'class_type_not_allowed', problems: [{ code: 'class_type_not_allowed' }] },
      { row: 9, reason: 'invalid_students', problems: [{ code: 'invalid_students' }] },
    ];
    // row 2: 10.5 × 6000 × 1.10 = 69,300; rows 3, 4 and the unread row 9 cannot be priced.
    expect(excludedFigures(rules.ruleSet, lines, excluded)).toEqual({ lines: 4, students: '16.5', entitlement: '69300', priced: 1, unpriced: 3 });
    expect(excludedFigures(rules.ruleSet, lines, [])).toEqual({ lines: 0, students: '0', entitlement: '0', priced: 0, unpriced: 0 });
  });
});
