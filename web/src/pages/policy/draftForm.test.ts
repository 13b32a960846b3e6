import { describe, expect, it } from 'vitest';
import { fieldForProblem, pathKey } from '../../format/paths';
import { editorFields, textToTierStandards, tierStandardsToText, toContent, toFormValues } from './draftForm';

const ruleSet = {
  schema: 'skillfund/ruleset@1',
  id: 'hlj',
  name: '黑龙江',
  fiscalYear: 2026,
  tiers: [
    { code: 'T1', name: '一档', perStudent: '6000' },
    { code: 'T2', name: '二档', perStudent: '7500', source: '第10条' },
  ],
  categories: [{ code: '01', name: '机械类', tier: 'T2' }],
  majors: [{ code: '0101', name: '数控加工', category: '01', flags: ['scarce'] }, { code: '0102', name: '钳工', category: '01' }],
  classBands: [
    { classType: 'intermediate', name: '中级工班', factor: '1' },
    { classType: 'preparatory_technician', name: '预备技师班', schoolTypes: ['technician_college'], factor: '1.5', perStudentByTier: { T2: '12000' } },
  ],
  uplifts: [{ id: 'scarce', name: '急需紧缺', match: { flags: ['scarce'] }, rate: '0.10' }],
  upliftPolicy: { combine: 'sum', cap: '0.30' },
  rounding: { scale: 2, mode: 'half_up' },
};

describe('draft form model', () => {
  it('round-trips a rule set unchanged', () => {
    expect(toContent(toFormValues(ruleSet), ruleSet)).toEqual(ruleSet);
  });

  it('leaves emptied optional fields out and keeps money as text', () => {
    const values = toFormValues(ruleSet);
    values.upliftPolicy.cap = '';
    values.classBands[1]!.perStudentByTier = '';
    values.tiers[0]!.perStudent = ' 6500 ';
    const content = toContent(values, ruleSet) as typeof ruleSet;
    expect(content.upliftPolicy).toEqual({ combine: 'sum' });
    expect(content.classBands[1]).not.toHaveProperty('perStudentByTier');
    expect(content.tiers[0]!.perStudent).toBe('6500');
  });

  it('reads per-tier band standards typed in either punctuation', () => {
    expect(textToTierStandards('T2=12000；T3：15000')).toEqual({ T2: '12000', T3: '15000' });
    expect(textToTierStandards('  ')).toBeUndefined();
    expect(tierStandardsToText({ T2: '12000', T3: '15000' })).toBe('T2=12000; T3=15000');
  });

  it('has a field for every path the validator reports inside the edited sections', () => {
    const fields = editorFields(toFormValues(ruleSet));
    expect(fieldForProblem('tiers[1].perStudent', fields)).toEqual(['tiers', 1, 'perStudent']);
    expect(fieldForProblem('majors[0].category', fields)).toEqual(['majors', 0, 'category']);
    expect(fieldForProblem('classBands[1].perStudentByTier.T9', fields)).toEqual(['classBands', 1, 'perStudentByTier']);
    expect(fieldForProblem('uplifts[0].match.flags[0]', fields)).toEqual(['uplifts', 0, 'match', 'flags']);
    expect(fieldForProblem('uplifts[0]', fields)).toEqual(['uplifts', 0]);
    expect(fieldForProblem('upliftPolicy.cap', fields)).toEqual(['upliftPolicy', 'cap']);
    expect(fields.has(pathKey(['tiers', 2, 'code']))).toBe(false);
    expect(fieldForProblem('rounding.scale', fields)).toBeNull();
  });
});
