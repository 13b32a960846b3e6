import ExcelJS from 'exceljs';
import { render } from '../messages/index';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { sha256 } from '../domain/hash';
import { detectFormat, readEnrollment } from './enrollment-reader';
import { MAX_FILE_BYTES } from './raw-table';
import { readZipDirectory } from './zip';

const HEADER_ZH = '学校代码,学校名称,学校类型,办学性质,地市,专业代码,班级类型,在校生数';
const ROWS_ZH = [
  'S001,哈尔滨技师学院,技师学院,公办,哈尔滨,0101,中级工班,120',
  'S001,哈尔滨技师学院,技师学院,公办,哈尔滨,0101,预备技师班,35.5',
  'S002,"鸡西技工学校",技工学校,民办,鸡西,0201,中级工班,80.25',
];
const csvZh = [HEADER_ZH, ...ROWS_ZH].join('\r\n') + '\r\n';
const utf8 = (text: string) => new TextEncoder().encode(text);
const withBom = (bytes: Uint8Array) => new Uint8Array([0xef, 0xbb, 0xbf, ...bytes]);

const expectedLines = [
  { row: 2, schoolId: 'S001', schoolName: '哈尔滨技师学院', schoolType: 'technician_college', ownership: 'public', city: '哈尔滨', majorCode: '0101', classType: 'intermediate', students: '120' },
  { row: 3, schoolId: 'S001', schoolName: '哈尔滨技师学院', schoolType: 'technician_college', ownership: 'public', city: '哈尔滨', majorCode: '0101', classType: 'preparatory_technician', students: '35.5' },
  { row: 4, schoolId: 'S002', schoolName: '鸡西技工学校', schoolType: 'technical_school', ownership: 'private', city: '鸡西', majorCode: '0201', classType: 'intermediate', students: '80.25' },
];

describe('readEnrollment: CSV encodings', () => {
  it.each([
    ['plain UTF-8', utf8(csvZh)],
    ['UTF-8 with BOM', withBom(utf8(csvZh))],
    ['GBK', new Uint8Array(iconv.encode(csvZh, 'gbk'))],
    ['GB18030', new Uint8Array(iconv.encode(csvZh, 'gb18030'))],
  ])('%s with Chinese headers and values', async (_name, bytes) => {
    const outcome = await readEnrollment(bytes, { fileName: 'e.csv' });
    expect(outcome.problems).toEqual([]);
    expect(outcome.format).toBe('csv');
    expect(outcome.lines).toEqual(expectedLines);
    expect(outcome.hash).toBe(sha256(bytes));
  });

  it('English headers and enum values, in any order', async () => {
    const csv = [
      'students,class_type,major_code,ownership,school_type,school_name,school_id',
      '120,intermediate,0101,public,technician_college,Harbin,S001',
      '7,Senior,0102,PUBLIC,senior technical school,Qiqihar,S003',
    ].join('\n');
    const outcome = await readEnrollment(utf8(csv));
    expect(outcome.problems).toEqual([]);
    expect(outcome.lines.map((l) => [l.row, l.schoolId, l.schoolType, l.classType, l.students])).toEqual([
      [2, 'S001', 'technician_college', 'intermediate', '120'],
      [3, 'S003', 'senior_technical_school', 'senior', '7'],
    ]);
  });

  it('a tab-separated UTF-16 export (Excel "Unicode text")', async () => {
    const tsv = csvZh.replace(/,/g, '\t').replace(/"/g, '');
    const bytes = new Uint8Array([0xff, 0xfe, ...iconv.encode(tsv, 'utf-16le')]);
    const outcome = await readEnrollment(bytes, { fileName: 'e.txt' });
    expect(outcome.problems).toEqual([]);
    expect(outcome.lines).toEqual(expectedLines);
  });

  it('blank lines still count as spreadsheet rows', async () => {
    const outcome = await readEnrollment(utf8([HEADER_ZH, '', ROWS_ZH[0], ',,,,,,,', 'S001,哈尔滨技师学院,技师学院,公办,哈尔滨,0101,高级工班,-3'].join('\n')));
    expect(outcome.lines.map((l) => l.row)).toEqual([3]);
    expect(outcome.problems).toMatchObject([{ row: 5, reason: 'invalid_students' }]);
  });
});

describe('readEnrollment: bad rows, each with its spreadsheet row number', () => {
  const bad = [
    HEADER_ZH, // row 1
    'S001,哈尔滨技师学院,技师学院,公办,哈尔滨,0101,中级工班,100', // 2 ok
    'S001,哈尔滨技师学院,技师学院,公办,哈尔滨,0102,中级工班,', // 3 missing students
    'S001,哈尔滨技师学院,技师学院,公办,哈尔滨,0103,中级工班,-5', // 4 negative
    'S001,哈尔滨技师学院,技师学院,公办,哈尔滨,0104,中级工班,12.345', // 5 three decimals
    'S001,哈尔滨技师学院,技师学院,公办,哈尔滨,0105,中级工班,十二', // 6 text
    'S001,哈尔滨技师学院,技师学院,公办,哈尔滨,0106,中级工班,99999999999', // 7 huge
    'S001,哈尔滨技师学院,技工大学,公办,哈尔滨,0107,中级工班,10', // 8 unknown school type
    'S001,哈尔滨技师学院,技师学院,国有,哈尔滨,0108,中级工班,10', // 9 unknown ownership
    'S001,哈尔滨技师学院,技师学院,公办,哈尔滨,0109,博士班,10', // 10 unknown class type
    'S001,哈尔滨技师学院,技工学校,公办,哈尔滨,0110,中级工班,10', // 11 inconsistent school
    'S001,哈尔滨技师学院,技师学院,公办,哈尔滨,0101,中级工班,5', // 12 duplicate of row 2
    'S001,哈尔滨技师学院,技师学院,公办,哈尔滨,0111,中级工班', // 13 ragged: a cell short
    'S001,哈尔滨技师学院,技师学院,公办,哈尔滨,0112,中级工班,10,extra', // 14 ragged: a cell too many
    ',哈尔滨技师学院,技师学院,公办,哈尔滨,0113,中级工班,10', // 15 missing school id
  ].join('\n');

  it('reports every bad row with its reason and keeps only the good one', async () => {
    const outcome = await readEnrollment(utf8(bad), { fileName: 'bad.csv' });
    expect(outcome.lines.map((l) => l.row)).toEqual([2]);
    expect(outcome.problems.map((p) => [p.row, p.reason])).toEqual([
      [3, 'missing_value'],
      [4, 'invalid_students'],
      [5, 'invalid_students'],
      [6, 'invalid_students'],
      [7, 'invalid_students'],
      [8, 'unknown_school_type'],
      [9, 'unknown_ownership'],
      [10, 'unknown_class_type'],
      [11, 'inconsistent_school'],
      [12, 'duplicate_line'],
      [13, 'ragged_row'],
      [14, 'ragged_row'],
      [15, 'missing_value'],
    ]);
    expect(outcome.problems.find((p) => p.row === 13)).toMatchObject({ code: 'csv_ragged_row' });
    expect(outcome.problems.find((p) => p.row === 12)!.params).toMatchObject({ firstRow: 2 });
  });

  it('a missing column is one problem naming it', async () => {
    const outcome = await readEnrollment(utf8('学校代码,学校名称,学校类型,办学性质,专业代码,班级类型\nS1,a,技师学院,公办,0101,中级工班\n'));
    expect(outcome.lines).toEqual([]);
    expect(outcome.problems).toHaveLength(1);
    expect(outcome.problems[0]).toMatchObject({ row: 1, reason: 'missing_column' });
    expect(render(outcome.problems[0]!, 'zh')).toContain('在校生数');
  });
});

describe('readEnrollment: JSON', () => {
  const lines = [
    { 学校代码: 'S001', 学校名称: '哈尔滨技师学院', 学校类型: '技师学院', 办学性质: '公办', 专业代码: '0101', 班级类型: '中级工班', 在校生数: 120 },
    { school_id: 'S002', school_name: 'B', school_type: 'technical_school', ownership: 'private', major_code: '0201', class_type: 'intermediate', students: '12.5' },
  ];
  it('reads an array of objects and { lines } with Chinese or English keys', async () => {
    for (const document of [lines, { lines }]) {
      const outcome = await readEnrollment(utf8(JSON.stringify(document)));
      expect(outcome.format).toBe('json');
      expect(outcome.problems).toEqual([]);
      expect(outcome.lines.map((l) => [l.row, l.schoolId, l.students])).toEqual([
        [1, 'S001', '120'],
        [2, 'S002', '12.5'],
      ]);
    }
  });
  it('reports bad elements and bad JSON without throwing', async () => {
    const outcome = await readEnrollment(utf8(JSON.stringify([lines[0], 42, { ...lines[1], students: 1.234 }])), { fileName: 'x.json' });
    expect(outcome.problems.map((p) => [p.row, p.reason])).toEqual([
      [2, 'ragged_row'],
      [3, 'invalid_students'],
    ]);
    const broken = await readEnrollment(utf8('[{"school_id": '), { fileName: 'x.json' });
    expect(broken.problems).toMatchObject([{ row: 0, reason: 'unreadable_file' }]);
    const wrongShape = await readEnrollment(utf8('{"rows": []}'));
    expect(render(wrongShape.problems[0]!, 'zh')).toContain('"lines"');
  });
});

describe('readEnrollment: XLSX', () => {
  async function workbookBytes(fill: (sheet: ExcelJS.Worksheet, workbook: ExcelJS.Workbook) => void): Promise<Uint8Array> {
    const workbook = new ExcelJS.Workbook();
    fill(workbook.addWorksheet('在校生'), workbook);
    return new Uint8Array(await workbook.xlsx.writeBuffer());
  }

  it('reads numbers, rich text, formula results and zero-padded codes', async () => {
    const bytes = await workbookBytes((sheet) => {
      sheet.addRow(HEADER_ZH.split(','));
      sheet.addRow(['S001', { richText: [{ text: '哈尔滨' }, { text: '技师学院', font: { bold: true } }] }, '技师学院', '公办', '哈尔滨', 101, '中级工班', 120]);
      sheet.getCell('F2').numFmt = '0000';
      sheet.addRow(['S001', '哈尔滨技师学院', '技师学院', '公办', '哈尔滨', '0101', '预备技师班', { formula: 'H2/4+5.5', result: 35.5 }]);
      sheet.addRow([]);
      sheet.addRow(['S002', '鸡西技工学校', '技工学校', '民办', '鸡西', '0201', '中级工班', 80.25]);
    });
    const outcome = await readEnrollment(bytes, { fileName: 'e.xlsx' });
    expect(outcome.problems).toEqual([]);
    expect(outcome.lines).toEqual([expectedLines[0], expectedLines[1], { ...expectedLines[2], row: 5 }]);
  });

  it('reads a named sheet and reports an unknown one', async () => {
    const bytes = await workbookBytes((first, workbook) => {
      first.addRow(['说明']);
      const data = workbook.addWorksheet('数据');
      data.addRow(HEADER_ZH.split(','));
      data.addRow(ROWS_ZH[0]!.split(','));
    });
    expect((await readEnrollment(bytes, { sheet: '数据' })).lines).toEqual([expectedLines[0]]);
    const missing = await readEnrollment(bytes, { sheet: 'nope' });
    expect(missing.problems[0]).toMatchObject({ row: 0, reason: 'unreadable_file' });
    expect(render(missing.problems[0]!, 'zh')).toContain('数据');
  });

  it('a school name merged down its lines fills every line, and a missing column is one problem', async () => {
    const bytes = await workbookBytes((sheet) => {
      sheet.addRow(HEADER_ZH.split(','));
      for (const row of ROWS_ZH) sheet.addRow(row.split(',').map((cell) => cell.replace(/"/g, '')));
      sheet.getCell('B3').value = null;
      sheet.mergeCells('B2:B3');
    });
    // The sheet is scanned twice (the merges are listed at its end); the second scan's lines replace the first's.
    const outcome = await readEnrollment(bytes);
    expect(outcome.problems).toEqual([]);
    expect(outcome.lines).toEqual(expectedLines);

    const noStudents = await workbookBytes((sheet) => {
      sheet.addRow(HEADER_ZH.split(',').slice(0, -1));
      sheet.addRow(ROWS_ZH[0]!.split(',').slice(0, -1));
    });
    expect((await readEnrollment(noStudents)).problems).toMatchObject([{ row: 0, reason: 'missing_column', code: 'xlsx_header_not_found', params: { row: 1, fields: ['students'] } }]);
  });

  it('a value under no header is a ragged row', async () => {
    const bytes = await workbookBytes((sheet) => {
      sheet.addRow(HEADER_ZH.split(','));
      sheet.addRow([...ROWS_ZH[0]!.split(','), 'stray']);
    });
    expect((await readEnrollment(bytes)).problems).toMatchObject([{ row: 2, reason: 'ragged_row' }]);
  });

  it('corrupt, truncated and random bytes are problems, never exceptions', async () => {
    const good = await workbookBytes((sheet) => sheet.addRow(HEADER_ZH.split(',')));
    const truncated = good.subarray(0, Math.floor(good.length / 2));
    const corrupted = new Uint8Array(good);
    for (let i = 200; i < corrupted.length - 200; i += 7) corrupted[i] = corrupted[i]! ^ 0x5a;
    // Damage inside the first entry's compressed data: the central directory is intact, the content is not.
    const damagedContent = new Uint8Array(good);
    for (let i = 60; i < 160; i++) damagedContent[i] = damagedContent[i]! ^ 0xff;
    let seed = 7;
    const random = new Uint8Array(4096).map(() => (seed = (seed * 1103515245 + 12345) >>> 0) >>> 24);
    const zipHeaderThenJunk = new Uint8Array([0x50, 0x4b, 0x03, 0x04, ...random]);
    for (const [bytes, options] of [
      [truncated, { fileName: 'a.xlsx' }],
      [corrupted, { fileName: 'a.xlsx' }],
      [damagedContent, { fileName: 'a.xlsx' }],
      [random, { fileName: 'a.xlsx' }],
      [random, {}],
      [random, { format: 'json' as const }],
      [zipHeaderThenJunk, {}],
      [zipHeaderThenJunk, { fileName: 'a.csv' }],
    ] as const) {
      const outcome = await readEnrollment(bytes, options);
      expect(outcome.lines).toEqual([]);
      expect(outcome.problems.length).toBeGreaterThan(0);
      expect(outcome.problems[0]!.row).toBeLessThanOrEqual(1);
    }
  });
});

describe('readEnrollment: file-level limits and detection', () => {
  it('empty, oversized and .xls files are row-0 problems', async () => {
    expect((await readEnrollment(new Uint8Array(0))).problems).toMatchObject([{ row: 0, reason: 'unreadable_file' }]);
    expect((await readEnrollment(utf8('  \n\n'))).problems).toMatchObject([{ row: 0 }]);
    expect((await readEnrollment(new Uint8Array(MAX_FILE_BYTES + 1))).problems).toMatchObject([{ row: 0, reason: 'too_large' }]);
    expect(render((await readEnrollment(utf8(csvZh), { fileName: 'old.XLS' })).problems[0]!, 'zh')).toContain('另存为“Excel 工作簿（*.xlsx）”');
  });
  it('detects the format by option, then extension, then content', () => {
    const zip = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0]);
    expect(detectFormat(zip)).toBe('xlsx');
    expect(detectFormat(utf8('\uFEFF  [{}]'))).toBe('json');
    expect(detectFormat(utf8('{"lines":[]}'), { fileName: 'a.csv' })).toBe('csv');
    expect(detectFormat(utf8('a,b'), { fileName: 'a.json', format: 'csv' })).toBe('csv');
    expect(detectFormat(utf8('a,b'))).toBe('csv');
  });
});

describe('readZipDirectory', () => {
  it('refuses archives that would expand beyond the limit, before decompressing', async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('x').addRow(HEADER_ZH.split(','));
    const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());
    const check = await readZipDirectory(bytes, 10 ** 9);
    expect(check.ok && check.entries.size).toBeGreaterThan(3);
    expect(await readZipDirectory(bytes, 100)).toMatchObject({ ok: false });
    expect(await readZipDirectory(bytes.subarray(0, bytes.length - 10), 10 ** 9)).toMatchObject({ ok: false });
  });
});
