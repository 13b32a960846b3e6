import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareStream, type ComparisonStream, type LineReason, type MovedLineFigures } from '../domain/compare';
import { Decimal } from '../domain/decimal';
import type { EnrollmentLine } from '../domain/enrollment';
import type { CompiledStandard } from '../domain/standards';
import { technicianEnrolment, uplift, whatIfLines, whatIfRules } from '../domain/what-if-fixtures';
import { movedLinesJson } from './comparison-json';

/** The pieces as one text; each piece is copied when it comes, as a writer must use it before asking for the next. */
function text(pieces: Iterable<Uint8Array>): string {
  const copies: Buffer[] = [];
  for (const piece of pieces) copies.push(Buffer.from(piece));
  return Buffer.concat(copies).toString('utf8');
}

const asJson = (stream: ComparisonStream) => [...stream.lines()].map((line) => JSON.stringify(line)).join(',');

const MAJORS = ['0101', '0102', '0501', '0701'] as const;
const enrolment = technicianEnrolment({ schools: 5, privateSchool: 4, maxHundredths: 90_000, maxLength: 25, schoolIdOf: (school) => (school === 5 ? '学校"5"\\' : `S${school}`) });

describe('movedLinesJson', () => {
  it('writes the bytes JSON.stringify writes for the same lines, whatever the two rule sets and envelope', () => {
    fc.assert(
      fc.property(
        enrolment,
        fc.record({
          rate: fc.integer({ min: 0, max: 60 }).map((percent) => new Decimal(percent).div(100).toFixed()),
          baseScale: fc.constantFrom(0, 2),
          candidateScale: fc.constantFrom(0, 2),
          dropBase: fc.option(fc.constantFrom(...MAJORS), { nil: undefined }),
          dropCandidate: fc.option(fc.constantFrom(...MAJORS), { nil: undefined }),
          budget: fc.option(fc.bigInt({ min: 1n, max: 10n ** 16n }), { nil: undefined }),
        }),
        (lines, change) => {
          const rules = (scale: number, drop: string | undefined, rate?: string) =>
            whatIfRules((r) => {
              r.rounding = { scale, mode: 'half_up' };
              if (drop) r.majors = r.majors.filter((m: { code: string }) => m.code !== drop);
              if (rate) uplift(r, 'scarce').rate = rate;
            });
          const outcome = compareStream({
            baseRules: rules(change.baseScale, change.dropBase),
            candidateRules: rules(change.candidateScale, change.dropCandidate, change.rate),
            lines,
            excludeInvalid: true,
            ...(change.budget !== undefined ? { envelope: { policy: 'exact' as const, budget: change.budget.toString() } } : {}),
          });
          if (!outcome.ok) return;
          expect(text(movedLinesJson(outcome.stream))).toBe(asJson(outcome.stream));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('writes what JSON.stringify does for figures the engine rarely or never makes', () => {
    const standard = { majorCode: '01"01', majorName: '数控\n加工😀', classType: 'senior', perStudent: '9000' } as CompiledStandard;
    const reasons: LineReason[] = [{ code: 'rounding_share', params: { name: 'x'.repeat(3 << 20) } }];
    const figures: MovedLineFigures[] = [
      { row: 7, schoolId: 'S"1', standard, students: '1.5', baseStandard: standard, candidateStandard: undefined, baseEntitlement: '13500', candidateEntitlement: '0', baseAllocation: -5, candidateAllocation: 0, delta: 5, reasons: [] },
      { row: 8, schoolId: 'S"1', standard, students: '12', baseStandard: undefined, candidateStandard: standard, baseEntitlement: '1\u00e9"', candidateEntitlement: '\\', baseAllocation: 123456789012345678901234567890n, candidateAllocation: -0, delta: -123456789012345678901234567890n, reasons },
      { row: 9, schoolId: '2301001', standard, students: '0', baseStandard: standard, candidateStandard: standard, baseEntitlement: '0.05', candidateEntitlement: '-1', baseAllocation: Number.MAX_SAFE_INTEGER, candidateAllocation: 10, delta: -(Number.MAX_SAFE_INTEGER - 10), reasons: [] },
    ];
    for (const scale of [0, 1, 2, 3, 16, 20]) {
      const stream = { moneyScale: scale, lineFigures: () => figures.values() };
      const expected = figures
        .map((f) =>
          JSON.stringify({
            row: f.row,
            schoolId: f.schoolId,
            majorCode: f.standard.majorCode,
            majorName: f.standard.majorName,
            classType: f.standard.classType,
            students: f.students,
            basePerStudent: f.baseStandard?.perStudent ?? null,
            candidatePerStudent: f.candidateStandard?.perStudent ?? null,
            baseEntitlement: f.baseEntitlement,
            candidateEntitlement: f.candidateEntitlement,
            baseAllocation: fixed(f.baseAllocation, scale),
            candidateAllocation: fixed(f.candidateAllocation, scale),
            delta: fixed(f.delta, scale),
            reasons: f.reasons,
          }),
        )
        .join(',');
      expect(text(movedLinesJson(stream))).toBe(expected);
    }
    // An amount a float64 does not hold exactly is refused, as formatFixed refuses it.
    const inexact = { moneyScale: 2, lineFigures: () => [{ ...figures[0]!, baseAllocation: 0.5 }].values() };
    expect(() => text(movedLinesJson(inexact))).toThrow(/not a whole number/);
  });

  it('hands on pieces of about a megabyte, each whole lines, over a national-sized run', () => {
    const outcome = compareStream({ baseRules: whatIfRules(), candidateRules: whatIfRules((r) => (uplift(r, 'scarce').rate = '0.15')), lines: manyLines(40_000) });
    if (!outcome.ok) throw new Error('refused');
    const sizes: number[] = [];
    const copies: Buffer[] = [];
    for (const piece of movedLinesJson(outcome.stream)) {
      sizes.push(piece.length);
      copies.push(Buffer.from(piece));
    }
    expect(sizes.length).toBeGreaterThan(2);
    for (const size of sizes.slice(0, -1)) expect(size).toBeGreaterThanOrEqual(1 << 20);
    expect(Buffer.concat(copies).toString('utf8')).toBe(asJson(outcome.stream));
  });
});

/** units × 10^-scale with `scale` decimals, by Decimal: an independent formatFixed. */
function fixed(units: bigint | number, scale: number): string {
  return new Decimal(units.toString()).div(new Decimal(10).pow(scale)).toFixed(scale);
}

/** The what-if lines again and again, each copy a school of its own. */
function manyLines(count: number): EnrollmentLine[] {
  const template = whatIfLines();
  return Array.from({ length: count }, (_, i) => {
    const line = template[i % template.length]!;
    return { ...line, row: i + 2, schoolId: `${line.schoolId}-${Math.floor(i / template.length)}`, students: String(10 + (i % 97)) };
  });
}
