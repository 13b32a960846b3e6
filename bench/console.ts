/**
 * `npm run bench:console [-- --quick] [--json] [--only=editor,run-page,sim-page] [--profile]`: the console as a person feels it, in
 * Chromium against `skillfund serve --in-memory` (issue 14). Figures are min / median / max over repeated actions:
 * - editor: opening a draft (hash → editor painted), a new draft from 以此版本新建草稿 (click → editor painted), and
 *   keystroke → next paint in a tier's 生均标准 and a major's name, with the long tasks (PerformanceObserver) seen
 *   while typing;
 * - run page at national scale (3,000 schools, bench/dataset.ts): opening until the first rows are painted, and a
 *   sort, a page change and a search by school name until the changed rows are painted;
 * - simulation page at national scale: a draft simulated on the same 3,000 schools (kept on the server), then a sort,
 *   a page change and a search in its school table, as on the run page.
 * The probe in the page (bench/console-probe.js) times from the input event's timestamp to a task after the next
 * frame. Not part of `npm test`: timings depend on the machine and on whatever else it is doing.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../test/e2e/support/browser';
import { startLocalServer, type LocalServer } from '../test/e2e/support/server';
import { choose } from '../test/e2e/support/ui';
import { datasetFile, NATIONAL_SCHOOLS, REPO_ROOT } from './dataset';
import { apiClient } from './http';
import { median, round } from './measure';
import { CONSOLE_TARGETS, formatConsoleReport, type ConsoleReport, type Figures, type TableActions } from './console-report';
import { summariseProfile } from './profile-summary';

const SECTIONS = ['editor', 'run-page', 'sim-page'] as const;
type Section = (typeof SECTIONS)[number];
const RULE_SET = 'hlj-technical-schools';
const SAMPLE_DRAFT = 'seed-candidate';
interface DemoUser {
  user: string;
  role: string;
  token: string;
}

const args = process.argv.slice(2);
const json = args.includes('--json');
const quick = args.includes('--quick');
const only = args.find((arg) => arg.startsWith('--only='))?.slice('--only='.length).split(',') as Section[] | undefined;
if (only?.some((section) => !SECTIONS.includes(section))) {
  console.error(`--only takes ${SECTIONS.join(', ')}`);
  process.exit(2);
}
const wanted = (section: Section) => !only || only.includes(section);
const repetitions = quick ? 3 : 9;
const keystrokes = quick ? 10 : 30;
/** `--profile`: a CPU profile (CDP) of the draft's opening and of the typing, summarised by self time. */
const profiling = args.includes('--profile');
const log = (line: string) => {
  if (!json) process.stderr.write(`${line}\n`);
};

export function figures(values: number[]): Figures {
  return { minMs: round(Math.min(...values)), medianMs: round(median(values)), maxMs: round(Math.max(...values)), runs: values.length };
}

const PROBE = readFileSync(join(REPO_ROOT, 'bench/console-probe.js'), 'utf8');
interface Ready {
  selector: string;
  textNot?: string | null;
  absent?: string;
}

/** Milliseconds from the next click/key the bench sends (or from now, with `hash`) to the paint after `ready` holds. */
function measure(page: Page, ready: Ready, options: { hash?: string } = {}): Promise<number> {
  return page.evaluate(([r, o]) => (globalThis as any).__probe.measure(r, o), [ready, options.hash !== undefined ? { start: 'now', hash: options.hash } : {}] as const);
}
const textOf = (page: Page, selector: string) => page.evaluate((s) => (globalThis as any).__probe.text(s) as string | null, selector);
const pause = (ms: number) => new Promise((done) => setTimeout(done, ms));

async function signedIn(browser: Browser, url: string, user: DemoUser): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
  await context.addInitScript({ content: PROBE });
  const page = await context.newPage();
  await page.goto(`${url}/`);
  await page.getByTestId(`demo-user-${user.user}`).click();
  await page.getByTestId('current-user').waitFor();
  return page;
}

/** Types `count` keys into the focused input, a person's pace apart, alternating a digit and Backspace. */
async function typeKeys(page: Page, count: number) {
  const stopProfile = await startProfile(page, 'typing');
  await page.evaluate(() => (globalThis as any).__probe.reset());
  for (let i = 0; i < count; i++) {
    await page.keyboard.press(i % 2 === 0 ? '7' : 'Backspace');
    await pause(120);
  }
  await pause(1000);
  await stopProfile();
  const { keystrokes: times, longTasks, slowEvents } = await page.evaluate(() => {
    const probe = (globalThis as any).__probe;
    return { keystrokes: [...probe.keystrokes] as number[], longTasks: [...probe.longTasks] as { duration: number }[], slowEvents: [...probe.slowEvents] as { duration: number }[] };
  });
  return {
    ...figures(times),
    longTasks: { count: longTasks.length, maxMs: round(Math.max(0, ...longTasks.map((t) => t.duration))), totalMs: round(longTasks.reduce((sum, t) => sum + t.duration, 0)) },
    slowestEventMs: round(Math.max(0, ...slowEvents.map((e) => e.duration))),
  };
}

/** With --profile, records the page's CPU from now until the returned function is called, and prints the summary. */
async function startProfile(page: Page, name: string): Promise<() => Promise<void>> {
  if (!profiling) return async () => {};
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  return async () => {
    const { profile } = await cdp.send('Profiler.stop');
    const file = join(mkdtempSync(join(tmpdir(), 'skillfund-console-profile-')), `${name}.cpuprofile`);
    writeFileSync(file, JSON.stringify(profile));
    log(`profile of ${name}: ${file}\n${summariseProfile(file, 25)}`);
    await cdp.detach();
  };
}

const EDITOR_READY: Ready = { selector: '[data-testid="editor-tiers"] .ant-table-row input' };

async function benchEditor(browser: Browser, server: LocalServer, policy: DemoUser): Promise<NonNullable<ConsoleReport['editor']>> {
  const page = await signedIn(browser, server.url, policy);
  const draftHash = `#/policy/drafts/${RULE_SET}/${SAMPLE_DRAFT}`;
  const versionsReady: Ready = { selector: '[data-testid="new-draft-1"]' };
  const open: number[] = [];
  for (let i = 0; i <= repetitions; i++) {
    await measure(page, versionsReady, { hash: '#/policy/versions' });
    const stopProfile = i === 1 ? await startProfile(page, 'open') : async () => {};
    const ms = await measure(page, EDITOR_READY, { hash: draftHash });
    await stopProfile();
    if (i > 0) open.push(ms); // the first open also loads the page's code
  }
  log(`  open draft: ${JSON.stringify(figures(open))}`);

  const created: number[] = [];
  for (let i = 0; i < repetitions; i++) {
    await measure(page, versionsReady, { hash: '#/policy/versions' });
    const measured = measure(page, EDITOR_READY);
    await page.getByTestId('new-draft-1').click();
    created.push(await measured);
  }
  log(`  new draft from v1: ${JSON.stringify(figures(created))}`);

  await measure(page, EDITOR_READY, { hash: draftHash });
  await page.locator('[data-testid="editor-tiers"] .ant-table-row').nth(1).locator('input').nth(2).click();
  const keystrokeTiers = await typeKeys(page, keystrokes);
  log(`  keystroke (tiers): ${JSON.stringify(keystrokeTiers)}`);

  await page.getByRole('tab').nth(2).click();
  await page.locator('[data-testid="editor-majors"] .ant-table-row').first().waitFor();
  await page.locator('[data-testid="editor-majors"] .ant-table-row').nth(3).locator('input').nth(1).click();
  const keystrokeMajors = await typeKeys(page, keystrokes);
  log(`  keystroke (majors): ${JSON.stringify(keystrokeMajors)}`);
  await page.context().close();
  return { openDraft: figures(open), newDraftFromVersion: figures(created), keystrokeTiers, keystrokeMajors };
}

type Api = <T = any>(method: string, path: string, body?: unknown) => Promise<T>;

/** A national dataset (3,000 schools, ≈ 360,000 lines) uploaded in parts and sealed through the API, once per bench. */
const nationalDatasets = new Map<number, Promise<string>>();
function nationalDataset(api: Api, schools: number): Promise<string> {
  let made = nationalDatasets.get(schools);
  if (!made) nationalDatasets.set(schools, (made = uploadDataset(api, schools)));
  return made;
}
async function uploadDataset(api: Api, schools: number): Promise<string> {
  const bytes = readFileSync(await datasetFile(schools, 'csv'));
  const dataset = await api('POST', '/datasets', { name: `bench national ${schools}`, fiscalYear: 2026, format: 'csv', fileName: `national-${schools}.csv` });
  const partBytes = 5 * 1024 * 1024;
  for (let part = 0; part * partBytes < bytes.length; part++) {
    await api('POST', `/datasets/${dataset.datasetId}/parts?part=${part + 1}`, bytes.subarray(part * partBytes, (part + 1) * partBytes));
  }
  await api('POST', `/datasets/${dataset.datasetId}/seal`);
  return dataset.datasetId as string;
}

/** A national run made through the API as finance would. */
async function nationalRun(api: Api, schools: number): Promise<{ runId: string; lines: number; schools: number }> {
  const datasetId = await nationalDataset(api, schools);
  const run = await api('POST', '/runs', { ruleSetId: RULE_SET, version: 1, datasetId, fiscalYear: 2026, envelope: { policy: 'cap', budget: '30000000000' }, excludeInvalid: true, clientKey: `bench-console-${schools}` });
  return { runId: run.runId, lines: run.summary.counts.lines, schools: run.summary.counts.schools };
}

const TABLE = '[data-testid="schools-table"]';
const FIRST_ROW = `${TABLE} tbody tr.ant-table-row`;
const LOADING = `${TABLE} .ant-spin-spinning`;

async function benchRunPage(browser: Browser, server: LocalServer, finance: DemoUser): Promise<NonNullable<ConsoleReport['runPage']>> {
  const schools = quick ? NATIONAL_SCHOOLS / 10 : NATIONAL_SCHOOLS;
  log(`  making a run of ${schools} schools through the API…`);
  const run = await nationalRun(apiClient(server.url, finance.token), schools);
  const page = await signedIn(browser, server.url, finance);
  let firstRowsBytes: number | undefined;
  page.on('response', async (response) => {
    if (new URL(response.url()).pathname.startsWith(`/runs/${run.runId}`) && response.request().method() === 'GET') {
      const length = (await response.body().catch(() => Buffer.alloc(0))).length;
      firstRowsBytes = (firstRowsBytes ?? 0) + length;
    }
  });
  // How long each page of schools took from request to the last byte (server + local network), to tell the API's
  // share of an action from the browser's.
  const schoolsApiMs: number[] = [];
  const otherApiMs = new Map<string, number[]>();
  page.on('requestfinished', (request) => {
    const path = new URL(request.url()).pathname;
    if (path === `/runs/${run.runId}/schools`) schoolsApiMs.push(request.timing().responseEnd);
    else if (path.startsWith('/runs')) otherApiMs.set(path.replace(run.runId, '{id}'), [...(otherApiMs.get(path.replace(run.runId, '{id}')) ?? []), request.timing().responseEnd]);
  });
  const open: number[] = [];
  for (let i = 0; i <= repetitions; i++) {
    await measure(page, { selector: '[data-testid="runs-table"] .ant-table-row' }, { hash: '#/finance/runs' });
    firstRowsBytes = 0;
    const ms = await measure(page, { selector: FIRST_ROW, absent: LOADING }, { hash: `#/finance/runs/${run.runId}` });
    if (i > 0) open.push(ms);
  }
  log(`  open: ${JSON.stringify(figures(open))} (${firstRowsBytes} bytes of run data)`);
  const shownBytes = firstRowsBytes;

  const { sort, pageChange, search } = await tableActions(page, { table: TABLE, sortHeader: /分配金额/, search: 'schools-search', codeColumn: 1 });
  log(`  GET /runs/{id}/schools as the page asked for it: ${JSON.stringify(figures(schoolsApiMs))}`);
  for (const [path, times] of otherApiMs) log(`  GET ${path} while the page was used: ${JSON.stringify(figures(times))}`);
  await page.context().close();
  return { schools: run.schools, schoolsApi: figures(schoolsApiMs), lines: run.lines, ...(shownBytes !== undefined ? { firstRowsBytes: shownBytes } : {}), open: figures(open), sort, pageChange, search };
}

/**
 * A sort (alternating one column's order), a page change and a search by part of a school's name in a server-paged
 * school table, each timed until its first row shows something else, with the table done loading.
 */
async function tableActions(page: Page, where: { table: string; sortHeader: RegExp; search: string; codeColumn: number }): Promise<TableActions> {
  const firstRow = `${where.table} tbody tr.ant-table-row`;
  const loading = `${where.table} .ant-spin-spinning`;
  const changed = async (act: () => Promise<void>) => {
    const before = await textOf(page, firstRow);
    const measured = measure(page, { selector: firstRow, textNot: before, absent: loading });
    await act();
    return measured;
  };
  const sort: number[] = [];
  for (let i = 0; i < repetitions; i++) sort.push(await changed(() => page.locator(`${where.table} th`, { hasText: where.sortHeader }).last().click()));
  log(`  sort: ${JSON.stringify(figures(sort))}`);
  const pageChange: number[] = [];
  for (let i = 0; i < repetitions; i++) pageChange.push(await changed(() => page.locator(`${where.table} .ant-pagination-next`).click()));
  log(`  page change: ${JSON.stringify(figures(pageChange))}`);
  const searchBox = page.getByTestId(where.search).locator('input');
  const search: number[] = [];
  for (let i = 0; i < repetitions; i++) {
    // The code of a row shown lower down, so the answer always starts with another school, whatever the order and the
    // data (a fixed word can give the same first row twice: after an odd number of sort clicks the private schools'
    // 0.00 come first, and every one of them matches "学院" and "1").
    const needle = (await page.locator(`${firstRow} td:nth-child(${where.codeColumn})`).nth(Math.min(5, (await page.locator(firstRow).count()) - 1)).innerText()).trim();
    await searchBox.fill('');
    await searchBox.press('Enter');
    for (const deadline = Date.now() + 30_000; (await page.locator(firstRow).count()) < 2 && Date.now() < deadline; ) await pause(20);
    await searchBox.fill(needle);
    search.push(await changed(() => searchBox.press('Enter')));
  }
  log(`  search: ${JSON.stringify(figures(search))}`);
  return { sort: figures(sort), pageChange: figures(pageChange), search: figures(search) };
}

const SIM_TABLE = '[data-testid="simulation-attribution-schools"]';

async function benchSimulationPage(browser: Browser, server: LocalServer, users: { finance: DemoUser; policy: DemoUser }): Promise<NonNullable<ConsoleReport['simPage']>> {
  const schools = quick ? NATIONAL_SCHOOLS / 10 : NATIONAL_SCHOOLS;
  log(`  a dataset of ${schools} schools through the API…`);
  const datasetId = await nationalDataset(apiClient(server.url, users.finance.token), schools);
  const page = await signedIn(browser, server.url, users.policy);
  const schoolsApiMs: number[] = [];
  page.on('requestfinished', (request) => {
    if (/^\/simulations\/[^/]+\/schools$/.test(new URL(request.url()).pathname)) schoolsApiMs.push(request.timing().responseEnd);
  });
  const simulate: number[] = [];
  for (let i = 0; i < (quick ? 2 : 3); i++) {
    // Away and back: the draft page opens without the last simulation's table.
    await measure(page, { selector: '[data-testid="new-draft-1"]' }, { hash: '#/policy/versions' });
    await measure(page, EDITOR_READY, { hash: `#/policy/drafts/${RULE_SET}/${SAMPLE_DRAFT}` });
    await choose(page, 'simulate-dataset', `bench national ${schools}`);
    const measured = measure(page, { selector: `${SIM_TABLE} tbody tr.ant-table-row`, absent: `${SIM_TABLE} .ant-spin-spinning` });
    await page.getByTestId('simulate').click();
    simulate.push(await measured);
    log(`  simulate → first rows: ${simulate.at(-1)} ms (${datasetId})`);
  }
  const actions = await tableActions(page, { table: SIM_TABLE, sortHeader: /方案分配/, search: 'simulation-attribution-search', codeColumn: 2 });
  log(`  GET /simulations/{id}/schools as the page asked for it: ${JSON.stringify(figures(schoolsApiMs))}`);
  await page.context().close();
  return { schools, simulate: figures(simulate), schoolsApi: figures(schoolsApiMs), ...actions };
}

const started = performance.now();
const report: ConsoleReport = { startedAt: new Date().toISOString(), quick, targets: CONSOLE_TARGETS, totalSeconds: 0 };
log('starting the local service (builds the console if stale)…');
const server = await startLocalServer();
const browser = await launchChromium();
try {
  const users = ((await (await fetch(`${server.url}/config.json`)).json()) as { demoUsers: DemoUser[] }).demoUsers;
  const byRole = (role: string) => users.find((u) => u.role === role)!;
  if (wanted('editor')) {
    log('editor (sample rule set):');
    report.editor = await benchEditor(browser, server, byRole('policy'));
  }
  if (wanted('run-page')) {
    log('run page:');
    report.runPage = await benchRunPage(browser, server, byRole('finance'));
  }
  if (wanted('sim-page')) {
    log('simulation page:');
    report.simPage = await benchSimulationPage(browser, server, { finance: byRole('finance'), policy: byRole('policy') });
  }
} finally {
  await browser.close();
  await server.stop();
}
report.totalSeconds = round((performance.now() - started) / 1000, 0);
console.log(json ? JSON.stringify(report) : formatConsoleReport(report));
