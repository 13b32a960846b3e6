import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { compare, type Comparison } from '../domain/compare';
import { Decimal } from '../domain/decimal';
import { uplift, whatIfLines, whatIfRules } from '../domain/what-if-fixtures';
import { comparisonToCsv, comparisonToXlsx } from './comparison-writer';

function comparison(): Comparison {
  const outcome = compare({
    baseRules: whatIfRules(),
    candidateRules: whatIfRules((r) => {
      uplift(r, 'scarce').rate = '0.15';
      uplift(r, 'hardship').amountPerStudent = '300';
    }),
    lines: whatIfLines(),
  });
  if (!outcome.ok) throw new Error('fixture comparison failed');
  return outcome.comparison;
}

describe('comparisonToCsv', () => {
  const c = comparison();

  it('writes one row per school and a total row whose delta is the sum of the school deltas', () => {
    const csv = comparisonToCsv(c, 'zh');
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const [header, ...rows] = parse(csv.slice(1)) as string[][];
    expect(header!.slice(0, 4)).toEqual(['学校代码', '学校名称', '学校类型', '办学性质']);
    const delta = header!.indexOf('增减(元)');
    expect(rows.map((row) => [row[0], row[delta]])).toEqual([
      ['S1', '67500.00'],
      ['S2', '0.00'],
      ['S3', '-2000.00'],
      ['S4', '0.00'],
      ['合计', '65500.00'],
    ]);
    const schoolRows = rows.slice(0, -1);
    expect(schoolRows.reduce((sum, row) => sum.plus(row[delta]!), new Decimal(0)).toFixed(2)).toBe(rows.at(-1)![delta]);
    const reasons = header!.indexOf('变动原因');
    expect(rows[0]![reasons]).toBe('上浮「急需紧缺」（scarce）比例 10% → 15%');
    expect(rows[2]![reasons]).toBe('上浮「艰苦行业」（hardship）定额 500 元/生 → 300 元/生');
    expect(rows[2]![2]).toBe('技师学院');
  });

  it('writes English headers, enumeration names and reasons', () => {
    const [header, first] = parse(comparisonToCsv(c, 'en').slice(1)) as string[][];
    expect(header).toContain('delta_percent');
    expect(first![2]).toBe('technician college');
    expect(first!.at(-1)).toBe('Uplift "急需紧缺" (scarce) rate 10% → 15%');
  });
});

describe('comparisonToXlsx', () => {
  it('has the six sheets with numbers where exact, and the rule-set diff one row per change', async () => {
    const c = comparison();
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await comparisonToXlsx(c, 'zh')) as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['汇总', '学校', '变动明细', '按专业大类', '按班级类型', '规则差异']);

    const schools = workbook.getWorksheet('学校')!;
    expect(schools.getRow(2).getCell(9).value).toBe(67500);
    expect(schools.getRow(6).getCell(1).value).toBe('合计');

    const lines = workbook.getWorksheet('变动明细')!;
    expect(lines.rowCount).toBe(1 + c.lines.length);
    expect(lines.getRow(2).getCell(12).value).toBe('uplift_rate_changed:scarce');

    const byClassType = workbook.getWorksheet('按班级类型')!;
    expect(byClassType.getRow(3).values).toEqual([undefined, 'preparatory_technician', '预备技师班', 1485000, 1552500, 67500, 4.55]);

    const diff = workbook.getWorksheet('规则差异')!;
    const diffRows = diff.getSheetValues().slice(2).map((row) => (row as unknown[]).slice(1, 7));
    expect(diffRows).toEqual([
      ['uplifts', 'hardship', '修改', 'amountPerStudent', '500', '300'],
      ['uplifts', 'scarce', '修改', 'rate', '0.1', '0.15'],
    ]);

    const summary = workbook.getWorksheet('汇总')!;
    const items = new Map(summary.getSheetValues().slice(2).map((row) => [(row as unknown[])[1], (row as unknown[])[2]]));
    expect(items.get('拨款总额增减(元)')).toBe('65500.00');
    expect(items.get('增加学校数')).toBe(1);
    expect(items.get('减少学校数')).toBe(1);
    expect(items.get('最大变动 2')).toBe('S3 第3技工院校: -2000.00');
  });
});
