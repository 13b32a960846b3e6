import { describe, expect, it } from 'vitest';
import { plausibilityWarnings, unacceptedWarnings } from './plausibility';
import { validateRuleSet, type RuleSet } from './ruleset';

function rules(edit: (r: any) => void = () => {}): RuleSet {
  const input: any = {
    schema: 'skillfund/ruleset@1',
    id: 'r',
    name: 'r',
    fiscalYear: 2026,
    tiers: [
      { code: 'T1', name: '一档', perStudent: '6000' },
      { code: 'T2', name: '二档', perStudent: '8000' },
    ],
    categories: [{ code: '01', name: '机械类', tier: 'T1' }],
    majors: [{ code: '0101', name: '数控', category: '01', flags: ['scarce'] }],
    classBands: [{ classType: 'intermediate', name: '中级工班', factor: '1' }],
    uplifts: [{ id: 'scarce', name: '急需紧缺', match: { flags: ['scarce'] }, rate: '0.10' }],
    upliftPolicy: { combine: 'sum', cap: '0.30' },
  };
  edit(input);
  const outcome = validateRuleSet(input);
  if (!outcome.ok) throw new Error(JSON.stringify(outcome.problems));
  return outcome.ruleSet;
}
const codes = (r: RuleSet, base?: RuleSet) => plausibilityWarnings(r, base).map((w) => `${w.path} ${w.code}`);

describe('plausibility warnings (SPEC §11)', () => {
  it('has none for a sensible rule set', () => {
    expect(codes(rules())).toEqual([]);
  });

  it('warns loudly about a rate typed as 10 for 10 %, and says what was probably meant', () => {
    const [warning] = plausibilityWarnings(rules((r) => (r.uplifts[0].rate = '10')));
    expect(warning).toEqual({ path: 'uplifts[0].rate', code: 'rate_above_100_percent', params: { name: '急需紧缺', value: '10', rate: '10', intended: '0.1' } });
    expect(codes(rules((r) => (r.uplifts[0].rate = '1')))).toEqual([]);
    expect(codes(rules((r) => (r.upliftPolicy.cap = '30')))).toEqual(['upliftPolicy.cap cap_above_100_percent']);
  });

  it('warns about a standard below 1,000 yuan and a per-student amount above 100,000', () => {
    expect(codes(rules((r) => (r.tiers[1].perStudent = '800')))).toEqual(['tiers[1].perStudent standard_below_1000']);
    expect(codes(rules((r) => (r.categories[0].perStudent = '999.99')))).toEqual(['categories[0].perStudent standard_below_1000']);
    expect(codes(rules((r) => (r.tiers[0].perStudent = '95000')))).toEqual(['majors[0] per_student_above_100000']);
  });

  it('warns about a standard, factor, rate or amount more than 50 % away from the base version, and not at 50 %', () => {
    const base = rules();
    expect(codes(rules((r) => (r.tiers[0].perStudent = '9000')), base)).toEqual([]);
    expect(codes(rules((r) => (r.tiers[0].perStudent = '9000.01')), base)).toEqual(['tiers[0].perStudent changed_over_50_percent']);
    expect(codes(rules((r) => (r.tiers[1].perStudent = '3999')), base)).toEqual(['tiers[1].perStudent changed_over_50_percent']);
    expect(codes(rules((r) => (r.classBands[0].factor = '1.6')), base)).toEqual(['classBands[0].factor changed_over_50_percent']);
    expect(codes(rules((r) => (r.uplifts[0].rate = '0.2')), base)).toEqual(['uplifts[0].rate changed_over_50_percent']);
    // A new tier has nothing to compare with.
    expect(codes(rules((r) => r.tiers.push({ code: 'T3', name: '三档', perStudent: '20000' })), base)).toEqual([]);
  });

  it('lists the warnings whose codes were not accepted', () => {
    const warnings = plausibilityWarnings(rules((r) => ((r.uplifts[0].rate = '10'), (r.tiers[1].perStudent = '800'))));
    expect(unacceptedWarnings(warnings, ['standard_below_1000']).map((w) => w.code)).toEqual(['rate_above_100_percent']);
    expect(unacceptedWarnings(warnings, ['standard_below_1000', 'rate_above_100_percent'])).toEqual([]);
  });
});
