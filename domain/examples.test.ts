import { describe, expect, it } from 'vitest';
import { validateRuleSet } from './ruleset';

const rules = (examples: unknown[], t1 = '6000') => ({
  schema: 'skillfund/ruleset@1',
  id: 'r',
  name: 'r',
  fiscalYear: 2026,
  tiers: [{ code: 'T1', name: '一档', perStudent: t1 }],
  categories: [{ code: '01', name: '机械类', tier: 'T1' }],
  majors: [{ code: '0101', name: '数控', category: '01', flags: ['scarce'] }],
  classBands: [
    { classType: 'intermediate', name: '中级工班', factor: '1' },
    { classType: 'senior', name: '高级工班', schoolTypes: ['technician_college'], factor: '1.5' },
  ],
  uplifts: [{ id: 'scarce', name: '急需紧缺', match: { flags: ['scarce'] }, rate: '0.10' }],
  examples,
});
const example = (over: object = {}) => ({ name: '数控中级工', schoolType: 'technical_school', majorCode: '0101', classType: 'intermediate', perStudent: '6600', ...over });

describe('worked examples (SPEC §11)', () => {
  it('accepts examples the rule set reproduces exactly, however the amount is written', () => {
    expect(validateRuleSet(rules([example(), example({ perStudent: 6600.0, name: 'x' }), example({ classType: 'senior', schoolType: 'technician_college', perStudent: '9900.00' })])).ok).toBe(true);
  });

  it('reports each failing example with the stated and the computed amount, at its path', () => {
    const outcome = validateRuleSet(rules([example(), example({ name: '高级工', classType: 'senior', schoolType: 'technician_college', perStudent: '9900' })], '6100'));
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.problems).toEqual([
      expect.objectContaining({ path: 'examples[0].perStudent', code: 'example_mismatch', params: expect.objectContaining({ expected: '6600', computed: '6710' }) }),
      expect.objectContaining({ path: 'examples[1].perStudent', code: 'example_mismatch', params: expect.objectContaining({ expected: '9900', computed: '10065' }) }),
    ]);
  });

  it('names an example whose major is unknown or whose class type the school type does not fund', () => {
    const outcome = validateRuleSet(rules([example({ majorCode: '9999' }), example({ classType: 'senior' })]));
    expect(outcome.ok ? [] : outcome.problems.map((p) => `${p.path} ${p.code}`)).toEqual(['examples[0].majorCode example_unknown_major', 'examples[1].classType example_class_type_not_allowed']);
  });

  it('leaves the examples out when asked (a what-if), and checks them only on an otherwise sound rule set', () => {
    expect(validateRuleSet(rules([example()], '6100'), { examples: false }).ok).toBe(true);
    const broken = { ...rules([example()], '6100'), categories: [{ code: '01', name: '机械类', tier: 'T9' }] };
    const outcome = validateRuleSet(broken);
    expect(outcome.ok ? [] : outcome.problems.map((p) => p.path)).toEqual(['categories[0].tier']);
  });
});
