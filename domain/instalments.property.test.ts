import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Decimal } from './decimal';
import { formatFixed } from './fixed';
import { paymentSchedule, splitAllocation, validateInstalments, type Instalment } from './instalments';

/** Shares that add up to exactly 1: random positive integers over their sum, written with up to 6 decimals. */
const schedule = fc.array(fc.integer({ min: 1, max: 1000 }), { minLength: 1, maxLength: 8 }).map((parts): Instalment[] => {
  const units = 1_000_000;
  const total = parts.reduce((a, b) => a + b, 0);
  const shares = parts.map((p) => Math.max(1, Math.floor((p * units) / total)));
  shares[0]! += units - shares.reduce((a, b) => a + b, 0);
  if (shares[0]! <= 0) return [{ label: '全年', share: '1' }];
  return shares.map((share, i) => ({ label: `第${i + 1}期`, share: new Decimal(share).div(units).toFixed() }));
});
const scale = fc.constantFrom(0, 2);
const allocations = (s: number) => fc.array(fc.bigInt({ min: 0n, max: 10n ** 12n }), { minLength: 1, maxLength: 30 }).map((units) => units.map((u) => formatFixed(u, s)));

describe('payment schedule (SPEC §10)', () => {
  it('gives every school instalments that add up to its allocation, and instalment totals that add up to the total', () => {
    fc.assert(
      fc.property(schedule, scale.chain((s) => fc.tuple(fc.constant(s), allocations(s))), (instalments, [s, amounts]) => {
        expect(validateInstalments(instalments)).toMatchObject({ ok: true });
        const schools = amounts.map((allocation, i) => ({ schoolId: `S${i}`, allocation }));
        const { schools: scheduled, summary } = paymentSchedule(schools, s, instalments);
        let grand = new Decimal(0);
        scheduled.forEach((school, i) => {
          const sum = school.instalments.reduce((acc, part) => acc.plus(part.amount), new Decimal(0));
          expect(sum.equals(amounts[i]!)).toBe(true);
          for (const part of school.instalments) {
            expect(part.amount).toMatch(s === 0 ? /^\d+$/ : /^\d+\.\d{2}$/);
            // Largest remainder: never more than one unit away from the exact quota.
            const quota = new Decimal(amounts[i]!).times(instalments.find((x) => x.label === part.label)!.share);
            expect(new Decimal(part.amount).minus(quota).abs().lessThan(new Decimal(10).pow(-s))).toBe(true);
          }
        });
        summary.forEach((instalment, k) => {
          const column = scheduled.reduce((acc, school) => acc.plus(school.instalments[k]!.amount), new Decimal(0));
          expect(column.equals(instalment.total)).toBe(true);
          grand = grand.plus(instalment.total);
        });
        expect(grand.equals(amounts.reduce((acc, a) => acc.plus(a), new Decimal(0)))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('gives a tied unit to the earlier instalment', () => {
    const thirds = [
      { label: 'A', share: '0.5' },
      { label: 'B', share: '0.5' },
    ];
    expect(splitAllocation('0.01', 2, thirds)).toEqual(['0.01', '0.00']);
    expect(splitAllocation('100.03', 2, [{ label: 'Q1', share: '0.25' }, { label: 'Q2', share: '0.25' }, { label: 'Q3', share: '0.25' }, { label: 'Q4', share: '0.25' }])).toEqual(['25.01', '25.01', '25.01', '25.00']);
    expect(splitAllocation('7', 0, [{ label: 'x', share: '0.3' }, { label: 'y', share: '0.7' }])).toEqual(['2', '5']);
  });

  it('refuses a schedule whose shares do not add up to 1, are not positive, repeat a label or have an impossible date', () => {
    const outcome = validateInstalments([
      { label: '上半年', share: '0.6', due: '2026-06-30' },
      { label: '上半年', share: '0.5', due: '2026-02-30' },
      { label: '补差', share: '0' },
    ]);
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.problems.map((p) => `${p.path} ${p.code}`)).toEqual([
      '[1].label instalment_label_duplicate',
      '[1].due instalment_due_invalid',
      '[2].share instalment_share_not_positive',
      '(root) instalment_shares_sum',
    ]);
    expect(outcome.problems.at(-1)!.params).toEqual({ sum: '1.1' });
    expect(validateInstalments([{ label: 'x', share: 'abc' }])).toMatchObject({ ok: false, problems: [{ path: '[0].share' }] });
    expect(validateInstalments([])).toMatchObject({ ok: false });
  });
});
