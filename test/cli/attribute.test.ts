import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Decimal } from '../../domain/decimal';

const run = promisify(execFile);
const BIN = resolve('bin/skillfund.mjs');

/** Runs the real `skillfund` bin as a user would, returning exit code and output. */
async function skillfund(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { maxBuffer: 64 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failure = error as { code: number; stdout: string; stderr: string };
    return { code: failure.code, stdout: failure.stdout, stderr: failure.stderr };
  }
}

const EFFECTS = ['enrollment', 'standard', 'upliftRate', 'upliftAmount', 'coverage', 'protection', 'envelope'];
const sum = (values: string[]) => values.reduce((total, v) => total.plus(v), new Decimal(0));

/**
 * Run descriptions in their own folders, pointing at the sample data by relative paths: last year's run (the rules in
 * force, the sample enrolment, no budget) and this year's (the candidate rules, the first public school with 10
 * students more in its first line, and a cap).
 */
let dir: string;
let base: string;
let next: string;
let grown: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'skillfund-attribute-'));
  await mkdir(join(dir, 'data'));
  await mkdir(join(dir, 'runs', '2026'), { recursive: true });
  for (const file of ['rules-hlj-2026.json', 'rules-hlj-2026-candidate.json', 'enrollment-hlj-2026.xlsx']) await copyFile(join('data', file), join(dir, 'data', file));
  const csv = new TextDecoder('gb18030').decode(await readFile('data/enrollment-hlj-2026.csv'));
  const rows = csv.split(/\r?\n/);
  // The first line of a public school (columns: 学校代码, 学校名称, 学校类型, 办学性质, 地市, 专业代码, 班级类型, 在校生数).
  const index = rows.findIndex((row, i) => i > 0 && row.split(',')[3] === '公办');
  const cells = rows[index]!.split(',');
  grown = cells[0]!;
  cells[7] = String(Number(cells[7]) + 10);
  rows[index] = cells.join(',');
  await writeFile(join(dir, 'runs', '2026', 'enrollment.csv'), rows.join('\n'));
  base = join(dir, 'runs', 'base.json');
  next = join(dir, 'runs', '2026', 'new.json');
  await writeFile(base, JSON.stringify({ rules: '../data/rules-hlj-2026.json', enrollment: '../data/enrollment-hlj-2026.xlsx' }));
  await writeFile(next, JSON.stringify({ rules: '../../data/rules-hlj-2026-candidate.json', enrollment: 'enrollment.csv', budget: 2_150_000_000, envelopePolicy: 'cap' }));
});

describe('skillfund attribute', () => {
  it('prints SPEC §13’s JSON: totals and schools whose seven effects add up to each change', async () => {
    const { code, stdout } = await skillfund('attribute', '--base', base, '--new', next);
    expect(code).toBe(0);
    const a = JSON.parse(stdout);
    expect(Object.keys(a.totals.effects)).toEqual(EFFECTS);
    expect(a.schools).toHaveLength(150);
    const ids = a.schools.map((s: { schoolId: string }) => s.schoolId);
    expect(ids).toEqual([...ids].sort());
    for (const s of a.schools) {
      expect(Object.keys(s.effects)).toEqual(EFFECTS);
      expect(sum(EFFECTS.map((e) => s.effects[e])).eq(s.change)).toBe(true);
      for (const line of s.lines) expect(Object.keys(line.effects)).toEqual(EFFECTS.slice(0, 5));
    }
    expect(sum(a.schools.map((s: { change: string }) => s.change)).eq(a.totals.change)).toBe(true);
    // The cap binds (ΣA¹ = 2,150,000,000.00 of 2,155,6xx,xxx entitled), so every funded school has an envelope effect.
    expect(a.totals.newAllocation).toBe('2150000000.00');
    expect(new Decimal(a.totals.effects.envelope).isNegative()).toBe(true);
    // The 10 students more: (n¹ − n⁰) × p⁰ on that school's first line.
    const school = a.schools.find((s: { schoolId: string }) => s.schoolId === grown);
    const line = school.lines.find((l: { baseStudents: string; newStudents: string }) => l.baseStudents !== l.newStudents);
    expect(new Decimal(line.newStudents).minus(line.baseStudents).toFixed()).toBe('10');
    expect(line.effects.enrollment).toBe(new Decimal(line.basePerStudent).times(10).toFixed());
    expect(a.totals.effects.enrollment).toBe(line.effects.enrollment);
  });

  it('writes the school level as CSV with Chinese headings and a total row', async () => {
    const { code, stdout } = await skillfund('attribute', '--base', base, '--new', next, '--format', 'csv');
    expect(code).toBe(0);
    const [header, ...rows] = parse(stdout.slice(1)) as string[][];
    expect(header).toEqual(expect.arrayContaining(['学校代码', '增减(元)', '在校生变动(元)', '生均标准变动（档次、大类、班型）(元)', '预算调整与取整(元)']));
    const change = header!.indexOf('增减(元)');
    expect(rows.at(-1)![0]).toBe('合计');
    expect(sum(rows.slice(0, -1).map((row) => row[change]!)).toFixed(2)).toBe(rows.at(-1)![change]);
  });

  it('writes a workbook with a sheet per level, the lines explained in Chinese', async () => {
    const out = join(dir, 'attribution.xlsx');
    const { code } = await skillfund('attribute', '--base', base, '--new', next, '--format', 'xlsx', '--out', out);
    expect(code).toBe(0);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await readFile(out)) as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['汇总', '学校', '明细', '按专业大类', '按班级类型', '影响最大的学校']);
    const lines = workbook.getWorksheet('明细')!;
    const headers = lines.getRow(1).values as string[];
    const explanation = headers.indexOf('变动说明');
    const texts = lines.getColumn(explanation).values.slice(2).map(String);
    expect(texts).toContain('信息类由二档调为三档：生均标准 6,500→7,500 元，影响 +409,000.00 元');
    expect(texts.some((text) => /^在校生 \d+→\d+ 人，按原生均 [\d,.]+ 元计，影响 \+[\d,]+\.\d\d 元/.test(text))).toBe(true);
    const totals = workbook.getWorksheet('汇总')!;
    expect(totals.getRow(1).values).toEqual([undefined, '项目', '金额(元)', '说明']);
    expect(totals.getColumn(1).values).toEqual(expect.arrayContaining(['基准拨款总额', '在校生变动', '保底与封顶', '预算调整与取整', '本次拨款总额']));
  });

  it('applies the new rules’ protection against the baseline the description names', async () => {
    // Last year's result as the baseline; this year's rules guarantee 97 % and cap gains at 2 % of it (SPEC §7).
    const lastYear = join(dir, 'runs', 'result-2025.json');
    expect((await skillfund('allocate', '--rules', 'data/rules-hlj-2026.json', '--enrollment', 'data/enrollment-hlj-2026.xlsx', '--out', lastYear)).code).toBe(0);
    const rules = JSON.parse(await readFile('data/rules-hlj-2026-candidate.json', 'utf8'));
    await writeFile(join(dir, 'data', 'rules-2027-protected.json'), JSON.stringify({ ...rules, fiscalYear: 2027, protection: { basis: 'total', floor: '-0.03', gainCap: '0.02' } }));
    const protectedRun = join(dir, 'runs', '2026', 'protected.json');
    await writeFile(protectedRun, JSON.stringify({ rules: '../../data/rules-2027-protected.json', enrollment: 'enrollment.csv', baseline: '../result-2025.json' }));
    const { code, stdout, stderr } = await skillfund('attribute', '--base', base, '--new', protectedRun);
    expect(code).toBe(0);
    // The baseline is used: no protection warning, only the rule set's own note on ineligible schools.
    expect(stderr.trim().split('\n')).toEqual(['提示：规则集仅对公办学校拨款，其他学校拨款为 0。', '提示：规则集仅对公办学校拨款，其他学校拨款为 0。']);
    const a = JSON.parse(stdout);
    // The candidate raises many schools by more than 2 %: their gains above the cap are the protection effect.
    const capped = a.schools.filter((s: { effects: { protection: string } }) => new Decimal(s.effects.protection).isNegative());
    expect(capped.length).toBeGreaterThan(0);
    for (const s of capped) {
      expect(new Decimal(s.newAllocation).lessThanOrEqualTo(new Decimal(s.baseAllocation).times('1.02'))).toBe(true);
      expect(sum(EFFECTS.map((e) => s.effects[e])).eq(s.change)).toBe(true);
    }
    expect(a.summary.new.notices).toBeUndefined();
  });

  it('exits 1 listing every problem of both descriptions with its JSON path, and prints nothing', async () => {
    const badBase = join(dir, 'bad-base.json');
    const badNew = join(dir, 'bad-new.json');
    await writeFile(join(dir, 'bad-rules.json'), JSON.stringify({ ...JSON.parse(await readFile('data/rules-hlj-2026.json', 'utf8')), tiers: [{ code: 'T1', name: '一档', perStudent: '-1' }] }));
    await writeFile(badBase, JSON.stringify({ rules: 'bad-rules.json', enrollment: 'missing.csv', budget: 'abc', baseline: 'bad-rules.json' }));
    await writeFile(badNew, JSON.stringify({ rules: 'missing-rules.json', enrolment: 'data/enrollment-hlj-2026.xlsx', envelopePolicy: 'always' }));
    const { code, stdout, stderr } = await skillfund('attribute', '--base', badBase, '--new', badNew, '--lang', 'en');
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain(`${badBase} budget: "abc" is not a decimal number`);
    expect(stderr).toMatch(new RegExp(`${badBase} rules → tiers\\[0\\]\\.perStudent: `));
    expect(stderr).toMatch(new RegExp(`${badBase} enrollment: File not found: .*missing\\.csv`));
    expect(stderr).toContain(`${badBase} baseline → `);
    expect(stderr).toContain(`${badNew} enrolment: Unknown field "enrolment"; remove it or check its spelling.`);
    expect(stderr).toContain(`${badNew} envelopePolicy: `);
    expect(stderr).toContain(`${badNew} enrollment: `);
    // A wrong field does not hide the others' problems.
    expect(stderr).toMatch(new RegExp(`${badNew} rules: File not found: .*missing-rules\\.json`));
  });

  it('refuses runs that round to different scales, in Chinese', async () => {
    const yuan = join(dir, 'yuan.json');
    const rules = JSON.parse(await readFile('data/rules-hlj-2026.json', 'utf8'));
    await writeFile(join(dir, 'rules-yuan.json'), JSON.stringify({ ...rules, rounding: { scale: 0, mode: 'half_up' } }));
    await writeFile(yuan, JSON.stringify({ rules: 'rules-yuan.json', enrollment: 'data/enrollment-hlj-2026.xlsx' }));
    const { code, stderr } = await skillfund('attribute', '--base', base, '--new', yuan);
    expect(code).toBe(1);
    expect(stderr).toContain('new.rules.rounding.scale: 两次拨款的取整位数不同（2 位与 0 位小数），无法比较。');
  });
});
