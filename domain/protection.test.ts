import { describe, expect, it } from 'vitest';
import { allocate, type Envelope } from './allocate';
import { readBaseline, type Baseline } from './baseline';
import { diffRuleSets } from './diff';
import type { EnrollmentLine } from './enrollment';
import { baselineJson, baselineOf } from './protection-fixtures';
import type { AllocationResult } from './result';
import { validateRuleSet, type RuleSet } from './ruleset';
import { line, specRuleSet, specRuleSetInput } from './test-fixtures';

const perStudent = (overrides: Record<string, unknown> = {}) => specRuleSet({ protection: { basis: 'perStudent', floor: '-0.03', gainCap: '0.08', source: '三年行动方案：保底 97%，增幅不超过 8%', ...overrides } });

// A: 100 students got 1,000,000 last year (10,000 each); now 120 students of a 7,500 major → E = 900,000.
// B: 50 students got 300,000 (6,000 each); now 50 students at 7,500 → E = 375,000.
// C: new, 10 students at 6,500 → E = 65,000.   D: 3 students got 100.00; now 7 at 6,500 → E = 45,500.
// P: private (ineligible now), 10 students got 50,000 last year.
const A = line({ schoolId: 'A', majorCode: '0102', students: '120' });
const B = line({ schoolId: 'B', majorCode: '0102', students: '50' });
const C = line({ schoolId: 'C', majorCode: '0501', students: '10' });
const D = line({ schoolId: 'D', majorCode: '0501', students: '7' });
const P = line({ schoolId: 'P', majorCode: '0102', students: '10', ownership: 'private' });
const BASELINE = baselineOf([
  ['A', '1000000.00', ['60', '40']],
  ['B', '300000.00', ['50']],
  ['D', '100.00', ['3']],
  ['P', '50000.00', ['10']],
  ['Z', '5000.00', ['1']],
]);

function run(ruleSet: RuleSet, lines: EnrollmentLine[], envelope: Envelope = { policy: 'none' }, baseline: Baseline | null = BASELINE): AllocationResult {
  const outcome = allocate({ ruleSet, lines, envelope, ...(baseline ? { baseline } : {}) });
  if (!outcome.ok) throw new Error(JSON.stringify(outcome.problems));
  return outcome.result;
}
const school = (result: AllocationResult, id: string) => result.schools.find((s) => s.schoolId === id)!;

describe('protection without an envelope (SPEC §7, worked by hand)', () => {
  const result = run(perStudent(), [A, B, C, D, P]);

  it('lifts a school to its floor and holds one at its cap, to the fen', () => {
    // A: F = ⌈120 × 10,000 × 0.97⌉ = 1,164,000.00; C = 120 × 10,000 × 1.08 = 1,296,000.00; E = 900,000 < F.
    expect(school(result, 'A')).toMatchObject({
      entitlement: '900000',
      allocation: '1164000.00',
      protection: { floor: '1164000.00', cap: '1296000.00', bound: 'floor', protectedEntitlement: '1164000', protected: true, baselineAllocation: '1000000', baselineStudents: '100' },
    });
    // B: C = ⌊50 × 6,000 × 1.08⌋ = 324,000.00 < E = 375,000.
    expect(school(result, 'B')).toMatchObject({ allocation: '324000.00', protection: { floor: '291000.00', cap: '324000.00', bound: 'cap' } });
    // D: L = 7 × 100 / 3 × 0.97 = 226.3333… → F = 226.34 (rounded up to the fen); U = 252 → C = 252.00.
    expect(school(result, 'D')).toMatchObject({ entitlement: '45500', allocation: '252.00', protection: { floor: '226.34', cap: '252.00', bound: 'cap', protectedEntitlement: '252' } });
  });

  it('leaves a school without a baseline to the formula, and gives an ineligible one nothing', () => {
    expect(school(result, 'C').allocation).toBe('65000.00');
    expect(school(result, 'C').protection).toEqual({ floor: '0.00', bound: null, protectedEntitlement: '65000', protected: false });
    expect(school(result, 'P').allocation).toBe('0.00');
    expect(school(result, 'P').protection).toMatchObject({ floor: '0.00', cap: '0.00', bound: null, protected: false, baselineAllocation: '50000' });
  });

  it('counts and costs the floors and caps in the summary', () => {
    expect(result.summary.totalAllocation).toBe('1553252.00');
    expect(result.summary.protection).toEqual({
      basis: 'perStudent',
      floor: '-0.03',
      gainCap: '0.08',
      source: '三年行动方案：保底 97%，增幅不超过 8%',
      baseline: { fiscalYear: 2025, ruleSetHash: 'sha256:baseline', totalAllocation: '1355100', schools: 5, schoolsAbsent: 1 },
      schoolsProtected: 3,
      schoolsAtFloor: 1,
      schoolsAtCap: 2,
      floorCost: '264000.00',
      capSaving: '96248.00',
      totalGuarantees: '1455226.34',
      envelopeFactor: null,
    });
  });

  it('protects the total instead of the per-student amount when the basis is total', () => {
    const total = run(perStudent({ basis: 'total' }), [A, B, C]);
    // A: F = 1,000,000 × 0.97 = 970,000.00 whatever its students.
    expect(school(total, 'A')).toMatchObject({ allocation: '970000.00', protection: { floor: '970000.00', cap: '1080000.00', bound: 'floor' } });
  });

  it('shares a floor among the lines of a school with no entitlement (its classes are empty this year)', () => {
    const empty = [line({ schoolId: 'A', majorCode: '0102', students: '0' }), line({ schoolId: 'A', majorCode: '0501', students: '0' })];
    const result = run(perStudent({ basis: 'total' }), empty);
    expect(school(result, 'A')).toMatchObject({ entitlement: '0', allocation: '970000.00', protection: { bound: 'floor' } });
    expect(school(result, 'A').lines.map((l) => l.allocation)).toEqual(['485000.00', '485000.00']);
  });

  it('makes C = F when the floor rounds above the cap', () => {
    // floor 0 and gainCap 0 with A⁰ / N⁰ × N = 10 × 100 / 3 = 333.33…: ⌈L⌉ = 333.34 > ⌊U⌋ = 333.33.
    const tight = run(perStudent({ floor: '0', gainCap: '0' }), [line({ schoolId: 'D', majorCode: '0501', students: '10' })]);
    expect(school(tight, 'D')).toMatchObject({ allocation: '333.34', protection: { floor: '333.34', cap: '333.34', bound: 'cap' } });
  });
});

describe('protection with an exact envelope (SPEC §7, worked by hand)', () => {
  it('solves Σ clamp(f·E, F, C) = B exactly and apportions by largest remainder', () => {
    // Segment where A moves and B is capped: f = (1,600,000 − 324,000) / 965,000 = 1276/965.
    // A: 900,000 × 1276/965 = 1,190,051.8134…; C: 65,000 × 1276/965 = 85,948.1865…; the fen left goes to C.
    const result = run(perStudent(), [A, B, C], { policy: 'exact', budget: '1600000' });
    expect(result.schools.map((s) => [s.schoolId, s.allocation, s.protection!.bound])).toEqual([
      ['A', '1190051.81', null],
      ['B', '324000.00', 'cap'],
      ['C', '85948.19', null],
    ]);
    expect(result.summary.totalAllocation).toBe('1600000.00');
    // B's formula share 375,000 × 1276/965 = 495,854.9222… less its cap.
    expect(result.summary.protection).toMatchObject({ schoolsAtFloor: 0, schoolsAtCap: 1, capSaving: '171854.92', floorCost: '0.00', envelopeFactor: '1.322279792746' });
  });

  it('funds the floors from the others when the budget is tight', () => {
    // Σ F = 1,455,000; only C moves: f = 45,000 / 65,000 = 9/13.
    const result = run(perStudent(), [A, B, C], { policy: 'exact', budget: '1500000' });
    expect(result.schools.map((s) => [s.schoolId, s.allocation, s.protection!.bound])).toEqual([
      ['A', '1164000.00', 'floor'],
      ['B', '291000.00', 'floor'],
      ['C', '45000.00', null],
    ]);
    // 1,455,000 − 1,275,000 × 9/13 = 572,307.6923…
    expect(result.summary.protection).toMatchObject({ schoolsAtFloor: 2, floorCost: '572307.69', envelopeFactor: '0.692307692308' });
  });

  it('under cap, is the no-envelope result when that fits, and the exact one when it does not', () => {
    const fits = run(perStudent(), [A, B, C], { policy: 'cap', budget: '1553000' });
    expect(fits.schools.map((s) => s.allocation)).toEqual(['1164000.00', '324000.00', '65000.00']);
    const tight = run(perStudent(), [A, B, C], { policy: 'cap', budget: '1500000' });
    expect(tight.schools.map((s) => s.allocation)).toEqual(['1164000.00', '291000.00', '45000.00']);
  });

  it('refuses a budget below the guarantees, with the shortfall', () => {
    const outcome = allocate({ ruleSet: perStudent(), lines: [A, B, C], envelope: { policy: 'exact', budget: '1400000' }, baseline: BASELINE });
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.problems).toEqual([
      expect.objectContaining({ path: 'budget', code: 'budget_below_guarantees', params: { budget: '1400000.00', guarantees: '1455000.00', shortfall: '55000.00' } }),
    ]);
  });

  it('refuses a budget that no f reaches because every school is capped', () => {
    const outcome = allocate({ ruleSet: perStudent(), lines: [A, B], envelope: { policy: 'exact', budget: '2000000' }, baseline: BASELINE });
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.problems).toEqual([
      expect.objectContaining({ path: 'budget', code: 'budget_above_caps', params: { budget: '2000000.00', maximum: '1620000.00', excess: '380000.00' } }),
    ]);
  });
});

describe('protection notices', () => {
  it('warns protection_without_baseline and computes as §3 when no baseline is given', () => {
    const withRule = run(perStudent(), [A, B, C], { policy: 'none' }, null);
    const without = run(specRuleSet(), [A, B, C], { policy: 'none' }, null);
    expect(withRule.summary.warnings).toEqual([{ code: 'protection_without_baseline', params: {} }]);
    expect(withRule.schools).toEqual(without.schools);
    expect(withRule.summary.protection).toBeUndefined();
  });

  it('says when a baseline is unused or not from an earlier year', () => {
    expect(run(specRuleSet(), [A], { policy: 'none' }).summary.warnings).toEqual([{ code: 'baseline_unused', params: {} }]);
    const sameYear = readBaseline(baselineJson([['A', '1.00', ['1']]], 2026));
    if (!sameYear.ok) throw new Error('fixture');
    expect(run(perStudent(), [A], { policy: 'none' }, sameYear.baseline).summary.warnings).toEqual([{ code: 'baseline_not_earlier', params: { baselineYear: 2026, fiscalYear: 2026 } }]);
  });
});

describe('readBaseline', () => {
  it('reads A⁰ and N⁰ = Σ lines from either result form, ignoring other keys', () => {
    const compact = {
      summary: { totalAllocation: '300.50', fiscalYear: 2025 },
      standards: [{ majorCode: '0102' }],
      schools: [{ schoolId: 'S1', allocation: '300.50', students: '12.5', lines: [{ standard: 0, students: '10', majorCode: '0102' }, { standard: 0, students: '2.5' }] }],
    };
    const reading = readBaseline(compact);
    expect(reading.ok && reading.baseline.schools.get('S1')).toEqual({ allocation: '300.5', students: 1250n });
  });

  it('refuses a result whose schools do not add up, with paths', () => {
    const reading = readBaseline({
      summary: { totalAllocation: '100.00' },
      schools: [
        { schoolId: 'S1', allocation: '60.00', students: '3', lines: [{ students: '2' }] },
        { schoolId: 'S1', allocation: '40.00', lines: [] },
        { schoolId: 'S2', allocation: 'x', lines: [{ students: '1.234' }] },
      ],
    });
    expect(reading.ok).toBe(false);
    if (reading.ok) return;
    expect(reading.problems.map((p) => p.path)).toEqual(['schools[2].allocation', 'schools[2].lines[0].students']);
    const mismatch = readBaseline({ summary: { totalAllocation: '100.00' }, schools: [{ schoolId: 'S1', allocation: '60.00', students: '3', lines: [{ students: '2' }] }, { schoolId: 'S1', allocation: '40.00', lines: [] }] });
    expect(mismatch.ok ? [] : mismatch.problems.map((p) => [p.path, p.code])).toEqual([
      ['schools[0].students', 'baseline_students_mismatch'],
      ['schools[1].schoolId', 'baseline_duplicate_school'],
      ['summary.totalAllocation', 'baseline_total_mismatch'],
    ]);
  });
});

describe('a protected school in its statement', () => {
  it('says in words which baseline, which guarantee and which bound decided it, and cites the clause', async () => {
    const { statementText } = await import('../messages/statement-text');
    const { explainStatement } = await import('./explain');
    const result = run(perStudent(), [A, B, C, D, P]);
    expect(explainStatement(result, 'A')!.protection).toEqual([
      { code: 'protection_basis_per_student', params: { perStudent: '10000.00', baselineAllocation: '1000000', baselineStudents: '100', students: '120' } },
      { code: 'protection_floor', params: { guarantee: '0.97', floor: '1164000.00' } },
      { code: 'protection_cap', params: { gainCap: '0.08', cap: '1296000.00' } },
      { code: 'protection_bound_floor', params: { entitlement: '900000', floor: '1164000.00' } },
    ]);
    const text = statementText(explainStatement(result, 'A', perStudent())!, 'zh');
    expect(text).toContain('保底与封顶：按上年生均 10,000.00 元（上年拨款 1,000,000 元，在校生 100 人）乘今年在校生 120 人计算。保底 97%：不低于 1,164,000.00 元。');
    expect(text).toContain('本校按标准应拨 900,000 元 低于保底额，按保底额 1,164,000.00 元 核定。');
    expect(text).toContain('保底与封顶：“三年行动方案：保底 97%，增幅不超过 8%”');
    expect(explainStatement(result, 'C')!.protection).toEqual([{ code: 'protection_not_in_baseline', params: {} }]);
    // A statement without protection is exactly what it was.
    const plain = run(specRuleSet(), [A, B], { policy: 'none' }, null);
    expect(explainStatement(plain, 'A')!.protection).toBeUndefined();
  });
});

describe('the rule-set field protection', () => {
  const problems = (protection: unknown) => {
    const validation = validateRuleSet({ ...specRuleSetInput(), protection });
    return validation.ok ? [] : validation.problems.map((p) => ({ path: p.path, code: p.code, params: p.params }));
  };

  it('refuses a floor outside [-1, 0], suggesting the floor a share was meant to be', () => {
    expect(problems({ basis: 'perStudent', floor: '0.97' })).toEqual([{ path: 'protection.floor', code: 'protection_floor_out_of_range', params: { floor: '0.97', suggestion: '-0.03' } }]);
    expect(problems({ basis: 'total', floor: '-1.5', gainCap: '-0.1' }).map((p) => p.code)).toEqual(['protection_floor_out_of_range', 'protection_gain_cap_negative']);
    expect(problems({ basis: 'total' })).toEqual([{ path: 'protection', code: 'protection_needs_floor_or_cap', params: {} }]);
    expect(problems({ basis: 'perSchool', floor: '-0.03', colour: 1 }).map((p) => p.path)).toEqual(expect.arrayContaining(['protection.basis', 'protection.colour']));
    expect(problems({ basis: 'perStudent', floor: -0.03, gainCap: 0.08 })).toEqual([]);
  });

  it('is diffed like every other rule, "-0.030" and "-0.03" being the same floor', () => {
    const without = specRuleSet();
    const withIt = perStudent();
    expect(diffRuleSets(without, withIt).topLevel).toEqual([{ path: 'protection', before: null, after: withIt.protection }]);
    expect(diffRuleSets(withIt, perStudent({ floor: '-0.030' })).identical).toBe(true);
    expect(diffRuleSets(withIt, perStudent({ gainCap: '0.1' })).topLevel).toEqual([{ path: 'protection.gainCap', before: '0.08', after: '0.1' }]);
  });
});
