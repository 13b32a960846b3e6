import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocate } from './allocate';
import { readBaseline } from './baseline';
import { Decimal } from './decimal';
import type { EnrollmentLine } from './enrollment';
import { parseParameter, withParameter } from './parameters';
import type { RuleSet } from './ruleset';
import { solve } from './solve';
import { specRuleSet } from './test-fixtures';

const SCHOOLS = ['A', 'B', 'C', 'Z'];
const enrollment = fc
  .uniqueArray(
    fc.record({
      school: fc.constantFrom(...SCHOOLS),
      major: fc.constantFrom('0101', '0102', '0501', '0701'),
      classType: fc.constantFrom('intermediate', 'senior', 'preparatory_technician'),
      students: fc.integer({ min: 0, max: 30_000 }).map((c) => new Decimal(c).div(100).toFixed()),
    }),
    { selector: (r) => `${r.school}|${r.major}|${r.classType}`, minLength: 6, maxLength: 20 },
  )
  .map((raw) =>
    raw.map(
      (r, i): EnrollmentLine => ({ row: i + 2, schoolId: r.school, schoolName: r.school, schoolType: 'technician_college', ownership: r.school === 'Z' ? 'private' : 'public', majorCode: r.major, classType: r.classType as EnrollmentLine['classType'], students: r.students }),
    ),
  );

const PARAMETERS: [string, string[]][] = [
  ['tiers.T1.perStudent', ['1', '7', '0.5']],
  ['tiers.T2.perStudent', ['1', '3']],
  ['categories.05.perStudent', ['1', '10']],
  ['categories.01.perStudent', ['1']],
  ['classBands.senior.factor', ['0.0001', '0.01']],
  ['classBands.preparatory_technician.perStudentByTier.T1', ['1']],
  ['classBands.preparatory_technician.perStudentByTier.T2', ['1']],
  ['uplifts.scarce.rate', ['0.0001', '0.003']],
  ['uplifts.integration.rate', ['0.0001']],
  ['uplifts.hardship.amountPerStudent', ['1', '0.01']],
  ['scale', ['0.0001', '0.001']],
];
const parameter = fc.constantFrom(...PARAMETERS).chain(([path, steps]) => fc.record({ path: fc.constant(path), step: fc.constantFrom(...steps) }));

const rules = fc
  .record({ combine: fc.constantFrom('sum', 'max', 'compound'), scale: fc.constantFrom(0, 2), mode: fc.constantFrom('half_up', 'half_even', 'down'), protect: fc.boolean() })
  .map((r) => specRuleSet({ upliftPolicy: { combine: r.combine, cap: '0.30' }, rounding: { scale: r.scale, mode: r.mode }, ...(r.protect ? { protection: { basis: 'perStudent', floor: '-0.05', gainCap: '0.1' } } : {}) }));

const baseline = fc
  .uniqueArray(fc.record({ school: fc.constantFrom(...SCHOOLS), allocation: fc.integer({ min: 0, max: 500_000_000 }), students: fc.integer({ min: 1, max: 500 }) }), { selector: (s) => s.school })
  .map((schools) => {
    const reading = readBaseline({
      summary: { fiscalYear: 2025, totalAllocation: new Decimal(schools.reduce((sum, s) => sum + s.allocation, 0)).div(100).toFixed(2) },
      schools: schools.map((s) => ({ schoolId: s.school, allocation: new Decimal(s.allocation).div(100).toFixed(2), lines: [{ students: String(s.students) }] })),
    });
    if (!reading.ok) throw new Error('fixture');
    return reading.baseline;
  });

/** T(x) by the engine itself: allocate under envelope none with the rule set at x. */
function engineTotal(ruleSet: RuleSet, path: string, x: Decimal, lines: EnrollmentLine[], base: Parameters<typeof solve>[0]['baseline'], setParameter = true): Decimal {
  const reading = parseParameter(ruleSet, path);
  if (!reading.ok) throw new Error('fixture');
  const outcome = allocate({ ruleSet: setParameter ? withParameter(ruleSet, reading.parameter, x) : ruleSet, lines, envelope: { policy: 'none' }, ...(base ? { baseline: base } : {}) });
  if (!outcome.ok) throw new Error(JSON.stringify(outcome.problems));
  return new Decimal(outcome.result.summary.totalAllocation);
}

const seen = new Map<string, number>();
const tally = (what: string) => seen.set(what, (seen.get(what) ?? 0) + 1);

describe('solve properties (SPEC §8)', () => {
  it('answers T(x) ≤ B < T(x + step) as the engine computes T, or refuses for the reason that holds', () => {
    fc.assert(
      fc.property(rules, enrollment, parameter, fc.integer({ min: 0, max: 2000 }), baseline, (ruleSet, lines, { path, step }, permille, base) => {
        // A budget between T(0) and 1.5 times what the rule set spends now, so that most cases have an answer.
        const low = engineTotal(ruleSet, path, new Decimal(0), lines, base);
        const high = engineTotal(ruleSet, path, new Decimal(1), lines, base, false).times(1.5);
        const budget = low.plus(high.minus(low).times(permille).div(2000)).toDecimalPlaces(ruleSet.rounding.scale, Decimal.ROUND_DOWN).toFixed();
        const outcome = solve({ ruleSet, lines, parameter: path, budget, step, baseline: base, withComparison: false });
        tally(outcome.ok ? 'solved' : outcome.problems[0]!.code!);
        if (!outcome.ok) {
          const [problem] = outcome.problems;
          if (problem!.code === 'budget_below_minimum') expect(engineTotal(ruleSet, path, new Decimal(0), lines, base).greaterThan(budget)).toBe(true);
          else if (problem!.code === 'budget_above_maximum' && path.endsWith('.rate')) expect(engineTotal(ruleSet, path, new Decimal(10), lines, base).lessThanOrEqualTo(budget)).toBe(true);
          else expect(['parameter_has_no_effect', 'budget_above_maximum']).toContain(problem!.code);
          return;
        }
        const { value, total, nextTotal } = outcome.result;
        const x = new Decimal(value);
        expect(x.div(step).isInteger()).toBe(true);
        expect(engineTotal(ruleSet, path, x, lines, base).equals(total)).toBe(true);
        expect(new Decimal(total).lessThanOrEqualTo(budget)).toBe(true);
        if (nextTotal !== null) {
          expect(engineTotal(ruleSet, path, x.plus(step), lines, base).equals(nextTotal)).toBe(true);
          expect(new Decimal(nextTotal).greaterThan(budget)).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
    // The property is about answers: most generated cases must be solved, not refused.
    expect(seen.get('solved') ?? 0).toBeGreaterThan(150);
  });
});
