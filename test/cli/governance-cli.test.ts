import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Decimal } from '../../domain/decimal';
import { skillfund } from '../support/cli';

const RULES = 'data/rules-hlj-2026.json';
const CSV = 'data/enrollment-hlj-2026.csv';

const sum = (values: string[]) => values.reduce((total, v) => total.plus(v), new Decimal(0));

let dir: string;
const lang = process.env.LANG;
afterAll(() => {
  if (lang === undefined) delete process.env.LANG;
  else process.env.LANG = lang;
});
beforeAll(async () => {
  // Warnings are printed in the language of the locale; these tests read the Chinese.
  process.env.LANG = 'zh_CN.UTF-8';
  dir = await mkdtemp(join(tmpdir(), 'skillfund-governance-cli-'));
});

describe('skillfund allocate --instalments (SPEC §10, §13)', () => {
  it('splits every school into the schedule with the fixed keys, summing to the school and the total', async () => {
    const schedule = join(dir, 'schedule.json');
    await writeFile(schedule, JSON.stringify([{ label: '上半年', share: '0.6', due: '2026-06-30' }, { label: '下半年', share: '0.4', due: '2026-12-31' }]));
    const { code, stdout } = await skillfund('allocate', '--rules', RULES, '--enrollment', CSV, '--budget', '100000000.03', '--envelope-policy', 'exact', '--instalments', schedule);
    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    expect(result.summary.instalments.map((i: { label: string }) => i.label)).toEqual(['上半年', '下半年']);
    expect(sum(result.summary.instalments.map((i: { total: string }) => i.total)).toFixed(2)).toBe('100000000.03');
    for (const school of result.schools) {
      expect(school.instalments.map((i: { label: string }) => i.label)).toEqual(['上半年', '下半年']);
      expect(sum(school.instalments.map((i: { amount: string }) => i.amount)).toFixed(2)).toBe(school.allocation);
    }
    for (const [k, instalment] of result.summary.instalments.entries()) {
      expect(sum(result.schools.map((s: { instalments: { amount: string }[] }) => s.instalments[k]!.amount)).toFixed(2)).toBe(instalment.total);
    }
  });

  it("uses the rule set's quarterly default without the flag, and writes the 拨付计划 sheet", async () => {
    const out = join(dir, 'result.xlsx');
    expect((await skillfund('allocate', '--rules', RULES, '--enrollment', CSV, '--format', 'xlsx', '--out', out)).code).toBe(0);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await readFile(out)) as never);
    const sheet = workbook.getWorksheet('拨付计划')!;
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(['学校代码', '学校名称', '第一季度 (2026-03-31)', '第二季度 (2026-06-30)', '第三季度 (2026-09-30)', '第四季度 (2026-12-31)', '拨款金额(元)']);
  });

  it('refuses a schedule whose shares do not add up to 1, naming the path, and computes nothing', async () => {
    const schedule = join(dir, 'bad-schedule.json');
    await writeFile(schedule, JSON.stringify({ instalments: [{ label: 'A', share: '0.5' }, { label: 'B', share: '0.6' }] }));
    const { code, stdout, stderr } = await skillfund('allocate', '--rules', RULES, '--enrollment', CSV, '--instalments', schedule);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain('instalments');
    expect(stderr).toContain('1.1');
  });
});

describe('skillfund validate: rules that check themselves (SPEC §11)', () => {
  it('warns loudly about a rate typed as 10, without failing', async () => {
    const rules = JSON.parse(await readFile(RULES, 'utf8'));
    rules.uplifts.find((u: { id: string }) => u.id === 'employment').rate = '10';
    const path = join(dir, 'rate-10.json');
    await writeFile(path, JSON.stringify(rules));
    const { code, stdout, stderr } = await skillfund('validate', '--rules', path, '--base', RULES);
    expect(code).toBe(0);
    expect(stdout.trim()).toBe('ok');
    expect(stderr).toMatch(/warning: uplifts\[\d+\]\.rate: .*1000%.*0\.1.*\[rate_above_100_percent\]/);
    expect(stderr).toContain('[changed_over_50_percent]');
    const allocated = await skillfund('allocate', '--rules', path, '--enrollment', CSV);
    expect(allocated.code).toBe(0);
    expect(allocated.stderr).toContain('[rate_above_100_percent]');
  });

  it('refuses a rule set whose worked example no longer holds, with expected and computed amounts', async () => {
    const rules = JSON.parse(await readFile(RULES, 'utf8'));
    rules.tiers.find((t: { code: string }) => t.code === 'T3').perStudent = '7600';
    const path = join(dir, 'example-broken.json');
    await writeFile(path, JSON.stringify(rules));
    const { code, stderr } = await skillfund('validate', '--rules', path);
    expect(code).toBe(1);
    expect(stderr).toMatch(/examples\[0\]\.perStudent: .*9,000.*9,120/);
  });

  it('warns about a school whose students moved by more than half against the previous enrolment', async () => {
    const previous = join(dir, 'previous.csv');
    const current = join(dir, 'current.csv');
    const header = '学校代码,学校名称,学校类型,办学性质,专业代码,班级类型,在校生数';
    await writeFile(previous, [header, 'S1,甲校,技工学校,公办,0101,中级工班,100', 'S2,乙校,技工学校,公办,0101,中级工班,100'].join('\n'));
    await writeFile(current, [header, 'S1,甲校,技工学校,公办,0101,中级工班,40', 'S2,乙校,技工学校,公办,0101,中级工班,120'].join('\n'));
    const { code, stderr } = await skillfund('validate', '--rules', RULES, '--enrollment', current, '--previous-enrollment', previous);
    expect(code).toBe(0);
    expect(stderr).toContain('S1');
    expect(stderr).not.toMatch(/学校 S2/);
    expect(stderr).toContain('[students_changed_over_50_percent]');
  });
});
