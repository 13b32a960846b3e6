import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { enrollmentNormalizer, type NormalizedEnrollment } from './enrollment-normalizer';

const HEADERS = ['学校代码', '学校名称', '学校类型', '办学性质', '地市', '专业代码', '班级类型', '在校生数'];

/** Cells as careless files have them: padded, blank, unknown, too long, repeated from the row above. */
const cell = {
  id: fc.constantFrom('S1', 'S2', ' S1', 'S3 ', '', 'X'.repeat(65)),
  name: fc.constantFrom('甲校', '乙校', '甲校 ', ''),
  type: fc.constantFrom('技师学院', '技工学校', ' 技工学校', 'technical_school', '大学', ''),
  ownership: fc.constantFrom('公办', '民办', 'public', '国有', ''),
  city: fc.constantFrom('哈尔滨', '', ' 大庆'),
  major: fc.constantFrom('0101', '0102', ' 0101', '', '9'.repeat(65)),
  classType: fc.constantFrom('中级工班', '高级工班', 'senior', ' 技师班', '博士班', ''),
  students: fc.constantFrom('10', '0', '3.5', ' 7', '-1', '1.234', 'abc', '', '20000000'),
};
const row = fc.tuple(cell.id, cell.name, cell.type, cell.ownership, cell.city, cell.major, cell.classType, cell.students);

function normalized(rows: string[][], byCells: boolean, columns: string[] = HEADERS): NormalizedEnrollment {
  const normalizer = enrollmentNormalizer(columns.filter(Boolean), columns);
  if (!('add' in normalizer)) return normalizer;
  rows.forEach((cells, i) => {
    if (byCells) normalizer.addCells(i + 2, cells);
    else normalizer.add({ row: i + 2, values: Object.fromEntries(columns.map((header, c) => [header, cells[c]]).filter(([header], c) => header && columns.indexOf(header!) === c)) });
  });
  return normalizer.finish();
}

describe('enrollmentNormalizer.addCells', () => {
  it('gives the lines and problems add gives for the same rows as records', () => {
    fc.assert(
      fc.property(fc.array(row, { maxLength: 30 }), (rows) => {
        expect(normalized(rows, true)).toEqual(normalized(rows, false));
      }),
      { numRuns: 3000 },
    );
  });

  it('reads each field from the first column with its header, wherever the columns are', () => {
    const columns = ['在校生数', '', '专业代码', '学校代码', '学校名称', '学校类型', '办学性质', '班级类型', '学校代码'];
    const rows = [['12', 'x', '0101', 'S1', '甲校', '技工学校', '公办', '中级工班', 'S9']];
    const { lines, problems } = normalized(rows, true, columns);
    expect(problems).toEqual([]);
    expect(lines).toEqual([{ row: 2, schoolId: 'S1', schoolName: '甲校', schoolType: 'technical_school', ownership: 'public', majorCode: '0101', classType: 'intermediate', students: '12' }]);
    expect(normalized(rows, false, columns)).toEqual({ lines, problems });
  });
});
