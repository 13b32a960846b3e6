import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocationStream } from './allocate';
import { rowProblem } from './enrollment';
import { formatFixed } from './fixed';
import { JsonBytes } from './json-bytes';
import { line, specRuleSet } from './test-fixtures';

/** Each piece copied as it comes: its maker may reuse the buffer for the next. */
const decoded = (pieces: Iterable<Uint8Array>) => {
  const copies: Buffer[] = [];
  for (const piece of pieces) copies.push(Buffer.from(piece));
  return Buffer.concat(copies).toString('utf8');
};

describe('JSON written straight into bytes', () => {
  it('writes a whole number of units as formatFixed does, whatever its sign, size or scale', () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer({ min: -1000, max: 1000 }), fc.maxSafeInteger()), fc.integer({ min: 0, max: 45 }), (value, scale) => {
        const out = new JsonBytes(4);
        out.fixed(value, scale);
        expect(Buffer.from(out.take()).toString('latin1')).toBe(formatFixed(value, scale));
      }),
      { numRuns: 2000 },
    );
  });

  it('writes row numbers as JSON does, and a text as UTF-8 whatever it holds', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.nat(), fc.maxSafeNat(), fc.string({ unit: 'grapheme' }))), (parts) => {
        const out = new JsonBytes(1);
        for (const part of parts) typeof part === 'number' ? out.integer(part) : out.text(part);
        expect(decoded([out.take()])).toBe(parts.join(''));
      }),
    );
  });

  it('refuses a figure that is not a whole number of units rather than write it rounded', () => {
    expect(() => new JsonBytes().fixed(1.5, 2)).toThrow(/whole number/);
  });
});

describe('compact schools as bytes', () => {
  const lines = [
    line({ schoolId: 'S2', schoolName: '第二技师学院', majorCode: '0701', classType: 'preparatory_technician', students: '2' }),
    line({ schoolId: 'S2', majorCode: '0101', students: '10.5', schoolName: '第二技师学院' }),
    line({ schoolId: 'S1', majorCode: '0101', students: '7' }),
    line({ schoolId: 'P1', majorCode: '0101', ownership: 'private', students: '4' }),
    line({ schoolId: 'S1', majorCode: '0501', classType: 'senior', students: '0.33' }),
    // Enough schools for several of the writer's 64 KB pieces.
    ...Array.from({ length: 900 }, (_, i) => line({ schoolId: `B${String(i).padStart(4, '0')}`, schoolName: `技工学校${i}`, majorCode: i % 2 ? '0101' : '0501', students: `${(i % 37) + 0.25}` })),
  ];
  it('are the compact texts joined by commas, an ineligible school and its instalments included, over several pieces', () => {
    const outcome = allocationStream({ ruleSet: specRuleSet({ eligibility: { ownership: ['public'] } }), lines, envelope: { policy: 'cap', budget: '100000.01' } });
    if (!outcome.ok) throw new Error(JSON.stringify(outcome.problems));
    const { stream } = outcome;
    const extra = (schoolId: string) => `,"instalments":[{"label":"上半年","amount":"${schoolId}"}]`;
    for (const members of [undefined, extra]) {
      const texts = [...stream.compactSchoolTexts(members)];
      expect(texts.some((text) => text.includes('"reason"'))).toBe(true);
      expect([...stream.compactSchoolBytes(members)].length).toBeGreaterThan(2);
      expect(decoded(stream.compactSchoolBytes(members))).toBe(texts.join(','));
    }
  });

  it('are the same texts for allocations beyond 2^53 fen, which are not held in a double', () => {
    const outcome = allocationStream({ ruleSet: specRuleSet(), lines: lines.slice(0, 5), envelope: { policy: 'exact', budget: '123456789012345678.91' } });
    if (!outcome.ok) throw new Error(JSON.stringify(outcome.problems));
    const texts = [...outcome.stream.compactSchoolTexts()];
    expect(texts.join(',')).toMatch(/"allocation":"\d{17,}\.\d\d"/);
    expect(decoded(outcome.stream.compactSchoolBytes())).toBe(texts.join(','));
  });

  it('leave out a standard that only a line left out of the run had (--exclude-invalid)', () => {
    const kept = [line({ schoolId: 'S1', majorCode: '0101', students: '7' }), line({ schoolId: 'S1', majorCode: '0501', students: '3', row: 9001 })];
    const outcome = allocationStream({ ruleSet: specRuleSet(), lines: kept, excludeInvalid: true, readerProblems: [rowProblem(9001, 'invalid_students')] });
    if (!outcome.ok) throw new Error(JSON.stringify(outcome.problems));
    expect(outcome.stream.standards.map((s) => s.majorCode)).toEqual(['0101']);
    const texts = [...outcome.stream.compactSchoolTexts()];
    expect(decoded(outcome.stream.compactSchoolBytes())).toBe(texts.join(','));
    expect(texts.join()).not.toContain('9001');
  });
});
