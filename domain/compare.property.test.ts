import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Envelope } from './allocate';
import { compare, compareStream, type CompareInput, type Comparison } from './compare';
import { Decimal } from './decimal';
import type { EnrollmentLine } from './enrollment';
import { technicianEnrolment, uplift, whatIfRules } from './what-if-fixtures';

/** Random enrolments of technician colleges (every band allowed there), some private. */
const enrolment = technicianEnrolment({ schools: 6, privateSchool: 6, maxHundredths: 50_000, maxLength: 20 });

const rate = fc.integer({ min: 0, max: 60 }).map((percent) => new Decimal(percent).div(100).toFixed());
const candidateChange = fc.record({
  scarce: rate,
  integration: rate,
  hardship: fc.integer({ min: 0, max: 2000 }).map(String),
  t1: fc.integer({ min: 4000, max: 9000 }).map(String),
  machineryTier: fc.constantFrom('T1', 'T2'),
  cap: fc.option(rate, { nil: undefined }),
  combine: fc.constantFrom('sum' as const, 'max' as const, 'compound' as const),
});
const envelope = fc.oneof(
  fc.constant(undefined),
  fc.record({ policy: fc.constantFrom('cap' as const, 'exact' as const), budget: fc.integer({ min: 1, max: 5_000_000_00 }).map((fen) => new Decimal(fen).div(100).toFixed(2)) }),
);

const total = (values: string[]) => values.reduce((sum, v) => sum.plus(v), new Decimal(0));

type CandidateChange = typeof candidateChange extends fc.Arbitrary<infer T> ? T : never;

function inputOf(lines: EnrollmentLine[], change: CandidateChange, budget: Envelope | undefined): CompareInput {
  const candidateRules = whatIfRules((r) => {
    uplift(r, 'scarce').rate = change.scarce;
    uplift(r, 'integration').rate = change.integration;
    uplift(r, 'hardship').amountPerStudent = change.hardship;
    r.tiers[0].perStudent = change.t1;
    r.categories[0].tier = change.machineryTier;
    r.upliftPolicy = { combine: change.combine, ...(change.cap !== undefined ? { cap: change.cap } : {}) };
  });
  return { baseRules: whatIfRules(), candidateRules, lines, ...(budget ? { envelope: budget } : {}) };
}

function run(lines: EnrollmentLine[], change: CandidateChange, budget: Envelope | undefined): Comparison | undefined {
  const outcome = compare(inputOf(lines, change, budget));
  // exact with nothing entitled is refused by allocate (SPEC §3); that is not the comparison's concern.
  return outcome.ok ? outcome.comparison : undefined;
}

describe('compare properties', () => {
  it('the total change is the exact sum of school, category and class-type deltas; counts add up', () => {
    fc.assert(
      fc.property(enrolment, candidateChange, envelope, (lines, change, budget) => {
        const c = run(lines, change, budget);
        if (!c) return;
        const totalChange = new Decimal(c.summary.totalChange);
        expect(total(c.schools.map((s) => s.delta)).equals(totalChange)).toBe(true);
        expect(total(c.byCategory.map((g) => g.delta)).equals(totalChange)).toBe(true);
        expect(total(c.byClassType.map((g) => g.delta)).equals(totalChange)).toBe(true);
        expect(totalChange.equals(new Decimal(c.summary.candidateTotalAllocation).minus(c.summary.baseTotalAllocation))).toBe(true);
        expect(c.summary.schoolsGaining + c.summary.schoolsLosing + c.summary.schoolsUnchanged).toBe(c.schools.length);
        // Every school whose allocation moved has a moved line, and every moved line says why.
        for (const school of c.schools) if (school.delta !== '0.00') expect(school.linesMoved).toBeGreaterThan(0);
        for (const line of c.lines) expect(line.reasons.length).toBeGreaterThan(0);
        const largest = c.largestChanges.map((s) => new Decimal(s.delta).abs());
        expect(largest.every((d, i) => i === 0 || d.lessThanOrEqualTo(largest[i - 1]!))).toBe(true);
      }),
      { numRuns: 150 },
    );
  });

  it('streamed, the moved lines made after the walk from its kept shares are the ones compare makes during it', () => {
    fc.assert(
      fc.property(enrolment, candidateChange, envelope, (lines, change, budget) => {
        const input = inputOf(lines, change, budget);
        const whole = compare(input);
        const streamed = compareStream(input);
        expect(streamed.ok).toBe(whole.ok);
        if (!whole.ok || !streamed.ok) return;
        const { comparison, lines: movedLines } = streamed.stream;
        expect({ ...comparison, lines: [...movedLines()] }).toEqual(whole.comparison);
        // Walked again, the kept shares give the same lines and leave the by-standard sums as they were.
        expect([...movedLines()]).toEqual(whole.comparison.lines);
      }),
      { numRuns: 150 },
    );
  });

  it('a rule set compared with itself moves nothing', () => {
    fc.assert(
      fc.property(enrolment, envelope, (lines, budget) => {
        const outcome = compare({ baseRules: whatIfRules(), candidateRules: whatIfRules(), lines, ...(budget ? { envelope: budget } : {}) });
        if (!outcome.ok) return;
        expect(outcome.comparison.lines).toEqual([]);
        expect(outcome.comparison.summary.schoolsUnchanged).toBe(outcome.comparison.schools.length);
        expect(outcome.comparison.ruleSetDiff.identical).toBe(true);
      }),
      { numRuns: 60 },
    );
  });
});
