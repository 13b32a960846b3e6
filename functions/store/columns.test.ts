import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { EnrollmentLine } from '../../domain/enrollment';
import { CLASS_TYPES, OWNERSHIPS, SCHOOL_TYPES } from '../../domain/labels';
import { sampleLines } from '../../test/support/fixtures';
import { packLines, unpackLines } from './columns';

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
