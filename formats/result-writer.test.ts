import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { allocate } from '../domain/allocate';
import { Decimal } from '../domain/decimal';
import type { EnrollmentLine } from '../domain/enrollment';
import type { AllocationResult } from '../domain/result';
import { readEnrollment } from './enrollment-reader';
import { resultToCsv, resultToXlsx } from './result-writer';
import { dataPath, loadSampleRuleSet } from './test-fixtures';

const ruleSet = loadSampleRuleSet();

async function sampleResult(edit?: (lines: EnrollmentLine[]) => EnrollmentLine[], budget?: string): Promise<AllocationResult> {
  const enrollment = await readEnrollment(readFileSync(dataPath('enrollment-hlj-2026.csv')), { fileName: 'e.csv' });
  const lines = edit ? edit(enrollment.lines) : enrollment.lines;
  const outcome = allocate({ ruleSet, lines, excludeInvalid: true, ...(budget ? { envelope: { policy: 'cap', budget } } : {}) });
  if (!outcome.ok) throw new Error(JSON.stringify(outcome.problems));
  return outcome.result;
}

const sum = (values: unknown[]) => values.reduce<Decimal>((total, value) => total.plus(String(value)), new Decimal(0));

async function loadWorkbook(bytes: Uint8Array) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  return workbook;
}

function columnValues(sheet: ExcelJS.Worksheet, header: string): unknown[] {
  const headerRow = sheet.getRow(1).values as unknown[];
  const column = headerRow.indexOf(header);
  expect(column).toBeGreaterThan(0);
  const values: unknown[] = [];
  sheet.eachRow((row, number) => {
    if (number > 1) values.push(row.getCell(column).value);
  });
  return values;
}

describe('resultToCsv', () => {
  it('one row per line with Chinese headers; the allocation column sums to the total', async () => {
    const result = await sampleResult(undefined, '1500000000');
    const rows = parse(resultToCsv(result).replace(/^\uFEFF/, '')) as string[][];
    const [header, ...body] = rows;
    expect(header!.slice(0, 3)).toEqual(['学校代码', '学校名称', '学校类型']);
    expect(body).toHaveLength(result.summary.counts.lines);
    const allocation = header!.indexOf('拨款金额(元)');
    expect(sum(body.map((row) => row[allocation])).toFixed(2)).toBe(result.summary.totalAllocation);
    expect(result.summary.totalAllocation).toBe('1500000000.00');
    const entitlement = header!.indexOf('测算金额(元)');
    expect(sum(body.map((row) => row[entitlement])).equals(result.summary.totalEntitlement)).toBe(true);
  });

  it('English headers and enumeration values with lang=en', async () => {
    const result = await sampleResult();
    const [header, first] = parse(resultToCsv(result, 'en').replace(/^\uFEFF/, '')) as string[][];
    expect(header).toContain('allocation');
    expect(['technician college', 'senior technical school', 'technical school']).toContain(first![header!.indexOf('school_type')]);
  });

  it('defuses formulas in school names', async () => {
    const result = await sampleResult((lines) => lines.map((l) => (l.schoolId === lines[0]!.schoolId ? { ...l, schoolName: '=HYPERLINK("http://evil","x")' } : l)));
    const rows = parse(resultToCsv(result).replace(/^\uFEFF/, '')) as string[][];
    expect(rows.some((row) => row[1] === `'=HYPERLINK("http://evil","x")`)).toBe(true);
    expect(rows.some((row) => row[1]!.startsWith('='))).toBe(false);
  });
});

describe('resultToXlsx', () => {
  it('has 汇总, 学校, 明细 and 剔除 sheets whose totals equal summary.totalAllocation', async () => {
    const result = await sampleResult((lines) => [...lines, { ...lines[0]!, row: 9999, majorCode: '9999' }]);
    expect(result.excluded).toHaveLength(1);
    const workbook = await loadWorkbook(await resultToXlsx(result));
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['汇总', '学校', '明细', '剔除']);

    const summary = workbook.getWorksheet('汇总')!;
    const summaryValues = new Map(columnValues(summary, '项目').map((label, i) => [label, columnValues(summary, '值')[i]]));
    expect(summaryValues.get('拨款总额(元)')).toBe(result.summary.totalAllocation);

    const schools = workbook.getWorksheet('学校')!;
    const allocations = columnValues(schools, '拨款金额(元)');
    const totalCell = allocations.pop();
    expect(allocations).toHaveLength(result.schools.length);
    expect(typeof allocations[0]).toBe('number');
    expect(sum(allocations).toFixed(2)).toBe(result.summary.totalAllocation);
    expect(new Decimal(String(totalCell)).toFixed(2)).toBe(result.summary.totalAllocation);
    expect(columnValues(schools, '学校代码').at(-1)).toBe('合计');

    const lines = workbook.getWorksheet('明细')!;
    expect(sum(columnValues(lines, '拨款金额(元)')).toFixed(2)).toBe(result.summary.totalAllocation);

    const excluded = workbook.getWorksheet('剔除')!;
    expect(columnValues(excluded, '行号')).toEqual([9999]);
    expect(columnValues(excluded, '原因')).toEqual(['专业不在规则集中']);
    expect(columnValues(excluded, '说明')).toEqual(['专业代码“9999”不在规则集中。']);
  });

  it('defuses formulas in text cells', async () => {
    const result = await sampleResult((lines) => lines.map((l) => (l.schoolId === lines[0]!.schoolId ? { ...l, schoolName: '@SUM(1)' } : l)));
    const workbook = await loadWorkbook(await resultToXlsx(result));
    const names = columnValues(workbook.getWorksheet('学校')!, '学校名称');
    expect(names).toContain("'@SUM(1)");
    expect(names.some((name) => typeof name === 'object' && name !== null)).toBe(false);
  });
});
