import { describe, expect, it } from 'vitest';
import { allocate } from './allocate';
import { plainLine } from './line-result';
import type { LineResult } from './result';
import { StandardBook } from './standards';
import { line, specRuleSet } from './test-fixtures';

function linesOf(lines: Parameters<typeof line>[0][], ownership: 'public' | 'private' = 'public') {
  const outcome = allocate({ ruleSet: specRuleSet({ eligibility: { ownership: ['public'] } }), lines: lines.map((l) => line({ ...l, ownership })) });
  if (!outcome.ok) throw new Error(JSON.stringify(outcome));
  return outcome.result.schools.flatMap((school) => school.lines);
}

describe('computed lines share their derivation', () => {
  it('read every derivation field from the standard of their (major, class type)', () => {
    const rules = specRuleSet({ eligibility: { ownership: ['public'] } });
    const [computed] = linesOf([{ schoolId: 'S1', majorCode: '0701', classType: 'preparatory_technician', students: '2' }]);
    const { perStudentExact: _exact, ...derivation } = new StandardBook(rules).standardFor('0701', 'preparatory_technician');
    for (const [field, value] of Object.entries(derivation)) expect(computed![field as keyof LineResult], field).toEqual(value);
    expect(computed).toMatchObject({ students: '2', entitlement: '25700', allocation: '25700.00' });
  });

  it('serialise to the flat SPEC §4 shape, optional fields only when present, in a fixed key order', () => {
    const [capped, plain] = linesOf([
      { schoolId: 'S1', majorCode: '0701', classType: 'preparatory_technician', students: '2' },
      { schoolId: 'S1', majorCode: '0501', students: '10' },
    ]);
    const cappedJson = JSON.parse(JSON.stringify(capped)) as Record<string, unknown>;
    expect(Object.keys(cappedJson)).toEqual([
      'row', 'majorCode', 'majorName', 'categoryCode', 'categoryName', 'tier', 'tierName', 'baseFrom', 'classType', 'band', 'bandFrom',
      'baseStandard', 'bandedStandard', 'uplifts', 'upliftRate', 'upliftRateUncapped', 'upliftAmount', 'perStudent', 'upliftCombine',
      'sources', 'students', 'entitlement', 'allocation',
    ].filter((key) => capped![key as keyof LineResult] !== undefined));
    expect(cappedJson).toMatchObject({ upliftRate: '0.3', upliftRateUncapped: '0.35', perStudent: '12850', allocation: '25700.00' });
    const plainJson = JSON.parse(JSON.stringify(plain)) as Record<string, unknown>;
    expect(plainJson).not.toHaveProperty('upliftRateUncapped');
    expect(plainJson).not.toHaveProperty('reason');
    expect(plainJson).toHaveProperty('bandFactor', '1');
  });

  it('carry the ineligibility reason as their own field', () => {
    const [ineligible] = linesOf([{ schoolId: 'P1', majorCode: '0501', students: '10' }], 'private');
    expect(ineligible!.reason).toBe('ineligible_ownership');
    expect(JSON.parse(JSON.stringify(ineligible))).toMatchObject({ reason: 'ineligible_ownership', allocation: '0.00' });
  });

  it('copy to a plain object with the same JSON, which object spread can then use', () => {
    const [computed] = linesOf([{ schoolId: 'S1', majorCode: '0101', classType: 'preparatory_technician', students: '120' }]);
    const copy = { ...plainLine(computed!) };
    expect(JSON.stringify(copy)).toBe(JSON.stringify(computed));
    expect(copy.perStudent).toBe('12375');
  });
});
