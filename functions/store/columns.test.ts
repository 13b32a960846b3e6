import fc from 'fast-check';
import { gzipSync } from 'node:zlib';
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

  it('read chunks in the JSON columns form written before the binary one, and refuse a chunk in neither', () => {
    const lines = sampleLines(40);
    const indexIn = (list: string[], text: string) => (list.includes(text) ? list.indexOf(text) : list.push(text) - 1);
    const schoolIds: string[] = [];
    const json = { schools: [] as string[][], school: [] as number[], rowStep: [] as number[], majors: [] as string[], major: [] as number[], classType: [] as number[], studentTexts: [] as string[], students: [] as number[] };
    lines.forEach((l, i) => {
      if (!schoolIds.includes(l.schoolId)) json.schools.push([l.schoolId, l.schoolName, l.schoolType, l.ownership, ...(l.city === undefined ? [] : [l.city])]);
      json.school.push(indexIn(schoolIds, l.schoolId));
      json.rowStep.push(l.row - (i ? lines[i - 1]!.row : 0));
      json.major.push(indexIn(json.majors, l.majorCode));
      json.classType.push(CLASS_TYPES.indexOf(l.classType));
      json.students.push(indexIn(json.studentTexts, l.students));
    });
    expect(unpackLines([gzipSync(JSON.stringify(json))], 'json')).toEqual(lines);
    expect(() => unpackLines([gzipSync(JSON.stringify(json))])).toThrow(/form this version does not read/);
  });
});
