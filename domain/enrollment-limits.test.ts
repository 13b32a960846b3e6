import { describe, expect, it } from 'vitest';
import type { RawRecord } from './enrollment';
import { MAX_ROW_PROBLEMS, normalizeEnrollment } from './enrollment-normalizer';

describe('a file with more row problems than can usefully be listed', () => {
  it('is refused as a whole at row 0, listing the first ones, and reading stops there', () => {
    let produced = 0;
    function* records(): Iterable<RawRecord> {
      for (let row = 2; row < 2 + 5 * MAX_ROW_PROBLEMS; row++) {
        produced++;
        yield { row, values: { school_id: `S${row}` } };
      }
    }
    const headers = ['school_id', 'school_name', 'school_type', 'ownership', 'major_code', 'class_type', 'students'];
    const { lines, problems } = normalizeEnrollment(records(), headers);
    expect(lines).toEqual([]);
    expect(problems[0]).toMatchObject({ row: 0, reason: 'too_large' });
    expect(problems).toHaveLength(MAX_ROW_PROBLEMS + 1);
    expect(problems[1]).toMatchObject({ row: 2, reason: 'missing_value' });
    // Six problems a row: the reader was told to stop a little after MAX_ROW_PROBLEMS / 6 rows, not after 500,000.
    expect(produced).toBeLessThan(MAX_ROW_PROBLEMS / 5);
  });
});
