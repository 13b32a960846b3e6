import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attribute, EFFECTS, type Attribution } from '../../domain/attribution';
import { Decimal } from '../../domain/decimal';
import { validateRuleSet, type RuleSet } from '../../domain/ruleset';
import { readEnrollment } from '../../formats/enrollment-reader';
import { REPO_ROOT, SAMPLE_DATASET, SAMPLE_RULESET, startApi, type ApiClient } from '../support/api';
import { approvedRun, approveLastYear, DEMO_PEOPLE, type CallAs } from '../support/year-on-year';

const CJK = /[\u4e00-\u9fff]/;
const sum = (values: string[]) => values.reduce((total, value) => total.plus(value), new Decimal(0));

async function fileInput(rules: string, enrollment: string, budget: string) {
  const ruleSet = validateRuleSet(JSON.parse(readFileSync(join(REPO_ROOT, 'data', rules), 'utf8')));
  if (!ruleSet.ok) throw new Error(`${rules} is invalid`);
  const read = await readEnrollment(readFileSync(join(REPO_ROOT, 'data', enrollment)), { format: 'csv' });
  return { ruleSet: ruleSet.ruleSet as RuleSet, lines: read.lines, envelope: { policy: 'cap' as const, budget } };
}

/**
 * Issue 12 over HTTP: last year's approved run (2025 rules, enrolment and budget) against this year's (2026), as
 * finance, a school and policy see it, computed by the server from the runs' stored inputs.
 */
describe('GET /runs/{id}/attribution', () => {
  let api: Awaited<ReturnType<typeof startApi>>;
  let call: CallAs;
  let li: ApiClient;
  let schoolId: string;
  let otherSchoolId: string;
  let school: ApiClient;
  const runs: { last?: string; current?: string; review?: string } = {};
  let expected: Attribution;

  beforeAll(async () => {
    api = await startApi();
    call = async (user, method, path, body) => api.as(user).request(method, path, body === undefined ? {} : { body });
    li = api.as('李复核');
    schoolId = api.user('school', 0).schoolId!;
    otherSchoolId = api.user('school', 1).schoolId!;
    school = api.as(api.user('school', 0).user);
    runs.last = (await approveLastYear(call)).runId;
    runs.current = await approvedRun(call, DEMO_PEOPLE, { ruleSetId: SAMPLE_RULESET, version: 1, datasetId: SAMPLE_DATASET, fiscalYear: 2026, envelope: { policy: 'cap', budget: '2080000000' } }, '2026 年度拨款复核无误。');
    // Computed here straight from the sample files, the way `skillfund attribute` reads them, not through the store.
    const outcome = attribute({ base: await fileInput('rules-hlj-2025.json', 'enrollment-hlj-2025.csv', '1950000000'), new: await fileInput('rules-hlj-2026.json', 'enrollment-hlj-2026.csv', '2080000000') });
    if (!outcome.ok) throw new Error('the sample files do not attribute');
    expected = outcome.attribution;
  }, 120_000);
  afterAll(() => api?.service.close());

  it('compares with the previous approved run by default, exactly as the files attribute', async () => {
    const answer = await li.get(`/runs/${runs.current}/attribution`);
    expect(answer.status).toBe(200);
    expect(answer.body.against).toMatchObject({ runId: runs.last, fiscalYear: 2025, lifecycle: 'approved', default: true });
    expect(answer.body.run).toMatchObject({ runId: runs.current, fiscalYear: 2026, lifecycle: 'approved' });
    const { totals } = answer.body;
    expect(totals).toEqual(expected.totals);
    expect(totals.baseAllocation).toBe('1950000000.00');
    expect(totals.newAllocation).toBe('2080000000.00');
    expect(sum(EFFECTS.map((effect) => totals.effects[effect])).equals(totals.change)).toBe(true);
    expect(answer.body.byClassType).toEqual(expected.byClassType);
    expect(answer.body.mostAffected).toEqual(expected.mostAffected);
    expect(answer.body.summary).toMatchObject({ schools: 150, schoolsGaining: expected.summary.schoolsGaining, schoolsLosing: expected.summary.schoolsLosing });
    // Naming the same run explicitly is the same answer, no longer the default.
    const named = await li.get(`/runs/${runs.current}/attribution?against=${runs.last}`);
    expect(named.body.totals).toEqual(totals);
    expect(named.body.against.default).toBe(true);
  });

  it('pages, sorts and searches the school table on the server, every school adding up', async () => {
    const all = await li.get(`/runs/${runs.current}/attribution?limit=1000`);
    expect(all.body.schools).toMatchObject({ total: 150, offset: 0, limit: 1000, sort: 'schoolId', order: 'asc' });
    const rows = all.body.schools.items as { schoolId: string; change: string; effects: Record<string, string>; lineCount: number; lines?: unknown }[];
    expect(rows.map((r) => r.schoolId)).toEqual(expected.schools.map((s) => s.schoolId));
    for (const row of rows) expect(sum(EFFECTS.map((effect) => row.effects[effect]!)).equals(row.change)).toBe(true);
    expect(rows[0]).not.toHaveProperty('lines');
    for (const effect of EFFECTS) expect(sum(rows.map((r) => r.effects[effect]!)).equals(all.body.totals.effects[effect])).toBe(true);

    const page = await li.get(`/runs/${runs.current}/attribution?sort=standard&order=desc&offset=10&limit=5`);
    const byStandard = [...expected.schools].sort((a, b) => new Decimal(b.effects.standard).comparedTo(a.effects.standard) || (a.schoolId < b.schoolId ? -1 : 1));
    expect(page.body.schools.items.map((s: { schoolId: string }) => s.schoolId)).toEqual(byStandard.slice(10, 15).map((s) => s.schoolId));

    const named = expected.schools[3]!;
    const found = await li.get(`/runs/${runs.current}/attribution?q=${encodeURIComponent(named.schoolName.slice(0, 4))}`);
    expect(found.body.schools.items.map((s: { schoolId: string }) => s.schoolId)).toContain(named.schoolId);
    for (const s of found.body.schools.items) expect(s.schoolName).toContain(named.schoolName.slice(0, 4));
    expect((await li.get(`/runs/${runs.current}/attribution?sort=nonsense`)).status).toBe(400);
  });

  it("gives one school's moved lines with their reasons in Chinese, or English when asked", async () => {
    const zh = await li.get(`/runs/${runs.current}/attribution?school=${schoolId}`);
    expect(zh.status).toBe(200);
    expect(Object.keys(zh.body).sort()).toEqual(['against', 'run', 'school']);
    const want = expected.schools.find((s) => s.schoolId === schoolId)!;
    expect(zh.body.school).toMatchObject({ schoolId, change: want.change, effects: want.effects, lineCount: want.lines.length });
    const line = zh.body.school.lines[0];
    expect(line.explanations.length).toBeGreaterThan(0);
    for (const explanation of line.explanations) {
      expect(explanation.text).toMatch(CJK);
      expect(explanation.text).toContain('影响');
      expect(new Decimal(line.effects[explanation.effect]).equals(explanation.amount)).toBe(true);
    }
    const en = await li.get(`/runs/${runs.current}/attribution?school=${schoolId}&lang=en`);
    expect(en.body.school.lines[0].explanations[0].text).not.toMatch(CJK);
  });

  it("lets a school see only its own school against its previous approved run; anything else is a missing run's 404", async () => {
    const own = await school.get(`/runs/${runs.current}/attribution`);
    expect(own.status).toBe(200);
    expect(Object.keys(own.body).sort()).toEqual(['against', 'run', 'school']);
    expect(own.body.school.schoolId).toBe(schoolId);
    expect(own.body.against).toMatchObject({ runId: runs.last, default: true });
    expect(own.body.school.lines[0].explanations[0].text).toMatch(CJK);

    runs.review = (await api.as('张会计').post('/runs', { ruleSetId: SAMPLE_RULESET, version: 1, datasetId: SAMPLE_DATASET, fiscalYear: 2026, envelope: { policy: 'none' } })).body.runId;
    const missing = await school.get('/runs/run-nope/attribution');
    expect(missing.status).toBe(404);
    const same = (answer: { status: number; body: any }, runId: string) => {
      expect(answer.status).toBe(404);
      expect(answer.body.error.code).toBe(missing.body.error.code);
      expect(answer.body.error.message.replace(runId, 'run-nope')).toBe(missing.body.error.message);
    };
    same(await school.get(`/runs/${runs.current}/attribution?school=${otherSchoolId}`), runs.current!);
    same(await school.get(`/runs/${runs.review}/attribution`), runs.review!);
    same(await school.get(`/runs/${runs.current}/attribution?against=${runs.review}`), runs.review!);
    expect((await school.get(`/runs/${runs.current}/attribution/export`)).status).toBe(403);
    expect((await api.as('王政策').get(`/runs/${runs.current}/attribution`)).status).toBe(403);
  });

  it('says in Chinese why two runs cannot be compared, and never answers in part', async () => {
    const nothingBefore = await li.get(`/runs/${runs.last}/attribution`);
    expect(nothingBefore.status).toBe(404);
    expect(nothingBefore.body.error.code).toBe('no_previous_run');
    expect(nothingBefore.body.error.message).toMatch(CJK);

    // A rule set rounding to whole yuan cannot be subtracted from one rounding to the fen.
    const rules = structuredClone((await li.get(`/rulesets/${SAMPLE_RULESET}/versions/1`)).body.ruleSet);
    rules.rounding.scale = 0;
    const draft = await api.as('王政策').post(`/rulesets/${SAMPLE_RULESET}/drafts`, { ruleSet: rules });
    const acceptWarnings = [...new Set((draft.body.validation?.warnings ?? []).map((w: { code: string }) => w.code))];
    const version = (await api.as('赵审定').post(`/rulesets/${SAMPLE_RULESET}/drafts/${draft.body.draftId}/publish`, { revision: draft.body.revision, acceptWarnings })).body.version;
    const wholeYuan = (await api.as('张会计').post('/runs', { ruleSetId: SAMPLE_RULESET, version, datasetId: SAMPLE_DATASET, fiscalYear: 2026, envelope: { policy: 'none' } })).body.runId;
    const refused = await li.get(`/runs/${runs.current}/attribution?against=${wholeYuan}`);
    expect(refused.status).toBe(422);
    expect(refused.body.error.message).toMatch(CJK);
    expect(refused.body.error.details).toMatchObject([{ code: 'attribution_scale_mismatch', params: { base: 0, new: 2 } }]);
    expect(refused.body.error.details[0].message).toContain('取整位数不同');
    expect(refused.body).not.toHaveProperty('totals');
    const english = await li.request('GET', `/runs/${runs.current}/attribution?against=${wholeYuan}`, { headers: { 'accept-language': 'en' } });
    expect(english.body.error.message).not.toMatch(CJK);

    // A run still being written exists, and will be comparable: 409, not 404.
    const request = { ruleSetId: SAMPLE_RULESET, version: 1, datasetId: SAMPLE_DATASET, fiscalYear: 2026, envelope: { policy: 'none' as const }, excludeInvalid: false };
    await api.service.store.createRunHeader({ runId: 'run-still-writing', request, requestHash: 'x', createdBy: '张会计', createdAt: new Date().toISOString() });
    const pending = await li.get(`/runs/${runs.current}/attribution?against=run-still-writing`);
    expect(pending.status).toBe(409);
    expect(pending.body.error).toMatchObject({ code: 'run_not_complete' });
    expect(pending.body.error.message).toContain('尚未计算完成');
  });

  it('refuses a run whose stored allocation its inputs no longer give, naming the school', async () => {
    const created = await api.as('张会计').post('/runs', { ruleSetId: SAMPLE_RULESET, version: 1, datasetId: SAMPLE_DATASET, fiscalYear: 2026, envelope: { policy: 'cap', budget: '2000000000' } });
    const runId = created.body.runId as string;
    const stored = await api.service.store.readRunSchools(runId);
    const altered = stored.schools.map((s) => (s.schoolId === schoolId ? { ...s, allocation: new Decimal(s.allocation).plus('0.01').toFixed(2) } : s));
    await api.service.store.writeRunContent(runId, created.body.createdAt, { standards: stored.standards, schools: altered, excluded: [] });
    const refused = await li.get(`/runs/${runId}/attribution`);
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('run_not_reproducible');
    expect(refused.body.error.message).toContain(schoolId);
  });

  it('takes as previous the run a revision replaced, and for a run under review the current one it would replace', async () => {
    const review = await api.as('张会计').post('/runs', { ruleSetId: SAMPLE_RULESET, version: 1, datasetId: SAMPLE_DATASET, fiscalYear: 2026, envelope: { policy: 'cap', budget: '2100000000' } });
    const underReview = await li.get(`/runs/${review.body.runId}/attribution`);
    expect(underReview.body.against).toMatchObject({ runId: runs.current, fiscalYear: 2026, default: true });
    // Only the budget moved: everything is the envelope's.
    for (const effect of EFFECTS.filter((e) => e !== 'envelope')) expect(underReview.body.totals.effects[effect]).toBe('0');
    expect(underReview.body.totals.effects.envelope).toBe('20000000');
    await li.post(`/runs/${review.body.runId}/approve`, { supersedes: runs.current, comment: '追加预算 2,000 万元。' });
    const revised = await school.get(`/runs/${review.body.runId}/attribution`);
    expect(revised.body.against).toMatchObject({ runId: runs.current, lifecycle: 'superseded' });
    // The replaced run still compares with last year's.
    expect((await school.get(`/runs/${runs.current}/attribution`)).body.against.runId).toBe(runs.last);
  });

  it('exports the attribution as a workbook with a sheet per level and Chinese headers', async () => {
    const exported = await li.get(`/runs/${runs.current}/attribution/export`);
    expect(exported.status).toBe(200);
    expect(exported.headers.get('content-disposition')).toContain(`${runs.current}-vs-${runs.last}.xlsx`);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(exported.bytes as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['汇总', '学校', '明细', '按专业大类', '按班级类型', '影响最大的学校']);
    const schools = workbook.getWorksheet('学校')!;
    expect(schools.getRow(1).getCell(1).value).toBe('学校代码');
    expect(schools.rowCount).toBe(1 + 150 + 1);
    const lines = workbook.getWorksheet('明细')!;
    const headers = (lines.getRow(1).values as unknown[]).map(String);
    const explanation = headers.indexOf('变动说明');
    expect(explanation).toBeGreaterThan(0);
    expect(String(lines.getRow(2).getCell(explanation).value)).toContain('影响');

    // Without the lines' sheet (what a national attribution needs): the school sheet still counts each school's lines.
    const lean = await li.get(`/runs/${runs.current}/attribution/export?lines=false`);
    const leanBook = new ExcelJS.Workbook();
    await leanBook.xlsx.load(lean.bytes as unknown as ArrayBuffer);
    expect(leanBook.worksheets.map((sheet) => sheet.name)).toEqual(['汇总', '学校', '按专业大类', '按班级类型', '影响最大的学校']);
    const count = (book: ExcelJS.Workbook) => {
      const sheet = book.getWorksheet('学校')!;
      const column = (sheet.getRow(1).values as unknown[]).map(String).indexOf('变动明细行数');
      return sheet.getRow(2).getCell(column).value;
    };
    expect(count(leanBook)).toBe(count(workbook));
    expect(count(leanBook)).toBe(expected.schools[0]!.lines.length);
  });
});

describe('POST /simulations with the attribution, and candidates side by side', () => {
  let api: Awaited<ReturnType<typeof startApi>>;
  let wang: ApiClient;
  const on = { base: { ruleSetId: SAMPLE_RULESET, version: 1 }, datasetId: SAMPLE_DATASET, envelope: { policy: 'none' } };
  beforeAll(async () => {
    api = await startApi();
    wang = api.as('王政策');
  });
  afterAll(() => api?.service.close());

  it('attributes the draft against its base on the same enrolment, effects adding up to the comparison', async () => {
    const simulated = await wang.post('/simulations', { ...on, candidate: { draftId: 'seed-candidate' } });
    expect(simulated.status).toBe(200);
    const { comparison, attribution } = simulated.body;
    expect(attribution.totals.change).toBe(comparison.summary.totalChange);
    expect(sum(EFFECTS.map((e) => attribution.totals.effects[e])).equals(attribution.totals.change)).toBe(true);
    // The same enrolment on both sides: nothing is an enrolment effect.
    expect(attribution.totals.effects.enrollment).toBe('0');
    expect(attribution.schools).toHaveLength(comparison.schools.length);
    expect(attribution.schools[0]).not.toHaveProperty('lines');
    expect(attribution.byClassType.length).toBeGreaterThan(0);

    expect(comparison.lines.length).toBeGreaterThan(0);
    const lean = await wang.post('/simulations', { ...on, candidate: { draftId: 'seed-candidate' }, comparisonLines: false });
    expect(lean.body.comparison).not.toHaveProperty('lines');
    expect(lean.body.comparison.schools).toEqual(comparison.schools);
    expect(lean.body.attribution).toEqual(attribution);

    const moved = attribution.schools.find((s: { lineCount: number }) => s.lineCount > 0);
    const detail = await wang.post('/simulations', { ...on, candidate: { draftId: 'seed-candidate' }, school: moved.schoolId });
    expect(Object.keys(detail.body).sort()).toEqual(['base', 'datasetId', 'school']);
    expect(detail.body.school).toMatchObject({ schoolId: moved.schoolId, change: moved.change, lineCount: moved.lineCount });
    expect(detail.body.school.lines[0].explanations[0].text).toMatch(CJK);
    expect((await wang.post('/simulations', { ...on, candidate: { draftId: 'seed-candidate' }, school: 'NO-SUCH' })).status).toBe(404);
  });

  it('compares up to four candidates against one base, each as it is alone', async () => {
    const draft = (await wang.get(`/rulesets/${SAMPLE_RULESET}/drafts/seed-candidate`)).body.content;
    const richer = structuredClone(draft);
    richer.tiers[0].perStudent = new Decimal(richer.tiers[0].perStudent).plus(1000).toFixed();
    const answer = await wang.post('/simulations/candidates', { ...on, candidates: [{ draftId: 'seed-candidate', label: '候选方案' }, { ruleSet: richer, label: '一档再提高 1000 元' }] });
    expect(answer.status).toBe(200);
    expect(answer.body.candidates.map((c: { label: string }) => c.label)).toEqual(['候选方案', '一档再提高 1000 元']);
    const alone = (await wang.post('/simulations', { ...on, candidate: { ruleSet: richer } })).body.attribution;
    expect(answer.body.candidates[1].totals).toEqual(alone.totals);
    expect(answer.body.candidates[1]).toMatchObject({ schoolsGaining: alone.summary.schoolsGaining, schoolsLosing: alone.summary.schoolsLosing });
    expect(answer.body.schools).toHaveLength(alone.schools.length);
    for (const [i, school] of answer.body.schools.entries()) {
      expect(school.candidates).toHaveLength(2);
      expect(school.candidates[1].change).toBe(alone.schools[i].change);
    }
    expect(sum(answer.body.schools.map((s: { candidates: { change: string }[] }) => s.candidates[0]!.change)).equals(answer.body.candidates[0].totals.change)).toBe(true);
    const five = await wang.post('/simulations/candidates', { ...on, candidates: Array.from({ length: 5 }, () => ({ draftId: 'seed-candidate' })) });
    expect(five.status).toBe(400);
    const broken = await wang.post('/simulations/candidates', { ...on, candidates: [{ draftId: 'seed-candidate' }, { ruleSet: { ...richer, tiers: [] } }] });
    expect(broken.status).toBe(422);
    expect(broken.body.error.details[0].path).toMatch(/^body\.candidates\[1\]\.ruleSet\.tiers/);
  });
});
