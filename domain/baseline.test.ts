import { describe, expect, it } from 'vitest';
import { allocate } from './allocate';
import { baselineFromResult, baselineFromSchools } from './baseline';
import { line, specRuleSet } from './test-fixtures';

describe('baselineFromSchools (a stored run as last year’s result)', () => {
  const outcome = allocate({
    ruleSet: specRuleSet(),
    lines: [
      line({ schoolId: 'A', majorCode: '0102', students: '60' }),
      line({ schoolId: 'A', majorCode: '0501', students: '40.5' }),
      line({ schoolId: 'B', majorCode: '0102', students: '7' }),
      line({ schoolId: 'P', majorCode: '0102', students: '10', ownership: 'private' }),
    ],
    envelope: { policy: 'none' },
  });
  if (!outcome.ok) throw new Error(JSON.stringify(outcome.problems));
  const { result } = outcome;

  it('is the baseline of the whole result, from the schools’ totals alone', () => {
    const fromTotals = baselineFromSchools(result.summary, result.schools.map(({ lines: _lines, ...school }) => school));
    expect(fromTotals).toEqual(baselineFromResult(result));
    expect(fromTotals.schools.get('A')).toEqual({ allocation: result.schools[0]!.allocation.replace(/\.?0+$/, ''), students: 10050n });
    // An ineligible school is in the baseline with what it got (nothing): protection reads A⁰ = 0 as unprotected.
    expect(fromTotals.schools.get('P')!.allocation).toBe('0');
  });
});
