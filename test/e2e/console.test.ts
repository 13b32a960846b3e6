import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { Decimal } from '../../domain/decimal';
import type { Role } from '../../functions/routes';
import { screenshot } from './support/browser';
import { expectChinese, expectCleanConsole, useConsoleHarness, type DemoUser } from './support/harness';
import { choose, confirmPopup, goto, plainAmount } from './support/ui';

/**
 * The three flows of the console, clicked through in Debian's Chromium against `npm start`'s server
 * (in-memory store). They share one server and build on each other: finance's approved run is what the
 * school reads, and finance's dataset is what policy simulates against.
 */
const SAMPLE_XLSX = new URL('../../data/enrollment-hlj-2026.xlsx', import.meta.url);
const BAD_CSV = new URL('./fixtures/enrolment-bad.csv', import.meta.url);
const DATASET_NAME = '端到端测试 2026';

const harness = useConsoleHarness();
const shared: { runId?: string; draftUrl?: string } = {};

const userWith = (role: Role, index = 0): DemoUser => {
  const found = harness.users().filter((u) => u.role === role)[index];
  if (!found) throw new Error(`config.json lists no ${role} user #${index + 1}`);
  return found;
};
const signIn = (user: DemoUser) => harness.signIn(user.user);

describe('finance', () => {
  it('shows a bad upload row by row and marks the dataset as unusable without excluding them', async () => {
    const session = await signIn(userWith('finance'));
    const { page } = session;
    await goto(page, harness.server().url, 'finance/datasets');
    await page.getByTestId('dataset-name').fill('坏文件');
    await page.setInputFiles('input[type=file]', BAD_CSV.pathname);
    const problems = page.getByTestId('row-problems');
    await problems.waitFor({ timeout: 30_000 });
    const text = await problems.innerText();
    expect(text).toMatch(/\babc\b|not a number/);
    expect(text).toContain('中班');
    // every problem row names its file row (3, 4 and the duplicate 5)
    for (const row of ['3', '4', '5']) expect(await problems.locator('tbody tr td:first-child').allInnerTexts()).toContain(row);
    expect(await page.getByTestId('upload-row-errors').innerText()).not.toContain('{"');
    await expect.poll(() => page.getByTestId('datasets-table').innerText(), { timeout: 15_000 }).toContain('3 处问题');
    await screenshot(page, 'finance-upload-errors');
    await expectChinese(page, 'finance-upload-errors');
    expectCleanConsole(session);
  });

  it('uploads the sample, runs it with a capped budget and can not approve its own run', async () => {
    const session = await signIn(userWith('finance'));
    const { page } = session;
    await goto(page, harness.server().url, 'finance/datasets');
    await page.getByTestId('dataset-name').fill(DATASET_NAME);
    await page.setInputFiles('input[type=file]', SAMPLE_XLSX.pathname);
    await page.getByTestId('upload-ok').waitFor({ timeout: 60_000 });
    await expect.poll(() => page.getByTestId('datasets-table').innerText(), { timeout: 15_000 }).toContain(DATASET_NAME);
    await screenshot(page, 'finance-datasets');
    await expectChinese(page, 'finance-datasets');

    await goto(page, harness.server().url, 'finance/runs/new');
    await choose(page, 'run-ruleset');
    await choose(page, 'run-version');
    await choose(page, 'run-dataset', DATASET_NAME);
    await page.getByTestId('policy-cap').click();
    await page.getByTestId('run-budget').fill('100000000');
    await page.getByTestId('start-run').click();
    await page.waitForURL(/#\/finance\/runs\/(?!new$)[^/]+$/, { timeout: 120_000 });
    shared.runId = decodeURIComponent(page.url().split('/').pop()!);

    const total = page.getByTestId('total-allocation');
    await total.waitFor();
    // cap: never more than the budget
    expect(new Decimal(plainAmount(await total.innerText())).lessThanOrEqualTo('100000000')).toBe(true);
    expect(await page.getByTestId('summary-allocation').innerText()).toContain('万元');
    await expect.poll(() => page.getByTestId('approve').isDisabled(), { timeout: 15_000 }).toBe(true);
    await page.getByTestId('approve-explain').waitFor();
    await screenshot(page, 'finance-run-detail');
    await expectChinese(page, 'finance-run-detail');

    const allSchoolsTotal = plainAmount(await total.innerText());
    // Filtering by school type narrows the totals row to the shown schools.
    await page.locator('[data-testid=schools-table] .ant-table-filter-trigger').nth(1).click();
    await page.locator('.ant-dropdown:not(.ant-dropdown-hidden) .ant-dropdown-menu-item').first().click();
    await page.locator('.ant-dropdown:not(.ant-dropdown-hidden) .ant-btn-primary').click();
    await expect.poll(async () => plainAmount(await total.innerText()), { timeout: 15_000 }).not.toBe(allSchoolsTotal);
    expectCleanConsole(session);
  });

  it('is approved by the second finance officer, and the export adds up to the totals row', async () => {
    const session = await signIn(userWith('finance', 1));
    const { page } = session;
    await goto(page, harness.server().url, `finance/runs/${encodeURIComponent(shared.runId!)}`);
    await page.getByTestId('approve').click();
    // The demo run is this year's current allocation: the dialog says so and wants the reason; it also says
    // what the run left out before anyone signs.
    const dialog = page.getByTestId('approve-dialog');
    await dialog.getByTestId('supersede-notice').waitFor();
    expect(await dialog.getByTestId('supersede-notice').innerText()).toMatch(/现行拨款是测算 \S+/);
    expect(await dialog.getByTestId('excluded-summary').innerText()).toMatch(/没有剔除|剔除了/);
    await page.getByTestId('approve-ok').click();
    await page.getByText('请填写理由').waitFor();
    await page.getByTestId('approve-comment').fill('预算调整为 1 亿元，按新预算重新测算，替代演示拨款。');
    await screenshot(page, 'finance-approve-supersede');
    await page.getByTestId('approve-ok').click();
    await page.getByTestId('approved-by').waitFor();
    expect(await page.getByTestId('decision-lines').innerText()).toContain('预算调整为 1 亿元');
    expect(await page.getByTestId('supersedes').innerText()).toMatch(/替代测算 \S+/);
    await expect.poll(() => page.getByTestId('run-status').innerText()).toBe('已批准（现行）');
    // The rule set's default schedule: four quarters of 25 %.
    expect(await page.locator('[data-testid=run-schedule] tbody tr').count()).toBe(4);
    expect(await page.getByTestId('run-schedule').innerText()).toContain('第四季度');
    const shownTotal = plainAmount(await page.getByTestId('total-allocation').innerText());

    const [csvDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
    const csv = readFileSync((await csvDownload.path())!, 'utf8').replace(/^\uFEFF/, '');
    const rows = parse(csv, { columns: true, skip_empty_lines: true }) as Record<string, string>[];
    const column = Object.keys(rows[0]!).find((key) => key.startsWith('拨款金额') || key === 'allocation')!;
    const exportTotal = rows.reduce((sum, row) => sum.plus(row[column] || '0'), new Decimal(0));
    expect(exportTotal.equals(shownTotal)).toBe(true);

    const [xlsxDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-xlsx').click()]);
    expect(xlsxDownload.suggestedFilename()).toMatch(/\.xlsx$/);
    expect(readFileSync((await xlsxDownload.path())!).subarray(0, 2).toString()).toBe('PK');
    await screenshot(page, 'finance-run-approved');
    await expectChinese(page, 'finance-run-approved');
    expectCleanConsole(session);
  });

  it('returns a run with a reason, which its creator then reads, and nobody can approve it any more', async () => {
    const creator = userWith('finance');
    const created = await fetch(`${harness.server().url}/runs`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${creator.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ ruleSetId: 'hlj-technical-schools', version: 1, datasetId: 'ds-sample-hlj-2026', fiscalYear: 2026, envelope: { policy: 'none' } }),
    });
    expect(created.status).toBe(201);
    const runId = ((await created.json()) as { runId: string }).runId;

    const reviewer = await signIn(userWith('finance', 1));
    await goto(reviewer.page, harness.server().url, `finance/runs/${encodeURIComponent(runId)}`);
    await reviewer.page.getByTestId('return').click();
    await reviewer.page.getByTestId('return-comment').fill('预算约束应为“不超过预算”，请重新测算。');
    await reviewer.page.getByTestId('return-ok').click();
    await reviewer.page.getByTestId('returned-by').waitFor();
    await expect.poll(() => reviewer.page.getByTestId('run-status').innerText()).toBe('已退回');
    expect(await reviewer.page.getByTestId('approve').count()).toBe(0);
    await screenshot(reviewer.page, 'finance-run-returned');
    expectCleanConsole(reviewer);

    const own = await signIn(creator);
    await goto(own.page, harness.server().url, 'finance/runs');
    await own.page.locator(`[data-testid=runs-table] a[href*="${runId}"]`).click();
    await own.page.getByTestId('returned-by').waitFor();
    expect(await own.page.getByTestId('decision-lines').innerText()).toContain('预算约束应为“不超过预算”');
    expectCleanConsole(own);
  });

  it('lists the trail on the 审计日志 page, filtered on the server, and exports it', async () => {
    const session = await signIn(userWith('finance', 1));
    const { page } = session;
    await page.getByTestId('nav-audit').click();
    await page.getByTestId('audit-table').waitFor();
    await choose(page, 'audit-action', '批准测算');
    await page.getByTestId('audit-search').click();
    await expect.poll(async () => [...new Set(await page.getByTestId('audit-row-action').allInnerTexts())], { timeout: 15_000 }).toEqual(['批准测算']);
    const rows = await page.locator('[data-testid=audit-table] tbody tr.ant-table-row').allInnerTexts();
    expect(rows.some((row) => row.includes(shared.runId!))).toBe(true);
    await page.getByTestId('audit-subject').fill(shared.runId!);
    await page.getByTestId('audit-search').click();
    await expect.poll(() => page.locator('[data-testid=audit-table] tbody tr.ant-table-row').count(), { timeout: 15_000 }).toBe(1);
    await screenshot(page, 'audit-trail');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('audit-export').click()]);
    expect(download.suggestedFilename()).toMatch(/audit.*\.xlsx$/);
    expect(readFileSync((await download.path())!).subarray(0, 2).toString()).toBe('PK');
    expectCleanConsole(session);
  });
});

describe('school', () => {
  it('reads its own statement with charts and the policy clause of each rule, print-friendly', async () => {
    const school = userWith('school');
    const session = await signIn(school);
    const { page } = session;
    // The run approved above is this school's new current allocation: a banner says so on every page.
    const banner = page.getByTestId('new-allocation-banner');
    await banner.waitFor();
    expect(await banner.innerText()).toContain(shared.runId!);
    await screenshot(page, 'school-new-allocation-banner');
    // The demo run it replaced is still listed, as superseded.
    await page.getByTestId('school-history-table').waitFor();
    expect(await page.getByTestId('school-history-table').innerText()).toContain('已被替代');
    await page.getByTestId('banner-view').click();
    await page.getByTestId('statement-approval').waitFor();
    expect(await page.getByTestId('statement-approval').innerText()).toContain('预算调整为 1 亿元');
    expect(await page.locator('[data-testid=statement-schedule] tbody tr').count()).toBe(4);
    expect(await page.getByTestId('new-allocation-banner').count()).toBe(0);
    await page.goBack();
    await page.getByTestId(`statement-link-${shared.runId}`).click();
    await page.getByTestId('statement-total').waitFor();
    expect(await page.getByTestId('statement-total').innerText()).toMatch(/元$/);
    expect(await page.locator('[data-testid=chart-category] canvas').count()).toBe(1);
    expect(await page.locator('[data-testid=chart-classtype] canvas').count()).toBe(1);
    const explanations = page.getByTestId('line-explanation');
    expect(await explanations.count()).toBeGreaterThan(0);
    expect(await explanations.first().innerText()).toMatch(/生/);
    expect(await page.getByTestId('policy-clause').count()).toBeGreaterThan(0);
    await screenshot(page, 'school-statement');
    await expectChinese(page, 'school-statement');

    await page.emulateMedia({ media: 'print' });
    // The page's own getComputedStyle (the test runs in Node, which has none): chrome and buttons do not print.
    const displayOf = (selector: string) => page.locator(selector).first().evaluate((el) => (globalThis as unknown as { getComputedStyle(e: unknown): { display: string } }).getComputedStyle(el).display);
    expect(await displayOf('.top-bar')).toBe('none');
    expect(await displayOf('[data-testid=print]')).toBe('none');
    await screenshot(page, 'school-statement-print');
    await page.emulateMedia({ media: 'screen' });

    // English on the switch, with the engine's statement asked for in English too.
    await page.getByTestId('lang-switch').click();
    await expect.poll(() => page.getByTestId('statement').innerText(), { timeout: 15_000 }).toContain('Line-by-line explanation');
    expect(await page.getByTestId('statement-total').innerText()).toMatch(/^¥[\d,]+\.\d{2}$/);
    await screenshot(page, 'school-statement-en');
    await page.getByTestId('lang-switch').click();
    expectCleanConsole(session);
  });

  it("can not reach another school's statement", async () => {
    const own = userWith('school');
    const other = userWith('school', 1);
    const session = await signIn(own);
    const { page } = session;
    await goto(page, harness.server().url, `school/runs/${encodeURIComponent(shared.runId!)}/${encodeURIComponent(other.schoolId!)}`);
    await page.getByTestId('error-alert').waitFor();
    expect(await page.getByTestId('statement-total').count()).toBe(0);
    expect(await page.getByTestId('error-message').innerText()).not.toContain('{');
    await expectChinese(page, 'another school\'s statement');
    expectCleanConsole(session);
  });
});

describe('policy', () => {
  const shared2 = shared;

  it('edits a draft, sees the problem next to the field, fixes it and simulates', async () => {
    const session = await signIn(userWith('policy'));
    const { page } = session;
    await goto(page, harness.server().url, 'policy/versions');
    await page.locator('[data-testid=versions-table] tbody tr').first().waitFor();
    await screenshot(page, 'policy-versions');
    await expectChinese(page, 'policy-versions');
    await page.locator('[data-testid^=new-draft-]').first().click();
    await page.waitForURL(/#\/policy\/drafts\//);
    shared2.draftUrl = page.url();
    await page.getByTestId('draft-revision').waitFor();

    // A colleague saves the same draft first (straight through the API): our save must be refused, not overwrite.
    const [, , , ruleSetId, draftId] = new URL(page.url()).hash.split('/');
    const colleague = { Authorization: `Bearer ${userWith('policy', 1).token}`, 'Content-Type': 'application/json' };
    const draftPath = `${harness.server().url}/rulesets/${ruleSetId}/drafts/${draftId}`;
    const current = (await (await fetch(draftPath, { headers: colleague })).json()) as { revision: number; content: unknown };
    const colleagueSave = await fetch(draftPath, { method: 'PUT', headers: colleague, body: JSON.stringify({ revision: current.revision, ruleSet: current.content }) });
    expect(colleagueSave.status).toBe(200);
    await page.locator('[data-testid=editor-tiers] tbody tr.ant-table-row').first().locator('input').nth(1).fill('改名');
    await page.getByTestId('save-draft').click();
    await page.getByTestId('conflict-text').waitFor();
    await screenshot(page, 'policy-draft-conflict');
    await expectChinese(page, 'policy-draft-conflict');
    await page.locator('.ant-modal-footer .ant-btn-primary').click();
    await expect.poll(() => page.getByTestId('draft-revision').innerText(), { timeout: 15_000 }).toBe(String(current.revision + 1));
    expect(await page.locator('[data-testid=editor-tiers] tbody tr.ant-table-row').first().locator('input').nth(1).inputValue()).not.toBe('改名');

    const secondTier = page.locator('[data-testid=editor-tiers] tbody tr.ant-table-row').nth(1).locator('input').nth(2);
    const before = await secondTier.inputValue();
    await secondTier.fill('-5');
    await page.getByTestId('save-draft').click();
    const fieldProblem = page.locator('[data-testid=editor-tiers] tbody tr.ant-table-row').nth(1).getByTestId('field-problem');
    await fieldProblem.waitFor();
    expect(await fieldProblem.innerText()).toMatch(/不能为负数/);
    await screenshot(page, 'policy-draft-validation');
    await expectChinese(page, 'policy-draft-validation');

    await secondTier.fill(new Decimal(before).plus(800).toFixed());
    await page.getByTestId('save-draft').click();
    await page.getByTestId('valid-ok').waitFor();

    await choose(page, 'simulate-dataset', DATASET_NAME);
    await page.getByTestId('simulate').click();
    await page.getByTestId('simulation-result').waitFor({ timeout: 120_000 });
    expect(await page.getByTestId('summary-change').innerText()).toMatch(/^\+/);
    // Every school, a page at a time from the server (the comparison's own list is not sent).
    expect(await page.locator('[data-testid=simulation-attribution-schools] tbody tr.ant-table-row').count()).toBeGreaterThan(0);
    expect(await page.locator('[data-testid=chart-gainers-losers] canvas').count()).toBe(1);
    await screenshot(page, 'policy-simulation');
    await expectChinese(page, 'policy-simulation');

    await page.getByTestId('submit-draft').click();
    await page.getByTestId('publish-explain').waitFor();
    expect(await page.getByTestId('publish-draft').isDisabled()).toBe(true);
    expectCleanConsole(session);
  });

  it('is published by the second policy officer as a new version', async () => {
    const session = await signIn(userWith('policy', 1));
    const { page } = session;
    await page.goto(shared2.draftUrl!);
    await page.getByTestId('publish-draft').click();
    await page.getByTestId('published').waitFor();
    await goto(page, harness.server().url, 'policy/versions');
    await expect.poll(() => page.locator('[data-testid=versions-table] tbody tr.ant-table-row').count(), { timeout: 15_000 }).toBeGreaterThan(1);
    await screenshot(page, 'policy-published');
    await expectChinese(page, 'policy-published');
    expectCleanConsole(session);
  });
});

describe('every page of the three flows, in Chinese', () => {
  it.each(['finance', 'school', 'policy', 'admin'] as const)('shows no English to %s on any page of its menu or the pages they open', async (role) => {
    const session = await signIn(userWith(role));
    const { page } = session;
    const visited: string[] = [];
    const links = await page.locator('.top-bar .ant-menu a').evaluateAll((anchors) => anchors.map((a) => (a as unknown as { getAttribute(n: string): string }).getAttribute('href')));
    const detail = {
      finance: [`#/finance/runs/${encodeURIComponent(shared.runId!)}`],
      admin: [`#/finance/runs/${encodeURIComponent(shared.runId!)}`],
      school: [`#/school/runs/${encodeURIComponent(shared.runId!)}/${encodeURIComponent(userWith('school').schoolId!)}`],
      policy: [shared.draftUrl!.slice(shared.draftUrl!.indexOf('#'))],
    }[role];
    const pages = [...links, ...detail];
    for (const href of pages) {
      await page.goto(`${harness.server().url}/${href}`);
      // Let the page load its data: a spinner or a skeleton is not what a person reads.
      await page.waitForLoadState('networkidle');
      await expect.poll(() => page.locator('.ant-spin-spinning, .ant-skeleton, .ant-card-loading-content').count(), { timeout: 30_000 }).toBe(0);
      visited.push(href);
      await expectChinese(page, href);
    }
    expect(visited.length).toBe(pages.length);
    expect(visited.length).toBeGreaterThan(1);
    expectCleanConsole(session);
  });
});
