import fc from 'fast-check';
import { Decimal } from './decimal';
import type { EnrollmentLine } from './enrollment';
import type { RuleSet } from './ruleset';
import { specRuleSetInput, validFixture } from './test-fixtures';

/**
 * Test data for the what-if comparison, rule-set diff and explanations: the SPEC §1 example rule
 * set with one major per rule kind, and a small enrolment whose figures are worked by hand in the tests.
 */
export function whatIfRules(change: (input: Record<string, any>) => void = () => {}): RuleSet {
  const input = specRuleSetInput();
  input.name = '黑龙江省技工院校差异化生均拨款标准';
  input.source = '黑龙江省技能人才行动方案（2025—2027年）第十条';
  input.tiers[1].source = '成本测算报告表3';
  input.classBands[2].source = '分类分档办法第二条';
  Object.assign(uplift(input, 'scarce'), { name: '急需紧缺', source: '行动方案第十条第二款' });
  uplift(input, 'hardship').name = '艰苦行业';
  change(input);
  return validFixture(input);
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

/**
 * Random enrolments of technician colleges (every band allowed there) for property tests: `schools` schools, school
 * `privateSchool` private, at most `maxLength` lines of up to `maxHundredths` / 100 students; `schoolIdOf` names them.
 */
export function technicianEnrolment(options: { schools: number; privateSchool: number; maxHundredths: number; maxLength: number; schoolIdOf?: (school: number) => string }) {
  const schoolIdOf = options.schoolIdOf ?? ((school: number) => `S${school}`);
  return fc
    .uniqueArray(
      fc.record({
        school: fc.integer({ min: 1, max: options.schools }),
        major: fc.constantFrom('0101', '0102', '0501', '0701'),
        classType: fc.constantFrom('intermediate' as const, 'senior' as const, 'preparatory_technician' as const),
        students: fc.integer({ min: 0, max: options.maxHundredths }).map((hundredths) => new Decimal(hundredths).div(100).toFixed()),
      }),
      { selector: (l) => `${l.school}/${l.major}/${l.classType}`, minLength: 1, maxLength: options.maxLength },
    )
    .map((lines) =>
      lines.map(
        (l, i): EnrollmentLine => ({
          row: i + 2,
          schoolId: schoolIdOf(l.school),
          schoolName: `学校${l.school}`,
          schoolType: 'technician_college',
          ownership: l.school === options.privateSchool ? 'private' : 'public',
          majorCode: l.major,
          classType: l.classType,
          students: l.students,
        }),
      ),
    );
}
