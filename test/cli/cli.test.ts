import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Decimal } from '../../domain/decimal';
import { expandResult } from '../../domain/result-form';
import { skillfund } from '../support/cli';

const RULES = 'data/rules-hlj-2026.json';
const CANDIDATE = 'data/rules-hlj-2026-candidate.json';
const CSV = 'data/enrollment-hlj-2026.csv';
const XLSX = 'data/enrollment-hlj-2026.xlsx';

const total = (values: string[]) => values.reduce((sum, v) => sum.plus(v), new Decimal(0));

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'skillfund-cli-'));
});

describe('skillfund allocate', () => {
  it('prints the province result as JSON whose schools add up to the total', async () => {
    const { code, stdout } = await skillfund('allocate', '--rules', RULES, '--enrollment', CSV);
    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    expect(result.schools).toHaveLength(150);
    expect(total(result.schools.map((s: { allocation: string }) => s.allocation)).eq(result.summary.totalAllocation)).toBe(true);
    expect(result.summary.enrollment.hash).toMatch(/^sha256:/);
  });

  it('prints the compact form by default (derivations once in standards); --expanded prints every line in full with the same information', async () => {
    const compact = await skillfund('allocate', '--rules', RULES, '--enrollment', CSV, '--budget', '900000000');
    const expanded = await skillfund('allocate', '--rules', RULES, '--enrollment', CSV, '--budget', '900000000', '--expanded');
    expect([compact.code, expanded.code]).toEqual([0, 0]);
    const compactResult = JSON.parse(compact.stdout);
    expect(compactResult.standards.length).toBeGreaterThan(10);
    expect(compactResult.schools[0].lines[0]).not.toHaveProperty('sources');
    expect(compactResult.schools[0].lines[0]).toHaveProperty('standard');
    expect(JSON.parse(expanded.stdout).schools[0].lines[0]).toHaveProperty('baseStandard');
    expect(JSON.stringify(expandResult(compactResult), null, 2)).toBe(expanded.stdout.trimEnd());
    expect(compact.stdout.length).toBeLessThan(expanded.stdout.length / 2);
  });

  it.each(['cap', 'exact'])('with --budget and --envelope-policy %s sums to the budget exactly (XLSX input)', async (policy) => {
    const { code, stdout } = await skillfund('allocate', '--rules', RULES, '--enrollment', XLSX, '--budget', '1000000000.01', '--envelope-policy', policy);
    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    expect(result.summary.totalAllocation).toBe('1000000000.01');
    expect(total(result.schools.map((s: { allocation: string }) => s.allocation)).toFixed(2)).toBe('1000000000.01');
  });

  it('exits 1 listing every bad row, and computes nothing', async () => {
    const bad = join(dir, 'bad.csv');
    await writeFile(
      bad,
      ['学校代码,学校名称,学校类型,办学性质,专业代码,班级类型,在校生数', 'S1,甲校,技工学校,公办,0101,高级工班,10', 'S1,甲校,技工学校,公办,9999,中级工班,5', 'S2,乙校,技师学院,公办,0101,中级工班,-3'].join('\n'),
    );
    const { code, stdout, stderr } = await skillfund('allocate', '--rules', RULES, '--enrollment', bad);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/第 2 行.*不适用于技工学校.*\[class_type_not_at_school_type\]/);
    expect(stderr).toMatch(/第 3 行.*\[unknown_major\]/);
    expect(stderr).toMatch(/第 4 行.*在校生数不能为负数/);

    const excluded = await skillfund('allocate', '--rules', RULES, '--enrollment', bad, '--exclude-invalid');
    expect(excluded.code).toBe(0);
    expect(JSON.parse(excluded.stdout).excluded.map((e: { row: number }) => e.row)).toEqual([2, 3, 4]);
  });

  it('writes an XLSX whose school sheet totals the JSON total', async () => {
    const out = join(dir, 'result.xlsx');
    const { code } = await skillfund('allocate', '--rules', RULES, '--enrollment', CSV, '--format', 'xlsx', '--out', out);
    expect(code).toBe(0);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await readFile(out)) as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((s) => s.name)).toEqual(expect.arrayContaining(['汇总', '学校', '明细']));
  });
});

describe('skillfund compare, explain, validate', () => {
  it('compares the candidate with the rules in force, school by school', async () => {
    const { code, stdout } = await skillfund('compare', '--base', RULES, '--candidate', CANDIDATE, '--enrollment', CSV);
    expect(code).toBe(0);
    const comparison = JSON.parse(stdout);
    const deltas = total(comparison.schools.map((s: { delta: string }) => s.delta));
    expect(deltas.eq(comparison.summary.totalChange)).toBe(true);
    expect(comparison.ruleSetDiff).toBeTruthy();
  });

  it('explains one school in Chinese and English, and refuses an unknown school', async () => {
    const allocation = JSON.parse((await skillfund('allocate', '--rules', RULES, '--enrollment', CSV)).stdout);
    const school = allocation.schools.find((s: { eligible: boolean }) => s.eligible);
    const zh = await skillfund('explain', '--rules', RULES, '--enrollment', CSV, '--school', school.schoolId);
    expect(zh.code).toBe(0);
    expect(zh.stdout).toContain(school.schoolName);
    expect(zh.stdout).toContain('元/生');
    expect(zh.stdout).toContain('依据');
    const en = await skillfund('explain', '--rules', RULES, '--enrollment', CSV, '--school', school.schoolId, '--lang', 'en');
    expect(en.stdout).toMatch(/Appropriation statement/);
    expect(en.stdout).toMatch(/\/student × [\d,.]+ students = ¥/);
    const missing = await skillfund('explain', '--rules', RULES, '--enrollment', CSV, '--school', 'NO-SUCH');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('NO-SUCH');
  });

  it('validate says ok for the sample and lists JSON paths for a broken rule set', async () => {
    expect((await skillfund('validate', '--rules', RULES, '--enrollment', CSV)).stdout.trim()).toBe('ok');
    const broken = JSON.parse(await readFile(RULES, 'utf8'));
    broken.categories[0].tier = 'T99';
    broken.tiers[0].perStudent = '-1';
    const file = join(dir, 'broken.json');
    await writeFile(file, JSON.stringify(broken));
    const { code, stderr } = await skillfund('validate', '--rules', file);
    expect(code).toBe(1);
    expect(stderr).toContain('tiers[0].perStudent');
  });

  it('validate lists four mistakes as four problems in one pass, a negative amount and a missing field among them', async () => {
    const broken = JSON.parse(await readFile(RULES, 'utf8'));
    delete broken.name;
    broken.tiers[0].perStudent = '-5';
    broken.categories[0].tier = 'T9';
    broken.majors[1].category = '99';
    const file = join(dir, 'four.json');
    await writeFile(file, JSON.stringify(broken));
    const { code, stderr } = await skillfund('validate', '--rules', file, '--enrollment', CSV);
    expect(code).toBe(1);
    const listed = stderr.split('\n').filter((line) => line.startsWith('  - '));
    expect(listed).toHaveLength(4);
    for (const path of ['  - name:', 'tiers[0].perStudent', 'categories[0].tier', 'majors[1].category']) expect(stderr).toContain(path);
  });

  it('refuses a rule-set number JSON cannot carry exactly, with its path, on every command', async () => {
    const text = (await readFile(RULES, 'utf8')).replace(/"perStudent": "(\d+)"/, '"perStudent": 6000.0000000000001');
    expect(text).toContain('6000.0000000000001');
    const file = join(dir, 'inexact.json');
    await writeFile(file, text);
    for (const args of [['validate', '--rules', file], ['allocate', '--rules', file, '--enrollment', CSV]]) {
      const { code, stdout, stderr } = await skillfund(...args);
      expect(code, args[0]).toBe(1);
      expect(stdout).toBe('');
      expect(stderr).toContain('tiers[0].perStudent');
      expect(stderr).toContain('6000.0000000000001');
      expect(stderr).toContain('请改用字符串书写');
    }
  });

  it('a file with a header and no data rows is an error (exit 1), as the API refuses it', async () => {
    const file = join(dir, 'header-only.csv');
    await writeFile(file, 'school_id,school_name,school_type,ownership,major_code,class_type,students\n');
    for (const args of [['allocate', '--rules', RULES, '--enrollment', file], ['validate', '--rules', RULES, '--enrollment', file], ['compare', '--base', RULES, '--candidate', CANDIDATE, '--enrollment', file]]) {
      const { code, stdout, stderr } = await skillfund(...args);
      expect(code, args[0]).toBe(1);
      expect(stdout).toBe('');
      expect(stderr).toContain('没有数据行');
    }
  });

  it('answers --help on every command and refuses an unknown option', async () => {
    for (const command of ['allocate', 'compare', 'explain', 'validate', 'generate', 'solve', 'plan']) {
      const { code, stdout } = await skillfund(command, '--help');
      expect(code).toBe(0);
      expect(stdout).toContain(`skillfund ${command}`);
    }
    const unknown = await skillfund('allocate', '--rulez', RULES);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('--rulez');
  });
});
