import { describe, expect, it } from 'vitest';
import { compare, compareStream, type Comparison, type CompareInput } from './compare';
import { Decimal } from './decimal';
import { uplift, whatIfLines, whatIfRules } from './what-if-fixtures';

function compared(input: Partial<CompareInput> & Pick<CompareInput, 'candidateRules'>): Comparison {
  const outcome = compare({ baseRules: whatIfRules(), lines: whatIfLines(), ...input });
  if (!outcome.ok) throw new Error(`${outcome.side}: ${JSON.stringify([outcome.problems, outcome.rowProblems])}`);
  return outcome.comparison;
}

const codes = (c: Comparison, row: number) => c.lines.find((l) => l.row === row)?.reasons.map((r) => [r.code, r.subject ?? null]);
const school = (c: Comparison, id: string) => c.schools.find((s) => s.schoolId === id)!;
const sum = (values: string[]) => values.reduce((total, v) => total.plus(v), new Decimal(0)).toFixed(2);

describe('compare: one uplift rate changes', () => {
  const c = compared({ candidateRules: whatIfRules((r) => (uplift(r, 'scarce').rate = '0.15')) });

  it('moves only the scarce lines that the cap does not bind, and names the uplift', () => {
    // 7500 × 1.5 × 1.15 = 12,937.5 × 120 = 1,552,500 (was 12,375 × 120 = 1,485,000).
    expect(c.lines.map((l) => l.row)).toEqual([2]);
    const moved = c.lines[0]!;
    expect(moved).toMatchObject({
      schoolId: 'S1',
      majorCode: '0101',
      classType: 'preparatory_technician',
      basePerStudent: '12375',
      candidatePerStudent: '12937.5',
      baseAllocation: '1485000.00',
      candidateAllocation: '1552500.00',
      delta: '67500.00',
    });
    expect(codes(c, 2)).toEqual([['uplift_rate_changed', 'scarce']]);
    expect(moved.reasons[0]).toMatchObject({ code: 'uplift_rate_changed', params: { name: '急需紧缺', id: 'scarce', before: '0.1', after: '0.15' } });
  });

  it('counts gaining, losing and unchanged schools, with the capped 0701 line unchanged', () => {
    expect(c.schools.map((s) => [s.schoolId, s.baseAllocation, s.candidateAllocation, s.delta, s.deltaPercent])).toEqual([
      ['S1', '1860000.00', '1927500.00', '67500.00', '3.63'],
      ['S2', '195000.00', '195000.00', '0.00', '0.00'],
      ['S3', '83000.00', '83000.00', '0.00', '0.00'],
      ['S4', '0.00', '0.00', '0.00', null],
    ]);
    expect(c.summary).toMatchObject({ schoolsGaining: 1, schoolsLosing: 0, schoolsUnchanged: 3, linesMoved: 1 });
    expect(c.summary).toMatchObject({ baseTotalAllocation: '2138000.00', candidateTotalAllocation: '2205500.00', totalChange: '67500.00', totalChangePercent: '3.16' });
    expect(c.summary.totalChange).toBe(sum(c.schools.map((s) => s.delta)));
  });

  it('reports the change per category and class type, and a diff naming only the rate', () => {
    expect(c.byCategory.map((g) => [g.categoryCode, g.categoryName, g.baseAllocation, g.candidateAllocation, g.delta])).toEqual([
      ['01', '机械类', '1860000.00', '1927500.00', '67500.00'],
      ['05', '服务类', '195000.00', '195000.00', '0.00'],
      ['07', '农业类', '83000.00', '83000.00', '0.00'],
    ]);
    expect(c.byClassType.map((g) => [g.classType, g.delta])).toEqual([
      ['intermediate', '0.00'],
      ['preparatory_technician', '67500.00'],
    ]);
    expect(c.largestChanges.map((s) => s.schoolId)).toEqual(['S1']);
    expect(c.ruleSetDiff.uplifts.changed).toEqual([{ key: 'scarce', fields: [{ path: 'rate', before: '0.1', after: '0.15' }] }]);
    expect(c.summary.baseRuleSet.hash).not.toBe(c.summary.candidateRuleSet.hash);
  });
});

describe('compare: gains and losses together', () => {
  const c = compared({
    candidateRules: whatIfRules((r) => {
      uplift(r, 'scarce').rate = '0.15';
      uplift(r, 'hardship').amountPerStudent = '300';
    }),
  });

  it('has S1 gaining and S3 losing 2,000 (6000 × 1.3 + 300 = 8,100 × 10)', () => {
    expect(school(c, 'S3')).toMatchObject({ baseAllocation: '83000.00', candidateAllocation: '81000.00', delta: '-2000.00', deltaPercent: '-2.41' });
    expect(codes(c, 5)).toEqual([['uplift_amount_changed', 'hardship']]);
    expect(c.summary).toMatchObject({ schoolsGaining: 1, schoolsLosing: 1, schoolsUnchanged: 2, totalChange: '65500.00' });
    expect(c.largestChanges.map((s) => [s.schoolId, s.delta])).toEqual([
      ['S1', '67500.00'],
      ['S3', '-2000.00'],
    ]);
    expect(c.summary.totalChange).toBe(sum(c.schools.map((s) => s.delta)));
  });
});

describe('compare under a binding cap envelope', () => {
  const envelope = { policy: 'cap' as const, budget: '2000000' };
  const c = compared({ envelope, candidateRules: whatIfRules((r) => (uplift(r, 'scarce').rate = '0.15')) });

  it('moves lines whose standard did not change only through envelope scaling', () => {
    // Hamilton in fen over 2,138,000 (base) and 2,205,500 (candidate) entitled: worked out by hand.
    expect(c.schools.map((s) => [s.schoolId, s.baseAllocation, s.candidateAllocation, s.delta])).toEqual([
      ['S1', '1739943.87', '1747902.97', '7959.10'],
      ['S2', '182413.47', '176830.65', '-5582.82'],
      ['S3', '77642.66', '75266.38', '-2376.28'],
      ['S4', '0.00', '0.00', '0.00'],
    ]);
    expect(codes(c, 2)).toEqual([['uplift_rate_changed', 'scarce']]);
    expect(codes(c, 3)).toEqual([['envelope_scaling', null]]);
    expect(codes(c, 4)).toEqual([['envelope_scaling', null]]);
    expect(c.lines.find((l) => l.row === 3)).toMatchObject({ baseAllocation: '350795.14', candidateAllocation: '340058.94', basePerStudent: '7500', candidatePerStudent: '7500' });
    expect(c.summary).toMatchObject({ baseTotalAllocation: '2000000.00', candidateTotalAllocation: '2000000.00', totalChange: '0.00', schoolsGaining: 1, schoolsLosing: 2, schoolsUnchanged: 1 });
    expect(c.summary.envelope).toEqual({ policy: 'cap', budget: '2000000.00' });
    expect(sum(c.schools.map((s) => s.delta))).toBe('0.00');
    expect(c.lines.find((l) => l.row === 4)!.reasons[0]!.params).toEqual({ before: c.summary.baseScaleFactor, after: c.summary.candidateScaleFactor });
  });

  it('gives the same comparison streamed, its moved lines made when walked, as many times as walked', () => {
    const input: CompareInput = { baseRules: whatIfRules(), candidateRules: whatIfRules((r) => (uplift(r, 'scarce').rate = '0.15')), lines: whatIfLines(), envelope };
    const outcome = compareStream(input);
    if (!outcome.ok) throw new Error('refused');
    const whole = compare(input);
    if (!whole.ok) throw new Error('refused');
    expect(outcome.stream.comparison.lines).toEqual([]);
    expect({ ...outcome.stream.comparison, lines: [...outcome.stream.lines()] }).toEqual(whole.comparison);
    expect(JSON.stringify([...outcome.stream.lines()])).toBe(JSON.stringify(whole.comparison.lines));
  });
});

describe('compare without an envelope: a fen moving between a school\'s lines', () => {
  it('names the rounding remainder, not the envelope', () => {
    // Entitlements 6,500.005 + 8,300.004 and 6,500.005 + 8,300.006 both round to 14,800.01 for the school;
    // by largest remainder the odd fen goes to the cooking line first, then to the farming line.
    const tweak = (hardship: string) =>
      whatIfRules((r) => {
        r.categories[1].perStudent = '6500.005';
        uplift(r, 'hardship').amountPerStudent = hardship;
      });
    const [cooking, farming] = [whatIfLines()[2]!, whatIfLines()[3]!].map((l) => ({ ...l, schoolId: 'S9', schoolType: 'technician_college' as const, students: '1' }));
    const outcome = compare({ baseRules: tweak('500.004'), candidateRules: tweak('500.006'), lines: [cooking!, farming!] });
    if (!outcome.ok) throw new Error('fixture failed');
    const c = outcome.comparison;
    expect(c.schools.map((s) => [s.baseAllocation, s.candidateAllocation])).toEqual([['14800.01', '14800.01']]);
    expect(c.lines.map((l) => [l.row, l.baseAllocation, l.candidateAllocation, l.reasons.map((r) => r.code)])).toEqual([
      [4, '6500.01', '6500.00', ['rounding_share']],
      [5, '8300.00', '8300.01', ['uplift_amount_changed']],
    ]);
    expect(c.summary).toMatchObject({ schoolsUnchanged: 1, linesMoved: 2, totalChange: '0.00' });
  });
});

describe('compare: rule changes named per line', () => {
  it('names a tier move, its base standard and the per-tier band standard that now applies', () => {
    const c = compared({ candidateRules: whatIfRules((r) => (r.categories[0].tier = 'T1')) });
    // 0101 预备技师班 now takes the T1 band standard 9,500 × 1.10 = 10,450 × 120 = 1,254,000.
    expect(c.lines.find((l) => l.row === 2)).toMatchObject({ candidatePerStudent: '10450', candidateAllocation: '1254000.00', delta: '-231000.00' });
    expect(codes(c, 2)).toEqual([
      ['tier_changed', '01'],
      ['base_standard_changed', '01'],
      ['band_factor_changed', 'preparatory_technician'],
    ]);
    expect(c.lines.find((l) => l.row === 2)!.reasons[0]!.params).toEqual({ category: '机械类', beforeName: '二档', before: 'T2', afterName: '一档', after: 'T1' });
    expect(codes(c, 3)).toEqual([
      ['tier_changed', '01'],
      ['base_standard_changed', '01'],
    ]);
    // S4 is private: its line stays at 0, so it did not move.
    expect(c.lines.map((l) => l.row)).toEqual([2, 3]);
  });

  it('names a cap that starts or stops binding', () => {
    const tighter = compared({ candidateRules: whatIfRules((r) => (r.upliftPolicy.cap = '0.05')) });
    expect(codes(tighter, 2)).toEqual([['cap_now_binding', null]]);
    expect(tighter.lines.find((l) => l.row === 2)!.reasons[0]!.params).toEqual({ cap: '0.05', uncapped: '0.1' });
    expect(codes(tighter, 5)).toEqual([['cap_changed', null]]);
    const none = compared({ candidateRules: whatIfRules((r) => (r.upliftPolicy = { combine: 'sum' })) });
    // 6000 × 1.35 + 500 = 8,600 × 10 = 86,000.
    expect(none.lines.map((l) => [l.row, l.candidateAllocation])).toEqual([[5, '86000.00']]);
    expect(codes(none, 5)).toEqual([['cap_no_longer_binding', null]]);
  });

  it('names uplifts added to and removed from the rule set', () => {
    const c = compared({
      candidateRules: whatIfRules((r) => {
        r.uplifts = r.uplifts.filter((u: { id: string }) => u.id !== 'hardship');
        r.uplifts.push({ id: 'employment', name: '就业前景好', match: { flags: ['employment'] }, rate: '0.05' });
      }),
    });
    // 0501: 6500 × 1.05 = 6,825 × 30 = 204,750. 0701: 6000 × 1.30 = 7,800 × 10 = 78,000.
    expect(c.lines.map((l) => [l.row, l.candidateAllocation])).toEqual([
      [4, '204750.00'],
      [5, '78000.00'],
    ]);
    expect(codes(c, 4)).toEqual([['uplift_added', 'employment']]);
    expect(c.lines[0]!.reasons[0]!.params).toEqual({ name: '就业前景好', id: 'employment', rate: '0.05', newRule: true });
    expect(codes(c, 5)).toEqual([['uplift_removed', 'hardship']]);
    expect(c.ruleSetDiff.uplifts.added.map((u) => u.id)).toEqual(['employment']);
    expect(c.ruleSetDiff.uplifts.removed.map((u) => u.id)).toEqual(['hardship']);
  });

  it('says when an existing uplift newly matches a major', () => {
    const c = compared({ candidateRules: whatIfRules((r) => uplift(r, 'scarce').match.flags.push('employment')) });
    expect(codes(c, 4)).toEqual([['uplift_added', 'scarce']]);
    expect(c.lines[0]!.reasons[0]!.params).toEqual({ name: '急需紧缺', id: 'scarce', rate: '0.1', newRule: false });
  });

  it('lists a line the candidate excludes, when asked to exclude invalid lines', () => {
    const candidateRules = whatIfRules((r) => (r.majors = r.majors.filter((m: { code: string }) => m.code !== '0102')));
    const refused = compare({ baseRules: whatIfRules(), candidateRules, lines: whatIfLines() });
    expect(refused).toMatchObject({ ok: false, side: 'candidate', rowProblems: [{ row: 3, reason: 'unknown_major' }] });
    const c = compared({ candidateRules, excludeInvalid: true });
    expect(c.lines.map((l) => [l.row, l.basePerStudent, l.candidatePerStudent, l.delta])).toEqual([[3, '7500', null, '-375000.00']]);
    expect(codes(c, 3)).toEqual([['line_excluded', null]]);
    expect(c.lines[0]!.reasons[0]!.params).toEqual({ reason: 'unknown_major' });
    expect(c.warnings).toContainEqual({ code: 'excluded_counts_differ', params: { base: 0, candidate: 1 } });
  });

  it('lists a line only the candidate includes, with the reason the base run left it out', () => {
    const baseRules = whatIfRules((r) => (r.majors = r.majors.filter((m: { code: string }) => m.code !== '0102')));
    const c = compared({ baseRules, candidateRules: whatIfRules(), excludeInvalid: true });
    expect(c.lines.map((l) => [l.row, l.basePerStudent, l.candidatePerStudent, l.baseEntitlement, l.baseAllocation, l.delta])).toEqual([[3, null, '7500', '0', '0.00', '375000.00']]);
    expect(codes(c, 3)).toEqual([['line_included', null]]);
    expect(c.lines[0]!.reasons[0]!.params).toEqual({ reason: 'unknown_major' });
  });

  it('compares rule sets that round to different scales at the finer one, to the fen', () => {
    const c = compared({ candidateRules: whatIfRules((r) => (r.rounding = { scale: 0, mode: 'half_up' })), envelope: { policy: 'exact', budget: '1000000' } });
    expect(c.warnings).toContainEqual({ code: 'rounding_scales_differ', params: { base: 2, candidate: 0 } });
    expect(c.summary.candidateTotalAllocation).toBe('1000000.00');
    for (const s of c.schools) expect(s.candidateAllocation).toMatch(/\.00$/);
    expect(sum(c.schools.map((s) => s.delta))).toBe(c.summary.totalChange);
    expect(sum(c.lines.map((l) => l.delta))).toBe(sum(c.schools.filter((s) => s.linesMoved > 0).map((s) => s.delta)));
  });
});

describe('compare: a rule set with itself', () => {
  it('is all unchanged with an empty diff', () => {
    const rules = whatIfRules();
    const c = compared({ candidateRules: rules, envelope: { policy: 'exact', budget: '1000000' } });
    expect(c.lines).toEqual([]);
    expect(c.largestChanges).toEqual([]);
    expect(c.summary).toMatchObject({ schoolsGaining: 0, schoolsLosing: 0, schoolsUnchanged: 4, totalChange: '0.00', totalChangePercent: '0.00', entitlementChange: '0' });
    expect(c.ruleSetDiff.identical).toBe(true);
    expect(c.warnings).toEqual([]);
  });

  it('gives byte-identical output for the same inputs', () => {
    const candidateRules = whatIfRules((r) => (uplift(r, 'scarce').rate = '0.2'));
    expect(JSON.stringify(compared({ candidateRules }))).toBe(JSON.stringify(compared({ candidateRules })));
  });

  it('names both rule sets with their versions and fiscal years', () => {
    const rules = whatIfRules();
    const outcome = compare({ baseRules: rules, candidateRules: rules, baseVersion: 3, candidateVersion: 4, lines: whatIfLines() });
    if (!outcome.ok) throw new Error('fixture comparison failed');
    expect(outcome.comparison.summary.baseRuleSet).toMatchObject({ id: 'hlj-technical-schools', version: 3, fiscalYear: 2026 });
    expect(outcome.comparison.summary.candidateRuleSet).toMatchObject({ version: 4 });
    expect(outcome.comparison.schools.every((s) => s.delta === '0.00')).toBe(true);
  });
});
