import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readXlsx } from './read-xlsx';
import { MONEY_FORMAT, toXlsx } from './tables';
import { writeXlsx, type XlsxCellValue } from './xlsx-writer';
import { readZipDirectory, readZipEntry } from './zip';

async function loadWithExcelJs(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  return workbook;
}

async function part(bytes: Uint8Array, name: string): Promise<string> {
  const directory = await readZipDirectory(bytes, 10 ** 9);
  if (!directory.ok) throw new Error(directory.code);
  return (await readZipEntry(directory.entries.get(name)!)).toString();
}

describe('writeXlsx, read back by exceljs', () => {
  const sheets = () =>
    writeXlsx([
      {
        name: '学校',
        columns: [{ header: '学校名称', width: 28 }, { header: '拨款金额(元)', width: 18, numFmt: MONEY_FORMAT }, { header: '享受', width: 8 }, { header: '比例', width: 10, numFmt: '0.00%' }],
        rows: [
          ['哈尔滨技师学院', 1234567.5, true, 0.15],
          ['鸡西技工学校', '12345678901234567.89', false, null],
          [null, -0.1, undefined, 1],
        ],
      },
      { name: 'Empty', columns: [], rows: [] },
      { name: '明细', columns: [{ header: 'a', width: 10 }], rows: [['x'], ['x'], ['y']] },
    ]);

  it('has the sheets, headers, values and number formats', async () => {
    const workbook = await loadWithExcelJs(await sheets());
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['学校', 'Empty', '明细']);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.getRow(1).values).toEqual([undefined, '学校名称', '拨款金额(元)', '享受', '比例']);
    expect(sheet.getRow(2).values).toEqual([undefined, '哈尔滨技师学院', 1234567.5, true, 0.15]);
    expect(sheet.getRow(3).values).toEqual([undefined, '鸡西技工学校', '12345678901234567.89', false]);
    expect(sheet.getRow(4).values).toEqual([undefined, undefined, -0.1, undefined, 1]);
    expect(sheet.getCell('B2').numFmt).toBe(MONEY_FORMAT);
    expect(sheet.getCell('D4').numFmt).toBe('0.00%');
    expect(sheet.getCell('A2').numFmt).toBeUndefined();
    expect(workbook.worksheets[2]!.getColumn(1).values).toEqual([undefined, 'a', 'x', 'x', 'y']);
  });

  it('has a bold, frozen header row and the column widths', async () => {
    const workbook = await loadWithExcelJs(await sheets());
    const sheet = workbook.worksheets[0]!;
    expect(sheet.getCell('A1').font?.bold).toBe(true);
    expect(sheet.getCell('B1').font?.bold).toBe(true);
    expect(sheet.getCell('A2').font?.bold).toBeFalsy();
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1, topLeftCell: 'A2' });
    expect(sheet.columns.map((column) => column.width)).toEqual([28, 18, 8, 10]);
  });

  it('is byte-identical for equal input', async () => {
    expect(Buffer.from(await sheets()).equals(await sheets())).toBe(true);
  });

  it('declares every part it writes and nothing it does not', async () => {
    const bytes = await sheets();
    const directory = await readZipDirectory(bytes, 10 ** 9);
    expect(directory.ok && [...directory.entries.keys()]).toEqual([
      '[Content_Types].xml',
      '_rels/.rels',
      'xl/workbook.xml',
      'xl/_rels/workbook.xml.rels',
      'xl/styles.xml',
      'xl/worksheets/sheet1.xml',
      'xl/worksheets/sheet2.xml',
      'xl/worksheets/sheet3.xml',
      'xl/sharedStrings.xml',
    ]);
    const contentTypes = await part(bytes, '[Content_Types].xml');
    for (const name of ['/xl/workbook.xml', '/xl/worksheets/sheet3.xml', '/xl/styles.xml', '/xl/sharedStrings.xml']) expect(contentTypes).toContain(`PartName="${name}"`);
    // Repeated text is stored once.
    expect(await part(bytes, 'xl/sharedStrings.xml')).toContain('count="11" uniqueCount="10"');
  });
});

describe('text that XML cannot hold as is', () => {
  const awkward = [
    'a & b < c > d "e" \'f\'',
    '  leading and trailing  ',
    'line\nbreak\ttab',
    'carriage\r\nreturn',
    'bell\u0007 nul\u0000 esc\u001b',
    'literal _x0041_ and _x005F_',
    'emoji 🎓 and 技工',
    'lone \ud800 surrogate',
    '\uFFFE\uFFFF',
  ];

  it('reads back the same through exceljs and through our reader (lone surrogates become U+FFFD)', async () => {
    const bytes = await writeXlsx([{ name: 'x', columns: [{ header: 'text', width: 10 }], rows: awkward.map((text) => [text]) }]);
    const expected = awkward.map((text) => text.replace('\ud800', '\uFFFD'));
    const workbook = await loadWithExcelJs(bytes);
    expect(workbook.worksheets[0]!.getColumn(1).values.slice(2)).toEqual(expected);
    expect((await readXlsx(bytes)).records.map((record) => record.values.text)).toEqual(expected);
  });

  it('any string, number or boolean round-trips through our reader', async () => {
    const value: fc.Arbitrary<XlsxCellValue> = fc.oneof(fc.string({ unit: 'binary', minLength: 1, maxLength: 12 }), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer(), fc.boolean());
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(value, value), { minLength: 1, maxLength: 10 }), async (rows) => {
        const bytes = await writeXlsx([{ name: 's', columns: [{ header: 'a', width: 10 }, { header: 'b', width: 10 }], rows }]);
        const table = await readXlsx(bytes);
        const repaired = (cell: XlsxCellValue) => (typeof cell === 'string' ? cell.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\uFFFD') : Object.is(cell, -0) ? 0 : cell);
        const blank = (cell: XlsxCellValue) => typeof cell === 'string' && cell.trim() === '';
        const expected = rows
          .map(([a, b], i) => ({ row: i + 2, values: Object.fromEntries([['a', repaired(a)], ['b', repaired(b)]].filter(([, cell]) => !blank(cell as XlsxCellValue))) }))
          .filter((record) => Object.keys(record.values).length > 0);
        expect(table.records).toEqual(expected);
      }),
      { numRuns: 200 },
    );
  });
});

describe('toXlsx sheet names', () => {
  it('makes names Excel accepts: no []:*?/\\, no edge apostrophes, at most 31 characters, unique ignoring case', async () => {
    const bytes = await toXlsx(['a/b?', "'quoted'", 'x'.repeat(40), 'Data', 'DATA', ''].map((name) => ({ name, columns: [{ header: 'h' }], rows: [] })));
    const names = (await loadWithExcelJs(bytes)).worksheets.map((sheet) => sheet.name);
    expect(names).toEqual(['a_b_', "_quoted_", 'x'.repeat(31), 'Data', 'DATA_2', 'Sheet']);
  });
});
