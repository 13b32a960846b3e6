import { describe, expect, it } from 'vitest';
import { readPlanFile } from '../../../../domain/plan-file';
import { percentToRate, planInputOf, PROJECTED } from './planForm';

describe('the 多年度测算 form as the API’s plan', () => {
  it('turns percent into exact rates', () => {
    expect(percentToRate('2')).toBe('0.02');
    expect(percentToRate('-5')).toBe('-0.05');
    expect(percentToRate('0.125%')).toBe('0.00125');
    expect(percentToRate('two')).toBeNull();
  });

  it('makes a plan the engine’s plan reader accepts, with budgets in yuan and growth as fractions', () => {
    const input = planInputOf(
      {
        name: ' 三年测算 ',
        baselineRunId: 'run-2024',
        years: [
          { fiscalYear: 2025, rules: 'v:2', enrollment: 'ds:ds-2025', budgetWan: '195000', envelopePolicy: 'cap' },
          { fiscalYear: 2026, rules: 'd:draft-x', enrollment: 'ds:ds-2026', envelopePolicy: 'none' },
          {
            fiscalYear: 2027,
            rules: 'v:4',
            enrollment: PROJECTED,
            growthOverall: '2',
            growthByCategory: [{ key: '03', rate: '8' }, { key: '07', rate: '' }],
            growthByClassType: [{ key: 'preparatory_technician', rate: '10' }],
            budgetWan: '215000.5',
            envelopePolicy: 'exact',
          },
        ],
      },
      'hlj',
    );
    expect(input).toEqual({
      name: '三年测算',
      baseline: { runId: 'run-2024' },
      years: [
        { fiscalYear: 2025, rules: { ruleSetId: 'hlj', version: 2 }, enrollment: { datasetId: 'ds-2025' }, budget: '1950000000', envelopePolicy: 'cap' },
        { fiscalYear: 2026, rules: { ruleSetId: 'hlj', draftId: 'draft-x' }, enrollment: { datasetId: 'ds-2026' }, envelopePolicy: 'none' },
        {
          fiscalYear: 2027,
          rules: { ruleSetId: 'hlj', version: 4 },
          enrollment: { projectFrom: 'previous', growth: { overall: '0.02', byCategory: { '03': '0.08' }, byClassType: { preparatory_technician: '0.1' } } },
          budget: '2150005000',
          envelopePolicy: 'exact',
        },
      ],
    });
    expect(readPlanFile({ schema: 'skillfund/plan@1', ...input }).ok).toBe(true);
  });
});
