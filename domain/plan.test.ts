import { describe, expect, it } from 'vitest';
import type { EnrollmentLine } from './enrollment';
import { readPlanFile, resolvePlan, runPlan, type PlanInput, type PlanResolvers, type PlanYearRun } from './plan';
import { projectEnrollment } from './projection';
import { line, specRuleSetInput, specRuleSet } from './test-fixtures';

const A = line({ schoolId: 'A', majorCode: '0102', students: '100' });
const B = line({ schoolId: 'B', majorCode: '0501', students: '40' });
const C = line({ schoolId: 'C', majorCode: '0101', students: '10', classType: 'senior' });

const rulesFor = (fiscalYear: number, t2: string, protection?: Record<string, unknown>) =>
  specRuleSet({ fiscalYear, tiers: [{ code: 'T1', name: '一档', perStudent: '6000' }, { code: 'T2', name: '二档', perStudent: t2 }], ...(protection ? { protection } : {}) });
const PROTECT = { basis: 'perStudent', floor: '-0.03', gainCap: '0.10' };

function plan(): PlanInput {
  return {
    name: 'test',
    years: [
      { fiscalYear: 2025, ruleSet: rulesFor(2025, '7500'), ruleSetSource: 'r25', enrollment: { kind: 'lines', source: 'e25', lines: [A, B, C] }, envelope: { policy: 'none' } },
      // The reform cuts 二档 to 6,000: protection holds A and C at 97 % of last year's per-student funding.
      { fiscalYear: 2026, ruleSet: rulesFor(2026, '6000', PROTECT), ruleSetSource: 'r26', enrollment: { kind: 'lines', source: 'e25', lines: [A, B, C] }, envelope: { policy: 'none' } },
      { fiscalYear: 2027, ruleSet: rulesFor(2027, '6000', PROTECT), ruleSetSource: 'r27', enrollment: { kind: 'projected', growth: { overall: '0.02', byCategory: { '05': '-0.1' } } }, envelope: { policy: 'none' } },
    ],
  };
}

describe('runPlan (SPEC §12), worked by hand', () => {
  const outcome = runPlan(plan());
  if (!outcome.ok) throw new Error(JSON.stringify(outcome.problems));
  const { years, trajectory } = outcome.result;

  it('carries each year’s result into the next as its baseline, so protection bites where standards fall', () => {
    // 2025: A 100 × 7,500 = 750,000; B 40 × 6,500 = 260,000; C 10 × 7,500 × 1.3 × 1.1 = 107,250.
    expect(years[0]!.schools.map((s) => s.allocation)).toEqual(['750000.00', '260000.00', '107250.00']);
    // 2026: A's formula 600,000 < F = 100 × 7,500 × 0.97 = 727,500; C's 85,800 < F = 10 × 10,725 × 0.97 = 104,032.50.
    expect(years[1]!.schools.map((s) => [s.allocation, s.protection!.bound])).toEqual([
      ['727500.00', 'floor'],
      ['260000.00', null],
      ['104032.50', 'floor'],
    ]);
    expect(years[1]).toMatchObject({ fiscalYear: 2026, totalAllocation: '1091532.50', schoolsAtFloor: 2, schoolsAtCap: 0 });
    // 2027: A 102 students (×1.02); F = 102 × 7,275 × 0.97 = 719,788.50; B 36 students (×0.9, category 05) = 234,000.
    expect(years[2]!.schools.map((s) => [s.students, s.allocation, s.protection!.bound])).toEqual([
      ['102', '719788.50', 'floor'],
      ['36', '234000.00', null],
      ['10', '100911.53', 'floor'],
    ]);
    expect(years[2]!.enrollment.source).toBe('projected');
  });

  it('gives each school its trajectory with the change year on year', () => {
    expect(trajectory.find((t) => t.schoolId === 'A')!.years).toEqual([
      { fiscalYear: 2025, allocation: '750000.00', students: '100', bound: null, change: null },
      { fiscalYear: 2026, allocation: '727500.00', students: '100', bound: 'floor', change: '-22500.00' },
      { fiscalYear: 2027, allocation: '719788.50', students: '102', bound: 'floor', change: '-7711.50' },
    ]);
  });

  it('splits each year’s change against the year before into the §9 effects, protection apart', () => {
    const effects = (i: number) => {
      const attribution = years[i]!.attribution;
      if (!attribution || 'problems' in attribution) throw new Error('no attribution');
      return attribution;
    };
    expect(years[0]!.attribution).toBeUndefined();
    // 2026: the standard cut (A: 100 × −1,500; C: 10 × −1,500 × 1.3 × 1.1) is given back by the floors (A: 127,500; C: 18,232.50).
    expect(effects(1).totals).toMatchObject({ change: '-25717.50', effects: { standard: '-171450', protection: '145732.5', enrollment: '0' } });
    const a = effects(1).schools.find((s) => s.schoolId === 'A')!;
    expect(a).toMatchObject({ change: '-22500.00', effects: { standard: '-150000', protection: '127500' } });
    // 2027: A's 2 more students at the 2026 standard of 6,000, and the floor that moved with them.
    expect(effects(2).schools.find((s) => s.schoolId === 'A')).toMatchObject({ change: '-7711.50', effects: { enrollment: '12000', protection: '-19711.5' } });
  });

  it('calls another attribution function with both years’ inputs, numbers and results, or none', () => {
    const calls: [number, number, string][] = [];
    const attributed = runPlan(plan(), {
      attribute: (before: PlanYearRun, after: PlanYearRun) => {
        calls.push([before.fiscalYear, after.fiscalYear, after.core.totalAllocation.toString()]);
        return { problems: [] };
      },
    });
    expect(calls).toEqual([
      [2025, 2026, '109153250'],
      [2026, 2027, '105470003'],
    ]);
    expect(attributed.ok && attributed.result.years.map((y) => y.attribution)).toEqual([undefined, { problems: [] }, { problems: [] }]);
    const without = runPlan(plan(), { attribute: false });
    expect(without.ok && without.result.years.every((y) => y.attribution === undefined)).toBe(true);
  });

  it('can leave the lines out of every year, the figures unchanged', () => {
    const lean = runPlan(plan(), { schoolLines: false });
    if (!lean.ok) throw new Error('refused');
    expect(lean.result.years[1]!.schools[0]!.lines).toBeUndefined();
    expect(lean.result.years.map((y) => y.schools.map((s) => s.allocation))).toEqual(years.map((y) => y.schools.map((s) => s.allocation)));
    expect(lean.result.trajectory).toEqual(trajectory);
    const attribution = lean.result.years[1]!.attribution;
    expect(attribution && !('problems' in attribution) && attribution.schools.every((s) => s.lines.length === 0)).toBe(true);
    expect(attribution).toMatchObject({ totals: { change: '-25717.50' } });
  });

  it('reports a year it cannot compute under years[i], with the reason', () => {
    const tight = plan();
    tight.years[1]!.envelope = { policy: 'exact', budget: '100000' };
    const failed = runPlan(tight);
    expect(failed.ok).toBe(false);
    expect(failed.ok ? [] : failed.problems.map((p) => [p.path, p.code])).toEqual([['years[1].budget', 'budget_below_guarantees']]);
  });
});

describe('projectEnrollment', () => {
  it('rounds half up to whole students, the category rate before the class type rate before overall', () => {
    const lines: EnrollmentLine[] = [
      line({ schoolId: 'X', majorCode: '0102', students: '100' }),
      line({ schoolId: 'X', majorCode: '0501', students: '10' }),
      line({ schoolId: 'X', majorCode: '0101', students: '7', classType: 'senior' }),
      line({ schoolId: 'X', majorCode: '0501', students: '12.5', classType: 'senior' }),
    ];
    const categories: Record<string, string> = { '0102': '01', '0501': '05', '0101': '01' };
    const projection = projectEnrollment(lines, { overall: '0.02', byCategory: { '05': '-0.05' }, byClassType: { senior: '0.05' } }, (m) => categories[m]);
    // 100 × 1.02 = 102; 10 × 0.95 = 9.5 → 10; 7 × 1.05 = 7.35 → 7; 12.5 × 0.95 = 11.875 → 12 (category wins over class type).
    expect(projection.lines.map((l) => l.students)).toEqual(['102', '10', '7', '12']);
    expect(projection.notice).toEqual({ code: 'growth_overlap', params: { lines: 1, categories: ['05'], classTypes: ['senior'] } });
  });
});

describe('plan files', () => {
  const year = (fiscalYear: number, extra: Record<string, unknown> = {}) => ({ fiscalYear, rules: `r${fiscalYear}.json`, enrollment: 'e.csv', ...extra });

  it('refuses a bad plan with every problem at its path', () => {
    const reading = readPlanFile({
      schema: 'skillfund/plan@1',
      years: [
        year(2025, { enrollment: { projectFrom: 'previous' } }),
        year(2027, { enrollment: { projectFrom: 'previous', growth: { byCategory: { '03': '5' }, byClassType: { night: '0.1' } } } }),
        year(2026, { envelopePolicy: 'exact', colour: 'red' }),
      ],
    });
    expect(reading.ok).toBe(false);
    const paths = reading.ok ? [] : reading.problems.map((p) => p.path);
    expect(paths).toEqual(expect.arrayContaining(['years[1].enrollment.growth.byCategory["03"]', 'years[1].enrollment.growth.byClassType.night', 'years[2].colour']));
    const order = readPlanFile({ schema: 'skillfund/plan@1', years: [year(2025, { enrollment: { projectFrom: 'previous' } }), year(2025, { envelopePolicy: 'cap' })] });
    expect(order.ok ? [] : order.problems.map((p) => [p.path, p.code])).toEqual([
      ['years[0].enrollment', 'plan_first_year_projected'],
      ['years[1].fiscalYear', 'plan_years_not_ascending'],
      ['years[1].budget', 'plan_budget_missing'],
    ]);
  });

  it('resolves references through the caller and checks each rule set and growth category against its year', async () => {
    const resolvers: PlanResolvers = {
      rules: async (reference) => (reference === 'r2025.json' ? { ok: true, ruleSet: { ...specRuleSetInput(), fiscalYear: 2025 }, source: 'r2025.json' } : { ok: false, problems: [{ path: '', code: 'plan_file_unreadable', params: {} }] }),
      enrollment: async () => ({ ok: true, lines: [A], readerProblems: [], source: 'e.csv' }),
      baseline: async () => ({ ok: false, problems: [{ path: 'schools[0].allocation', code: 'baseline_unreadable' }] }),
    };
    const broken = { ...specRuleSetInput(), fiscalYear: 2027, tiers: [{ code: 'T1', name: '一档', perStudent: '-1' }] };
    const reading = readPlanFile({
      schema: 'skillfund/plan@1',
      baseline: 'b.json',
      years: [
        year(2025),
        { fiscalYear: 2026, rules: 'r2025.json', enrollment: { projectFrom: 'previous', growth: { byCategory: { '99': '0.1' } } } },
        { fiscalYear: 2027, rules: broken, enrollment: { projectFrom: 'previous' } },
        year(2028, { rules: { ruleSetId: 'hlj', version: 3 } }),
      ],
    });
    if (!reading.ok) throw new Error(JSON.stringify(reading.problems));
    const resolved = await resolvePlan(reading.plan, resolvers);
    expect(resolved.ok ? [] : resolved.problems.map((p) => [p.path, p.code])).toEqual([
      ['baseline.schools[0].allocation', 'baseline_unreadable'],
      ['years[1].enrollment.growth.byCategory["99"]', 'growth_category_unknown'],
      ['years[1].fiscalYear', 'plan_rules_year_mismatch'],
      ['years[2].rules.tiers[0].perStudent', 'must_be_non_negative'],
      ['years[2].rules.categories[0].tier', 'tier_not_defined'],
      ['years[3].rules', 'plan_file_unreadable'],
    ]);
  });
});
