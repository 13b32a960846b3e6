import type { EnrollmentLine } from './enrollment';
import type { RuleSet } from './ruleset';
import { specRuleSetInput, validFixture } from './test-fixtures';
import { uplift } from './what-if-fixtures';

/**
 * Test data for the attribution (SPEC §9), worked by hand in the tests. The SPEC §1 rule set with three tiers named as
 * a finance office names them (三档 the lowest):
 *   T1 一档 10000, T2 二档 9000, T3 三档 7500; 机械类 (01) and 农业类 (07) in 三档, 服务类 (05) its own 6500;
 *   bands: 中级工班 × 1, 高级工班 × 1.3 (技师学院, 高级技工学校), 预备技师班 × 1.5 (技师学院; 一档 9500);
 *   uplifts: 急需紧缺 +10 % (0101, 0701), 产教融合 +25 % (0701), 艰苦行业 +500 元 (07); sum, cap 30 %; public only.
 */
export function attributionRules(change: (input: Record<string, any>) => void = () => {}): RuleSet {
  const input = specRuleSetInput();
  input.tiers = [
    { code: 'T1', name: '一档', perStudent: '10000' },
    { code: 'T2', name: '二档', perStudent: '9000' },
    { code: 'T3', name: '三档', perStudent: '7500' },
  ];
  for (const category of input.categories) category.tier = 'T3';
  uplift(input, 'scarce').name = '急需紧缺专业';
  change(input);
  return validFixture(input);
}

/** 机械类 from 三档 to 二档: the standard every 机械类 line gets goes 7,500 → 9,000. */
export const machineryToTier2 = (input: Record<string, any>) => {
  input.categories[0].tier = 'T2';
};

type School = Pick<EnrollmentLine, 'schoolId' | 'schoolName' | 'schoolType' | 'ownership'>;

export const SCHOOLS = {
  S1: { schoolId: 'S1', schoolName: '第一技师学院', schoolType: 'technician_college', ownership: 'public' },
  S2: { schoolId: 'S2', schoolName: '第二技工学校', schoolType: 'technical_school', ownership: 'public' },
  S3: { schoolId: 'S3', schoolName: '第三高级技工学校', schoolType: 'senior_technical_school', ownership: 'public' },
  S4: { schoolId: 'S4', schoolName: '民办第四技工学校', schoolType: 'technical_school', ownership: 'private' },
  S5: { schoolId: 'S5', schoolName: '第五技师学院', schoolType: 'technician_college', ownership: 'public' },
} satisfies Record<string, School>;

let nextRow = 2;
/** An enrolment line of one of SCHOOLS. */
export function enrolled(school: keyof typeof SCHOOLS, majorCode: string, classType: EnrollmentLine['classType'], students: string, row = nextRow++): EnrollmentLine {
  return { row, ...SCHOOLS[school], majorCode, classType, students };
}
