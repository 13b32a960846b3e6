import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocate } from './allocate';
import { computeAllocation } from './allocation-core';
import type { EnrollmentLine } from './enrollment';
import { columnsOf, lineAt, linesAtRows, linesOf } from './enrollment-columns';
import { CLASS_TYPES, OWNERSHIPS, SCHOOL_TYPES } from './labels';
import { line, specRuleSet } from './test-fixtures';

const lines = [
  line({ row: 2, schoolId: 'S2', majorCode: '0101', students: '12' }),
  line({ row: 3, schoolId: 'S2', majorCode: '0101', classType: 'senior', students: '3.5' }),
  line({ row: 4, schoolId: 'S1', majorCode: '0501', students: '10', city: '哈尔滨' }),
  line({ row: 5, schoolId: 'S3', majorCode: '0701', students: '0', ownership: 'private' }),
  line({ row: 6, schoolId: 'S1', majorCode: '0701', classType: 'preparatory_technician', students: '2', city: '哈尔滨' }),
];

describe('the enrolment as columns', () => {
  it('reads back as the very lines it was made of, in the key order the readers give (city only when set)', () => {
    const columns = columnsOf(lines);
    expect(linesOf(columns)).toEqual(lines);
    const readerOrder = ['row', 'schoolId', 'schoolName', 'schoolType', 'ownership', 'city', 'majorCode', 'classType', 'students'] as const;
    const inReaderOrder = (each: (typeof lines)[number]) => JSON.stringify(Object.fromEntries(readerOrder.filter((key) => each[key] !== undefined).map((key) => [key, each[key]])));
    expect(linesOf(columns).map((each) => JSON.stringify(each))).toEqual(lines.map(inReaderOrder));
    expect(JSON.stringify(lineAt(columns, 2))).toBe(inReaderOrder(lines[2]!));
  });

  it('gives the engine the same result as the lines, under each envelope', () => {
    for (const envelope of [{ policy: 'none' as const }, { policy: 'cap' as const, budget: '100000' }, { policy: 'exact' as const, budget: '123456.78' }]) {
      const fromLines = allocate({ ruleSet: specRuleSet(), lines, envelope, enrollmentHash: 'sha256:x' });
      const fromColumns = allocate({ ruleSet: specRuleSet(), enrollment: columnsOf(lines), envelope, enrollmentHash: 'sha256:x' });
      expect(JSON.stringify(fromColumns)).toBe(JSON.stringify(fromLines));
    }
  });

  it('refuses the same rows for the same reasons (a code that lost its leading zero, an unknown major)', () => {
    const bad = [...lines, line({ row: 7, schoolId: 'S1', majorCode: '101', students: '1' }), line({ row: 8, schoolId: 'S2', majorCode: '9999', students: '1' })];
    const fromLines = allocate({ ruleSet: specRuleSet(), lines: bad });
    const fromColumns = allocate({ ruleSet: specRuleSet(), enrollment: columnsOf(bad) });
    expect(fromColumns).toEqual(fromLines);
    expect(fromColumns.ok ? [] : fromColumns.rowProblems.map((problem) => [problem.row, problem.code])).toEqual([
      [7, 'major_code_lost_zeros'],
      [8, 'unknown_major'],
    ]);
    const excluded = allocate({ ruleSet: specRuleSet(), enrollment: columnsOf(bad), excludeInvalid: true, enrollmentHash: 'sha256:x' });
    expect(excluded).toEqual(allocate({ ruleSet: specRuleSet(), lines: bad, excludeInvalid: true, enrollmentHash: 'sha256:x' }));
  });

  it('orders schools by code point, not by UTF-16 unit, when an id has a character beyond the BMP', () => {
    // U+FF5A sorts before U+20000 by code point, after it by UTF-16 unit (0xD840 is the pair's first unit).
    const ids = ['\u{20000}', '\uFF5A', 'A'];
    const result = allocate({ ruleSet: specRuleSet(), enrollment: columnsOf(ids.map((schoolId) => line({ schoolId, majorCode: '0101', students: '1' }))) });
    expect(result.ok && result.result.schools.map((school) => school.schoolId)).toEqual(['A', '\uFF5A', '\u{20000}']);
  });

  it('keeps every field of every line in any order, though each is looked up only when it differs from the line before', () => {
    // Each field drawn on its own, so consecutive lines share some fields and not others (and copies of equal texts).
    const anyLine: fc.Arbitrary<EnrollmentLine> = fc
      .record({
        row: fc.integer({ min: 2, max: 1_000_000 }),
        schoolId: fc.constantFrom('S1', 'S2', `S${'1'}`),
        schoolName: fc.constantFrom('甲校', '乙校'),
        schoolType: fc.constantFrom(...SCHOOL_TYPES),
        ownership: fc.constantFrom(...OWNERSHIPS),
        city: fc.option(fc.constantFrom('哈尔滨', '大庆'), { nil: undefined }),
        majorCode: fc.constantFrom('0101', '0501', '0701'),
        classType: fc.constantFrom(...CLASS_TYPES),
        students: fc.constantFrom('0', '12', '3.5', ['1', '2'].join('')),
      })
      .map(({ city, ...rest }) => (city === undefined ? rest : { ...rest, city }));
    fc.assert(
      fc.property(fc.array(anyLine, { maxLength: 40 }), (some) => {
        const columns = columnsOf(some);
        expect(linesOf(columns)).toEqual(some);
        expect(new Set(columns.texts).size).toBe(columns.texts.length);
      }),
      { numRuns: 300 },
    );
  });

  it('makes objects of the asked rows only, and one shared array of lines for runs on the same columns', () => {
    const columns = columnsOf(lines);
    expect([...linesAtRows(columns, new Set([3, 6, 99])).entries()]).toEqual([
      [3, lines[1]],
      [6, lines[4]],
    ]);
    expect(linesAtRows(columns, new Set()).size).toBe(0);
    const first = computeAllocation({ ruleSet: specRuleSet(), enrollment: columns });
    const second = computeAllocation({ ruleSet: specRuleSet(), enrollment: columns, envelope: { policy: 'cap', budget: '1000' } });
    if (!first.ok || !second.ok) throw new Error('refused');
    expect(first.core.lines).toEqual(lines);
    expect(second.core.lines).toBe(first.core.lines);
  });
});
