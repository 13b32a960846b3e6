import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocate, allocationStream } from './allocate';
import { compactResult, expandResult, expandSchool, isCompactResult, standardsTable, type CompactResult } from './result-form';
import type { AllocationResult } from './result';
import { line, specRuleSet } from './test-fixtures';

const rules = specRuleSet({ eligibility: { ownership: ['public'] } });
const sample = [
  line({ schoolId: 'S2', majorCode: '0701', classType: 'preparatory_technician', students: '2' }),
  line({ schoolId: 'S2', majorCode: '0101', students: '10.5' }),
  line({ schoolId: 'S1', majorCode: '0101', students: '7' }),
  line({ schoolId: 'S1', majorCode: '0501', classType: 'senior', students: '3' }),
  line({ schoolId: 'P1', majorCode: '0101', ownership: 'private', students: '4' }),
];

function resultOf(lines = sample): AllocationResult {
  const outcome = allocate({ ruleSet: rules, lines, envelope: { policy: 'exact', budget: '100000.01' } });
  if (!outcome.ok) throw new Error(JSON.stringify(outcome));
  return outcome.result;
}

describe('the compact result form (SPEC §4 standards table)', () => {
  it('writes each (major, class type) derivation once, sorted, and keeps every key §4 fixes on every line', () => {
    const compact = compactResult(resultOf());
    expect(compact.standards.map((s) => `${s.majorCode}/${s.classType}`)).toEqual(['0101/intermediate', '0501/senior', '0701/preparatory_technician']);
    for (const school of compact.schools) {
      for (const compactLine of school.lines) {
        expect(Object.keys(compactLine)).toEqual(expect.arrayContaining(['majorCode', 'classType', 'students', 'perStudent', 'entitlement', 'allocation']));
        const standard = compact.standards[compactLine.standard]!;
        expect([standard.majorCode, standard.classType, standard.perStudent]).toEqual([compactLine.majorCode, compactLine.classType, compactLine.perStudent]);
      }
    }
    // The engine's exact amount is not part of any output.
    expect(JSON.stringify(compact.standards)).not.toContain('perStudentExact');
  });

  it('expands back to the byte-identical expanded result', () => {
    const result = resultOf();
    const compact = JSON.parse(JSON.stringify(compactResult(result))) as CompactResult;
    expect(isCompactResult(compact)).toBe(true);
    expect(JSON.stringify(expandResult(compact))).toBe(JSON.stringify(result));
  });

  it('does not depend on the order of the input lines', () => {
    fc.assert(
      fc.property(fc.shuffledSubarray(sample, { minLength: sample.length, maxLength: sample.length }), (shuffled) => {
        const rows = shuffled.map((l, i) => ({ ...l, row: i + 2 }));
        const original = sample.map((l) => rows.find((r) => r.schoolId === l.schoolId && r.majorCode === l.majorCode && r.classType === l.classType)!);
        expect(compactResult(resultOf(rows)).standards).toEqual(compactResult(resultOf(original)).standards);
      }),
    );
  });

  it('refuses a line whose fixed keys disagree with the entry it names', () => {
    const compact = compactResult(resultOf());
    const school = compact.schools.find((s) => s.schoolId === 'S2')!;
    const tampered = { ...school, lines: school.lines.map((l, i) => (i === 0 ? { ...l, standard: (l.standard + 1) % compact.standards.length } : l)) };
    expect(() => expandSchool(tampered, compact.standards)).toThrow(/names standard/);
  });

  it('is what the streamed allocation hands out: the same table and the same schools as allocate', () => {
    const outcome = allocationStream({ ruleSet: rules, lines: sample, envelope: { policy: 'exact', budget: '100000.01' } });
    if (!outcome.ok) throw new Error('refused');
    const { stream } = outcome;
    const result = resultOf();
    expect(stream.standards).toEqual(compactResult(result).standards);
    expect(JSON.stringify([...stream.compactSchools()])).toBe(JSON.stringify(compactResult(result).schools));
    expect([...stream.compactSchoolTexts()]).toEqual(compactResult(result).schools.map((school) => JSON.stringify(school)));
    expect(JSON.stringify([...stream.schools()])).toBe(JSON.stringify(result.schools));
    expect([stream.schoolCount, stream.lineCount]).toEqual([result.schools.length, result.schools.flatMap((s) => s.lines).length]);
    // Walked twice, the same schools again (an XLSX writes the schools sheet and then the lines sheet).
    expect(JSON.stringify([...stream.schools()])).toBe(JSON.stringify(result.schools));
  });

  it('keeps one entry per (major, class type) even when given lines from several schools', () => {
    const result = resultOf();
    expect(standardsTable(result.schools.flatMap((s) => s.lines))).toHaveLength(3);
  });
});
