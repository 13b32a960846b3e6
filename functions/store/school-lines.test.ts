import { describe, expect, it } from 'vitest';
import { allocate } from '../../domain/allocate';
import { compactResult } from '../../domain/result-form';
import { sampleLines, sampleRuleSet } from '../../test/support/fixtures';
import { packSchoolLines, unpackSchoolLines } from './school-lines';

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

  it('are written as text columns without quotes, and lines stored before as JSON are still read', () => {
    const lines = [
      { row: 7, standard: 1, majorCode: '0501', classType: 'senior' as const, students: '12.5', perStudent: '8250', entitlement: '103125', allocation: '99000.10' },
      { row: 8, standard: 0, majorCode: '0101', classType: 'intermediate' as const, students: '3', perStudent: '6000', entitlement: '18000', allocation: '-0.01', reason: 'ineligible_ownership' },
    ];
    const standards = [{ majorCode: '0101', classType: 'intermediate' as const, perStudent: '6000' }, { majorCode: '0501', classType: 'senior' as const, perStudent: '8250' }];
    const packed = packSchoolLines(lines);
    expect(packed).toBe('L2;7,1;1,0;12.5,3;103125,18000;99000.10,-0.01;,ineligible_ownership');
    expect(unpackSchoolLines(packed, standards)).toEqual(lines);
    const before = JSON.stringify({ rowStep: [7, 1], standard: [1, 0], students: ['12.5', '3'], entitlement: ['103125', '18000'], allocation: ['99000.10', '-0.01'], reason: [null, 'ineligible_ownership'] });
    expect(unpackSchoolLines(before, standards)).toEqual(lines);
    expect(unpackSchoolLines(packSchoolLines([]), standards)).toEqual([]);
  });

  it('fall back to JSON for texts that are not decimals, and refuse a text whose columns do not line up', () => {
    const odd = [{ row: 2, standard: 0, majorCode: '0101', classType: 'intermediate' as const, students: '1,5', perStudent: '6000', entitlement: '9000', allocation: '9000.00' }];
    const standards = [{ majorCode: '0101', classType: 'intermediate' as const, perStudent: '6000' }];
    expect(String(packSchoolLines(odd)).startsWith('{')).toBe(true);
    expect(unpackSchoolLines(packSchoolLines(odd), standards)).toEqual(odd);
    expect(() => unpackSchoolLines('L2;2,1;0,0;1,5,2;9000,9000;9000.00,9000.00', standards)).toThrow(/columns of 2, 2, 3, 2, 2/);
    expect(() => unpackSchoolLines('L2;2;0;1;9000', standards)).toThrow(/form this version does not read/);
    expect(() => unpackSchoolLines('L2;2.5;0;1;9000;9000.00', standards)).toThrow(/whole number/);
  });
});
