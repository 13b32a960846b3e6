import type { EnrollmentLine } from '../../domain/enrollment';
import { validateRuleSet, type RuleSet } from '../../domain/ruleset';

/** A small valid rule set; `perStudent` of tier T1 varies so versions differ. */
export function sampleRuleSet(id = 'test-rules', t1 = '6000'): RuleSet {
  const outcome = validateRuleSet({
    schema: 'skillfund/ruleset@1',
    id,
    name: '测试规则',
    fiscalYear: 2026,
    tiers: [
      { code: 'T1', name: '一档', perStudent: t1 },
      { code: 'T2', name: '二档', perStudent: '7500' },
    ],
    categories: [
      { code: '01', name: '机械类', tier: 'T2' },
      { code: '05', name: '服务类', tier: 'T1' },
    ],
    majors: [
      { code: '0101', name: '数控加工', category: '01', flags: ['scarce'] },
      { code: '0501', name: '烹饪', category: '05' },
    ],
    classBands: [
      { classType: 'intermediate', name: '中级工班', factor: '1' },
      { classType: 'senior', name: '高级工班', factor: '1.3' },
    ],
    uplifts: [{ id: 'scarce', name: '急需紧缺', match: { flags: ['scarce'] }, rate: '0.10' }],
    rounding: { scale: 2, mode: 'half_up' },
  });
  if (!outcome.ok) throw new Error(JSON.stringify(outcome.problems));
  return outcome.ruleSet;
}

/** `count` schools with two lines each, with random-looking names so the data does not compress away. */
export function sampleLines(count: number, seed = 1): EnrollmentLine[] {
  let state = seed;
  const next = () => (state = (state * 1103515245 + 12345) % 2 ** 31);
  const lines: EnrollmentLine[] = [];
  for (let i = 0; i < count; i++) {
    const schoolId = `S${String(i).padStart(6, '0')}`;
    const schoolName = `学校${next().toString(36)}${next().toString(36)}`;
    for (const [majorCode, classType] of [['0101', 'intermediate'], ['0501', 'senior']] as const) {
      lines.push({ row: lines.length + 2, schoolId, schoolName, schoolType: 'technician_college', ownership: 'public', majorCode, classType, students: String(next() % 500) });
    }
  }
  return lines;
}
