import { describe, expect, it } from 'vitest';
import { baselineOf } from './protection-fixtures';
import { validateRuleSet } from './ruleset';
import { solve, type SolveInput } from './solve';
import { line, specRuleSet } from './test-fixtures';

// S1: 100 × 机床切削加工 (T2 7,500, no uplift); S2: 10 × 数控加工 (T2 7,500, scarce +10 %); S3: 20 × 烹饪 (category 6,500).
const S1 = line({ schoolId: 'S1', majorCode: '0102', students: '100' });
const S2 = line({ schoolId: 'S2', majorCode: '0101', students: '10' });
const S3 = line({ schoolId: 'S3', majorCode: '0501', students: '20' });
// S4: 10 × 现代农业技术 (T1 6,000, scarce + integration 0.25 capped at 0.30, hardship +500).
const S4 = line({ schoolId: 'S4', majorCode: '0701', students: '10' });

function solved(input: Partial<SolveInput> & Pick<SolveInput, 'parameter' | 'budget'>) {
  const outcome = solve({ ruleSet: specRuleSet(), lines: [S1, S2, S3], ...input });
  if (!outcome.ok) throw new Error(JSON.stringify(outcome.problems));
  return outcome.result;
}

function refusal(input: Partial<SolveInput> & Pick<SolveInput, 'parameter' | 'budget'>) {
  const outcome = solve({ ruleSet: specRuleSet(), lines: [S1, S2, S3], ...input });
  expect(outcome.ok).toBe(false);
  return outcome.ok ? [] : outcome.problems.map((p) => ({ path: p.path, code: p.code, params: p.params }));
}

describe('solve (SPEC §8), worked by hand', () => {
  it('finds the largest whole-yuan tier standard the budget pays for', () => {
    // T(x) = 100x + 10 × 1.1x + 130,000 = 111x + 130,000; 1,000,000 → x = ⌊870,000 / 111⌋ = 7,837.
    const result = solved({ parameter: 'tiers.T2.perStudent', budget: '1000000' });
    expect(result).toMatchObject({ parameter: 'tiers.T2.perStudent', value: '7837', total: '999907.00', gap: '93.00', nextTotal: '1000018.00', startingValue: '7500', step: '1', budget: '1000000.00' });
    expect(result.ruleSet.tiers.find((t) => t.code === 'T2')!.perStudent).toBe('7837');
    expect(validateRuleSet(result.ruleSet).ok).toBe(true);
    // The solve estimate is exact for a linear parameter: two evaluations settle it (plus T(0) and T(x + step)).
    expect(result.evaluations).toBeLessThanOrEqual(4);
    expect(result.comparison!.summary).toMatchObject({ baseTotalAllocation: '962500.00', candidateTotalAllocation: '999907.00', totalChange: '37407.00' });
    expect(result.comparison!.ruleSetDiff.tiers.changed).toEqual([{ key: 'T2', fields: [{ path: 'perStudent', before: '7500', after: '7837' }] }]);
  });

  it('solves a capped uplift rate on its 0.0001 grid', () => {
    // For x ≥ 0.05 S4's rate is capped at 0.30: T(x) = 1,038,000 + 75,000x; 1,050,000 → x = 0.16 exactly.
    const result = solved({ parameter: 'uplifts.scarce.rate', budget: '1050000', lines: [S1, S2, S3, S4] });
    expect(result).toMatchObject({ value: '0.16', total: '1050000.00', gap: '0.00', nextTotal: '1050007.50', startingValue: '0.1' });
  });

  it('honours a coarser step and the scale parameter', () => {
    expect(solved({ parameter: 'tiers.T2.perStudent', budget: '1000000', step: '100' })).toMatchObject({ value: '7800', total: '995800.00', nextTotal: '1006900.00' });
    // scale: every money standard × x; T(x) = 962,500x, so 1,000,000 → x = ⌊1.03896…⌋ = 1.0389 on the 0.0001 grid.
    expect(solved({ parameter: 'scale', budget: '1000000' })).toMatchObject({ value: '1.0389', total: '999941.25', nextTotal: '1000037.50', startingValue: '1' });
  });

  it('creates a category standard that was not set', () => {
    // 机械类 gets its own standard x for S1 and S2 (1.1 with the uplift): 111x + 130,000 as for the tier.
    const result = solved({ parameter: 'categories.01.perStudent', budget: '1000000' });
    expect(result).toMatchObject({ value: '7837', startingValue: null });
    expect(result.ruleSet.categories.find((c) => c.code === '01')!.perStudent).toBe('7837');
  });

  it('solves against the protected total when a baseline is given', () => {
    const rules = specRuleSet({ protection: { basis: 'total', floor: '-0.03', gainCap: '0.05' } });
    // S1 was 700,000 last year: its cap 735,000 binds once 100x > 735,000, so T rises only by 11x beyond x = 7,350.
    const baseline = baselineOf([['S1', '700000.00', ['100']]]);
    const result = solved({ ruleSet: rules, baseline, parameter: 'tiers.T2.perStudent', budget: '1000000' });
    // 735,000 + 11x + 130,000 ≤ 1,000,000 → x = ⌊135,000 / 11⌋ = 12,272.
    expect(result).toMatchObject({ value: '12272', total: '999992.00', nextTotal: '1000003.00' });
  });
});

describe('solve refusals', () => {
  it('names a parameter it does not know, a target that is missing and the wrong kind of uplift', () => {
    expect(refusal({ parameter: 'tiers.T2.amount', budget: '1' })).toEqual([expect.objectContaining({ path: 'parameter', code: 'unknown_parameter' })]);
    expect(refusal({ parameter: 'tiers.T9.perStudent', budget: '1' })).toEqual([{ path: 'parameter', code: 'parameter_target_unknown', params: { parameter: 'tiers.T9.perStudent', what: 'tier', key: 'T9' } }]);
    expect(refusal({ parameter: 'uplifts.hardship.rate', budget: '1' })).toEqual([
      { path: 'parameter', code: 'parameter_kind_mismatch', params: { parameter: 'uplifts.hardship.rate', id: 'hardship', has: 'amountPerStudent' } },
    ]);
    expect(refusal({ parameter: 'classBands.technician.factor', budget: '1' })).toEqual([expect.objectContaining({ code: 'parameter_target_unknown' })]);
  });

  it('refuses a bad budget or step with its path', () => {
    expect(refusal({ parameter: 'scale', budget: '1.005' })).toEqual([expect.objectContaining({ path: 'budget', code: 'budget_not_whole_units' })]);
    expect(refusal({ parameter: 'scale', budget: '-5', step: '0' }).map((p) => p.path)).toEqual(['budget', 'step']);
  });

  it('says when no funded line depends on the parameter', () => {
    expect(refusal({ parameter: 'tiers.T1.perStudent', budget: '1000000' })).toEqual([{ path: 'parameter', code: 'parameter_has_no_effect', params: { parameter: 'tiers.T1.perStudent' } }]);
  });

  it('says when even 0 costs more than the budget, and when no value spends it', () => {
    // With T2 = 0 the others still cost 130,000.
    expect(refusal({ parameter: 'tiers.T2.perStudent', budget: '100000' })).toEqual([
      { path: 'budget', code: 'budget_below_minimum', params: { parameter: 'tiers.T2.perStudent', budget: '100000.00', minimum: '130000.00' } },
    ]);
    // The scarce rate stops counting at the 0.30 cap: at most 880,000 + 97,500 + 83,000.
    expect(refusal({ parameter: 'uplifts.scarce.rate', budget: '2000000', lines: [S1, S2, S3, S4] })).toEqual([
      { path: 'budget', code: 'budget_above_maximum', params: { parameter: 'uplifts.scarce.rate', budget: '2000000.00', maximum: '1060500.00' } },
    ]);
  });
});
