import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocate } from '../../domain/allocate';
import type { EnrollmentLine } from '../../domain/enrollment';
import { CLASS_TYPES, OWNERSHIPS, SCHOOL_TYPES } from '../../domain/labels';
import { compactResult } from '../../domain/result-form';
import { sampleLines, sampleRuleSet } from '../../test/support/fixtures';
import { packLines, packSchoolLines, unpackLines, unpackSchoolLines } from './columns';

const line: fc.Arbitrary<EnrollmentLine> = fc
  .record({
    row: fc.integer({ min: 2, max: 2_000_000 }),
    schoolId: fc.constantFrom('S1', 'S2', '2301001'),
    schoolName: fc.constantFrom('甲校', '乙校', 'A "quoted" school'),
    schoolType: fc.constantFrom(...SCHOOL_TYPES),
    ownership: fc.constantFrom(...OWNERSHIPS),
    city: fc.option(fc.constantFrom('哈尔滨', '大庆'), { nil: undefined }),
    majorCode: fc.constantFrom('0101', '0501', '9'),
    classType: fc.constantFrom(...CLASS_TYPES),
    students: fc.constantFrom('0', '12', '3.5', '10000000'),
  })
  .map(({ city, ...rest }) => (city === undefined ? rest : { ...rest, city }));

describe('columnar dataset lines', () => {
  it('unpack to the lines packed, in order, whatever their rows and schools', () => {
    fc.assert(
      fc.property(fc.array(line, { maxLength: 60 }), fc.integer({ min: 200, max: 4000 }), (lines, budget) => {
        const chunks = packLines(lines, budget);
        for (const chunk of chunks) expect(chunk.length).toBeLessThanOrEqual(budget);
        expect(unpackLines(chunks)).toEqual(lines);
      }),
      { numRuns: 300 },
    );
  });

  it('keep a national-sized dataset in a few items', () => {
    const lines = sampleLines(20_000);
    const chunks = packLines(lines);
    expect(chunks.length).toBeLessThanOrEqual(3);
    expect(unpackLines(chunks)).toEqual(lines);
  });
});

describe('columnar school lines', () => {
  it('unpack to the compact lines packed, reasons included, with their derivation from the table', () => {
    const rules = sampleRuleSet('rs', '6000');
    const lines = sampleLines(30).map((l, i) => (i % 7 === 0 ? { ...l, ownership: 'private' as const } : l));
    const outcome = allocate({ ruleSet: { ...rules, eligibility: { ownership: ['public'] } }, lines });
    if (!outcome.ok) throw new Error('refused');
    const compact = compactResult(outcome.result);
    for (const school of compact.schools) expect(unpackSchoolLines(packSchoolLines(school.lines), compact.standards)).toEqual(school.lines);
    expect(compact.schools.some((school) => school.lines.some((l) => l.reason))).toBe(true);
  });

  it('keep a school of thousands of lines far under the item limit, compressed, and a national school as text', () => {
    const many = Array.from({ length: 10_000 }, (_, i) => ({ row: i + 2, standard: 0, majorCode: '0101', classType: 'intermediate' as const, students: String(i % 300), perStudent: '8250', entitlement: String((i % 300) * 8250), allocation: `${(i % 300) * 8250}.00` }));
    const standards = [{ majorCode: '0101', classType: 'intermediate' as const, perStudent: '8250' }];
    expect(typeof packSchoolLines(many.slice(0, 120))).toBe('string');
    const packed = packSchoolLines(many);
    expect(packed).toBeInstanceOf(Uint8Array);
    expect(packed.length).toBeLessThan(100 * 1024);
    expect(unpackSchoolLines(packed, standards)).toEqual(many);
  });

  it('refuse a line whose standard the table does not have', () => {
    expect(() => unpackSchoolLines(packSchoolLines([{ row: 2, standard: 3, majorCode: 'x', classType: 'senior', students: '1', perStudent: '1', entitlement: '1', allocation: '1.00' }]), [])).toThrow(/standard 3/);
  });
});
