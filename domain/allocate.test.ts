import { describe, expect, it } from 'vitest';
import { allocate, type AllocateInput } from './allocate';
import { line, specRuleSet } from './test-fixtures';

function run(input: Partial<AllocateInput> & Pick<AllocateInput, 'lines'>) {
  const outcome = allocate({ ruleSet: specRuleSet(), ...input });
  if (!outcome.ok) throw new Error(JSON.stringify(outcome));
  return outcome.result;
}

describe('per-student amounts, worked by hand', () => {
  it('tier × band factor × (1 + rate): 7500 × 1.5 × 1.10 × 120 = 1,485,000.00', () => {
    // Band with factor only: drop the per-tier standard of T1 by using category 01 (T2).
    const result = run({ lines: [line({ schoolId: 'S1', majorCode: '0101', classType: 'preparatory_technician', students: '120' })] });
    const [l] = result.schools[0]!.lines;
    expect(l).toMatchObject({ baseStandard: '7500', bandedStandard: '11250', upliftRate: '0.1', perStudent: '12375', entitlement: '1485000', allocation: '1485000.00' });
    expect(l!.uplifts.map((u) => [u.id, u.source])).toEqual([['scarce', '行动方案第十条']]);
  });

  it('a category override replaces its tier standard', () => {
    const result = run({ lines: [line({ schoolId: 'S1', majorCode: '0501', students: '10' })] });
    expect(result.schools[0]!.lines[0]).toMatchObject({ baseFrom: 'category', baseStandard: '6500', perStudent: '6500', entitlement: '65000' });
  });

  it('a band per-tier standard replaces base × factor', () => {
    const result = run({ lines: [line({ schoolId: 'S1', majorCode: '0701', classType: 'preparatory_technician', students: '2' })] });
    // S = 9500 (per-tier); ρ = 0.10 + 0.25 = 0.35 capped at 0.30; F = 500 → p = 9500 × 1.3 + 500 = 12850
    expect(result.schools[0]!.lines[0]).toMatchObject({
      bandFrom: 'tier',
      bandedStandard: '9500',
      upliftRate: '0.3',
      upliftRateUncapped: '0.35',
      upliftAmount: '500',
      perStudent: '12850',
      entitlement: '25700',
    });
  });

  it('combines rates by max and compound', () => {
    const lines = [line({ schoolId: 'S1', majorCode: '0701', students: '1' })];
    const max = allocate({ ruleSet: specRuleSet({ upliftPolicy: { combine: 'max' } }), lines });
    const compound = allocate({ ruleSet: specRuleSet({ upliftPolicy: { combine: 'compound' } }), lines });
    // max: 6000 × 1.25 + 500 = 8000; compound: 1.10 × 1.25 − 1 = 0.375 → 6000 × 1.375 + 500 = 8750
    expect(max.ok && max.result.schools[0]!.lines[0]!.perStudent).toBe('8000');
    expect(compound.ok && compound.result.schools[0]!.lines[0]!.upliftRate).toBe('0.375');
    expect(compound.ok && compound.result.schools[0]!.lines[0]!.perStudent).toBe('8750');
  });

  it('keeps fractional averaged students exact and rounds only the school total', () => {
    // 0.33 × 6000 × 1.3 (senior) = 2574; 10.01 × 7800 = 78078 → E = 80652
    const result = run({
      lines: [
        line({ schoolId: 'S1', majorCode: '0102', classType: 'senior', students: '0.33' }),
        line({ schoolId: 'S1', majorCode: '0102', students: '10.01' }),
      ],
      ruleSet: specRuleSet({ tiers: [{ code: 'T1', name: '一档', perStudent: '6000' }, { code: 'T2', name: '二档', perStudent: '6000.333' }] }),
    });
    const school = result.schools[0]!;
    // p(senior) = 6000.333 × 1.3 = 7800.4329; 0.33 × 7800.4329 = 2574.142857; 10.01 × 6000.333 = 60063.33333
    expect(school.lines.map((l) => l.entitlement)).toEqual(['2574.142857', '60063.33333']);
    expect(school.entitlement).toBe('62637.476187');
    expect(school.allocation).toBe('62637.48');
    expect(school.lines.map((l) => l.allocation)).toEqual(['2574.14', '60063.34']);
  });
});

it('copies every derivation field onto each line (nothing of the standard is lost)', async () => {
  const rules = specRuleSet({
    tiers: [{ code: 'T1', name: '一档', perStudent: '6000', source: 'tier clause' }, { code: 'T2', name: '二档', perStudent: '7500' }],
  });
  const outcome = allocate({ ruleSet: rules, lines: [line({ schoolId: 'S', majorCode: '0701', classType: 'intermediate', students: '1' })] });
  if (!outcome.ok) throw new Error('failed');
  const [l] = outcome.result.schools[0]!.lines;
  const { StandardBook } = await import('./standards');
  const { perStudentExact: _exact, ...derivation } = new StandardBook(rules).standardFor('0701', 'intermediate');
  expect(Object.keys(derivation).length).toBeGreaterThan(18);
  expect(l).toMatchObject(derivation);
});

describe('rounding modes and scales', () => {
  const lines = [line({ schoolId: 'S1', majorCode: '0102', students: '0.5' })];
  const tiers = (perStudent: string) => [{ code: 'T1', name: '一档', perStudent: '6000' }, { code: 'T2', name: '二档', perStudent }];
  const allocationWith = (perStudent: string, scale: 0 | 2, mode: string) => {
    const outcome = allocate({ ruleSet: specRuleSet({ tiers: tiers(perStudent), rounding: { scale, mode } }), lines });
    if (!outcome.ok) throw new Error('failed');
    return outcome.result.schools[0]!.allocation;
  };
  it.each([
    ['0.05', 2, 'half_up', '0.03'], // E = 0.025
    ['0.05', 2, 'half_even', '0.02'],
    ['0.07', 2, 'half_even', '0.04'], // E = 0.035 → even 0.04
    ['0.05', 2, 'down', '0.02'],
    ['5', 0, 'half_up', '3'], // E = 2.5
    ['5', 0, 'half_even', '2'],
    ['7', 0, 'half_even', '4'],
    ['3', 0, 'down', '1'],
  ] as const)('p=%s scale %i %s → %s', (perStudent, scale, mode, expected) => {
    expect(allocationWith(perStudent, scale, mode)).toBe(expected);
  });
});

describe('eligibility and line checks', () => {
  it('gives private schools 0 with the reason, when only public ones are eligible', () => {
    const result = run({ lines: [line({ schoolId: 'P1', majorCode: '0101', students: '100', ownership: 'private' })] });
    expect(result.schools[0]).toMatchObject({ eligible: false, reason: 'ineligible_ownership', entitlement: '0', allocation: '0.00' });
    expect(result.schools[0]!.lines[0]).toMatchObject({ reason: 'ineligible_ownership', allocation: '0.00' });
  });

  it('refuses a class type whose band excludes the school type, and an unknown major, naming the rows', () => {
    const outcome = allocate({
      ruleSet: specRuleSet(),
      lines: [
        line({ row: 2, schoolId: 'S1', majorCode: '0101', students: '1', schoolType: 'technical_school', classType: 'senior' }),
        line({ row: 3, schoolId: 'S1', majorCode: '9999', students: '1', schoolType: 'technical_school' }),
        line({ row: 4, schoolId: 'S1', majorCode: '0101', students: '1', schoolType: 'technical_school', classType: 'technician' }),
      ],
    });
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.rowProblems.map((p) => [p.row, p.reason])).toEqual([
      [2, 'class_type_not_allowed'],
      [3, 'unknown_major'],
      [4, 'class_type_not_allowed'],
    ]);
  });

  it('says when an unknown major code is a known one without its leading zeros (0101 read as 101), never matching it', () => {
    const outcome = allocate({ ruleSet: specRuleSet(), lines: [line({ row: 2, schoolId: 'S1', students: '1', majorCode: '101' }), line({ row: 3, schoolId: 'S1', students: '1', majorCode: '9101' })] });
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.rowProblems).toEqual([
      { row: 2, field: 'major_code', reason: 'unknown_major', code: 'major_code_lost_zeros', params: { majorCode: '101', known: '0101' } },
      { row: 3, field: 'major_code', reason: 'unknown_major', code: 'unknown_major', params: { majorCode: '9101' } },
    ]);
  });

  it('with excludeInvalid, computes the rest and lists each excluded line with its reason', () => {
    const result = run({
      excludeInvalid: true,
      lines: [
        line({ row: 2, schoolId: 'S1', majorCode: '0101', students: '1', schoolType: 'technical_school', classType: 'senior' }),
        line({ row: 3, schoolId: 'S1', majorCode: '0102', students: '2', schoolType: 'technical_school' }),
      ],
    });
    expect(result.excluded).toEqual([{ row: 2, reason: 'class_type_not_allowed', problems: [{ code: 'class_type_not_at_school_type', params: expect.objectContaining({ band: '高级工班', schoolType: 'technical_school' }) }], schoolId: 'S1', majorCode: '0101', classType: 'senior' }]);
    expect(result.summary.totalAllocation).toBe('15000.00');
  });
});

describe('envelope', () => {
  // Entitlements: A = 3 × 7500 = 22500, B = 1 × 7500 = 7500, C = 1 × 7500 = 7500 → ΣE = 37500
  const lines = [
    line({ schoolId: 'A', majorCode: '0102', students: '3' }),
    line({ schoolId: 'C', majorCode: '0102', students: '1' }),
    line({ schoolId: 'B', majorCode: '0102', students: '1' }),
  ];

  it('cap scales down with largest remainders, ties to the smaller school_id', () => {
    // budget 100.00 → quotas 60, 20, 20 exact; budget 100.01 = 10001 fen → 6000.6, 2000.2, 2000.2 → floors 10000, one left: A
    const result = run({ lines, envelope: { policy: 'cap', budget: '100.01' } });
    expect(result.schools.map((s) => [s.schoolId, s.allocation])).toEqual([['A', '60.01'], ['B', '20.00'], ['C', '20.00']]);
    // 100.02 → remainders A .6→ gets one; B and C tie on .2 → B (smaller id) gets the second
    const tie = run({ lines, envelope: { policy: 'cap', budget: '100.02' } });
    expect(tie.schools.map((s) => s.allocation)).toEqual(['60.01', '20.01', '20.00']);
    expect(tie.summary.totalAllocation).toBe('100.02');
  });

  it('cap leaves allocations alone when they fit the budget', () => {
    const result = run({ lines, envelope: { policy: 'cap', budget: '1000000' } });
    expect(result.summary.totalAllocation).toBe('37500.00');
    expect(result.summary.scaleFactor).toBe('1');
  });

  it('exact scales up to the budget', () => {
    const result = run({ lines, envelope: { policy: 'exact', budget: '75000' } });
    expect(result.schools.map((s) => s.allocation)).toEqual(['45000.00', '15000.00', '15000.00']);
    expect(result.summary.scaleFactor).toBe('2');
  });

  it('refuses a budget that is not whole fen, a missing budget, and exact over zero entitlement', () => {
    expect(allocate({ ruleSet: specRuleSet(), lines, envelope: { policy: 'cap', budget: '1.001' } })).toMatchObject({ ok: false, problems: [{ path: 'budget' }] });
    expect(allocate({ ruleSet: specRuleSet(), lines, envelope: { policy: 'exact' } })).toMatchObject({ ok: false, problems: [{ path: 'budget' }] });
    const privateOnly = [line({ schoolId: 'P', majorCode: '0102', students: '1', ownership: 'private' })];
    expect(allocate({ ruleSet: specRuleSet(), lines: privateOnly, envelope: { policy: 'exact', budget: '10' } })).toMatchObject({ ok: false, problems: [{ path: 'budget' }] });
  });

  it('apportions a school to its lines, ties to the earlier line', () => {
    // Two equal lines of one school, budget 0.01 → the first line gets the fen.
    const result = run({
      lines: [line({ schoolId: 'S', majorCode: '0102', students: '1' }), line({ schoolId: 'S', majorCode: '0102', classType: 'senior', students: '1', schoolType: 'technician_college' })],
      ruleSet: specRuleSet({ classBands: [{ classType: 'intermediate', name: '中级工班' }, { classType: 'senior', name: '高级工班', factor: '1' }] }),
      envelope: { policy: 'exact', budget: '0.01' },
    });
    expect(result.schools[0]!.lines.map((l) => l.allocation)).toEqual(['0.01', '0.00']);
  });
});

describe('warnings', () => {
  it('say, as codes, that private schools get 0 and that a budget under "none" is unused', () => {
    const result = run({
      lines: [line({ schoolId: 'P', majorCode: '0102', students: '1', ownership: 'private' }), line({ schoolId: 'Q', majorCode: '0102', students: '1' })],
      envelope: { policy: 'none', budget: '100' },
    });
    expect(result.summary.warnings).toEqual([
      { code: 'budget_unused', params: { budget: '100' } },
      { code: 'ineligible_ownership', params: { funded: ['public'] } },
    ]);
  });
});
