import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { ruleProblems } from '../domain/allocate';
import { render } from '../messages/index';
import { readEnrollment } from './enrollment-reader';
import { loadSampleRuleSet } from './test-fixtures';
import { excelJsWorkbook } from './xlsx-fixtures';
import { writeZip } from './zip';

/**
 * Files as people really make them (issue 14), written at test time by a real spreadsheet writer (exceljs): stale
 * formula results, title rows above the header, data on another sheet, codes that lost their zeros, and the
 * spreadsheet formats that are not XLSX.
 */
const HEADER = ['学校代码', '学校名称', '学校类型', '办学性质', '专业代码', '班级类型', '在校生数'];
const line = (students: ExcelJS.CellValue, major: ExcelJS.CellValue = '0101'): ExcelJS.CellValue[] => ['S001', '哈尔滨技师学院', '技师学院', '公办', major, '中级工班', students];

async function workbook(build: (book: ExcelJS.Workbook) => void): Promise<Uint8Array> {
  return excelJsWorkbook(build);
}

describe('an XLSX formula whose stored result may be stale', () => {
  it('is refused naming the cell when it stored 0 or nothing, with what to do', async () => {
    const bytes = await workbook((book) => {
      const sheet = book.addWorksheet('在校生');
      sheet.addRow(HEADER);
      sheet.addRow(line(120));
      sheet.addRow(line({ formula: 'G2*0+35', result: 0 } as ExcelJS.CellFormulaValue, '0102'));
      sheet.addRow(line({ formula: 'G2/2' } as ExcelJS.CellFormulaValue, '0103'));
    });
    const outcome = await readEnrollment(bytes, { fileName: 'e.xlsx' });
    expect(outcome.lines.map((l) => [l.row, l.students])).toEqual([[2, '120']]);
    expect(outcome.problems).toEqual([
      { row: 3, reason: 'stale_formula', code: 'xlsx_formula_not_calculated', params: { cell: 'G3' } },
      { row: 4, reason: 'stale_formula', code: 'xlsx_formula_not_calculated', params: { cell: 'G4' } },
    ]);
    expect(render(outcome.problems[0]!, 'zh')).toBe('单元格 G3 是公式，但文件里没有保存它的计算结果（或保存的是 0），读出的数可能不对。请在 Excel 中打开并保存后再上传。');
  });

  it('is refused, whatever it stored, when the workbook asks to be recalculated on opening', async () => {
    const bytes = await workbook((book) => {
      book.calcProperties.fullCalcOnLoad = true;
      const sheet = book.addWorksheet('在校生');
      sheet.addRow(HEADER);
      sheet.addRow(line({ formula: '100+20', result: 120 } as ExcelJS.CellFormulaValue));
    });
    const outcome = await readEnrollment(bytes, { fileName: 'e.xlsx' });
    expect(outcome.lines).toEqual([]);
    expect(outcome.problems).toEqual([{ row: 2, reason: 'stale_formula', code: 'xlsx_recalc_on_load', params: { cell: 'G2' } }]);
    expect(render(outcome.problems[0]!, 'zh')).toContain('请在 Excel 中打开并保存后再上传');
  });

  it('is read as its stored result when the workbook was calculated and saved', async () => {
    const bytes = await workbook((book) => {
      const sheet = book.addWorksheet('在校生');
      sheet.addRow(HEADER);
      sheet.addRow(line({ formula: '100+20', result: 120 } as ExcelJS.CellFormulaValue));
    });
    const outcome = await readEnrollment(bytes, { fileName: 'e.xlsx' });
    expect(outcome.problems).toEqual([]);
    expect(outcome.lines.map((l) => l.students)).toEqual(['120']);
  });
});

describe('a header below a title row', () => {
  it('is found in XLSX, and a notice says which row was taken', async () => {
    const bytes = await workbook((book) => {
      const sheet = book.addWorksheet('在校生');
      sheet.addRow(['2026 年技工院校在校生统计表']);
      sheet.mergeCells('A1:G1');
      sheet.addRow(['填报单位：省人社厅', '', '', '', '', '', '单位：人']);
      sheet.addRow(HEADER);
      sheet.addRow(line(120));
    });
    const outcome = await readEnrollment(bytes, { fileName: 'e.xlsx' });
    expect(outcome.problems).toEqual([]);
    expect(outcome.lines.map((l) => [l.row, l.schoolId, l.students])).toEqual([[4, 'S001', '120']]);
    expect(outcome.notices).toEqual([{ code: 'xlsx_header_row_used', params: { sheet: '在校生', row: 3 } }]);
    expect(render(outcome.notices[0]!, 'zh')).toBe('工作表“在校生”的表头取自第 3 行，上面的标题行已跳过。');
  });

  it('is found in CSV as Excel saves it, title row and all', async () => {
    const csv = ['2026 年在校生统计表,,,,,,', HEADER.join(','), line(80).join(',')].join('\r\n');
    const outcome = await readEnrollment(new TextEncoder().encode(csv), { fileName: 'e.csv' });
    expect(outcome.problems).toEqual([]);
    expect(outcome.lines.map((l) => [l.row, l.students])).toEqual([[3, '80']]);
    expect(outcome.notices).toEqual([{ code: 'csv_header_row_used', params: { row: 2 } }]);
  });
});

describe('which sheet is read', () => {
  it('is named, with the other sheets, when the workbook has several', async () => {
    const bytes = await workbook((book) => {
      const data = book.addWorksheet('在校生');
      data.addRow(HEADER);
      data.addRow(line(10));
      book.addWorksheet('说明').addRow(['本表由各校填报']);
    });
    const outcome = await readEnrollment(bytes, { fileName: 'e.xlsx' });
    expect(outcome.lines).toHaveLength(1);
    expect(outcome.notices).toEqual([{ code: 'xlsx_sheet_read', params: { sheet: '在校生', others: ['说明'] } }]);
  });

  it('is named with the other sheets when its header is not found, and the named sheet is read when asked', async () => {
    const bytes = await workbook((book) => {
      book.addWorksheet('封面').addRow(['2026 年技工院校在校生统计']);
      const data = book.addWorksheet('在校生');
      data.addRow(HEADER);
      data.addRow(line(10));
    });
    const outcome = await readEnrollment(bytes, { fileName: 'e.xlsx' });
    expect(outcome.lines).toEqual([]);
    expect(outcome.problems).toMatchObject([{ row: 0, reason: 'missing_column', code: 'xlsx_header_not_found_sheets', params: { sheet: '封面', row: 1, others: ['在校生'] } }]);
    const text = render(outcome.problems[0]!, 'zh');
    expect(text).toContain('工作表“封面”中找不到表头');
    expect(text).toContain('工作簿中还有：在校生');
    expect((await readEnrollment(bytes, { fileName: 'e.xlsx', sheet: '在校生' })).lines).toHaveLength(1);
  });
});

describe('a major code that lost its leading zeros', () => {
  it('is reported as such when the spreadsheet kept 0101 as the number 101', async () => {
    const bytes = await workbook((book) => {
      const sheet = book.addWorksheet('在校生');
      sheet.addRow(HEADER);
      sheet.addRow(line(10, 101));
    });
    const outcome = await readEnrollment(bytes, { fileName: 'e.xlsx' });
    expect(outcome.lines.map((l) => l.majorCode)).toEqual(['101']);
    const [problem] = ruleProblems(loadSampleRuleSet(), outcome.lines);
    expect(problem).toMatchObject({ row: 2, reason: 'unknown_major', code: 'major_code_lost_zeros', params: { majorCode: '101', known: '0101' } });
    expect(render(problem!, 'zh')).toContain('代码开头的 0 可能被表格软件去掉了');
  });

  it('is read with its zeros when the column is formatted to show them', async () => {
    const bytes = await workbook((book) => {
      const sheet = book.addWorksheet('在校生');
      sheet.addRow(HEADER);
      sheet.addRow(line(10, 101));
      sheet.getCell('E2').numFmt = '0000';
    });
    expect((await readEnrollment(bytes, { fileName: 'e.xlsx' })).lines.map((l) => l.majorCode)).toEqual(['0101']);
  });
});

describe('spreadsheet files that are not XLSX', () => {
  const anything = new TextEncoder().encode('whatever');
  it.each([
    ['in.xls', 'file_format_xls', '另存为“Excel 工作簿（*.xlsx）”'],
    ['in.et', 'file_format_et', 'WPS'],
    ['in.ods', 'file_format_ods', 'LibreOffice'],
  ])('%s says what it is and what to do', async (fileName, code, advice) => {
    const outcome = await readEnrollment(anything, { fileName });
    expect(outcome.problems).toMatchObject([{ row: 0, code }]);
    expect(render(outcome.problems[0]!, 'zh')).toContain(advice);
  });

  it('an old binary workbook named .xlsx, and an OpenDocument file named .xlsx, are recognised by their content', async () => {
    const ole = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]);
    expect((await readEnrollment(ole, { fileName: 'renamed.xlsx' })).problems).toMatchObject([{ row: 0, code: 'xlsx_old_binary_or_encrypted' }]);
    const encoder = new TextEncoder();
    const ods = await writeZip([
      { name: 'mimetype', content: () => [encoder.encode('application/vnd.oasis.opendocument.spreadsheet')] },
      { name: 'content.xml', content: () => [encoder.encode('<office:document-content/>')] },
      { name: 'META-INF/manifest.xml', content: () => [encoder.encode('<manifest:manifest/>')] },
    ]);
    expect((await readEnrollment(ods, { fileName: 'renamed.xlsx' })).problems).toMatchObject([{ row: 0, code: 'file_format_ods' }]);
  });
});
