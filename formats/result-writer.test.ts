import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { allocate } from '../domain/allocate';
import { Decimal } from '../domain/decimal';
import { paymentSchedule } from '../domain/instalments';
import type { RunRecord } from './run-sheets';
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
    const entitlement = header!.indexOf('按标准应拨(元)');
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
  it('has 汇总, 学校, 明细 and 排除 sheets whose totals equal summary.totalAllocation', async () => {
    const result = await sampleResult((lines) => [...lines, { ...lines[0]!, row: 9999, majorCode: '9999' }]);
    expect(result.excluded).toHaveLength(1);
    const workbook = await loadWorkbook(await resultToXlsx(result));
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['汇总', '学校', '明细', '排除']);

    const summary = workbook.getWorksheet('汇总')!;
    // Amounts are number cells in their own column; text stays text.
    const summaryAmounts = new Map(columnValues(summary, '项目').map((label, i) => [label, columnValues(summary, '金额(元)')[i]]));
    expect(typeof summaryAmounts.get('拨款总额(元)')).toBe('number');
    expect(new Decimal(String(summaryAmounts.get('拨款总额(元)'))).toFixed(2)).toBe(result.summary.totalAllocation);

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

    const excluded = workbook.getWorksheet('排除')!;
    expect(columnValues(excluded, '行号')).toEqual([9999]);
    expect(columnValues(excluded, '原因')).toEqual(['专业不在规则集中']);
    expect(columnValues(excluded, '说明')).toEqual(['专业代码“9999”不在规则集中。']);
  });

  it('carries the run record on the summary sheet and a 拨付计划 sheet that adds up both ways', async () => {
    const result = await sampleResult();
    const instalments = [
      { label: '上半年', share: '0.6', due: '2026-06-30' },
      { label: '下半年', share: '0.4', due: '2026-12-31' },
    ];
    const schedule = paymentSchedule(result.schools, 2, instalments);
    const run: RunRecord = {
      runId: 'run-42',
      state: 'superseded',
      datasetId: 'ds-1',
      createdBy: '张会计',
      createdAt: '2026-03-01T08:00:00.000Z',
      approval: { by: '李复核', at: '2026-03-02T09:00:00.000Z', comment: '同意拨付' },
      supersededBy: { runId: 'run-43', by: '吴处长', at: '2026-04-01T09:00:00.000Z', comment: '更正人数' },
      excludedEntitlement: '12345.5',
    };
    const workbook = await loadWorkbook(await resultToXlsx(result, 'zh', { run, schedule }));
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['汇总', '学校', '明细', '排除', '拨付计划']);
    const summary = workbook.getWorksheet('汇总')!;
    const values = new Map(columnValues(summary, '项目').map((label, i) => [label, columnValues(summary, '值')[i]]));
    expect(Object.fromEntries([...values].filter(([label]) => ['测算编号', '审核状态', '创建人', '批准人', '批准意见', '被以下测算替代', '替代理由', '预算约束'].includes(String(label))))).toEqual({
      测算编号: 'run-42',
      审核状态: '已被替代',
      创建人: '张会计',
      批准人: '李复核',
      批准意见: '同意拨付',
      被以下测算替代: 'run-43',
      替代理由: '更正人数',
      预算约束: '不设上限',
    });
    const amounts = new Map(columnValues(summary, '项目').map((label, i) => [label, columnValues(summary, '金额(元)')[i]]));
    expect(amounts.get('剔除行按规则应拨合计(元)')).toBe(12345.5);

    const sheet = workbook.getWorksheet('拨付计划')!;
    const first = columnValues(sheet, '上半年 (2026-06-30)');
    const second = columnValues(sheet, '下半年 (2026-12-31)');
    const totals = columnValues(sheet, '拨款金额(元)');
    const [shareRow, totalRow] = [first.length - 1, first.length - 2];
    expect(columnValues(sheet, '学校代码').slice(-2)).toEqual(['合计', '比例']);
    expect(first[shareRow]).toBe(0.6);
    for (let i = 0; i < result.schools.length; i++) expect(new Decimal(String(first[i])).plus(String(second[i])).toFixed(2)).toBe(new Decimal(String(totals[i])).toFixed(2));
    expect(sum(first.slice(0, totalRow)).toFixed(2)).toBe(new Decimal(String(first[totalRow])).toFixed(2));
    expect(new Decimal(String(first[totalRow])).plus(String(second[totalRow])).toFixed(2)).toBe(result.summary.totalAllocation);

    // The CSV names the run and its approval on every row.
    const rows = parse(resultToCsv(result, 'zh', run).replace(/^\uFEFF/, ''), { columns: true }) as Record<string, string>[];
    expect(rows[0]).toMatchObject({ 测算编号: 'run-42', 审核状态: '已被替代', 批准人: '李复核', 批准意见: '同意拨付' });
  });

  it('defuses formulas in text cells', async () => {
    const result = await sampleResult((lines) => lines.map((l) => (l.schoolId === lines[0]!.schoolId ? { ...l, schoolName: '@SUM(1)' } : l)));
    const workbook = await loadWorkbook(await resultToXlsx(result));
    const names = columnValues(workbook.getWorksheet('学校')!, '学校名称');
    expect(names).toContain("'@SUM(1)");
    expect(names.some((name) => typeof name === 'object' && name !== null)).toBe(false);
  });
});
