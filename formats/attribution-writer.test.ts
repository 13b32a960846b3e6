import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { attribute, EFFECTS, type Attribution } from '../domain/attribution';
import { attributionRules, enrolled, machineryToTier2 } from '../domain/attribution-fixtures';
import { Decimal } from '../domain/decimal';
import { attributionToCsv, attributionToXlsx } from './attribution-writer';

/** S1 grows (enrollment), 机械类 moves up a tier (standard), and the new run is capped (envelope). */
function attribution(): Attribution {
  const base = [enrolled('S1', '0102', 'intermediate', '40', 2), enrolled('S2', '0501', 'intermediate', '30', 3)];
  const next = [enrolled('S1', '0102', 'intermediate', '44', 2), enrolled('S2', '0501', 'intermediate', '30', 3)];
  const outcome = attribute({
    base: { ruleSet: attributionRules(), lines: base },
    new: { ruleSet: attributionRules(machineryToTier2), lines: next, envelope: { policy: 'cap', budget: '500000.00' } },
  });
  if (!outcome.ok) throw new Error(JSON.stringify(outcome));
  return outcome.attribution;
}

describe('attribution writers', () => {
  const a = attribution();

  it('CSV: every effect column and the change sum to the total row, English headings are the JSON keys', () => {
    const [header, ...rows] = parse(attributionToCsv(a, 'en').slice(1)) as string[][];
    expect(header).toEqual(expect.arrayContaining(['school_id', 'change', ...EFFECTS]));
    const total = rows.at(-1)!;
    expect(total[0]).toBe('total');
    for (const column of ['change', ...EFFECTS]) {
      const i = header!.indexOf(column);
      expect(rows.slice(0, -1).reduce((sum, row) => sum.plus(row[i]!), new Decimal(0)).equals(total[i]!)).toBe(true);
    }
    // S1: 4 × 7,500 = 30,000 enrollment, 44 × 1,500 = 66,000 standard; the cap then allows 500,000 of the 591,000 entitled.
    const s1 = rows[0]!;
    expect([s1[header!.indexOf('enrollment')], s1[header!.indexOf('standard')]]).toEqual(['30000', '66000']);
  });

  it('XLSX: the total sheet is a waterfall from the base total to the new one', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await attributionToXlsx(a, 'zh')) as unknown as ArrayBuffer);
    const rows = workbook.getWorksheet('汇总')!.getSheetValues().slice(2, 11) as unknown as [unknown, string, number][];
    expect(rows.map((row) => row[1])).toEqual(['基准拨款总额', '在校生变动', '生均标准变动（档次、大类、班型）', '上浮比例变动', '定额上浮变动', '资助范围变动', '保底与封顶', '预算调整与取整', '本次拨款总额']);
    const [start, ...steps] = rows.map((row) => new Decimal(row[2]));
    expect(steps.slice(0, -1).reduce((sum, step) => sum.plus(step), start!).equals(steps.at(-1)!)).toBe(true);
    expect(steps.at(-1)!.toFixed(2)).toBe('500000.00');
  });
});
