import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocate, type Envelope } from './allocate';
import { readBaseline, type Baseline } from './baseline';
import { Decimal } from './decimal';
import type { EnrollmentLine } from './enrollment';
import type { AllocationResult, SchoolResult } from './result';
import type { RuleSet } from './ruleset';
import { specRuleSet } from './test-fixtures';

const SCHOOLS = ['A01', 'A02', 'B1', 'b1', 'Z9', '10', '9'];
const cents = (max: number) => fc.integer({ min: 0, max: max * 100 }).map((c) => new Decimal(c).div(100).toFixed());
const students = fc.oneof(fc.integer({ min: 0, max: 400 }).map(String), fc.integer({ min: 0, max: 40_000 }).map((c) => new Decimal(c).div(100).toFixed()));

const enrollment = fc
  .array(
    fc.record({
      school: fc.constantFrom(...SCHOOLS),
      major: fc.constantFrom('0101', '0102', '0501', '0701'),
      classType: fc.constantFrom('intermediate', 'senior', 'preparatory_technician'),
      students,
    }),
    { minLength: 1, maxLength: 18 },
  )
  .map((raw) => {
    const seen = new Set<string>();
    return raw.flatMap((r, i): EnrollmentLine[] => {
      const key = `${r.school}|${r.major}|${r.classType}`;
      if (seen.has(key)) return [];
      seen.add(key);
      return [{ row: i + 2, schoolId: r.school, schoolName: `学校${r.school}`, schoolType: 'technician_college', ownership: r.school.startsWith('Z') ? 'private' : 'public', majorCode: r.major, classType: r.classType as EnrollmentLine['classType'], students: r.students }];
    });
  });

/** A baseline for some of the schools (and one that has gone), as a §4 result's JSON. */
const baselineJson = fc
  .uniqueArray(fc.record({ school: fc.constantFrom(...SCHOOLS, 'GONE'), allocation: cents(3_000_000), students: fc.array(students, { minLength: 1, maxLength: 3 }) }), { selector: (s) => s.school, maxLength: 8 })
  .map((schools) => ({
    summary: { fiscalYear: 2025, totalAllocation: schools.reduce((sum, s) => sum.plus(s.allocation), new Decimal(0)).toFixed(2) },
    schools: schools.map((s) => ({ schoolId: s.school, allocation: s.allocation, lines: s.students.map((n) => ({ students: n })) })),
  }));

const protection = fc
  .record({
    basis: fc.constantFrom('perStudent', 'total'),
    floor: fc.option(fc.constantFrom('-1', '-0.5', '-0.03', '0'), { nil: undefined }),
    gainCap: fc.option(fc.constantFrom('0', '0.08', '0.5', '3'), { nil: undefined }),
  })
  .filter((p) => p.floor !== undefined || p.gainCap !== undefined);

const rounding = fc.record({ scale: fc.constantFrom(0, 2), mode: fc.constantFrom('half_up', 'half_even', 'down') });

const envelope: fc.Arbitrary<Envelope> = fc.oneof(
  fc.constant<Envelope>({ policy: 'none' }),
  fc.record({ policy: fc.constantFrom<'cap' | 'exact'>('cap', 'exact'), budget: fc.integer({ min: 0, max: 40_000_000 }).map(String) }),
);

function rulesWith(p: Record<string, unknown> | undefined, r: { scale: number; mode: string }, tiers = ['6000', '7500']): RuleSet {
  return specRuleSet({
    tiers: [
      { code: 'T1', name: '一档', perStudent: tiers[0] },
      { code: 'T2', name: '二档', perStudent: tiers[1] },
    ],
    rounding: r,
    ...(p ? { protection: p } : {}),
  });
}

function baselineFrom(json: unknown): Baseline {
  const reading = readBaseline(json);
  if (!reading.ok) throw new Error(JSON.stringify(reading.problems));
  return reading.baseline;
}

type Outcome = ReturnType<typeof allocate>;
const run = (ruleSet: RuleSet, lines: EnrollmentLine[], env: Envelope, baseline?: Baseline): Outcome => allocate({ ruleSet, lines, envelope: env, ...(baseline ? { baseline } : {}) });
const ok = (outcome: Outcome): AllocationResult => {
  if (!outcome.ok) throw new Error(JSON.stringify(outcome.problems));
  return outcome.result;
};
const money = (text: string) => new Decimal(text);
const bySchool = (result: AllocationResult) => new Map(result.schools.map((s) => [s.schoolId, s]));
const withoutProtection = ({ protection: _p, ...school }: SchoolResult) => JSON.stringify(school);

describe('protection properties (SPEC §7)', () => {
  it('keeps every school within [F, C]; Σ = B under exact and ≤ B under cap; refuses only when the budget cannot be met', () => {
    fc.assert(
      fc.property(enrollment, baselineJson, protection, rounding, envelope, (lines, json, p, r, env) => {
        const rules = rulesWith(p, r);
        const baseline = baselineFrom(json);
        const outcome = run(rules, lines, env, baseline);
        if (!outcome.ok) {
          // Only an envelope can be unreachable; the guarantees alone (the no-envelope run) tell which way.
          const guarantees = ok(run(rules, lines, { policy: 'none' }, baseline)).summary.protection!.totalGuarantees;
          const [problem] = outcome.problems;
          if (problem!.code === 'budget_below_guarantees') expect(money(guarantees).greaterThan(env.budget!)).toBe(true);
          else expect(problem!.code).toBe('budget_above_caps');
          return;
        }
        const result = outcome.result;
        for (const school of result.schools) {
          const { floor, cap } = school.protection!;
          expect(money(school.allocation).greaterThanOrEqualTo(floor)).toBe(true);
          if (cap !== undefined) expect(money(school.allocation).lessThanOrEqualTo(cap)).toBe(true);
          if (!school.eligible) expect(school.allocation).toBe(money('0').toFixed(r.scale));
        }
        const total = result.schools.reduce((sum, s) => sum.plus(s.allocation), new Decimal(0));
        expect(total.equals(result.summary.totalAllocation)).toBe(true);
        if (env.policy === 'exact') expect(total.equals(env.budget!)).toBe(true);
        if (env.policy === 'cap') expect(total.lessThanOrEqualTo(env.budget!)).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  it('gives exactly the unprotected allocation when protection cannot bind (floor -1, no cap)', () => {
    fc.assert(
      fc.property(enrollment, baselineJson, fc.constantFrom('perStudent', 'total'), rounding, envelope, (lines, json, basis, r, env) => {
        const plain = run(rulesWith(undefined, r), lines, env);
        const guarded = run(rulesWith({ basis, floor: '-1' }, r), lines, env, baselineFrom(json));
        expect(guarded.ok).toBe(plain.ok);
        if (!plain.ok || !guarded.ok) return;
        expect(guarded.result.schools.map(withoutProtection)).toEqual(plain.result.schools.map(withoutProtection));
        expect(guarded.result.summary.totalAllocation).toBe(plain.result.summary.totalAllocation);
        expect(guarded.result.summary.protection).toMatchObject({ schoolsAtFloor: 0, schoolsAtCap: 0 });
      }),
      { numRuns: 300 },
    );
  });

  it('is monotonic: more students or a higher standard never lowers a protected entitlement, nor an allocation without an envelope', () => {
    fc.assert(
      fc.property(enrollment, baselineJson, protection, rounding, fc.nat(), fc.integer({ min: 1, max: 500 }), fc.integer({ min: 0, max: 5000 }), (lines, json, p, r, which, extra, raise) => {
        const baseline = baselineFrom(json);
        const before = ok(run(rulesWith(p, r), lines, { policy: 'none' }, baseline));
        const index = which % lines.length;
        const more = lines.map((l, i) => (i === index ? { ...l, students: money(l.students).plus(extra).toFixed() } : l));
        const afterStudents = bySchool(ok(run(rulesWith(p, r), more, { policy: 'none' }, baseline)));
        const afterStandard = bySchool(ok(run(rulesWith(p, r, [String(6000 + raise), String(7500 + raise)]), lines, { policy: 'none' }, baseline)));
        for (const school of before.schools) {
          for (const after of [afterStudents.get(school.schoolId)!, afterStandard.get(school.schoolId)!]) {
            expect(money(after.allocation).greaterThanOrEqualTo(school.allocation)).toBe(true);
            expect(money(after.protection!.protectedEntitlement).greaterThanOrEqualTo(school.protection!.protectedEntitlement)).toBe(true);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('does not depend on the order of the lines or of the baseline', () => {
    fc.assert(
      fc.property(enrollment, baselineJson, protection, rounding, envelope, (lines, json, p, r, env) => {
        const rules = rulesWith(p, r);
        const forward = run(rules, lines, env, baselineFrom(json));
        const backward = run(rules, [...lines].reverse(), env, baselineFrom({ ...json, schools: [...json.schools].reverse() }));
        expect(backward.ok).toBe(forward.ok);
        if (!forward.ok || !backward.ok) return;
        const figures = (result: AllocationResult) => result.schools.map((s) => [s.schoolId, s.entitlement, s.allocation, s.protection]);
        expect(figures(backward.result)).toEqual(figures(forward.result));
        expect(backward.result.summary.protection).toEqual(forward.result.summary.protection);
      }),
      { numRuns: 300 },
    );
  });
});
