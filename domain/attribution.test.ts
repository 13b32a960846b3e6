import { describe, expect, it } from 'vitest';
import { allocate, type AllocateInput, type Envelope } from './allocate';
import { attribute, type Attribution, type AttributionSchool } from './attribution';
import { attributionRules, enrolled, machineryToTier2 } from './attribution-fixtures';
import { baselineFromResult } from './baseline';
import type { EnrollmentLine } from './enrollment';
import { uplift } from './what-if-fixtures';

type Side = Partial<AllocateInput> & { lines: EnrollmentLine[] };

function attributed(base: Side, next: Side): Attribution {
  const outcome = attribute({ base: { ruleSet: attributionRules(), ...base }, new: { ruleSet: attributionRules(), ...next } });
  if (!outcome.ok) throw new Error(JSON.stringify(outcome));
  return outcome.attribution;
}

const schoolOf = (a: Attribution, id: string) => a.schools.find((s) => s.schoolId === id)!;
const lineOf = (s: AttributionSchool, majorCode: string, classType = 'intermediate') => s.lines.find((l) => l.majorCode === majorCode && l.classType === classType)!;
const only = (effects: Record<string, string>) => ({ enrollment: '0', standard: '0', upliftRate: '0', upliftAmount: '0', coverage: '0', protection: '0', envelope: '0', ...effects });
const onlyLine = (effects: Record<string, string>) => ({ enrollment: '0', standard: '0', upliftRate: '0', upliftAmount: '0', coverage: '0', ...effects });

describe('standard: 机械类 from 三档 to 二档', () => {
  // 770 students of 0102 (机械类, no uplift), 中级工班 × 1: S 7,500 → 9,000, ρ⁰ = 0
  // standard = n¹ × (S¹ − S⁰) × (1 + ρ⁰) = 770 × 1,500 × 1 = 1,155,000.00
  const lines = [enrolled('S1', '0102', 'intermediate', '770', 2)];
  const a = attributed({ lines }, { ruleSet: attributionRules(machineryToTier2), lines });

  it('puts the whole change in the standard effect, to the fen', () => {
    const s = schoolOf(a, 'S1');
    expect(s).toMatchObject({ baseAllocation: '5775000.00', newAllocation: '6930000.00', change: '1155000.00', changePercent: '20.00' });
    expect(s.effects).toEqual(only({ standard: '1155000' }));
    expect(lineOf(s, '0102')).toMatchObject({ baseStudents: '770', newStudents: '770', basePerStudent: '7500', newPerStudent: '9000', effects: onlyLine({ standard: '1155000' }) });
    expect(lineOf(s, '0102').reasons.map((r) => [r.code, r.before, r.after])).toEqual([
      ['tier_changed', 'T3', 'T2'],
      ['base_standard_changed', '7500', '9000'],
    ]);
    expect(a.totals).toMatchObject({ change: '1155000.00', effects: only({ standard: '1155000' }) });
    expect(a.byCategory).toEqual([{ categoryCode: '01', categoryName: '机械类', total: '1155000', effects: onlyLine({ standard: '1155000' }) }]);
    expect(a.byClassType).toEqual([{ classType: 'intermediate', total: '1155000', effects: onlyLine({ standard: '1155000' }) }]);
    expect(a.mostAffected.standard).toEqual([{ schoolId: 'S1', schoolName: '第一技师学院', amount: '1155000' }]);
    expect(a.mostAffected.enrollment).toEqual([]);
  });
});

describe('enrollment: the same rules, another year’s students', () => {
  const base = [
    enrolled('S1', '0101', 'senior', '40'),
    enrolled('S2', '0501', 'intermediate', '30'),
    enrolled('S3', '0101', 'senior', '20'),
  ];
  const next = [
    // S1 closes its 0101 高级工班; S2 grows and opens a 0102 class; S3 is gone; S5 is new.
    enrolled('S1', '0102', 'intermediate', '1'),
    enrolled('S2', '0501', 'intermediate', '33.5'),
    enrolled('S2', '0102', 'intermediate', '8'),
    enrolled('S5', '0102', 'intermediate', '12'),
  ];
  const a = attributed({ lines: base }, { lines: next });

  it('a class that grows, opens or closes is enrollment at the base standard', () => {
    // S1: 0101 高级工班 closed: (0 − 40) × p⁰, p⁰ = 7,500 × 1.3 × 1.10 = 10,725 → −429,000; 0102 opened: 1 × 7,500
    expect(schoolOf(a, 'S1').effects).toEqual(only({ enrollment: '-421500' }));
    expect(lineOf(schoolOf(a, 'S1'), '0101', 'senior')).toMatchObject({ baseRow: 2, newRow: null, newStudents: '0', effects: onlyLine({ enrollment: '-429000' }) });
    // S2: (33.5 − 30) × 6,500 = 22,750 and (8 − 0) × 7,500 = 60,000
    expect(schoolOf(a, 'S2')).toMatchObject({ change: '82750.00', effects: only({ enrollment: '82750' }) });
    expect(schoolOf(a, 'S2').lines.map((l) => [l.majorCode, l.effects.enrollment])).toEqual([
      ['0501', '22750'],
      ['0102', '60000'],
    ]);
  });

  it('a school on one side only is judged by its type and ownership on the other side', () => {
    // S3 (高级技工学校) closed: −20 × 10,725; S5 (技师学院, new): 12 × 7,500, funded by the base rules too.
    expect(schoolOf(a, 'S3')).toMatchObject({ newAllocation: '0.00', change: '-214500.00', effects: only({ enrollment: '-214500' }) });
    expect(schoolOf(a, 'S5')).toMatchObject({ baseAllocation: '0.00', change: '90000.00', effects: only({ enrollment: '90000' }) });
    expect(a.totals.effects).toEqual(only({ enrollment: '-463250' }));
    expect(a.totals.change).toBe('-463250.00');
    expect(a.summary).toMatchObject({ schools: 4, schoolsGaining: 2, schoolsLosing: 2, schoolsUnchanged: 0, linesAttributed: 6 });
  });
});

describe('upliftRate and upliftAmount', () => {
  const lines = [enrolled('S1', '0101', 'senior', '40', 2), enrolled('S1', '0701', 'intermediate', '10', 3)];
  const newRules = attributionRules((r) => {
    machineryToTier2(r);
    uplift(r, 'scarce').rate = '0.15';
    uplift(r, 'hardship').amountPerStudent = '800';
  });
  const s = schoolOf(attributed({ lines }, { ruleSet: newRules, lines }), 'S1');

  it('splits a line whose standard and rate both moved', () => {
    // 0101 高级工班: S 7,500 × 1.3 = 9,750 → 9,000 × 1.3 = 11,700; ρ 0.10 → 0.15; p 10,725 → 13,455
    // standard   = 40 × (11,700 − 9,750) × 1.10 = 40 × 2,145 = 85,800
    // upliftRate = 40 × 11,700 × (0.15 − 0.10) = 23,400;  85,800 + 23,400 = 109,200 = 40 × (13,455 − 10,725)
    expect(lineOf(s, '0101', 'senior').effects).toEqual(onlyLine({ standard: '85800', upliftRate: '23400' }));
  });

  it('a fixed uplift per student is upliftAmount; a rate the cap still binds is no effect', () => {
    // 0701: ρ = min(0.10 + 0.25, 0.30) = 0.30 → min(0.15 + 0.25, 0.30) = 0.30; F 500 → 800: 10 × 300 = 3,000
    expect(lineOf(s, '0701').effects).toEqual(onlyLine({ upliftAmount: '3000' }));
    expect(lineOf(s, '0701').reasons.map((r) => r.code)).toEqual(['uplift_amount_changed']);
    expect(s).toMatchObject({ change: '112200.00', effects: only({ standard: '85800', upliftRate: '23400', upliftAmount: '3000' }) });
  });
});

describe('coverage: lines the rules start or stop funding', () => {
  const base = [enrolled('S3', '0101', 'senior', '20', 2), enrolled('S4', '0501', 'intermediate', '12', 3), enrolled('S1', '0102', 'intermediate', '45', 4)];
  const next = [enrolled('S3', '0101', 'senior', '20', 2), enrolled('S4', '0501', 'intermediate', '12', 3), enrolled('S1', '0102', 'intermediate', '50', 4)];
  const newRules = attributionRules((r) => {
    r.classBands[1].schoolTypes = ['technician_college'];
    r.eligibility = { ownership: ['public', 'private'] };
    r.majors = r.majors.filter((m: { code: string }) => m.code !== '0102');
  });
  const a = attributed({ lines: base }, { ruleSet: newRules, lines: next, excludeInvalid: true });

  it('a band that no longer admits the school type: −n¹ × p⁰', () => {
    // S3 高级技工学校, 0101 高级工班: −20 × 10,725 = −214,500
    const s = schoolOf(a, 'S3');
    expect(s.effects).toEqual(only({ coverage: '-214500' }));
    expect(lineOf(s, '0101', 'senior')).toMatchObject({ basePerStudent: '10725', newPerStudent: null, newNotFunded: 'class_type_not_allowed' });
    expect(lineOf(s, '0101', 'senior').reasons.map((r) => r.code)).toEqual(['line_excluded']);
  });

  it('private schools made eligible: +n¹ × p¹', () => {
    // S4 民办: 12 × 6,500 = 78,000
    const s = schoolOf(a, 'S4');
    expect(s.effects).toEqual(only({ coverage: '78000' }));
    expect(lineOf(s, '0501')).toMatchObject({ baseNotFunded: 'ineligible_ownership', basePerStudent: null, newPerStudent: '6500' });
    expect(lineOf(s, '0501').reasons.map((r) => [r.code, r.after])).toEqual([['eligibility_changed', 'eligible']]);
  });

  it('a major dropped from the rules while its class grew: the growth is enrollment, the loss coverage', () => {
    // enrollment (50 − 45) × 7,500 = 37,500; coverage −50 × 7,500 = −375,000; together −337,500 = −45 × 7,500
    const s = schoolOf(a, 'S1');
    expect(s).toMatchObject({ change: '-337500.00', effects: only({ enrollment: '37500', coverage: '-375000' }) });
    expect(lineOf(s, '0102')).toMatchObject({ newNotFunded: 'unknown_major', categoryName: '机械类' });
    // The new run left out two lines: S3's 高级工班 and S1's 0102.
    expect(a.warnings).toEqual([{ code: 'attribution_lines_excluded', params: { base: 0, new: 2 } }]);
  });
});

describe('envelope: budget scaling and rounding', () => {
  it('an exact budget scales every school; the units left over go by largest remainder', () => {
    // E: S1 80 × 7,500 = 600,000; S2 40 × 7,500 = 300,000; S5 0.01 × 7,500 = 75; ΣE = 900,075; B = 900,000.00
    // quotas in fen: E × B / ΣE = 59,995,000.4166…, 29,997,500.2083…, 7,499.3750…; the floors leave 1 fen, which goes
    // to the largest remainder (S1's .4166) → 599,950.01, 299,975.00, 74.99; envelope = A¹ − E¹ (the base has none).
    const lines = [enrolled('S1', '0102', 'intermediate', '80'), enrolled('S2', '0102', 'intermediate', '40'), enrolled('S5', '0102', 'intermediate', '0.01')];
    const a = attributed({ lines }, { lines, envelope: { policy: 'exact', budget: '900000.00' } });
    expect(a.schools.map((s) => [s.schoolId, s.newAllocation, s.effects.envelope])).toEqual([
      ['S1', '599950.01', '-49.99'],
      ['S2', '299975.00', '-25'],
      ['S5', '74.99', '-0.01'],
    ]);
    expect(a.totals.effects).toEqual(only({ envelope: '-75' }));
    expect(a.schools.every((s) => s.lines.length === 0)).toBe(true);
  });

  it('rounding to the fen is the envelope effect, exact to the tenth of a fen', () => {
    // 0101 中级工班, 0.33 students: ρ 0.10 → 0.105; p 8,250 → 8,287.5
    // upliftRate = 0.33 × 7,500 × 0.005 = 12.375; E¹ = 0.33 × 8,287.5 = 2,734.875 → A¹ = 2,734.88 (half up)
    // envelope = (A¹ − E¹) − (A⁰ − E⁰) = 0.005 − 0; change = 2,734.88 − 2,722.50 = 12.38 = 12.375 + 0.005
    const lines = [enrolled('S1', '0101', 'intermediate', '0.33')];
    const s = schoolOf(attributed({ lines }, { ruleSet: attributionRules((r) => (uplift(r, 'scarce').rate = '0.105')), lines }), 'S1');
    expect(s).toMatchObject({ baseAllocation: '2722.50', newAllocation: '2734.88', change: '12.38', newEntitlement: '2734.875' });
    expect(s.effects).toEqual(only({ upliftRate: '12.375', envelope: '0.005' }));
  });
});

describe('protection: floors and caps against last year’s allocation (§7)', () => {
  // Last year: S1 100 × 7,500 = 750,000; S2 30 × 6,500 = 195,000, no protection, no budget (A⁰ = E⁰ = P⁰).
  // This year the rules protect totals: floor −3 %, gain cap +8 % of A⁰, with last year's result as the baseline.
  //   S1 80 students: E¹ = 600,000; F = ⌈750,000 × 0.97⌉ = 727,500; C = ⌊750,000 × 1.08⌋ = 810,000 → P¹ = 727,500
  //   S2 40 students: E¹ = 260,000; F = ⌈195,000 × 0.97⌉ = 189,150; C = ⌊195,000 × 1.08⌋ = 210,600 → P¹ = 210,600
  const lastYear = [enrolled('S1', '0102', 'intermediate', '100'), enrolled('S2', '0501', 'intermediate', '30')];
  const thisYear = [enrolled('S1', '0102', 'intermediate', '80'), enrolled('S2', '0501', 'intermediate', '40')];
  const protectedRules = attributionRules((r) => Object.assign(r, { fiscalYear: 2027, protection: { basis: 'total', floor: '-0.03', gainCap: '0.08' } }));
  const last = allocate({ ruleSet: attributionRules(), lines: lastYear });
  if (!last.ok) throw new Error(JSON.stringify(last));
  const baseline = baselineFromResult(last.result);
  const attributedWith = (envelope?: Envelope) => attributed({ lines: lastYear }, { ruleSet: protectedRules, lines: thisYear, baseline, ...(envelope ? { envelope } : {}) });

  it('a floor or a cap is the protection effect: (P¹ − E¹) − (P⁰ − E⁰)', () => {
    // S1: enrollment (80 − 100) × 7,500 = −150,000; protection 727,500 − 600,000 = +127,500; change −22,500
    // S2: enrollment (40 − 30) × 6,500 = +65,000; protection 210,600 − 260,000 = −49,400; change +15,600
    const a = attributedWith();
    expect(schoolOf(a, 'S1')).toMatchObject({ newEntitlement: '600000', newProtected: '727500', newAllocation: '727500.00', change: '-22500.00' });
    expect(schoolOf(a, 'S1').effects).toEqual(only({ enrollment: '-150000', protection: '127500' }));
    expect(schoolOf(a, 'S2')).toMatchObject({ newProtected: '210600', change: '15600.00', effects: only({ enrollment: '65000', protection: '-49400' }) });
  });

  it('with an exact budget, what the envelope adds to the protected entitlement is the envelope effect', () => {
    // B = 950,000: g(f) = clamp(600,000 f, 727,500, 810,000) + clamp(260,000 f, 189,150, 210,600) = B at
    // f = 739,400 / 600,000 (S2 at its cap 210,600, S1 between floor and cap): A¹ = 739,400.00 and 210,600.00.
    // S1: envelope A¹ − P¹ = 739,400 − 727,500 = +11,900; S2: 210,600 − 210,600 = 0.
    const a = attributedWith({ policy: 'exact', budget: '950000.00' });
    expect(a.schools.map((s) => [s.schoolId, s.newAllocation, s.effects.protection, s.effects.envelope])).toEqual([
      ['S1', '739400.00', '127500', '11900'],
      ['S2', '210600.00', '-49400', '0'],
    ]);
    expect(a.totals.effects).toEqual(only({ enrollment: '-85000', protection: '78100', envelope: '11900' }));
  });
});

describe('runs that cannot be compared', () => {
  const lines = [enrolled('S1', '0102', 'intermediate', '1')];

  it('refuses different currencies and rounding scales, naming both', () => {
    const outcome = attribute({
      base: { ruleSet: attributionRules(), lines },
      new: { ruleSet: attributionRules((r) => Object.assign(r, { currency: 'USD', rounding: { scale: 0, mode: 'half_up' } })), lines },
    });
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.problems.map((p) => [p.path, p.code, p.params])).toEqual([
      ['new.rules.currency', 'attribution_currency_mismatch', { base: 'CNY', new: 'USD' }],
      ['new.rules.rounding.scale', 'attribution_scale_mismatch', { base: 2, new: 0 }],
    ]);
  });

  it('says which run refused its input', () => {
    const outcome = attribute({ base: { ruleSet: attributionRules(), lines }, new: { ruleSet: attributionRules(), lines: [enrolled('S2', '0101', 'senior', '1')] } });
    expect(outcome.ok === false && [outcome.side, outcome.rowProblems.map((p) => p.reason)]).toEqual(['new', ['class_type_not_allowed']]);
  });
});
