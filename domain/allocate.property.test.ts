import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocate, type Envelope } from './allocate';
import { Decimal } from './decimal';
import type { EnrollmentLine } from './enrollment';
import type { AllocationResult } from './result';
import { specRuleSet } from './test-fixtures';
import type { RuleSet } from './ruleset';

const MAJORS = ['0101', '0102', '0501', '0701'];
const money = (max: number) => fc.integer({ min: 0, max: max * 100 }).map((cents) => new Decimal(cents).div(100).toFixed());
const students = fc.oneof(fc.integer({ min: 0, max: 3000 }).map(String), fc.integer({ min: 0, max: 300_000 }).map((c) => new Decimal(c).div(100).toFixed()));

/** Random enrolment over the fixture rule set, one line per (school, major, class type). */
const enrollment = fc
  .array(
    fc.record({
      school: fc.constantFrom('A01', 'A02', 'B1', 'b1', 'Z9', '10', '9'),
      major: fc.constantFrom(...MAJORS),
      classType: fc.constantFrom('intermediate', 'senior', 'preparatory_technician'),
      students,
    }),
    { minLength: 1, maxLength: 25 },
  )
  .map((raw) => {
    const seen = new Set<string>();
    const lines: EnrollmentLine[] = [];
    raw.forEach((r, i) => {
      const key = `${r.school}|${r.major}|${r.classType}`;
      if (seen.has(key)) return;
      seen.add(key);
      lines.push({
        row: i + 2,
        schoolId: r.school,
        schoolName: `学校${r.school}`,
        schoolType: 'technician_college',
        ownership: r.school.startsWith('Z') ? 'private' : 'public',
        majorCode: r.major,
        classType: r.classType as EnrollmentLine['classType'],
        students: r.students,
      });
    });
    return lines;
  });

const rules = fc
  .record({
    t1: money(20000),
    t2: money(20000),
    factor: fc.integer({ min: 0, max: 300 }).map((f) => new Decimal(f).div(100).toFixed()),
    rate: fc.integer({ min: 0, max: 100 }).map((r) => new Decimal(r).div(100).toFixed()),
    combine: fc.constantFrom('sum', 'max', 'compound'),
    scale: fc.constantFrom(0, 2),
    mode: fc.constantFrom('half_up', 'half_even', 'down'),
  })
  .map((r) => ({ params: r, ruleSet: ruleSetWith(r) }));

function ruleSetWith(r: { t1: string; t2: string; factor: string; rate: string; combine: string; scale: number; mode: string }): RuleSet {
  const base = specRuleSet();
  return specRuleSet({
    tiers: [
      { code: 'T1', name: '一档', perStudent: r.t1 },
      { code: 'T2', name: '二档', perStudent: r.t2 },
    ],
    classBands: base.classBands.map((band) => (band.classType === 'senior' ? { ...band, factor: r.factor } : band)),
    uplifts: base.uplifts.map((u) => (u.id === 'scarce' ? { ...u, rate: r.rate } : u)),
    upliftPolicy: { combine: r.combine, cap: '0.30' },
    rounding: { scale: r.scale, mode: r.mode },
  });
}

function ok(ruleSet: RuleSet, lines: EnrollmentLine[], envelope?: Envelope): AllocationResult {
  const outcome = allocate({ ruleSet, lines, ...(envelope ? { envelope } : {}) });
  if (!outcome.ok) throw new Error(JSON.stringify(outcome.problems));
  return outcome.result;
}

const units = (text: string) => new Decimal(text);
const sum = (values: string[]) => values.reduce((total, v) => total.plus(v), new Decimal(0));
const entitlementOf = (result: AllocationResult, schoolId: string) => units(result.schools.find((s) => s.schoolId === schoolId)!.entitlement);

describe('SPEC §3 properties', () => {
  it('sums are exact: lines add to their school, schools to the total, E to the total entitlement', () => {
    fc.assert(
      fc.property(rules, enrollment, ({ ruleSet }, lines) => {
        const result = ok(ruleSet, lines);
        for (const school of result.schools) {
          expect(sum(school.lines.map((l) => l.allocation)).eq(school.allocation)).toBe(true);
          expect(sum(school.lines.map((l) => l.entitlement)).eq(school.entitlement)).toBe(true);
          expect(school.allocation.split('.')[1]?.length ?? 0).toBe(ruleSet.rounding.scale);
        }
        expect(sum(result.schools.map((s) => s.allocation)).eq(result.summary.totalAllocation)).toBe(true);
        expect(sum(result.schools.map((s) => s.entitlement)).eq(result.summary.totalEntitlement)).toBe(true);
      }),
    );
  });

  it('cap never allocates more than the budget, and meets it exactly when it binds; exact always meets it', () => {
    fc.assert(
      fc.property(rules, enrollment, fc.integer({ min: 0, max: 50_000_000 }), ({ ruleSet }, lines, budgetUnits) => {
        const scale = ruleSet.rounding.scale;
        const budget = new Decimal(budgetUnits).div(new Decimal(10).pow(scale)).toFixed(scale);
        const uncapped = ok(ruleSet, lines);
        const capped = ok(ruleSet, lines, { policy: 'cap', budget });
        expect(units(capped.summary.totalAllocation).lte(budget)).toBe(true);
        if (units(uncapped.summary.totalAllocation).gt(budget)) expect(units(capped.summary.totalAllocation).eq(budget)).toBe(true);
        else expect(capped.schools.map((s) => s.allocation)).toEqual(uncapped.schools.map((s) => s.allocation));
        if (units(uncapped.summary.totalEntitlement).gt(0)) {
          expect(units(ok(ruleSet, lines, { policy: 'exact', budget }).summary.totalAllocation).eq(budget)).toBe(true);
        }
      }),
    );
  });

  it('does not depend on line or school order (school allocations and line entitlements)', () => {
    fc.assert(
      fc.property(rules, enrollment, fc.integer(), fc.integer({ min: 1, max: 10_000_000 }), ({ ruleSet }, lines, seed, budget) => {
        const shuffled = [...lines].sort((a, b) => ((a.row * 7919 + seed) % 101) - ((b.row * 7919 + seed) % 101));
        const envelope: Envelope = { policy: 'exact', budget: String(budget) };
        if (units(ok(ruleSet, lines).summary.totalEntitlement).isZero()) return;
        const a = ok(ruleSet, lines, envelope);
        const b = ok(ruleSet, shuffled, envelope);
        expect(b.schools.map((s) => [s.schoolId, s.entitlement, s.allocation])).toEqual(a.schools.map((s) => [s.schoolId, s.entitlement, s.allocation]));
        const byRow = (r: AllocationResult) => new Map(r.schools.flatMap((s) => s.lines.map((l) => [l.row, l.entitlement] as const)));
        expect(byRow(b)).toEqual(byRow(a));
      }),
    );
  });

  it('more students never means less entitlement for the school', () => {
    fc.assert(
      fc.property(rules, enrollment, fc.nat(), fc.integer({ min: 1, max: 500 }), ({ ruleSet }, lines, pick, extra) => {
        const index = pick % lines.length;
        const more = lines.map((l, i) => (i === index ? { ...l, students: units(l.students).plus(extra).toFixed() } : l));
        const school = lines[index]!.schoolId;
        expect(entitlementOf(ok(ruleSet, more), school).gte(entitlementOf(ok(ruleSet, lines), school))).toBe(true);
      }),
    );
  });

  it('a higher tier standard, band factor or uplift rate never means less', () => {
    fc.assert(
      fc.property(rules, enrollment, fc.constantFrom('t1', 't2', 'factor', 'rate'), fc.integer({ min: 1, max: 500 }), ({ params }, lines, knob, raise) => {
        const step = knob === 'rate' || knob === 'factor' ? new Decimal(raise).div(100) : new Decimal(raise);
        const higher = { ...params, [knob]: new Decimal(params[knob]).plus(step).toFixed() };
        const before = ok(ruleSetWith(params), lines);
        const after = ok(ruleSetWith(higher), lines);
        for (const school of before.schools) {
          expect(entitlementOf(after, school.schoolId).gte(school.entitlement)).toBe(true);
        }
      }),
    );
  });

  it('the same inputs give byte-identical output', () => {
    fc.assert(
      fc.property(rules, enrollment, ({ ruleSet }, lines) => {
        expect(JSON.stringify(ok(ruleSet, lines, { policy: 'cap', budget: '12345.00' }))).toBe(JSON.stringify(ok(ruleSet, lines, { policy: 'cap', budget: '12345.00' })));
      }),
    );
  });
});
