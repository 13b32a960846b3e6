import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MONEY_FORMAT, neutralizeFormula, toCsv, toNumberCell, toXlsx } from './tables';

describe('neutralizeFormula', () => {
  it.each(['=1+1', '+SUM(A1)', '-2+3', '@cmd', '\tx', '\rx', '=HYPERLINK("http://x","y")'])('prefixes %j', (text) => {
    expect(neutralizeFormula(text)).toBe(`'${text}`);
  });
  it.each(['学校', 'a=b', '-1200.50', '42', '', "'already"])('leaves %j alone', (text) => {
    expect(neutralizeFormula(text)).toBe(text);
  });
});

describe('toCsv', () => {
  it('starts with a BOM, quotes as needed and defuses formulas', () => {
    const csv = toCsv([
      ['学校名称', 'amount', 'note'],
      ['哈尔滨技师学院', '12345.60', '=cmd|"/c calc"!A1'],
      ['a,b', 7, null],
    ]);
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    const rows = parse(csv.slice(1)) as string[][];
    expect(rows).toEqual([
      ['学校名称', 'amount', 'note'],
      ['哈尔滨技师学院', '12345.60', `'=cmd|"/c calc"!A1`],
      ['a,b', '7', ''],
    ]);
    expect(csv).toContain('\r\n');
  });

  // csv-stringify (the writer before this one) leaves a bare CR or LF inside a cell unquoted, which splits the row
  // when the file is read back; this writer quotes it. Otherwise the bytes are the same.
  it('writes what csv-stringify wrote for cells without line breaks (BOM, CRLF, quoting), and every cell reads back', () => {
    const text = (units: string[]) => fc.string({ unit: fc.constantFrom(...units) });
    const cells = (units: string[]) => fc.array(fc.array(fc.oneof(text(units), fc.integer(), fc.constant(null)), { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 8 });
    const asText = (rows: (string | number | null)[][]) => rows.map((row) => row.map((c) => (typeof c === 'string' ? neutralizeFormula(c) : c === null ? '' : String(c))));
    fc.assert(
      fc.property(cells(['a', '学', ',', '"', ' ', '=', '-', '1', '.', '\t']), (rows) => {
        expect(toCsv(rows)).toBe(stringify(asText(rows), { bom: true, record_delimiter: 'windows' }));
      }),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(cells(['a', '学', ',', '"', '\r', '\n', '=']), (rows) => {
        expect(parse(toCsv(rows).slice(1), { relax_column_count: true })).toEqual(asText(rows));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('toNumberCell', () => {
  it('converts decimals of at most 15 significant digits', () => {
    expect(toNumberCell('1234567890123.45')).toBe(1234567890123.45);
    expect(toNumberCell('-0.10')).toBe(-0.1);
    expect(toNumberCell('100000000000000000000')).toBe(1e20);
  });
  it('keeps longer decimals and non-numbers as text', () => {
    expect(toNumberCell('12345678901234.56')).toBeUndefined();
    expect(toNumberCell('1e5')).toBeUndefined();
    expect(toNumberCell('abc')).toBeUndefined();
  });
});

describe('toXlsx', () => {
  it('writes numeric columns as numbers when exact, text otherwise, and defuses formulas', async () => {
    const bytes = await toXlsx([
      {
        name: '学校/明细?',
        columns: [{ header: '名称' }, { header: '金额', numeric: true, numFmt: MONEY_FORMAT }],
        rows: [
          ['=1+2', '1234.50'],
          ['+x', '12345678901234567.89'],
          [null, 5],
        ],
      },
    ]);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.name).toBe('学校_明细_');
    expect(sheet.getCell('A1').value).toBe('名称');
    expect(sheet.getCell('A2').value).toBe("'=1+2");
    expect(sheet.getCell('B2').value).toBe(1234.5);
    expect(sheet.getCell('B2').numFmt).toBe(MONEY_FORMAT);
    expect(sheet.getCell('A3').value).toBe("'+x");
    expect(sheet.getCell('B3').value).toBe('12345678901234567.89');
    expect(sheet.getCell('B4').value).toBe(5);
  });
});
