import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { screenshot } from './support/browser';
import { expectChinese, expectCleanConsole, useConsoleHarness } from './support/harness';
import { goto, plainAmount } from './support/ui';

/**
 * Issue 14 in the console, in Chromium against `skillfund serve --in-memory`: the run page's schools sorted, paged
 * and searched by the server (each answer checked against the API's own), and a stale draft rebased onto the
 * latest version with its conflict chosen in Chinese, then published by a second person.
 */
interface SchoolRow {
  schoolId: string;
  schoolName: string;
}
interface SchoolsPage {
  items: SchoolRow[];
  total: number;
  totals: { allocation: string };
}

const harness = useConsoleHarness();
const { signIn, api } = harness;

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

    await goto(page, harness.server().url, `finance/runs/${encodeURIComponent(runId)}`);
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

describe('policy: a stale draft rebased onto the latest version', () => {
  const RULE_SET = 'hlj-technical-schools';
  const drafts = `/rulesets/${RULE_SET}/drafts`;
  type Tier = { code: string; name: string; perStudent: string };
  type Content = { tiers: Tier[] } & Record<string, unknown>;
  // Only T1 and T2: the sample's worked examples price T3 and T4 classes, which a changed standard would break.
  const withTiers = (content: Content, changes: Record<string, Partial<Tier>>): Content => ({
    ...content,
    tiers: content.tiers.map((tier) => ({ ...tier, ...changes[tier.code] })),
  });
  const tierOf = (content: Content, code: string) => content.tiers.find((tier) => tier.code === code)!;
  const standardOf = (content: Content, code: string) => tierOf(content, code).perStudent;
  /** Publishes a draft through the API as `user`, accepting the warnings it has (what the console's dialog asks for). */
  const publish = async (user: string, draftId: string) => {
    const checks = (await api(user, 'POST', `${drafts}/${draftId}/validate`)) as { revision: number; warnings: { code: string }[] };
    return api(user, 'POST', `${drafts}/${draftId}/publish`, { revision: checks.revision, acceptWarnings: [...new Set(checks.warnings.map((w) => w.code))] }) as Promise<{ version: number }>;
  };

  it('says so on opening, shows the conflict in words, keeps the chosen side after a reload, and is published by a second person', async () => {
    const [author, reviewer] = ['王政策', '赵审定'];
    const start = (await api(author, 'GET', `/rulesets/${RULE_SET}/versions/latest`)) as { version: number; ruleSet: Content };
    const base = start.ruleSet;
    const [t1, t2] = ['T1', 'T2'].map((code) => Number(standardOf(base, code)));
    const [t1Name, t2Name] = [`${tierOf(base, 'T1').name}（调整）`, `${tierOf(base, 'T2').name}（调整）`];

    // The author's draft: T1's standard and T2's name changed, submitted for publishing.
    const mine = (await api(author, 'POST', drafts, { fromVersion: start.version, changeNote: '端到端：待合并草稿' })) as { draftId: string; revision: number; content: Content };
    const saved = (await api(author, 'PUT', `${drafts}/${mine.draftId}`, { revision: mine.revision, ruleSet: withTiers(mine.content, { T1: { perStudent: String(t1! + 300) }, T2: { name: t2Name } }) })) as { revision: number };
    await api(author, 'POST', `${drafts}/${mine.draftId}/submit`, { revision: saved.revision });
    // Meanwhile the reviewer's draft changes T1's standard differently and T2's standard, and the author publishes it: the first draft is stale.
    const theirs = (await api(reviewer, 'POST', drafts, { fromVersion: start.version })) as { draftId: string; revision: number; content: Content };
    await api(reviewer, 'PUT', `${drafts}/${theirs.draftId}`, { revision: theirs.revision, ruleSet: withTiers(theirs.content, { T1: { perStudent: String(t1! + 500) }, T2: { perStudent: String(t2! + 300) } }) });
    const latest = (await publish(author, theirs.draftId)).version;
    const draftHash = `policy/drafts/${encodeURIComponent(RULE_SET)}/${encodeURIComponent(mine.draftId)}`;

    // The reviewer opens the submitted draft: it says it is stale; publishing is refused with the reason and offers the rebase.
    const review = await signIn(reviewer);
    await goto(review.page, harness.server().url, draftHash);
    await review.page.getByTestId('draft-stale').waitFor({ timeout: 30_000 });
    expect(await review.page.getByTestId('draft-stale').innerText()).toContain(`v${latest}`);
    await review.page.getByTestId('publish-draft').click();
    await review.page.getByTestId('conflict-rebase').waitFor();
    expect(await review.page.getByTestId('conflict-text').innerText()).toContain('合并到最新版本');
    await screenshot(review.page, 'policy-stale-publish-refused');
    await expectChinese(review.page, 'policy-stale-publish-refused');
    await review.page.locator('.ant-modal-footer .ant-btn').first().click();

    // The author rebases: one conflict (T1's standard), in words, with the three values.
    const session = await signIn(author);
    const { page } = session;
    await goto(page, harness.server().url, draftHash);
    await page.getByTestId('draft-stale').waitFor({ timeout: 30_000 });
    await page.getByTestId('rebase-open').click();
    const dialog = page.getByTestId('rebase-dialog');
    await dialog.getByTestId('rebase-conflicts').waitFor();
    expect(await dialog.locator('[data-testid=rebase-conflicts] tbody tr.ant-table-row').count()).toBe(1);
    expect(await dialog.getByTestId('rebase-conflict-where').innerText()).toBe('成本档次 T1 · 生均标准');
    expect(await dialog.getByTestId('rebase-conflict-ours').innerText()).toBe(String(t1! + 300));
    expect(await dialog.getByTestId('rebase-conflict-theirs').innerText()).toBe(String(t1! + 500));
    expect(await page.getByTestId('rebase-save').isDisabled()).toBe(true);
    // The draft's own change (T2's name) is what the merge adds to the latest version; T2's standard is the latest's already.
    await dialog.getByTestId('rebase-keep-ours-0').click();
    await expect.poll(() => dialog.getByTestId('rebase-changes').innerText(), { timeout: 15_000 }).toContain(`${t1! + 500} → ${t1! + 300}`);
    const changes = await dialog.getByTestId('rebase-changes').innerText();
    expect(changes).toContain(t2Name);
    expect(changes).not.toContain(String(t2! + 300));
    await screenshot(page, 'policy-rebase-preview');
    await expectChinese(page, 'policy-rebase-preview');

    // Another tab of the author renames T1 before this save: the rebase is refused (409), reloaded, and says so.
    const current = (await api(author, 'GET', `${drafts}/${mine.draftId}`)) as { revision: number; content: Content };
    await api(author, 'PUT', `${drafts}/${mine.draftId}`, { revision: current.revision, ruleSet: withTiers(current.content, { T1: { name: t1Name } }) });
    await page.getByTestId('rebase-save').click();
    await dialog.getByTestId('rebase-reloaded').waitFor({ timeout: 15_000 });
    // Previewed again from the new revision: the conflict is open again, so nothing can be saved yet.
    await dialog.getByTestId('rebase-conflicts').waitFor();
    expect(await dialog.locator('[data-testid=rebase-choice-0] input:checked').count()).toBe(0);
    expect(await page.getByTestId('rebase-save').isDisabled()).toBe(true);
    await expectChinese(page, 'policy-rebase-reloaded');
    await dialog.getByTestId('rebase-keep-ours-0').click();
    await expect.poll(() => page.getByTestId('rebase-save').isDisabled(), { timeout: 15_000 }).toBe(false);
    await page.getByTestId('rebase-save').click();
    await expect.poll(() => page.getByTestId('draft-stale').count(), { timeout: 15_000 }).toBe(0);

    const rebased = (await api(author, 'GET', `${drafts}/${mine.draftId}`)) as { baseVersion: number; status: string; content: Content; latestVersion?: number };
    expect(rebased.baseVersion).toBe(latest);
    expect(rebased.latestVersion).toBeUndefined();
    expect(['T1', 'T2'].map((code) => tierOf(rebased.content, code))).toMatchObject([
      { perStudent: String(t1! + 300), name: t1Name },
      { perStudent: String(t2! + 300), name: t2Name },
    ]);
    await page.getByTestId('submit-draft').click();
    await expect.poll(() => page.getByTestId('draft-status').innerText(), { timeout: 15_000 }).toBe('已提交待发布');
    expectCleanConsole(session);

    // The reviewer, who changed no revision of this draft, publishes it.
    await goto(review.page, harness.server().url, draftHash);
    await review.page.reload();
    await review.page.getByTestId('publish-draft').click();
    const accept = review.page.getByTestId('accept-warnings-dialog');
    if (await accept.isVisible().catch(() => false)) {
      for (const box of await accept.locator('input[type=checkbox]').all()) await box.check();
      await review.page.locator('.ant-modal-footer .ant-btn-primary').last().click();
    }
    await review.page.getByTestId('published').waitFor({ timeout: 30_000 });
    const published = (await api(reviewer, 'GET', `/rulesets/${RULE_SET}/versions/latest`)) as { version: number; ruleSet: Content };
    expect(published.version).toBe(latest + 1);
    expect(standardOf(published.ruleSet, 'T1')).toBe(String(t1! + 300));
    expect(standardOf(published.ruleSet, 'T2')).toBe(String(t2! + 300));
    await screenshot(review.page, 'policy-rebased-published');
    await expectChinese(review.page, 'policy-rebased-published');
    expectCleanConsole(review);
  });

  /**
   * The author's draft changes T1's standard by +200 from the latest version; meanwhile another draft changes it by
   * +400 and is published. The first draft is stale with one conflict (T1's standard).
   */
  const staleDraftWithConflict = async (author: string, other: string, note: string) => {
    const start = (await api(author, 'GET', `/rulesets/${RULE_SET}/versions/latest`)) as { version: number; ruleSet: Content };
    const t1 = Number(standardOf(start.ruleSet, 'T1'));
    const mine = (await api(author, 'POST', drafts, { fromVersion: start.version, changeNote: note })) as { draftId: string; revision: number; content: Content };
    await api(author, 'PUT', `${drafts}/${mine.draftId}`, { revision: mine.revision, ruleSet: withTiers(mine.content, { T1: { perStudent: String(t1 + 200) } }) });
    const theirs = (await api(other, 'POST', drafts, { fromVersion: start.version })) as { draftId: string; revision: number; content: Content };
    await api(other, 'PUT', `${drafts}/${theirs.draftId}`, { revision: theirs.revision, ruleSet: withTiers(theirs.content, { T1: { perStudent: String(t1 + 400) } }) });
    const latest = (await publish(author, theirs.draftId)).version;
    return { draftId: mine.draftId, t1, latest, hash: `policy/drafts/${encodeURIComponent(RULE_SET)}/${encodeURIComponent(mine.draftId)}` };
  };
  /** Opens the draft, then its rebase dialog, and waits for the preview's conflict. */
  const openRebase = async (page: Page, hash: string) => {
    await goto(page, harness.server().url, hash);
    await page.getByTestId('draft-stale').waitFor({ timeout: 30_000 });
    await page.getByTestId('rebase-open').click();
    const dialog = page.getByTestId('rebase-dialog');
    await dialog.getByTestId('rebase-conflicts').waitFor({ timeout: 15_000 });
    return dialog;
  };
  /** The dialog's save, with the API's answer to it. */
  const saveRebase = async (page: Page, draftId: string) => {
    const [answer] = await Promise.all([
      page.waitForResponse((response) => response.request().method() === 'POST' && new URL(response.url()).pathname.endsWith(`/drafts/${draftId}/rebase`) && (response.request().postData() ?? '').includes('"save":true')),
      page.getByTestId('rebase-save').click(),
    ]);
    return { status: answer.status(), body: (await answer.json()) as { error?: { code: string } } };
  };

  it('speaks English in the English console: no Chinese word of ours, no raw code', async () => {
    const author = '王政策';
    const stale = await staleDraftWithConflict(author, '赵审定', 'e2e: English dialog');
    const session = await signIn(author);
    const { page } = session;
    await goto(page, harness.server().url, stale.hash);
    await page.getByTestId('lang-switch').first().click();
    const dialog = await openRebase(page, stale.hash);
    await dialog.getByTestId('rebase-keep-ours-0').click();
    await expect.poll(() => dialog.getByTestId('rebase-changes').innerText(), { timeout: 15_000 }).toContain(`${stale.t1 + 400} → ${stale.t1 + 200}`);
    expect(await dialog.getByTestId('rebase-conflict-where').innerText()).toMatch(/^[\x20-\x7e’·]+$/);
    const modal = page.getByRole('dialog').filter({ has: dialog });
    const shown = await modal.innerText();
    // The rule set's own names are the office's data (Chinese in any console); everything else is ours, in English.
    const latest = (await api(author, 'GET', `/rulesets/${RULE_SET}/versions/latest`)) as { ruleSet: unknown };
    const names = JSON.stringify(latest.ruleSet).match(/"[^"]*[\u4e00-\u9fff][^"]*"/g)?.map((quoted) => JSON.parse(quoted) as string) ?? [];
    const ours = names.sort((a, b) => b.length - a.length).reduce((text, name) => text.split(name).join(' '), shown);
    expect(ours.match(/[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]+/g), ours).toBeNull();
    // No catalogue code or placeholder left unrendered.
    expect(ours.match(/\b[a-z]+(?:_[a-z]+)+\b|\{[a-zA-Z]+(?::[a-z]+)?\}/g), ours).toBeNull();
    expect(shown).toContain(`Rebase the draft’s changes onto v${stale.latest}`);
    expect(shown).toContain('Keep the draft’s value');
    await screenshot(page, 'policy-rebase-english');
    expectCleanConsole(session);
  });

  it('loses neither change when another version is published while the dialog is open: 409, said in Chinese, previewed again against the newest', async () => {
    const [author, colleague] = ['王政策', '赵审定'];
    const stale = await staleDraftWithConflict(author, colleague, '端到端：对话框打开时又发布了新版本');
    const session = await signIn(author);
    const { page } = session;
    const dialog = await openRebase(page, stale.hash);
    await dialog.getByTestId('rebase-keep-ours-0').click();
    await expect.poll(() => page.getByTestId('rebase-save').isDisabled(), { timeout: 15_000 }).toBe(false);

    // Before the author confirms, a colleague's draft raising T2's standard is published as the newest version.
    const newer = (await api(colleague, 'POST', drafts, { fromVersion: stale.latest })) as { draftId: string; revision: number; content: Content };
    const t2 = Number(standardOf(newer.content, 'T2'));
    await api(colleague, 'PUT', `${drafts}/${newer.draftId}`, { revision: newer.revision, ruleSet: withTiers(newer.content, { T2: { perStudent: String(t2 + 100) } }) });
    const newest = (await publish(author, newer.draftId)).version;
    expect(newest).toBe(stale.latest + 1);

    // Confirming merges nothing unseen: 409, the dialog says why in Chinese and previews the rebase onto the newest version.
    const refused = await saveRebase(page, stale.draftId);
    expect(refused.status).toBe(409);
    expect(refused.body.error?.code).toBe('rebase_target_moved');
    const note = dialog.getByTestId('rebase-reloaded');
    await note.waitFor({ timeout: 15_000 });
    expect(await note.innerText()).toContain(`最新版本已是 v${newest}`);
    await expect.poll(() => page.locator('.ant-modal-title').innerText(), { timeout: 15_000 }).toContain(`v${newest}`);
    await dialog.getByTestId('rebase-conflicts').waitFor();
    expect(await dialog.locator('[data-testid=rebase-choice-0] input:checked').count()).toBe(0);
    await screenshot(page, 'policy-rebase-target-moved');
    await expectChinese(page, 'policy-rebase-target-moved');

    await dialog.getByTestId('rebase-keep-ours-0').click();
    await expect.poll(() => page.getByTestId('rebase-save').isDisabled(), { timeout: 15_000 }).toBe(false);
    expect((await saveRebase(page, stale.draftId)).status).toBe(200);
    await expect.poll(() => page.getByTestId('draft-stale').count(), { timeout: 15_000 }).toBe(0);
    // Both changes: the author's T1 and the newest version's T2.
    const rebased = (await api(author, 'GET', `${drafts}/${stale.draftId}`)) as { baseVersion: number; content: Content };
    expect(rebased.baseVersion).toBe(newest);
    expect([standardOf(rebased.content, 'T1'), standardOf(rebased.content, 'T2')]).toEqual([String(stale.t1 + 200), String(t2 + 100)]);
    expectCleanConsole(session);
  });

  it('does not overwrite a colleague’s rebase of the same draft saved while the dialog is open: 409, said in Chinese', async () => {
    const [author, colleague] = ['王政策', '赵审定'];
    const stale = await staleDraftWithConflict(author, colleague, '端到端：对话框打开时同事已合并');
    const session = await signIn(author);
    const { page } = session;
    const dialog = await openRebase(page, stale.hash);
    await dialog.getByTestId('rebase-keep-ours-0').click();
    await expect.poll(() => page.getByTestId('rebase-save').isDisabled(), { timeout: 15_000 }).toBe(false);

    // The colleague rebases the same draft first, taking the latest version's T1.
    const read = (await api(colleague, 'GET', `${drafts}/${stale.draftId}`)) as { revision: number };
    const preview = (await api(colleague, 'POST', `${drafts}/${stale.draftId}/rebase`, { revision: read.revision })) as { latestVersion: number; conflicts: { path: string }[] };
    await api(colleague, 'POST', `${drafts}/${stale.draftId}/rebase`, { revision: read.revision, onto: preview.latestVersion, resolutions: { [preview.conflicts[0]!.path]: 'theirs' }, save: true });

    const refused = await saveRebase(page, stale.draftId);
    expect(refused.status).toBe(409);
    expect(refused.body.error?.code).toBe('stale_revision');
    await dialog.getByTestId('rebase-reloaded').waitFor({ timeout: 15_000 });
    // Reloaded: the draft is on the latest version already, and the dialog says so instead of merging again.
    await expect.poll(() => dialog.innerText(), { timeout: 15_000 }).toContain(`已基于最新版本 v${stale.latest}，无需合并`);
    expect(await page.getByTestId('rebase-save').isDisabled()).toBe(true);
    await expect.poll(() => page.getByTestId('draft-stale').count(), { timeout: 15_000 }).toBe(0);
    await screenshot(page, 'policy-rebase-rebased-meanwhile');
    await expectChinese(page, 'policy-rebase-rebased-meanwhile');
    const kept = (await api(author, 'GET', `${drafts}/${stale.draftId}`)) as { baseVersion: number; revision: number; content: Content };
    expect(kept.baseVersion).toBe(stale.latest);
    expect(kept.revision).toBe(read.revision + 1);
    expect(standardOf(kept.content, 'T1')).toBe(String(stale.t1 + 400));
    expectCleanConsole(session);
  });
});
