import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fetchSender } from '../support/planning-world';
import { launchChromium, openConsoleAs, screenshot, type Console } from './support/browser';
import { englishWords } from './support/chinese';
import { startLocalServer, type LocalServer } from './support/server';
import { goto, plainAmount } from './support/ui';

/**
 * Issue 14 in the console, in Chromium against `skillfund serve --in-memory`: the run page's schools sorted, paged
 * and searched by the server (each answer checked against the API's own), and a stale draft rebased onto the
 * latest version with its conflict chosen in Chinese, then published by a second person.
 */
interface DemoUser {
  user: string;
  token: string;
}
interface SchoolRow {
  schoolId: string;
  schoolName: string;
}
interface SchoolsPage {
  items: SchoolRow[];
  total: number;
  totals: { allocation: string };
}

let server: LocalServer;
let browser: Browser;
let users: DemoUser[];
const opened: Console[] = [];

const tokenOf = (user: string) => users.find((u) => u.user === user)!.token;
const api = async (user: string, method: string, path: string, body?: unknown) => {
  const answer = await fetchSender(server.url)(tokenOf(user), method, path, body);
  if (answer.status >= 300) throw new Error(`${method} ${path}: HTTP ${answer.status} ${JSON.stringify(answer.body).slice(0, 400)}`);
  return answer.body;
};
function expectCleanConsole(session: Console): void {
  expect(session.errors.filter((error) => !/status of 4\d\d/.test(error))).toEqual([]);
}
async function expectChinese(page: Page, where: string): Promise<void> {
  expect(await englishWords(page), `English on the zh page ${where}`).toEqual([]);
}
async function signIn(user: string): Promise<Console> {
  const session = await openConsoleAs(browser, server.url, user);
  opened.push(session);
  return session;
}

beforeAll(async () => {
  server = await startLocalServer();
  browser = await launchChromium();
  users = ((await (await fetch(`${server.url}/config.json`)).json()) as { demoUsers?: DemoUser[] }).demoUsers ?? [];
}, 240_000);

afterEach(async (context) => {
  const last = opened.at(-1);
  if (context.task.result?.state === 'fail' && last) await screenshot(last.page, `FAILED-${context.task.name.slice(0, 40).replace(/\W+/g, '-')}`).catch(() => undefined);
});

afterAll(async () => {
  for (const session of opened) await session.context.close().catch(() => undefined);
  await browser?.close();
  await server?.stop();
});

const ROWS = '[data-testid=schools-table] tbody tr.ant-table-row';
/** The school codes of the table's rows, in the order shown. */
const shownCodes = async (page: Page) => (await page.locator(`${ROWS} td:first-child`).allInnerTexts()).map((code) => code.trim());

describe('finance: the run page pages its schools on the server', () => {
  it('sorts, changes page and searches as the API answers, without loading the whole school list', async () => {
    const finance = '张会计';
    const runs = (await api(finance, 'GET', '/runs')) as { items: { runId: string }[] };
    const runId = runs.items[0]!.runId;
    const schoolsOf = (query: string) => api(finance, 'GET', `/runs/${encodeURIComponent(runId)}/schools?${query}`) as Promise<SchoolsPage>;
    const session = await signIn(finance);
    const { page } = session;
    const runRequests: string[] = [];
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.pathname.startsWith(`/runs/${runId}`)) runRequests.push(`${url.pathname}${url.search}`);
    });

    await goto(page, server.url, `finance/runs/${encodeURIComponent(runId)}`);
    await page.locator(ROWS).first().waitFor({ timeout: 30_000 });
    const first = await schoolsOf('');
    expect(first.total).toBeGreaterThan(50);
    await expect.poll(() => shownCodes(page)).toEqual(first.items.map((s) => s.schoolId));
    expect(plainAmount(await page.getByTestId('total-allocation').innerText())).toBe(first.totals.allocation);
    // The run itself comes without its schools; the table asks for one page at a time.
    expect(runRequests).toContain(`/runs/${runId}?schools=none`);
    expect(runRequests.filter((path) => path === `/runs/${runId}` || path.startsWith(`/runs/${runId}?`)).every((path) => path.includes('schools=none'))).toBe(true);
    await screenshot(page, 'finance-run-paged');
    await expectChinese(page, 'finance-run-paged');

    // Sort by allocation: ascending, then descending, each the API's order.
    const allocationHeader = page.locator('[data-testid=schools-table] th', { hasText: '分配金额' }).last();
    await allocationHeader.click();
    const ascending = await schoolsOf('sort=allocation&order=asc');
    await expect.poll(() => shownCodes(page), { timeout: 15_000 }).toEqual(ascending.items.map((s) => s.schoolId));
    await allocationHeader.click();
    const descending = await schoolsOf('sort=allocation&order=desc');
    await expect.poll(() => shownCodes(page), { timeout: 15_000 }).toEqual(descending.items.map((s) => s.schoolId));

    // The next page of the same order.
    await page.locator('[data-testid=schools-table] .ant-pagination-next').click();
    const second = await schoolsOf('sort=allocation&order=desc&offset=50');
    await expect.poll(() => shownCodes(page), { timeout: 15_000 }).toEqual(second.items.map((s) => s.schoolId));
    expect(await page.locator('[data-testid=schools-table] .ant-pagination-item-active').innerText()).toBe('2');

    // Search by part of a school's name: the matches of the API, from the first page, with their sum.
    const someone = descending.items[7]!;
    const needle = someone.schoolName.slice(0, 4);
    await page.getByTestId('schools-search').locator('input').fill(needle);
    await page.getByTestId('schools-search').locator('input').press('Enter');
    const found = await schoolsOf(`sort=allocation&order=desc&q=${encodeURIComponent(needle)}`);
    expect(found.total).toBeLessThan(first.total);
    await expect.poll(() => shownCodes(page), { timeout: 15_000 }).toEqual(found.items.map((s) => s.schoolId));
    expect(plainAmount(await page.getByTestId('total-allocation').innerText())).toBe(found.totals.allocation);
    expect(await page.getByTestId('schools-count').innerText()).toContain(String(found.total));
    // And by a school code; its code opens its statement.
    await page.getByTestId('schools-search').locator('input').fill(someone.schoolId);
    await page.getByTestId('schools-search').locator('input').press('Enter');
    await expect.poll(() => shownCodes(page), { timeout: 15_000 }).toEqual((await schoolsOf(`sort=allocation&order=desc&q=${someone.schoolId}`)).items.map((s) => s.schoolId));
    await screenshot(page, 'finance-run-search');
    await expectChinese(page, 'finance-run-search');
    await page.getByTestId(`statement-link-${someone.schoolId}`).click();
    await page.getByTestId('statement-total').waitFor({ timeout: 30_000 });
    expectCleanConsole(session);
  });
});
