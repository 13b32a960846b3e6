import { readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { EFFECTS } from '../../domain/attribution-types';
import { Decimal } from '../../domain/decimal';
import type { Role } from '../../functions/routes';
import { approveLastYear, SAMPLE_RULESET, type CallAs } from '../support/year-on-year';
import { join } from 'node:path';
import type { Locator } from 'playwright-core';
import { launchChromium, openConsoleAs, screenshot, SCREENSHOTS, type Console } from './support/browser';
import { startLocalServer, type LocalServer } from './support/server';
import { choose, goto, plainAmount } from './support/ui';

/**
 * Issue 12 in the console, on a server of its own (`npm start`, in memory, with its demo run of 2026): last year's
 * run is approved through the API first, so the demo run has a previous approved run to be compared with. Then a
 * school reads its waterfall, finance its per-effect table, policy the simulation's attribution and candidates side
 * by side. Every figure on screen is checked against the API's answer.
 */
interface DemoUser {
  user: string;
  role: Role;
  schoolId?: string;
  token: string;
}

let server: LocalServer;
let browser: Browser;
let users: DemoUser[];
let call: CallAs;
const opened: Console[] = [];
const state: { lastYear?: string; demoRun?: string } = {};

const userWith = (role: Role, index = 0) => users.filter((u) => u.role === role)[index]!;
async function signIn(user: DemoUser): Promise<Console> {
  const session = await openConsoleAs(browser, server.url, user.user);
  opened.push(session);
  return session;
}
function expectCleanConsole(session: Console): void {
  expect(session.errors.filter((error) => !/status of 4\d\d/.test(error))).toEqual([]);
}
/** The part of the page a flow is about, as a picture of its own next to the full-page screenshots. */
const shoot = (locator: Locator, name: string) => locator.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
/** "+1,155,000.00 元" → "1155000.00" (signed), for comparing with the API's exact amounts. */
const amountOf = (text: string) => plainAmount(text.replace('+', '')).replace(/^−/, '-');

beforeAll(async () => {
  server = await startLocalServer();
  browser = await launchChromium();
  users = ((await (await fetch(`${server.url}/config.json`)).json()) as { demoUsers: DemoUser[] }).demoUsers;
  call = async (user, method, path, body) => {
    const token = users.find((u) => u.user === user)!.token;
    const response = await fetch(server.url + path, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const type = response.headers.get('content-type') ?? '';
    return { status: response.status, body: type.includes('json') ? await response.json() : await response.text() };
  };
  state.lastYear = (await approveLastYear(call)).runId;
  const runs = (await call('李复核', 'GET', '/runs')).body.items as { runId: string; lifecycle: string; request: { fiscalYear: number; ruleSetId: string } }[];
  state.demoRun = runs.find((r) => r.lifecycle === 'approved' && r.request.fiscalYear === 2026 && r.request.ruleSetId === SAMPLE_RULESET)!.runId;
}, 240_000);

afterEach(async (context) => {
  const last = opened.at(-1);
  if (context.task.result?.state === 'fail' && last) await screenshot(last.page, `FAILED-attribution-${context.task.name.slice(0, 40).replace(/\W+/g, '-')}`).catch(() => undefined);
});

afterAll(async () => {
  for (const session of opened) await session.context.close().catch(() => undefined);
  await browser?.close();
  await server?.stop();
});

describe('why the allocation changed', () => {
  it('shows a school its waterfall from last year to this one and the lines that moved, with reasons in Chinese', async () => {
    const school = userWith('school');
    const expected = (await call(school.user, 'GET', `/runs/${state.demoRun}/attribution`)).body;
    expect(expected.against.runId).toBe(state.lastYear);
    const session = await signIn(school);
    const { page } = session;
    await goto(page, server.url, `school/runs/${encodeURIComponent(state.demoRun!)}/${encodeURIComponent(school.schoolId!)}`);
    const section = page.getByTestId('school-change');
    await section.getByTestId('school-waterfall-figures').waitFor({ timeout: 60_000 });
    expect(await section.locator('.ant-card-head-title').innerText()).toBe('与上一次批准的拨款相比');
    expect(await section.getByTestId('school-change-against').innerText()).toContain(`2025 年度拨款（测算 ${state.lastYear}`);
    expect(await page.locator('[data-testid=school-waterfall-chart] canvas').count()).toBe(1);

    // One bar per effect between last year's allocation and this year's, each figure the API's to the fen.
    const figures = await section.locator('[data-testid=school-waterfall-figures] li').allInnerTexts();
    expect(figures).toHaveLength(EFFECTS.length + 2);
    expect(figures[0]).toMatch(/^上次拨款/);
    expect(figures.at(-1)).toMatch(/^本次拨款/);
    const shown = figures.map((figure) => amountOf(figure.split(/\s+/).slice(1).join('')));
    expect(new Decimal(shown[0]!).equals(expected.school.baseAllocation)).toBe(true);
    expect(new Decimal(shown.at(-1)!).equals(expected.school.newAllocation)).toBe(true);
    EFFECTS.forEach((effect, i) => expect(new Decimal(shown[i + 1]!).equals(new Decimal(expected.school.effects[effect]).toDecimalPlaces(2, Decimal.ROUND_HALF_UP)), effect).toBe(true));
    expect(figures[2]).toMatch(/^生均标准变动（档次、大类、班型）/);

    const rows = section.locator('[data-testid=school-change-lines] tbody tr.ant-table-row');
    expect(await rows.count()).toBe(expected.school.lineCount);
    const reasons = await section.getByTestId('line-reasons').first().innerText();
    expect(reasons).toMatch(/影响 [+-][\d,]+\.\d{2} 元/);
    expect(reasons).toBe(expected.school.lines[0].explanations.map((e: { text: string }) => e.text).join('\n'));
    await screenshot(page, 'attribution-school-waterfall');
    await shoot(section, 'attribution-school-waterfall-section');
    expectCleanConsole(session);
  });

  it("gives finance the totals per effect and every school's effects as columns, sorted and searched on the server", async () => {
    const finance = userWith('finance');
    const expected = (await call(finance.user, 'GET', `/runs/${state.demoRun}/attribution?limit=1000`)).body;
    const session = await signIn(finance);
    const { page } = session;
    await goto(page, server.url, `finance/runs/${encodeURIComponent(state.demoRun!)}`);
    const card = page.getByTestId('run-attribution');
    await card.getByTestId('run-waterfall-figures').waitFor({ timeout: 60_000 });
    expect(await card.getByTestId('attribution-against').innerText()).toContain(`${state.lastYear}（2025 年度，上一次批准的拨款）`);
    const totals = (await card.locator('[data-testid=run-waterfall-figures] li').allInnerTexts()).map((f) => amountOf(f.split(/\s+/).slice(1).join('')));
    EFFECTS.forEach((effect, i) => expect(new Decimal(totals[i + 1]!).equals(new Decimal(expected.totals.effects[effect]).toDecimalPlaces(2, Decimal.ROUND_HALF_UP)), effect).toBe(true));
    expect(await card.getByTestId('attribution-counts').innerText()).toBe(`增加 ${expected.summary.schoolsGaining} 所，减少 ${expected.summary.schoolsLosing} 所，不变 ${expected.summary.schoolsUnchanged} 所`);

    // Sorting by the standards effect, largest first, is done by the server over all 150 schools.
    const table = card.getByTestId('attribution-schools');
    const header = table.locator('th', { hasText: '生均标准变动（档次、大类、班型）（元）' });
    await header.click();
    await header.click();
    const byStandard = [...expected.schools.items].sort((a: any, b: any) => new Decimal(b.effects.standard).comparedTo(a.effects.standard) || (a.schoolId < b.schoolId ? -1 : 1));
    const firstId = () => table.locator('tbody tr.ant-table-row td').first().innerText();
    await expect.poll(firstId, { timeout: 15_000 }).toBe(byStandard[0].schoolId);
    const shownStandard = amountOf(await table.locator('tbody tr.ant-table-row').first().getByTestId('effect-standard').innerText());
    expect(new Decimal(shownStandard).equals(new Decimal(byStandard[0].effects.standard).toDecimalPlaces(2, Decimal.ROUND_HALF_UP))).toBe(true);
    await screenshot(page, 'attribution-finance-table');
    await shoot(card, 'attribution-finance-card');

    const target = expected.schools.items[5];
    await card.getByTestId('attribution-search').locator('input').fill(target.schoolName);
    await card.getByTestId('attribution-search').locator('input').press('Enter');
    await expect.poll(() => table.locator('tbody tr.ant-table-row').count(), { timeout: 15_000 }).toBe(expected.schools.items.filter((s: any) => s.schoolName.includes(target.schoolName)).length);

    const [download] = await Promise.all([page.waitForEvent('download'), card.getByTestId('attribution-export').click()]);
    expect(download.suggestedFilename()).toBe(`skillfund-attribution-${state.demoRun}-vs-${state.lastYear}.xlsx`);
    expect(readFileSync((await download.path())!).subarray(0, 2).toString()).toBe('PK');

    // Finance opens the school's statement (no longer a 404 page), with the change line by line.
    await table.getByTestId(`open-statement-${target.schoolId}`).click();
    await page.getByTestId('statement-total').waitFor({ timeout: 30_000 });
    await page.getByTestId('school-waterfall-figures').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('statement-title').innerText()).toContain(target.schoolName);
    expectCleanConsole(session);
  });

  it('lets policy see why a draft moves each school, and compare candidates side by side', async () => {
    // A second draft to compare: the candidate with every cost tier 300 yuan higher.
    const candidate = (await call('王政策', 'GET', `/rulesets/${SAMPLE_RULESET}/drafts/seed-candidate`)).body.content;
    const richer = structuredClone(candidate);
    for (const tier of richer.tiers) tier.perStudent = new Decimal(tier.perStudent).plus(300).toFixed();
    const second = (await call('王政策', 'POST', `/rulesets/${SAMPLE_RULESET}/drafts`, { ruleSet: richer, changeNote: '各档再提高 300 元' })).body;
    const session = await signIn(userWith('policy'));
    const { page } = session;
    await goto(page, server.url, `policy/drafts/${SAMPLE_RULESET}/seed-candidate`);
    await choose(page, 'simulate-dataset', '2026');
    const [answered] = await Promise.all([page.waitForResponse((response) => response.request().method() === 'POST' && new URL(response.url()).pathname === '/simulations', { timeout: 120_000 }), page.getByTestId('simulate').click()]);
    const simulated = (await answered.json()) as { simulationId: string; attribution: object; comparison: object; schools: { total: number } };
    // Kept on the server and paged: the answer has the first page, not every school.
    expect(simulated.simulationId).toMatch(/^sim-/);
    expect(simulated.attribution).not.toHaveProperty('schools');
    expect(simulated.comparison).not.toHaveProperty('schools');
    const attribution = page.getByTestId('simulation-attribution');
    await attribution.getByTestId('simulation-waterfall-figures').waitFor({ timeout: 120_000 });
    const figures = await attribution.locator('[data-testid=simulation-waterfall-figures] li').allInnerTexts();
    expect(figures[0]).toMatch(/^现行规则/);
    expect(figures.at(-1)).toMatch(/^方案规则/);
    // The same enrolment on both sides: no enrolment effect.
    expect(amountOf(figures[1]!.split(/\s+/).slice(1).join(''))).toBe('0.00');
    expect(await attribution.locator('[data-testid=simulation-by-class-type] tbody tr.ant-table-row').count()).toBeGreaterThan(0);
    expect(await attribution.locator('[data-testid=simulation-largest-changes] tbody tr.ant-table-row').count()).toBeGreaterThan(0);

    // The school table as the server pages it: the largest gains first, then the next page, another sort, a search.
    const rows = attribution.locator('[data-testid=simulation-attribution-schools] tbody tr.ant-table-row');
    const shownCodes = async () => (await rows.locator('td:nth-child(2)').allInnerTexts()).map((code) => code.trim());
    const schoolsOf = async (query: string) => (await call('王政策', 'GET', `/simulations/${simulated.simulationId}/schools?${query}`)).body as { items: { schoolId: string; schoolName: string }[]; total: number };
    const opening = await schoolsOf('sort=change&order=desc&limit=20');
    expect(opening.total).toBe(simulated.schools.total);
    await expect.poll(shownCodes).toEqual(opening.items.map((s) => s.schoolId));
    await attribution.locator('[data-testid=simulation-attribution-schools] .ant-pagination-next').click();
    await expect.poll(shownCodes, { timeout: 15_000 }).toEqual((await schoolsOf('sort=change&order=desc&limit=20&offset=20')).items.map((s) => s.schoolId));
    await attribution.locator('[data-testid=simulation-attribution-schools] th', { hasText: '方案分配' }).last().click();
    await expect.poll(shownCodes, { timeout: 15_000 }).toEqual((await schoolsOf('sort=newAllocation&order=asc&limit=20')).items.map((s) => s.schoolId));
    const needle = opening.items[3]!.schoolName.slice(0, 4);
    await attribution.getByTestId('simulation-attribution-search').locator('input').fill(needle);
    await attribution.getByTestId('simulation-attribution-search').locator('input').press('Enter');
    const found = await schoolsOf(`sort=newAllocation&order=asc&limit=20&q=${encodeURIComponent(needle)}`);
    expect(found.total).toBeLessThan(opening.total);
    await expect.poll(shownCodes, { timeout: 15_000 }).toEqual(found.items.map((s) => s.schoolId));
    expect(await attribution.getByTestId('simulation-schools-count').innerText()).toContain(String(found.total));
    // Another policy user cannot read this simulation's pages.
    expect((await call('赵审定', 'GET', `/simulations/${simulated.simulationId}/schools`)).status).toBe(404);

    // A school's row opens its lines with their reasons.
    const firstRow = attribution.locator('[data-testid=simulation-attribution-schools] tbody tr.ant-table-row').first();
    const schoolId = await firstRow.locator('td').nth(1).innerText();
    await firstRow.locator('.ant-table-row-expand-icon').click();
    const lines = attribution.getByTestId(`simulation-school-lines-${schoolId}`);
    await lines.getByTestId('line-reasons').first().waitFor({ timeout: 60_000 });
    expect(await lines.getByTestId('line-reasons').first().innerText()).toMatch(/影响 [+-][\d,]+\.\d{2} 元/);
    await screenshot(page, 'attribution-simulation');
    await shoot(attribution, 'attribution-simulation-section');

    const compare = page.getByTestId('candidates-compare');
    await compare.getByTestId('candidates-pick').click();
    await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', { hasText: second.draftId }).click();
    await page.keyboard.press('Escape');
    await compare.getByTestId('candidates-run').click();
    const totals = compare.getByTestId('candidates-totals');
    await totals.waitFor({ timeout: 120_000 });
    const heads = await totals.locator('thead th').allInnerTexts();
    expect(heads.slice(1)).toEqual(['本草稿', `草稿 ${second.draftId}`]);
    const expected = (
      await call('王政策', 'POST', '/simulations/candidates', {
        base: { ruleSetId: SAMPLE_RULESET, version: 1 },
        datasetId: 'ds-sample-hlj-2026',
        envelope: { policy: 'none' },
        candidates: [{ draftId: 'seed-candidate' }, { draftId: second.draftId }],
      })
    ).body;
    const changeRow = (await totals.locator('tbody tr', { hasText: '增减（元）' }).locator('td').allInnerTexts()).slice(1).map(amountOf);
    expect(changeRow.map((v) => new Decimal(v).toFixed(2))).toEqual(expected.candidates.map((c: any) => new Decimal(c.totals.change).toFixed(2)));
    const schoolRow = compare.locator('[data-testid=candidates-schools] tbody tr.ant-table-row').first();
    expect(await schoolRow.getByTestId('candidate-change-0').count()).toBe(1);
    expect(await schoolRow.getByTestId('candidate-change-1').count()).toBe(1);
    expect(await compare.locator('[data-testid=candidates-chart] canvas').count()).toBe(1);
    await screenshot(page, 'attribution-candidates');
    await shoot(compare, 'attribution-candidates-section');
    expectCleanConsole(session);
  });
});
