import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { Decimal } from '../../domain/decimal';
import { buildPlanningWorld, fetchSender, SERIES, type PlanningWorld } from '../support/planning-world';
import { screenshot } from './support/browser';
import { expectChinese, expectCleanConsole, useConsoleHarness } from './support/harness';
import { choose, goto, plainAmount } from './support/ui';

/**
 * The planning loop in the console (SPEC §7, §8, §12), on a server of its own so these flows depend on no other
 * file's: the sample series with 2025–2027 published and an approved 2025 run, set up through the API. Policy solves
 * a standard for a budget and keeps it as a draft, builds a 2025–2027 plan and exports it; finance runs 2026 with
 * the 2025 run as its baseline and reads the protection on the run page and in a school's statement.
 */
const harness = useConsoleHarness();
const { api, signIn } = harness;
let world: PlanningWorld;

beforeAll(async () => {
  const send = fetchSender(harness.server().url);
  const tokenOf = (user: string) => harness.users().find((u) => u.user === user)!.token;
  world = await buildPlanningWorld((user, method, path, body) => send(tokenOf(user), method, path, body), { policy: ['王政策', '赵审定'], finance: ['张会计', '李复核'] });
}, 240_000);

describe('policy: solving a standard for a budget', () => {
  it('solves 二档 for 208,000 万元 with last year’s protection and keeps the answer as a new draft', async () => {
    const draft = await api('王政策', 'POST', `/rulesets/${SERIES}/drafts`, { fromVersion: world.versions[2026], changeNote: '2026 预算反推' });
    const session = await signIn('王政策');
    const { page } = session;
    await goto(page, harness.server().url, `policy/drafts/${SERIES}/${draft.draftId}`);
    await page.getByTestId('solve-panel').waitFor();

    await choose(page, 'solve-parameter', /T2/);
    await choose(page, 'solve-dataset', /2026/);
    await page.getByTestId('solve-budget').fill('208000');
    await choose(page, 'solve-baseline', /2025/);
    await page.getByTestId('solve-start').click();
    await page.getByTestId('solve-result').waitFor({ timeout: 120_000 });

    // What the page says is what the API answers for the same question, and it spends no more than the budget.
    const expected = await api('王政策', 'POST', '/solutions', {
      rules: { ruleSetId: SERIES, draftId: draft.draftId },
      datasetId: 'ds-sample-hlj-2026',
      parameter: 'tiers.T2.perStudent',
      budget: '2080000000',
      baselineRunId: world.run2025,
      comparison: false,
    });
    const shownValue = plainAmount((await page.getByTestId('solve-value').innerText()).replace('/生', ''));
    expect(shownValue).toBe(expected.value);
    const total = plainAmount(await page.getByTestId('solve-total').innerText());
    expect(total).toBe(expected.total);
    expect(new Decimal(total).plus(plainAmount(await page.getByTestId('solve-gap').innerText())).equals('2080000000')).toBe(true);
    expect(await page.getByTestId('solve-next').innerText()).toContain('超出预算');
    await page.getByTestId('solve-comparison').locator('[data-testid=school-delta-table] tbody tr').first().waitFor();
    await screenshot(page, 'policy-solve');
    await expectChinese(page, 'policy-solve');

    await page.getByTestId('solve-make-draft').click();
    await page.waitForURL((url) => url.hash.startsWith(`#/policy/drafts/${SERIES}/`) && !url.hash.endsWith(draft.draftId), { timeout: 30_000 });
    await page.getByTestId('draft-revision').waitFor();
    const tiers = page.locator('[data-testid=editor-tiers] tbody tr.ant-table-row');
    await expect.poll(async () => tiers.nth(1).locator('input').nth(2).inputValue(), { timeout: 15_000 }).toBe(expected.value);
    expectCleanConsole(session);
  });
});

/** The year cards' own fields: budget and envelope of year `index`. */
async function setBudget(page: Page, index: number, policy: 'cap' | 'exact', wan: string): Promise<void> {
  await page.getByTestId(`plan-year-${index}-policy-${policy}`).click();
  await page.getByTestId(`plan-year-${index}-budget`).fill(wan);
}

describe('policy: 多年度测算', () => {
  it('builds 2025–2027 from published versions and datasets, shows totals, protection, trajectories, and exports it', async () => {
    const session = await signIn('王政策');
    const { page } = session;
    await goto(page, harness.server().url, 'policy/plans');
    // The defaults are each year's own version and dataset, 2027 projected from 2026.
    await expect.poll(() => page.getByTestId('plan-year-1-rules').innerText(), { timeout: 30_000 }).toContain(`第 ${world.versions[2026]} 版`);
    expect(await page.getByTestId('plan-year-2-enrollment').innerText()).toContain('按上年推算');
    await setBudget(page, 0, 'cap', '195000');
    await setBudget(page, 1, 'exact', '208000');
    await setBudget(page, 2, 'cap', '215000');
    await page.getByTestId('plan-year-2-growth').fill('2');
    await page.getByTestId('plan-compute').click();
    await page.getByTestId('plan-result').waitFor({ timeout: 120_000 });

    const expected = await api('王政策', 'POST', '/plans?schools=false&attribution=false', {
      years: [
        { fiscalYear: 2025, rules: { ruleSetId: SERIES, version: world.versions[2025] }, enrollment: { datasetId: world.dataset2025 }, budget: '1950000000', envelopePolicy: 'cap' },
        { fiscalYear: 2026, rules: { ruleSetId: SERIES, version: world.versions[2026] }, enrollment: { datasetId: 'ds-sample-hlj-2026' }, budget: '2080000000', envelopePolicy: 'exact' },
        { fiscalYear: 2027, rules: { ruleSetId: SERIES, version: world.versions[2027] }, enrollment: { projectFrom: 'previous', growth: { overall: '0.02' } }, budget: '2150000000', envelopePolicy: 'cap' },
      ],
    });
    for (const year of expected.years as { fiscalYear: number; totalAllocation: string; schoolsAtFloor: number; schoolsAtCap: number }[]) {
      expect(plainAmount((await page.getByTestId(`plan-total-${year.fiscalYear}`).getAttribute('title'))!)).toBe(year.totalAllocation);
      expect(await page.getByTestId(`plan-floor-${year.fiscalYear}`).innerText()).toBe(String(year.schoolsAtFloor));
      expect(await page.getByTestId(`plan-cap-${year.fiscalYear}`).innerText()).toBe(String(year.schoolsAtCap));
    }
    expect(expected.years[1].schoolsAtFloor + expected.years[1].schoolsAtCap).toBeGreaterThan(0);
    expect(await page.locator('[data-testid=plan-trajectory-chart] canvas').count()).toBe(1);
    expect(await page.locator('[data-testid=plan-schools-table] [data-testid^=bound-]').count()).toBeGreaterThan(0);
    await screenshot(page, 'policy-plan');
    await expectChinese(page, 'policy-plan');

    // Search by a school's name, then by its code.
    const school = expected.trajectory[5] as { schoolId: string; schoolName: string };
    await page.getByTestId('plan-search').fill(school.schoolName.slice(0, 4));
    await expect.poll(async () => (await page.locator('[data-testid=plan-schools-table] tbody tr.ant-table-row').allInnerTexts()).every((row) => row.includes(school.schoolName.slice(0, 4))), { timeout: 10_000 }).toBe(true);
    await page.getByTestId('plan-search').fill(school.schoolId);
    await expect.poll(() => page.locator('[data-testid=plan-schools-table] tbody tr.ant-table-row').count(), { timeout: 10_000 }).toBe(1);
    await page.locator('[data-testid=plan-schools-table] tbody tr.ant-table-row .ant-checkbox-input').click();
    await screenshot(page, 'policy-plan-search');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('plan-export').click()]);
    expect(download.suggestedFilename()).toBe('skillfund-plan-2025-2027.xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(readFileSync((await download.path())!) as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['汇总', '2025年', '2026年', '2027年', '轨迹']);
    expect(workbook.getWorksheet('轨迹')!.actualRowCount).toBe(expected.trajectory.length + 1);
    expectCleanConsole(session);
  });

  it('refuses a dataset of another year with the reason in Chinese, at its place in the plan', async () => {
    const session = await signIn('王政策');
    const { page } = session;
    await goto(page, harness.server().url, 'policy/plans');
    await expect.poll(() => page.getByTestId('plan-year-0-rules').innerText(), { timeout: 30_000 }).toContain(`第 ${world.versions[2025]} 版`);
    await choose(page, 'plan-year-0-enrollment', /2026/);
    await page.getByTestId('plan-compute').click();
    const alert = page.getByTestId('error-alert');
    await alert.waitFor({ timeout: 60_000 });
    const text = await alert.innerText();
    expect(text).toContain('body.years[0].enrollment.datasetId');
    expect(text).toContain('不是 2025 年度');
    expect(await page.getByTestId('error-message').innerText()).toContain('无法完成多年度测算');
    expect(await page.getByTestId('plan-result').count()).toBe(0);
    await screenshot(page, 'policy-plan-refused');
    await expectChinese(page, 'policy-plan-refused');
    expectCleanConsole(session);
  });
});

describe('finance: a run with last year’s approved run as its baseline', () => {
  it('runs 2026 with protection from the 2025 run, and the run page and a school’s statement show it', async () => {
    const session = await signIn('张会计');
    const { page } = session;
    await goto(page, harness.server().url, 'finance/runs/new');
    await choose(page, 'run-ruleset');
    await choose(page, 'run-version', `v${world.versions[2026]} `);
    await choose(page, 'run-dataset', /2026/);
    await expect.poll(() => page.getByTestId('run-year').inputValue(), { timeout: 10_000 }).toBe('2026');
    await expect.poll(() => page.getByText('所选规则版本设有保底与封顶').count(), { timeout: 15_000 }).toBe(1);
    await choose(page, 'run-baseline', /2025/);
    await page.getByTestId('policy-exact').click();
    await page.getByTestId('run-budget').fill('2080000000');
    await screenshot(page, 'finance-run-baseline');
    await expectChinese(page, 'finance-run-baseline');
    await page.getByTestId('start-run').click();
    await page.waitForURL(/#\/finance\/runs\/(?!new$)[^/]+$/, { timeout: 120_000 });
    const runId = decodeURIComponent(page.url().split('/').pop()!);

    await page.getByTestId('run-protection').waitFor({ timeout: 30_000 });
    const run = await api('张会计', 'GET', `/runs/${encodeURIComponent(runId)}`);
    expect(run.request.baselineRunId).toBe(world.run2025);
    const protection = run.summary.protection;
    expect(protection.schoolsAtFloor + protection.schoolsAtCap).toBeGreaterThan(0);
    expect(await page.getByTestId('summary-at-floor').innerText()).toBe(String(protection.schoolsAtFloor));
    expect(await page.getByTestId('summary-at-cap').innerText()).toBe(String(protection.schoolsAtCap));
    expect(plainAmount(await page.getByTestId('summary-floor-cost').innerText())).toBe(protection.floorCost);
    expect(await page.getByTestId('protection-baseline').innerText()).toContain('2025 年度');
    // The table's rows come in their own answer (a page of 50), after the summary: wait for them.
    await expect.poll(() => page.locator('[data-testid=schools-table] [data-testid^=bound-]').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    expect(plainAmount(await page.getByTestId('total-allocation').innerText())).toBe('2080000000.00');
    // 保底/封顶 filters on the server: only the schools held at their floor, as the API counts and sums them.
    const atFloor = await api('张会计', 'GET', `/runs/${encodeURIComponent(runId)}/schools?bound=floor&limit=500`);
    expect(atFloor.total).toBe(protection.schoolsAtFloor);
    await page.locator('[data-testid=schools-table] .ant-table-filter-trigger').last().click();
    await page.locator('.ant-dropdown:not(.ant-dropdown-hidden) .ant-dropdown-menu-item').first().click();
    await page.locator('.ant-dropdown:not(.ant-dropdown-hidden) .ant-btn-primary').click();
    await expect.poll(async () => plainAmount(await page.getByTestId('total-allocation').innerText()), { timeout: 15_000 }).toBe(atFloor.totals.allocation);
    const floorRows = page.locator('[data-testid=schools-table] tbody tr.ant-table-row');
    await expect.poll(() => floorRows.count(), { timeout: 15_000 }).toBe(Math.min(50, atFloor.total));
    await expect.poll(() => page.locator('[data-testid=schools-table] tbody tr.ant-table-row [data-testid=bound-floor]').count(), { timeout: 15_000 }).toBe(Math.min(50, atFloor.total));
    await screenshot(page, 'finance-run-protection');
    await expectChinese(page, 'finance-run-protection');
    expectCleanConsole(session);

    // Approved by the second officer, a school held at its floor reads why in its statement.
    await api('李复核', 'POST', `/runs/${encodeURIComponent(runId)}/approve`, { comment: '保底与封顶核对无误', ...(run.currentRunId ? { supersedes: run.currentRunId } : {}) });
    const held = (run.schools as { schoolId: string; protection?: { bound: string | null } }[]).find((school) => school.protection?.bound === 'floor')!;
    const admin = await signIn('管理员');
    await goto(admin.page, harness.server().url, `school/runs/${encodeURIComponent(runId)}/${encodeURIComponent(held.schoolId)}`);
    await admin.page.getByTestId('statement-protection').waitFor({ timeout: 30_000 });
    expect(await admin.page.getByTestId('statement-protection-text').innerText()).toMatch(/保底/);
    expect(await admin.page.getByTestId('statement-protection').locator('[data-testid=bound-floor]').count()).toBe(1);
    await screenshot(admin.page, 'school-statement-protection');
    await expectChinese(admin.page, 'school-statement-protection');
    expectCleanConsole(admin);
  });
});
