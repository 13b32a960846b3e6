import { describe, expect, it } from 'vitest';
import { validateRuleSet } from './ruleset';
import { specRuleSet } from './test-fixtures';

const valid = () => JSON.parse(JSON.stringify(specRuleSet())) as Record<string, any>;

describe('validateRuleSet', () => {
  it('accepts the SPEC example and fills defaults', () => {
    const input = valid();
    delete input.rounding;
    delete input.upliftPolicy;
    const result = validateRuleSet(input);
    expect(result.ok && result.ruleSet.rounding).toEqual({ scale: 2, mode: 'half_up' });
    expect(result.ok && result.ruleSet.upliftPolicy).toEqual({ combine: 'sum' });
  });

  it('accepts numbers with up to 15 significant digits and canonicalises them to strings', () => {
    const input = valid();
    input.tiers[0].perStudent = 6000.5;
    const result = validateRuleSet(input);
    expect(result.ok && result.ruleSet.tiers[0]!.perStudent).toBe('6000.5');
    input.tiers[0].perStudent = 1234567890.1234567;
    expect(validateRuleSet(input)).toMatchObject({ ok: false, problems: [{ path: 'tiers[0].perStudent' }] });
  });

  it('lists every problem at once, each at its JSON path', () => {
    const input = valid();
    input.tiers.push({ code: 'T1', name: 'dup', perStudent: '1' });
    input.categories[0].tier = 'T9';
    input.majors[0].category = '99';
    input.majors[1].colour = 'red';
    input.classBands[2].perStudentByTier = { T7: '100' };
    input.uplifts[0].amountPerStudent = '5';
    input.uplifts[1].rate = '11';
    input.uplifts[2].match = {};
    input.uplifts.push({ id: 'x', name: 'x', match: { majors: ['nope'], categories: ['nah'], flags: ['unheard'] }, rate: '0.1' });
    input.tiers[1].perStudent = '-5';
    input.rounding = { scale: 3, mode: 'ceiling' };
    const result = validateRuleSet(input);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const paths = result.problems.map((p) => p.path);
    // Shape problems come first; cross-references are checked once the shape is right.
    expect(paths).toEqual(expect.arrayContaining(['tiers[1].perStudent', 'majors[1].colour', 'rounding.scale', 'rounding.mode']));
    input.tiers[1].perStudent = '5';
    input.rounding = { scale: 0, mode: 'down' };
    delete input.majors[1].colour;
    const second = validateRuleSet(input);
    expect(second.ok).toBe(false);
    if (second.ok) return;
    expect(second.problems.map((p) => p.path)).toEqual([
      'tiers[2]',
      'categories[0].tier',
      'majors[0].category',
      'classBands[2].perStudentByTier.T7',
      'uplifts[0]',
      'uplifts[1].rate',
      'uplifts[2].match',
      'uplifts[3].match.flags[0]',
      'uplifts[3].match.majors[0]',
      'uplifts[3].match.categories[0]',
    ]);
  });

  it('rejects a wrong schema tag and unknown top-level fields', () => {
    const input = { ...valid(), schema: 'skillfund/ruleset@2', extra: true };
    const result = validateRuleSet(input);
    expect(result.ok ? [] : result.problems.map((p) => p.path)).toEqual(expect.arrayContaining(['schema', 'extra']));
  });

  it('lists shape and reference problems together in one pass, without blaming references to a malformed item', () => {
    const input = valid() as Record<string, any>;
    delete input.name;
    input.tiers[0].perStudent = '-5';
    input.categories[0].tier = 'T9';
    input.majors[0].category = '99';
    const result = validateRuleSet(input);
    expect(result.ok ? [] : result.problems.map((p) => p.path)).toEqual(['name', 'tiers[0].perStudent', 'categories[0].tier', 'majors[0].category']);
  });
});
