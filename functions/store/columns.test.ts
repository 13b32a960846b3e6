import fc from 'fast-check';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { EnrollmentLine } from '../../domain/enrollment';
import { CLASS_TYPES, OWNERSHIPS, SCHOOL_TYPES } from '../../domain/labels';
import { sampleLines } from '../../test/support/fixtures';
import { columnsOf, linesOf } from '../../domain/enrollment-columns';
import { packLines, unpackEnrollment, unpackLines } from './columns';

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
        // The engine's form straight from the chunks: the very lines, and the columns columnsOf makes of them.
        const enrollment = unpackEnrollment(chunks);
        expect(linesOf(enrollment)).toEqual(lines);
        expect(enrollment.length).toBe(lines.length);
        expect(new Set(enrollment.texts).size).toBe(enrollment.texts.length);
        expect(linesOf(columnsOf(lines))).toEqual(linesOf(enrollment));
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
    expect(linesOf(unpackEnrollment([gzipSync(JSON.stringify(json))], 'json'))).toEqual(lines);
    expect(() => unpackLines([gzipSync(JSON.stringify(json))])).toThrow(/form this version does not read/);
  });

  it('refuse stored columns naming a school type, ownership or class type this version does not know', () => {
    const stored = (schools: string[][], classType: number) => [gzipSync(JSON.stringify({ schools, school: [0], rowStep: [2], majors: ['0101'], major: [0], classType: [classType], studentTexts: ['1'], students: [0] }))];
    expect(linesOf(unpackEnrollment(stored([['S1', '甲校', SCHOOL_TYPES[0], OWNERSHIPS[0]]], 0), 'json'))).toHaveLength(1);
    expect(() => unpackEnrollment(stored([['S1', '甲校', 'college', OWNERSHIPS[0]]], 0), 'json')).toThrow(/school type or ownership/);
    expect(() => unpackEnrollment(stored([['S1', '甲校', SCHOOL_TYPES[0], 'state']], 0), 'json')).toThrow(/school type or ownership/);
    expect(() => unpackEnrollment(stored([['S1', '甲校', SCHOOL_TYPES[0], OWNERSHIPS[0]]], CLASS_TYPES.length), 'json')).toThrow(/class type/);
  });
});
