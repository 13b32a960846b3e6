import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocate, type AllocateInput, type Envelope } from './allocate';
import { attribute, EFFECTS, LINE_EFFECTS, type Attribution } from './attribution';
import { attributionRules, SCHOOLS } from './attribution-fixtures';
import { baselineFromResult } from './baseline';
import { Decimal } from './decimal';
import type { EnrollmentLine } from './enrollment';
import type { RuleSet } from './ruleset';
import { uplift } from './what-if-fixtures';

const SCHOOL_IDS = Object.keys(SCHOOLS) as (keyof typeof SCHOOLS)[];
const MAJORS = ['0101', '0102', '0501', '0701'] as const;
// 技师班 has no band: those lines are left out by both sides' rules.
const CLASS_TYPES = ['intermediate', 'senior', 'preparatory_technician', 'technician'] as const;

const students = fc.integer({ min: 0, max: 50_000 }).map((hundredths) => new Decimal(hundredths).div(100).toFixed());

/**
 * Two enrolments over the same schools (each school keeps its type and ownership): every (school, major, class type)
 * has students on the base side, the new side, or both. The new side may list its lines in another order.
 */
const enrolments = fc
  .record({
    lines: fc.uniqueArray(
      fc.record({
        school: fc.constantFrom(...SCHOOL_IDS),
        major: fc.constantFrom(...MAJORS),
        classType: fc.constantFrom(...CLASS_TYPES),
        before: fc.option(students, { nil: undefined }),
        after: fc.option(students, { nil: undefined }),
      }),
      { selector: (l) => `${l.school}/${l.major}/${l.classType}`, minLength: 1, maxLength: 24 },
    ),
    reorder: fc.boolean(),
  })
  .map(({ lines, reorder }) => {
    const side = (which: 'before' | 'after') =>
      lines.flatMap((l, i): EnrollmentLine[] => (l[which] === undefined ? [] : [{ row: i + 2, ...SCHOOLS[l.school], majorCode: l.major, classType: l.classType, students: l[which] }]));
    const after = side('after');
    return { base: side('before'), next: reorder ? after.reverse() : after };
  });

const rate = (max: number) => fc.integer({ min: 0, max }).map((permille) => new Decimal(permille).div(1000).toFixed());
/** A rule change touching every kind of §9 effect: standards, bands, rates, amounts, the cap, eligibility, a major. */
const ruleChange = fc.record({
  t3: fc.integer({ min: 600_000, max: 950_050 }).map((fen) => new Decimal(fen).div(100).toFixed()),
  machineryTier: fc.constantFrom('T1', 'T2', 'T3'),
  seniorFactor: fc.constantFrom('1', '1.3', '1.25', '1.375'),
  seniorSchools: fc.constantFrom(['technician_college', 'senior_technical_school'], ['technician_college']),
  scarce: rate(600),
  integration: rate(600),
  hardship: fc.integer({ min: 0, max: 2000 }).map(String),
  cap: fc.option(rate(500), { nil: undefined }),
  combine: fc.constantFrom('sum' as const, 'max' as const, 'compound' as const),
  fundsPrivate: fc.boolean(),
  drops0102: fc.boolean(),
});
type RuleChange = typeof ruleChange extends fc.Arbitrary<infer T> ? T : never;

function rulesFor(change: RuleChange): RuleSet {
  return attributionRules((r) => {
    r.tiers[2].perStudent = change.t3;
    r.categories[0].tier = change.machineryTier;
    Object.assign(r.classBands[1], { factor: change.seniorFactor, schoolTypes: change.seniorSchools });
    uplift(r, 'scarce').rate = change.scarce;
    uplift(r, 'integration').rate = change.integration;
    uplift(r, 'hardship').amountPerStudent = change.hardship;
    r.upliftPolicy = { combine: change.combine, ...(change.cap !== undefined ? { cap: change.cap } : {}) };
    r.eligibility = { ownership: change.fundsPrivate ? ['public', 'private'] : ['public'] };
    if (change.drops0102) r.majors = r.majors.filter((m: { code: string }) => m.code !== '0102');
  });
}

/** Year-on-year protection for the new run, against the base run's result as its baseline (§7). */
const protection = fc.option(
  fc.record({
    basis: fc.constantFrom('perStudent' as const, 'total' as const),
    floor: fc.integer({ min: -200, max: 0 }).map((permille) => new Decimal(permille).div(1000).toFixed()),
    gainCap: fc.option(fc.integer({ min: 0, max: 300 }).map((permille) => new Decimal(permille).div(1000).toFixed()), { nil: undefined }),
  }),
  { nil: undefined },
);

const envelope = fc.oneof(
  fc.constant<Envelope | undefined>(undefined),
  fc.record({ policy: fc.constantFrom('cap' as const, 'exact' as const), budget: fc.integer({ min: 0, max: 5_000_000_00 }).map((fen) => new Decimal(fen).div(100).toFixed(2)) }),
);

/** A run's input; lines the rules cannot fund are left out (and listed), as `--exclude-invalid` does. */
const input = (ruleSet: RuleSet, lines: EnrollmentLine[], budget: Envelope | undefined): AllocateInput => ({ ruleSet, lines, excludeInvalid: true, ...(budget ? { envelope: budget } : {}) });

function attributed(base: AllocateInput, next: AllocateInput): Attribution | undefined {
  const outcome = attribute({ base, new: next });
  // exact with nothing entitled is refused by the engine (SPEC §3); that is not the attribution's concern.
  if (!outcome.ok && outcome.side) return undefined;
  if (!outcome.ok) throw new Error(JSON.stringify(outcome.problems));
  return outcome.attribution;
}

const sum = (values: string[]) => values.reduce((total, v) => total.plus(v), new Decimal(0));
const key = (schoolId: string, majorCode: string, classType: string) => `${schoolId}/${majorCode}/${classType}`;

/** Each school's allocation and each line's entitlement as `allocate` states them, by school and by line key. */
function figures(run: AllocateInput) {
  const outcome = allocate(run);
  if (!outcome.ok) throw new Error('allocate refused what attribute accepted');
  const allocations = new Map(outcome.result.schools.map((s) => [s.schoolId, s.allocation]));
  const entitlements = new Map(outcome.result.schools.flatMap((s) => s.lines.map((l) => [key(s.schoolId, l.majorCode, l.classType), l.entitlement] as const)));
  return { allocations, entitlements };
}

describe('attribution properties', () => {
  it('every school’s and line’s effects add up exactly to its change, as allocate computes each side (protection included)', () => {
    fc.assert(
      fc.property(enrolments, ruleChange, ruleChange, envelope, envelope, protection, ({ base, next }, before, after, budget0, budget1, protects) => {
        // Collected and asserted once: an expect per figure would make the 200 runs several times slower.
        const wrong: string[] = [];
        const check = (ok: boolean, what: string) => ok || wrong.push(what);
        const baseInput = input(rulesFor(before), base, budget0);
        const newInput = input(rulesFor(after), next, budget1);
        if (protects) {
          const last = allocate(baseInput);
          if (!last.ok) return;
          Object.assign(newInput, { ruleSet: { ...newInput.ruleSet, protection: protects }, baseline: baselineFromResult(last.result) });
        }
        const a = attributed(baseInput, newInput);
        if (!a) return;
        if (!protects) check(a.schools.every((s) => s.effects.protection === '0'), 'protection without protection');
        const [f0, f1] = [figures(baseInput), figures(newInput)];
        const listed = new Set<string>();
        for (const s of a.schools) {
          check(sum(EFFECTS.map((e) => s.effects[e])).equals(s.change), `${s.schoolId}: effects ≠ change`);
          check(new Decimal(f1.allocations.get(s.schoolId) ?? 0).minus(f0.allocations.get(s.schoolId) ?? 0).equals(s.change), `${s.schoolId}: change ≠ A¹ − A⁰`);
          check(sum(LINE_EFFECTS.map((e) => s.effects[e])).equals(new Decimal(s.newEntitlement).minus(s.baseEntitlement)), `${s.schoolId}: line effects ≠ E¹ − E⁰`);
          for (const effect of LINE_EFFECTS) check(sum(s.lines.map((l) => l.effects[effect])).equals(s.effects[effect]), `${s.schoolId}: lines' ${effect}`);
          for (const e of EFFECTS) check(/^-?\d+(\.\d*[1-9])?$/.test(s.effects[e]), `${s.schoolId}: ${e} "${s.effects[e]}" is not a plain decimal`);
          for (const l of s.lines) {
            const k = key(s.schoolId, l.majorCode, l.classType);
            listed.add(k);
            const change = new Decimal(f1.entitlements.get(k) ?? 0).minus(f0.entitlements.get(k) ?? 0);
            check(sum(LINE_EFFECTS.map((e) => l.effects[e])).equals(change), `${k}: effects ≠ e¹ − e⁰`);
          }
        }
        // A line not listed did not move.
        for (const k of new Set([...f0.entitlements.keys(), ...f1.entitlements.keys()])) {
          if (!listed.has(k)) check(new Decimal(f1.entitlements.get(k) ?? 0).equals(f0.entitlements.get(k) ?? 0), `${k} moved but is not listed`);
        }
        for (const effect of EFFECTS) check(sum(a.schools.map((s) => s.effects[effect])).equals(a.totals.effects[effect]), `total ${effect}`);
        for (const groups of [a.byCategory, a.byClassType]) {
          for (const effect of LINE_EFFECTS) check(sum(groups.map((g) => g.effects[effect])).equals(a.totals.effects[effect]), `groups' ${effect}`);
        }
        check(sum(EFFECTS.map((e) => a.totals.effects[e])).equals(a.totals.change), 'totals ≠ change');
        expect(wrong).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });

  it('the same inputs on both sides give zeros everywhere', () => {
    fc.assert(
      fc.property(enrolments, ruleChange, envelope, ({ base }, change, budget) => {
        const run = input(rulesFor(change), base, budget);
        const a = attributed(run, run);
        if (!a) return;
        for (const s of a.schools) {
          expect(s.change).toMatch(/^0\.00$/);
          expect(Object.values(s.effects).every((v) => v === '0')).toBe(true);
          expect(s.lines).toEqual([]);
        }
      }),
      { numRuns: 80 },
    );
  });

  it('swapping base and new negates every school’s change', () => {
    fc.assert(
      fc.property(enrolments, ruleChange, ruleChange, envelope, envelope, ({ base, next }, before, after, budget0, budget1) => {
        const [baseInput, newInput] = [input(rulesFor(before), base, budget0), input(rulesFor(after), next, budget1)];
        const forward = attributed(baseInput, newInput);
        const backward = attributed(newInput, baseInput);
        if (!forward || !backward) return;
        expect(backward.schools.map((s) => s.schoolId)).toEqual(forward.schools.map((s) => s.schoolId));
        forward.schools.forEach((s, i) => expect(new Decimal(backward.schools[i]!.change).equals(new Decimal(s.change).negated())).toBe(true));
      }),
      { numRuns: 100 },
    );
  });

  it('an enrolment-only change has only enrollment and envelope effects', () => {
    fc.assert(
      fc.property(enrolments, ruleChange, envelope, envelope, ({ base, next }, change, budget0, budget1) => {
        const rules = rulesFor(change);
        const a = attributed(input(rules, base, budget0), input(rules, next, budget1));
        if (!a) return;
        for (const s of a.schools) {
          expect([s.effects.standard, s.effects.upliftRate, s.effects.upliftAmount, s.effects.coverage, s.effects.protection]).toEqual(['0', '0', '0', '0', '0']);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('a rule-only change on the same enrolment has no enrollment effect', () => {
    fc.assert(
      fc.property(enrolments, ruleChange, ruleChange, envelope, ({ base }, before, after, budget) => {
        const a = attributed(input(rulesFor(before), base, budget), input(rulesFor(after), base, budget));
        if (!a) return;
        for (const s of a.schools) {
          expect(s.effects.enrollment).toBe('0');
          for (const l of s.lines) expect(l.effects.enrollment).toBe('0');
        }
      }),
      { numRuns: 100 },
    );
  });
});
