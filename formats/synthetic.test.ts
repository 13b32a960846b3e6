import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocate } from '../domain/allocate';
import type { RuleSet } from '../domain/ruleset';
import { readEnrollment } from './enrollment-reader';
import { enrollmentToCsv, enrollmentToJson, enrollmentToXlsx, generateEnrollment, mulberry32 } from './synthetic';
import { loadSampleRuleSet } from './test-fixtures';

const ruleSet = loadSampleRuleSet();

function allowed(rules: RuleSet, classType: string, schoolType: string): boolean {
  const band = rules.classBands.find((b) => b.classType === classType);
  return !!band && (!band.schoolTypes || band.schoolTypes.includes(schoolType as never));
}

describe('mulberry32', () => {
  it('is deterministic per seed and stays in [0, 1)', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const values = Array.from({ length: 1000 }, () => a());
    expect(values).toEqual(Array.from({ length: 1000 }, () => b()));
    expect(values.every((v) => v >= 0 && v < 1)).toBe(true);
    expect(mulberry32(43)()).not.toBe(values[0]);
  });
});

describe('generateEnrollment', () => {
  it('is reproducible from its seed and differs between seeds', () => {
    const first = generateEnrollment({ schools: 40, seed: 9, ruleSet });
    expect(generateEnrollment({ schools: 40, seed: 9, ruleSet })).toEqual(first);
    expect(generateEnrollment({ schools: 40, seed: 10, ruleSet })).not.toEqual(first);
  });

  it('produces lines the engine accepts: allowed class types, consistent schools, no duplicates', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.integer({ min: 1, max: 30 }), (seed, schools) => {
        const lines = generateEnrollment({ schools, seed, ruleSet });
        expect(new Set(lines.map((l) => l.schoolId)).size).toBe(schools);
        for (const line of lines) expect(allowed(ruleSet, line.classType, line.schoolType)).toBe(true);
        const outcome = allocate({ ruleSet, lines });
        expect(outcome.ok).toBe(true);
        expect(lines.map((l) => l.row)).toEqual(lines.map((_, i) => i + 2));
      }),
      { numRuns: 25 },
    );
  });

  it('honours linesPerSchool, capped by the (major, class type) pairs a school may have', () => {
    const lines = generateEnrollment({ schools: 30, seed: 5, linesPerSchool: 100, ruleSet });
    const perSchool = new Map<string, { type: string; count: number }>();
    for (const l of lines) perSchool.set(l.schoolId, { type: l.schoolType, count: (perSchool.get(l.schoolId)?.count ?? 0) + 1 });
    for (const { type, count } of perSchool.values()) {
      const pairs = ruleSet.majors.length * ruleSet.classBands.filter((b) => allowed(ruleSet, b.classType, type)).length;
      expect(count).toBe(Math.min(100, pairs));
    }
  });

  it('generates only school types some band funds', () => {
    const onlyTechnicianColleges: RuleSet = {
      ...ruleSet,
      classBands: [{ classType: 'technician', name: '技师班', schoolTypes: ['technician_college'], factor: '1.6' }],
    };
    const lines = generateEnrollment({ schools: 20, seed: 1, ruleSet: onlyTechnicianColleges });
    expect(new Set(lines.map((l) => `${l.schoolType}/${l.classType}`))).toEqual(new Set(['technician_college/technician']));
  });

  it('covers the cities, all school types, private schools and fractional counts at sample size', () => {
    const lines = generateEnrollment({ schools: 150, seed: 2026, ruleSet });
    expect(new Set(lines.map((l) => l.city)).size).toBe(13);
    expect(new Set(lines.map((l) => l.schoolType)).size).toBe(3);
    expect(lines.some((l) => l.ownership === 'private')).toBe(true);
    expect(lines.some((l) => l.students.includes('.'))).toBe(true);
    expect(new Set(lines.map((l) => l.schoolName)).size).toBe(150);
  });

  it('rejects nonsense sizes', () => {
    expect(() => generateEnrollment({ schools: -1, ruleSet })).toThrow(/schools/);
    expect(() => generateEnrollment({ schools: 1, linesPerSchool: 0, ruleSet })).toThrow(/linesPerSchool/);
  });
});

describe('enrolment writers round-trip through the readers', () => {
  const lines = generateEnrollment({ schools: 25, seed: 77, ruleSet });

  it.each(['utf8', 'gbk'] as const)('CSV in %s', async (encoding) => {
    const bytes = enrollmentToCsv(lines, { encoding });
    if (encoding === 'gbk') expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();
    const outcome = await readEnrollment(bytes, { fileName: 'e.csv' });
    expect(outcome.problems).toEqual([]);
    expect(outcome.lines).toEqual(lines);
  });

  it('XLSX', async () => {
    const outcome = await readEnrollment(await enrollmentToXlsx(lines), { fileName: 'e.xlsx' });
    expect(outcome.problems).toEqual([]);
    expect(outcome.lines).toEqual(lines);
  });

  it('JSON (rows are 1-based array positions)', async () => {
    const outcome = await readEnrollment(new TextEncoder().encode(enrollmentToJson(lines)));
    expect(outcome.problems).toEqual([]);
    expect(outcome.lines).toEqual(lines.map((line) => ({ ...line, row: line.row - 1 })));
  });

  it('XLSX output is byte-identical for the same lines', async () => {
    expect(Buffer.from(await enrollmentToXlsx(lines)).equals(Buffer.from(await enrollmentToXlsx(lines)))).toBe(true);
  });
});
