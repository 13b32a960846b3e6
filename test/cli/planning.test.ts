import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Decimal } from '../../domain/decimal';
import { skillfund } from '../support/cli';

const RULES_2025 = 'data/rules-hlj-2025.json';
const RULES_2026 = 'data/rules-hlj-2026-protected.json';
const CSV_2025 = 'data/enrollment-hlj-2025.csv';
const CSV_2026 = 'data/enrollment-hlj-2026.csv';
const PLAN = 'data/plan-hlj-2025-2027.json';


async function sheets(file: string) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load((await readFile(file)) as unknown as ArrayBuffer);
  return workbook;
}

const sum = (values: string[]) => values.reduce((total, v) => total.plus(v), new Decimal(0));
let dir: string;
let baseline: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'skillfund-planning-'));
  baseline = join(dir, 'result-2025.json');
  const { code } = await skillfund('allocate', '--rules', RULES_2025, '--enrollment', CSV_2025, '--out', baseline);
  expect(code).toBe(0);
});

describe('skillfund allocate --baseline (SPEC §7)', () => {
  it('protects every school between its floor and its cap, and says what floors and caps cost', async () => {
    const { code, stdout } = await skillfund('allocate', '--rules', RULES_2026, '--enrollment', CSV_2026, '--baseline', baseline, '--budget', '2080000000', '--envelope-policy', 'exact');
    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    expect(result.summary.totalAllocation).toBe('2080000000.00');
    expect(result.summary.protection).toMatchObject({ basis: 'perStudent', schoolsProtected: 124 });
    expect(result.summary.protection.schoolsAtFloor).toBeGreaterThan(0);
    expect(result.summary.protection.schoolsAtCap).toBeGreaterThan(0);
    for (const school of result.schools) {
      expect(new Decimal(school.allocation).greaterThanOrEqualTo(school.protection.floor)).toBe(true);
      if (school.protection.cap !== undefined) expect(new Decimal(school.allocation).lessThanOrEqualTo(school.protection.cap)).toBe(true);
    }
  });

  it('writes the protection columns in CSV and XLSX', async () => {
    const csv = await skillfund('allocate', '--rules', RULES_2026, '--enrollment', CSV_2026, '--baseline', baseline, '--format', 'csv');
    const [header] = parse(csv.stdout.replace(/^\uFEFF/, '')) as string[][];
    expect(header).toEqual(expect.arrayContaining(['上年拨款(元)', '保底额(元)', '封顶额(元)', '保底封顶约束']));
    const out = join(dir, 'protected.xlsx');
    expect((await skillfund('allocate', '--rules', RULES_2026, '--enrollment', CSV_2026, '--baseline', baseline, '--format', 'xlsx', '--out', out)).code).toBe(0);
    const schoolSheet = (await sheets(out)).getWorksheet('学校')!;
    expect(schoolSheet.getRow(1).values).toEqual(expect.arrayContaining(['保底额(元)', '保底封顶约束']));
  });

  it('warns when the rule set has protection and no baseline is given, and refuses a file that is not a result', async () => {
    const { code, stdout, stderr } = await skillfund('allocate', '--rules', RULES_2026, '--enrollment', CSV_2026);
    expect(code).toBe(0);
    expect(stderr).toContain('未提供上年基数');
    expect(JSON.parse(stdout).summary.warnings).toContainEqual({ code: 'protection_without_baseline', params: {} });
    const bad = await skillfund('allocate', '--rules', RULES_2026, '--enrollment', CSV_2026, '--baseline', RULES_2025);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toContain('summary');
    expect(bad.stderr).toContain('schools');
  });
});

describe('skillfund explain --baseline', () => {
  it('says in the statement how protection decided the school', async () => {
    const result = JSON.parse((await skillfund('allocate', '--rules', RULES_2026, '--enrollment', CSV_2026, '--baseline', baseline)).stdout);
    const floored = result.schools.find((s: { protection: { bound: string | null } }) => s.protection.bound === 'floor');
    const { code, stdout } = await skillfund('explain', '--rules', RULES_2026, '--enrollment', CSV_2026, '--baseline', baseline, '--school', floored.schoolId);
    expect(code).toBe(0);
    expect(stdout).toContain('保底与封顶：按上年生均');
    expect(stdout).toContain('保底 97%');
    expect(stdout).toContain('低于保底额，按保底额');
  });
});

describe('skillfund solve (SPEC §8)', () => {
  it('finds the standard the budget pays for, writes the solved rule set, and allocate agrees', async () => {
    const rulesOut = join(dir, 'solved.json');
    const { code, stdout } = await skillfund('solve', '--rules', 'data/rules-hlj-2026.json', '--enrollment', CSV_2026, '--parameter', 'tiers.T2.perStudent', '--budget', '2,150,000,000', '--rules-out', rulesOut);
    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    expect(Object.keys(result).slice(0, 6)).toEqual(['parameter', 'value', 'total', 'gap', 'nextTotal', 'ruleSet']);
    expect(new Decimal(result.total).lessThanOrEqualTo('2150000000')).toBe(true);
    expect(new Decimal(result.nextTotal).greaterThan('2150000000')).toBe(true);
    expect(new Decimal(result.gap).plus(result.total).toFixed(2)).toBe('2150000000.00');
    expect(result.comparison.summary.candidateTotalAllocation).toBe(result.total);
    const check = JSON.parse((await skillfund('allocate', '--rules', rulesOut, '--enrollment', CSV_2026)).stdout);
    expect(check.summary.totalAllocation).toBe(result.total);
  });

  it('exports the answer and the comparison as CSV and XLSX', async () => {
    const args = ['solve', '--rules', 'data/rules-hlj-2026.json', '--enrollment', CSV_2026, '--parameter', 'uplifts.scarce.rate', '--budget', '2110000000'];
    const csv = await skillfund(...args, '--format', 'csv');
    expect(csv.code).toBe(0);
    const rows = parse(csv.stdout.replace(/^\uFEFF/, ''), { relax_column_count: true }) as string[][];
    expect(rows[0]).toEqual(['项目', '值']);
    expect(rows.find((r) => r[0] === '反推参数')).toEqual(['反推参数', 'uplifts.scarce.rate']);
    expect(rows.some((r) => r[0] === '学校代码')).toBe(true);
    const out = join(dir, 'solve.xlsx');
    expect((await skillfund(...args, '--format', 'xlsx', '--out', out)).code).toBe(0);
    expect((await sheets(out)).worksheets.map((s) => s.name)).toEqual(expect.arrayContaining(['反推结果', '学校', '规则差异']));
  });

  it('exits 1 naming the parameter or the budget that cannot work', async () => {
    const unknown = await skillfund('solve', '--rules', 'data/rules-hlj-2026.json', '--enrollment', CSV_2026, '--parameter', 'tiers.T9.perStudent', '--budget', '1');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('parameter: 参数“tiers.T9.perStudent”：规则集中没有档次“T9”。');
    const low = await skillfund('solve', '--rules', 'data/rules-hlj-2026.json', '--enrollment', CSV_2026, '--parameter', 'tiers.T2.perStudent', '--budget', '1000', '--lang', 'en');
    expect(low.code).toBe(1);
    expect(low.stderr).toMatch(/budget: Even with "tiers.T2.perStudent" at 0 the total is ¥[\d,.]+, more than the budget ¥1,000.00/);
  });
});

describe('skillfund plan (SPEC §12)', () => {
  it('computes the sample 2025–2027 plan: protection bites in 2026 and carries into 2027', async () => {
    const { code, stdout, stderr } = await skillfund('plan', '--plan', PLAN);
    expect(code).toBe(0);
    expect(stderr).toContain('按专业大类的增长率推算');
    const plan = JSON.parse(stdout);
    expect(plan.years.map((y: { fiscalYear: number; totalAllocation: string }) => [y.fiscalYear, y.totalAllocation])).toEqual([
      [2025, '1950000000.00'],
      [2026, '2080000000.00'],
      [2027, '2150000000.00'],
    ]);
    const [y2025, y2026, y2027] = plan.years;
    expect(y2025.schools[0].protection).toBeUndefined();
    expect(y2026.schoolsAtFloor).toBeGreaterThan(0);
    expect(y2026.schoolsAtCap).toBeGreaterThan(0);
    // Each year's baseline is the year before's result.
    expect(y2026.summary.protection.baseline).toMatchObject({ fiscalYear: 2025, totalAllocation: '1950000000' });
    expect(y2027.summary.protection.baseline).toMatchObject({ fiscalYear: 2026, totalAllocation: '2080000000' });
    const school = y2026.schools.find((s: { protection: { bound: string | null } }) => s.protection.bound === 'floor');
    expect(school.protection.baselineAllocation).toBe(y2025.schools.find((s: { schoolId: string }) => s.schoolId === school.schoolId).allocation.replace(/\.?0+$/, ''));
    expect(y2027.enrollment.source).toBe('projected');
    const path = plan.trajectory.find((t: { schoolId: string }) => t.schoolId === school.schoolId).years;
    expect(path[1]).toMatchObject({ fiscalYear: 2026, allocation: school.allocation, bound: 'floor' });
    expect(sum(y2026.schools.map((s: { allocation: string }) => s.allocation)).toFixed(2)).toBe('2080000000.00');
    // §9 against the year before: the effects add up to the change, protection among them.
    expect(y2025.attribution).toBeUndefined();
    expect(y2026.attribution.totals.change).toBe('130000000.00');
    expect(sum(Object.values(y2026.attribution.totals.effects) as string[]).toFixed(2)).toBe('130000000.00');
    expect(y2026.attribution.totals.effects.protection).not.toBe('0');
  });

  it('exports a sheet per year and a trajectory sheet, and a CSV row per school and year', async () => {
    const out = join(dir, 'plan.xlsx');
    expect((await skillfund('plan', '--plan', PLAN, '--format', 'xlsx', '--out', out)).code).toBe(0);
    const workbook = await sheets(out);
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['汇总', '2025年', '2026年', '2027年', '轨迹']);
    expect(workbook.getWorksheet('轨迹')!.rowCount).toBe(151);
    const csv = await skillfund('plan', '--plan', PLAN, '--format', 'csv', '--lang', 'en');
    const rows = parse(csv.stdout.replace(/^\uFEFF/, '')) as string[][];
    expect(rows[0]!.slice(0, 3)).toEqual(['fiscal_year', 'school_id', 'school_name']);
    expect(rows).toHaveLength(1 + 3 * 150);
  });

  it('exits 1 with the path of every problem in the plan', async () => {
    const plan = JSON.parse(await readFile(PLAN, 'utf8'));
    plan.years[2].enrollment.growth.byCategory['03'] = '8';
    plan.years[1].rules = 'no-such-rules.json';
    plan.years[0].budgetx = '1';
    const file = join(dir, 'bad-plan.json');
    await writeFile(file, JSON.stringify(plan));
    const { code, stderr } = await skillfund('plan', '--plan', file);
    expect(code).toBe(1);
    expect(stderr).toContain('years[2].enrollment.growth.byCategory["03"]');
    expect(stderr).toContain('years[0].budgetx');
    // Once the shape is right, the files are resolved relative to the plan and each missing one is named.
    delete plan.years[0].budgetx;
    plan.years[2].enrollment.growth.byCategory['03'] = '0.08';
    await writeFile(file, JSON.stringify(plan));
    const missing = await skillfund('plan', '--plan', file);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('years[0].rules: 无法读取文件 rules-hlj-2025.json');
    expect(missing.stderr).toContain('years[1].rules: 无法读取文件 no-such-rules.json');
  });
});
