import type ExcelJS from 'exceljs';
import { render } from '../messages/index';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateRuleSet } from '../domain/ruleset';
import { readEnrollment } from './enrollment-reader';
import { readXlsx } from './read-xlsx';
import { enrollmentToXlsx, generateEnrollment } from './synthetic';
import { excelJsInlineWorkbook, excelJsWorkbook, handMadeWorkbook, referenceReadXlsx } from './xlsx-fixtures';
import { toXlsx } from './tables';
import { readZipDirectory } from './zip';
import rulesJson from '../data/rules-hlj-2026.json';
import { MAX_ROWS } from './raw-table';

const sheetXmlBytes = async (bytes: Uint8Array) => {
  const directory = await readZipDirectory(bytes, 10 ** 9);
  return directory.ok ? directory.entries.get('xl/worksheets/sheet1.xml')!.uncompressedSize : 0;
};

const rules = validateRuleSet(rulesJson);
if (!rules.ok) throw new Error('sample rule set invalid');

describe('readXlsx at size', () => {
  // The sheet is inflated and scanned in 1 MB pieces; a piece boundary must never split a cell (nor a Chinese character
  // of one, as exceljs's streaming reader once did). Shared strings keep the text out of the sheet; inline strings put
  // it in, so both layouts are read across many pieces.
  it('keeps every Chinese character of a workbook larger than one piece, shared or inline strings', async () => {
    const lines = generateEnrollment({ schools: 400, seed: 6, linesPerSchool: 30, ruleSet: rules.ruleSet });
    const shared = await enrollmentToXlsx(lines);
    const header = ['学校代码', '学校名称', '学校类型', '办学性质', '地市', '专业代码', '班级类型', '在校生数'];
    const inline = await excelJsInlineWorkbook([header, ...lines.map((l) => [l.schoolId, l.schoolName, l.schoolType, l.ownership, l.city ?? null, l.majorCode, l.classType, Number(l.students)])]);
    for (const bytes of [shared, inline]) expect(await sheetXmlBytes(bytes)).toBeGreaterThan(2 * 2 ** 20);
    expect((await readEnrollment(shared, { format: 'xlsx' })).lines).toEqual(lines);
    expect(await readXlsx(inline)).toEqual(await referenceReadXlsx(inline));
  });
});

describe('readXlsx reads what exceljs writes as exceljs reads it', () => {
  const fill = (sheet: ExcelJS.Worksheet) => {
    sheet.addRow(['代码', '名称', '专业', '日期', '在校生', '公办', '备注']);
    sheet.addRow(['S1', { richText: [{ text: '哈尔滨' }, { text: '技师学院', font: { bold: true } }] }, 101, new Date(Date.UTC(2026, 8, 1, 15, 30)), { formula: 'E3*2', result: 240 }, true, { error: '#N/A' }]);
    sheet.getCell('C2').numFmt = '0000';
    sheet.addRow([]);
    sheet.addRow(['S2', { formula: 'B2&""', result: '鸡西 技工学校 ' }, '0201', { formula: 'D2+1', result: 46267 }, 120.5, { formula: 'FALSE()', result: true }, { text: '网站', hyperlink: 'https://example.org' }]);
    sheet.getCell('D4').numFmt = 'yyyy"年"m"月"d"日"';
    sheet.addRow(['S3', '  ', 7, null, 0.1, null, 'a & b < c']);
    sheet.getCell('C5').numFmt = '000000';
    sheet.addRow(['S4', '双鸭山', 2, null, 3, null, null, 'stray']);
    sheet.addRow(['S5', '伊春', 3]);
    sheet.mergeCells('B6:B7');
  };

  it('shared strings, rich text, formula results, dates, padding, errors, hyperlinks, merges, a second sheet', async () => {
    const bytes = await excelJsWorkbook((workbook) => {
      workbook.addWorksheet('说明').addRow(['这是说明']);
      fill(workbook.addWorksheet('数据'));
    });
    const table = await readXlsx(bytes, '数据');
    expect(table.notices).toEqual([{ code: 'xlsx_sheet_read', params: { sheet: '数据', others: expect.any(Array) } }]);
    expect({ ...table, notices: undefined }).toEqual(await referenceReadXlsx(bytes, '数据'));
    expect(table.headers).toEqual(['代码', '名称', '专业', '日期', '在校生', '公办', '备注']);
    expect(table.records.map((record) => [record.row, ...Object.values(record.values)])).toEqual([
      [2, 'S1', '哈尔滨技师学院', '0101', '2026-09-01', 240, true, '#N/A'],
      [4, 'S2', '鸡西 技工学校 ', '0201', '2026-09-02', 120.5, true, '网站'],
      [5, 'S3', '000007', 0.1, 'a & b < c'],
      [7, 'S5', '双鸭山', 3],
    ]);
    expect(table.problems).toEqual([{ row: 6, reason: 'ragged_row', code: 'cells_without_header', params: { columns: ['H'] } }]);
    expect((await readXlsx(bytes)).headers).toEqual(['这是说明']);
  });

  it('the 1904 date system', async () => {
    const bytes = await excelJsWorkbook((workbook) => {
      workbook.properties.date1904 = true;
      const sheet = workbook.addWorksheet('s');
      sheet.addRow(['日期']);
      sheet.addRow([new Date(Date.UTC(2026, 0, 15))]);
    });
    expect((await readXlsx(bytes)).records).toEqual([{ row: 2, values: { 日期: '2026-01-15' } }]);
  });

  const text = fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom('学校', ' 0101 ', `a&b<c>"d'`, '_x0041_', 'line\nbreak', '=1+1', '  ', '技师学院'));
  const number = fc.oneof(fc.integer({ min: -5000, max: 60000 }), fc.double({ min: -1e6, max: 1e6, noNaN: true }));
  const cell: fc.Arbitrary<{ value: ExcelJS.CellValue; numFmt?: string }> = fc.oneof(
    fc.constant({ value: null }),
    text.map((value) => ({ value })),
    number.map((value) => ({ value })),
    fc.record({ value: fc.nat(99999), numFmt: fc.constantFrom('0000', '0.00', 'yyyy-mm-dd', '[$-804]yyyy"年"m"月"d"日"', '0"人"', '#,##0', '[h]:mm') }),
    fc.boolean().map((value) => ({ value })),
    fc.date({ min: new Date('1950-01-01'), max: new Date('2060-01-01'), noInvalidDate: true }).map((value) => ({ value })),
    fc.tuple(text, text).map(([a, b]) => ({ value: { richText: [{ text: a, font: { italic: true } }, { text: b }] } })),
    // Two exceljs reading bugs kept out, where we read what the file says: a false result (<v>0</v>) is lost, and
    // a text result is entity-decoded twice ("&amp;lt;" in the file becomes "<" instead of "&lt;").
    fc.oneof(number, text.map((result) => result.replace(/&/g, '+')), fc.constant(true)).map((result) => ({ value: { formula: 'A1', result } as ExcelJS.CellFormulaValue })),
    fc.constantFrom('#N/A', '#DIV/0!', '#VALUE!').map((error) => ({ value: { error } as ExcelJS.CellErrorValue })),
    text.map((label) => ({ value: { text: label, hyperlink: 'https://example.org/x' } })),
  );

  it('on random workbooks, gives the same table as the exceljs-based reader', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(cell, { maxLength: 6 }), { maxLength: 8 }), fc.boolean(), async (rows, date1904) => {
        const bytes = await excelJsWorkbook((workbook) => {
          workbook.properties.date1904 = date1904;
          const sheet = workbook.addWorksheet('s');
          rows.forEach((cells, r) =>
            cells.forEach((c, i) => {
              const target = sheet.getCell(r + 1, i + 1);
              target.value = c.value;
              if (c.numFmt) target.numFmt = c.numFmt;
            }),
          );
        });
        const ours = await readXlsx(bytes);
        if (ours.problems[0]?.row === 0) expect(ours.problems[0].code).toBe('xlsx_sheet_empty');
        else expect(ours).toEqual(await referenceReadXlsx(bytes));
      }),
      { numRuns: 150 },
    );
  });
});

describe('readXlsx on hand-written XML', () => {
  const s = (text: string) => `<si><t>${text}</t></si>`;

  it('rows and cells without r are placed in order; r, where given, wins', async () => {
    const bytes = await handMadeWorkbook({
      sheets: [{ name: 'a', xml: '<row><c t="s"><v>0</v></c><c t="s"><v>1</v></c><c t="s"><v>2</v></c></row><row><c><v>1</v></c><c r="C2"><v>3</v></c></row><row r="5"><c><v>5</v></c><c><v>6</v></c></row><row><c t="b"><v>1</v></c></row>' }],
      sharedStrings: [s('x'), s('y'), s('z')],
    });
    expect(await readXlsx(bytes)).toEqual({
      headers: ['x', 'y', 'z'],
      records: [
        { row: 2, values: { x: 1, z: 3 } },
        { row: 5, values: { x: 5, y: 6 } },
        { row: 6, values: { x: true } },
      ],
      problems: [],
    });
  });

  it('text: rich runs, phonetic guides, xml:space, _xHHHH_, entities, CDATA, line breaks', async () => {
    const bytes = await handMadeWorkbook({
      sheets: [
        {
          name: 'a',
          xml:
            '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><t>inline</t></is></c><c r="C1" t="str"><v>f&amp;x</v></c></row>' +
            '<row r="2"><c r="A2" t="s"><v>1</v></c><c r="B2" t="inlineStr"><is><r><rPr><b/></rPr><t xml:space="preserve">a </t></r><r><t>&#x54C8;&#23572;&lt;</t></r></is></c><c r="C2" t="str"><v><![CDATA[<raw> & ]]>x</v></c></row>',
        },
      ],
      sharedStrings: ['<si><r><t>name</t></r><rPh sb="0" eb="1"><t>ming</t></rPh></si>', '<si><t xml:space="preserve"> two_x000D_\r\nlines _x005F_x0041_ </t></si>'],
    });
    expect(await readXlsx(bytes)).toEqual({
      headers: ['name', 'inline', 'f&x'],
      records: [{ row: 2, values: { name: ' two\r\nlines _x0041_ ', inline: 'a 哈尔<', 'f&x': '<raw> & x' } }],
      problems: [],
    });
  });

  it('number formats: built-in and custom dates, quoted letters, zero padding', async () => {
    const formats = ['14', '31', '164', '165', '166', '167', '168'];
    const bytes = await handMadeWorkbook({
      sheets: [{ name: 'a', xml: `<row r="1">${formats.map((_, i) => `<c r="${String.fromCharCode(65 + i)}1" t="inlineStr"><is><t>h${i}</t></is></c>`).join('')}</row><row r="2">${formats.map((_, i) => `<c r="${String.fromCharCode(65 + i)}2" s="${i + 1}"><v>46023</v></c>`).join('')}</row>` }],
      numFmts: '<numFmt numFmtId="164" formatCode="[$-804]yyyy&quot;年&quot;m&quot;月&quot;"/><numFmt numFmtId="165" formatCode="0&quot;人(days)&quot;"/><numFmt numFmtId="166" formatCode="000000"/><numFmt numFmtId="167" formatCode="[Red]0.00_);\\(0.00\\)"/><numFmt numFmtId="168" formatCode="[h]:mm"/>',
      cellXfs: `<xf numFmtId="0"/>${formats.map((id) => `<xf numFmtId="${id}"/>`).join('')}`,
    });
    const [record] = (await readXlsx(bytes)).records;
    expect(Object.values(record!.values)).toEqual(['2026-01-01', '2026-01-01', '2026-01-01', 46023, '046023', 46023, '2026-01-01']);
  });

  it('cell types d, b, e and str; a main-namespace prefix; sheets in workbook order, by name', async () => {
    const prefixed = '<?xml version="1.0"?><x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData><x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>日期</x:t></x:is></x:c><x:c r="B1" t="str"><x:v>真假</x:v></x:c></x:row><x:row r="2"><x:c r="A2" t="d"><x:v>2026-03-04T00:00:00</x:v></x:c><x:c r="B2" t="b"><x:f>FALSE()</x:f><x:v>0</x:v></x:c><x:c r="C2" t="e"><x:v>#REF!</x:v></x:c></x:row></x:sheetData></x:worksheet>';
    const bytes = await handMadeWorkbook({
      sheets: [
        { name: 'R&amp;D', xml: prefixed, path: '/xl/worksheets/zzz.xml' },
        { name: 'other', xml: '<row r="1"><c t="inlineStr"><is><t>x</t></is></c></row>', path: 'worksheets/aaa.xml' },
      ],
    });
    expect(await readXlsx(bytes, 'R&D')).toEqual({
      headers: ['日期', '真假'],
      records: [],
      problems: [{ row: 2, reason: 'ragged_row', code: 'cells_without_header', params: { columns: ['C'] } }],
      notices: [{ code: 'xlsx_sheet_read', params: { sheet: 'R&D', others: ['other'] } }],
    });
    expect((await readXlsx(bytes)).headers).toEqual(['日期', '真假']);
    expect(render((await readXlsx(bytes, 'missing')).problems[0]!, 'en')).toBe('The workbook has no sheet "missing" (sheets: R&D, other).');
    const dated = await handMadeWorkbook({ sheets: [{ name: 'a', xml: prefixed.replace('<x:c r="C2" t="e"><x:v>#REF!</x:v></x:c>', '') }] });
    expect((await readXlsx(dated)).records).toEqual([{ row: 2, values: { 日期: '2026-03-04', 真假: false } }]);
  });

  it('limits and damage are a file problem, never an exception', async () => {
    const tooMany = await handMadeWorkbook({ sheets: [{ name: 'a', xml: `<row r="1"><c><v>1</v></c></row><row r="${MAX_ROWS + 2}"><c><v>1</v></c></row>` }] });
    expect((await readXlsx(tooMany)).problems).toMatchObject([{ row: 0, reason: 'too_large' }]);
    const unterminated = await handMadeWorkbook({ sheets: [{ name: 'a', xml: '<row r="1"><c><v>1</v>' }] });
    expect((await readXlsx(unterminated)).problems[0]!.code).toBe('xlsx_unterminated_cell');
    const empty = await handMadeWorkbook({ sheets: [{ name: 'a', xml: '<row r="1"/><row r="2"><c t="inlineStr"><is><t> </t></is></c></row>' }] });
    expect((await readXlsx(empty)).problems[0]).toMatchObject({ code: 'xlsx_sheet_empty', params: { sheet: 'a' } });
    const ole = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]);
    expect((await readXlsx(ole)).problems[0]!.code).toBe('xlsx_old_binary_or_encrypted');
  });

  it('truncated, corrupted and spliced workbooks are a row-0 problem or a table, never an exception', async () => {
    const good = await toXlsx([{ name: '在校生', columns: [{ header: '学校代码' }, { header: '在校生数', numeric: true }], rows: [['S1', '12'], ['S2', '7']] }]);
    const damaged = fc.oneof(
      fc.nat(good.length - 1).map((length) => good.slice(0, length)),
      fc.array(fc.tuple(fc.nat(good.length - 1), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 20 }).map((edits) => {
        const bytes = good.slice();
        for (const [at, value] of edits) bytes[at] = value;
        return bytes;
      }),
      fc.tuple(fc.nat(good.length), fc.uint8Array({ minLength: 1, maxLength: 200 })).map(([at, junk]) => new Uint8Array([...good.subarray(0, at), ...junk, ...good.subarray(at)])),
    );
    await fc.assert(
      fc.asyncProperty(damaged, async (bytes) => {
        const table = await readXlsx(bytes);
        if (table.problems[0]?.row === 0) expect(table.records).toEqual([]);
      }),
      { numRuns: 400 },
    );
  });
});
