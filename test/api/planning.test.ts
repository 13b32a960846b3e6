import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Decimal } from '../../domain/decimal';
import { SAMPLE_DATASET, startApi, sumFen, type ApiClient } from '../support/api';
import { skillfund } from '../support/cli';
import { buildPlanningWorld, SERIES, type PlanningWorld, type Send } from '../support/planning-world';

/**
 * The planning loop through the local API (SPEC §8, §12, §13): POST /solutions, POST /plans and its export, on the
 * sample series with 2025–2027 published and an approved 2025 run. Every answer is checked against another path to
 * the same number: a simulation of the solved rule set, the CLI on the same files.
 */
let api: Awaited<ReturnType<typeof startApi>>;
let wang: ApiClient;
let world: PlanningWorld;

beforeAll(async () => {
  api = await startApi();
  wang = api.as('王政策');
  const tokens = new Map(api.service.demoUsers.map((u) => [u.user, u.token]));
  const send: Send = async (user, method, path, body) => {
    const answer = await api.as(user).request(method, path, body !== undefined ? { body } : {});
    return { status: answer.status, body: answer.body };
  };
  expect(tokens.size).toBeGreaterThan(3);
  world = await buildPlanningWorld(send, { policy: ['王政策', '赵审定'], finance: ['张会计', '李复核'] });
}, 120_000);
afterAll(() => api.service.close());

const zh = { 'accept-language': 'zh-CN,zh;q=0.9' };
const en = { 'accept-language': 'en' };

describe('POST /solutions', () => {
  const BUDGET = '2150000000';

  it('finds the largest T2 standard the budget pays for, exact to the fen, and a simulation of it agrees', async () => {
    const answer = await wang.post('/solutions', { rules: { ruleSetId: SERIES, version: 1 }, datasetId: SAMPLE_DATASET, parameter: 'tiers.T2.perStudent', budget: BUDGET });
    expect(answer.status).toBe(200);
    const solution = answer.body;
    expect(solution).toMatchObject({ rules: { ruleSetId: SERIES, version: 1 }, datasetId: SAMPLE_DATASET, parameter: 'tiers.T2.perStudent', budget: '2150000000.00', step: '1' });
    expect(new Decimal(solution.total).lessThanOrEqualTo(BUDGET)).toBe(true);
    expect(new Decimal(solution.nextTotal).greaterThan(BUDGET)).toBe(true);
    expect(new Decimal(BUDGET).minus(solution.total).toFixed(2)).toBe(solution.gap);
    expect(solution.ruleSet.tiers.find((t: { code: string }) => t.code === 'T2').perStudent).toBe(solution.value);
    expect(solution.comparison.summary.candidateTotalAllocation).toBe(solution.total);

    // The engine, asked through another door: the solved rule set and the one a yuan higher, simulated without envelope.
    const simulated = async (perStudent: string) => {
      const ruleSet = structuredClone(solution.ruleSet);
      ruleSet.tiers.find((t: { code: string }) => t.code === 'T2').perStudent = perStudent;
      const answer = await wang.post('/simulations', { base: { ruleSetId: SERIES, version: 1 }, candidate: { ruleSet }, datasetId: SAMPLE_DATASET });
      expect(answer.status).toBe(200);
      return answer.body.comparison.summary.candidateTotalAllocation as string;
    };
    expect(await simulated(solution.value)).toBe(solution.total);
    expect(await simulated(new Decimal(solution.value).plus(1).toFixed())).toBe(solution.nextTotal);
  });

  it('solves a draft and names its base version, so the answer can become a draft of the same series', async () => {
    const answer = await wang.post('/solutions', { rules: { ruleSetId: SERIES, draftId: 'seed-candidate' }, datasetId: SAMPLE_DATASET, parameter: 'scale', budget: BUDGET, comparison: false });
    expect(answer.status).toBe(200);
    expect(answer.body.rules).toEqual({ ruleSetId: SERIES, draftId: 'seed-candidate', baseVersion: 1 });
    expect(answer.body).not.toHaveProperty('comparison');
    const draft = await wang.post(`/rulesets/${SERIES}/drafts`, { ruleSet: answer.body.ruleSet, changeNote: `反推：scale = ${answer.body.value}` });
    expect(draft.status).toBe(201);
    expect(draft.body.validation.ok).toBe(true);
  });

  it('applies protection from an approved run of the year before (baselineRunId)', async () => {
    const request = { rules: { ruleSetId: SERIES, version: world.versions[2026] }, datasetId: SAMPLE_DATASET, parameter: 'tiers.T2.perStudent', budget: '2080000000', comparison: false };
    const without = await wang.post('/solutions', request);
    const protectedAnswer = await wang.post('/solutions', { ...request, baselineRunId: world.run2025 });
    expect(without.status).toBe(200);
    expect(protectedAnswer.status).toBe(200);
    expect(without.body.notices.map((n: { code: string }) => n.code)).toContain('protection_without_baseline');
    expect(protectedAnswer.body.notices.map((n: { code: string }) => n.code)).not.toContain('protection_without_baseline');
    expect(protectedAnswer.body.baselineRunId).toBe(world.run2025);
    // Floors spend part of the budget, so the standard the rest pays for moves.
    expect(protectedAnswer.body.value).not.toBe(without.body.value);
  });

  it('refuses what it cannot solve, each problem at its path, in Chinese by default and English on request', async () => {
    const base = { rules: { ruleSetId: SERIES, version: 1 }, datasetId: SAMPLE_DATASET, parameter: 'tiers.T2.perStudent', budget: BUDGET };
    const unknownTier = await wang.post('/solutions', { ...base, parameter: 'tiers.T9.perStudent' }, zh);
    expect(unknownTier.status).toBe(422);
    expect(unknownTier.body.error.code).toBe('solve_refused');
    expect(unknownTier.body.error.details[0]).toMatchObject({ path: 'body.parameter', code: 'parameter_target_unknown' });
    expect(unknownTier.body.error.details[0].message).toMatch(/[\u4e00-\u9fff]/);
    const inEnglish = await wang.post('/solutions', { ...base, parameter: 'tiers.T9.perStudent' }, en);
    expect(inEnglish.body.error.details[0].message).toMatch(/T9/);
    expect(inEnglish.body.error.details[0].message).not.toMatch(/[\u4e00-\u9fff]/);

    const tooSmall = await wang.post('/solutions', { ...base, budget: '1000' });
    expect(tooSmall.status).toBe(422);
    expect(tooSmall.body.error.details[0]).toMatchObject({ path: 'body.budget', code: 'budget_below_minimum' });

    const notAmount = await wang.post('/solutions', { ...base, budget: '21.5亿' });
    expect(notAmount.status).toBe(422);
    expect(notAmount.body.error.details[0]).toMatchObject({ path: 'body.budget', code: 'budget_not_amount' });

    // Money is never a JSON number.
    const numeric = await wang.post('/solutions', { ...base, budget: 2150000000 });
    expect(numeric.status).toBe(400);
    expect(numeric.body.error.details[0].path).toBe('body.budget');

    const missing = await wang.post('/solutions', { ...base, rules: { ruleSetId: SERIES, version: 99 }, datasetId: 'no-such-dataset' });
    expect(missing.status).toBe(422);
    expect(missing.body.error.details.map((d: { path: string; code: string }) => [d.path, d.code])).toEqual([
      ['body.rules.version', 'referenced_version_not_found'],
      ['body.datasetId', 'referenced_dataset_not_found'],
    ]);

    const inline = await wang.post('/solutions', { ...base, rules: { ruleSet: { schema: 'skillfund/ruleset@1' } } });
    expect(inline.status).toBe(422);
    expect(inline.body.error.code).toBe('invalid_rule_set');
    expect(inline.body.error.details[0].path).toMatch(/^body\.rules\.ruleSet\./);

    expect((await api.as('张会计').post('/solutions', base)).status).toBe(403);
  });

  it('refuses a baseline that is not an approved run of an earlier year of the same rule set', async () => {
    const request = { rules: { ruleSetId: SERIES, version: world.versions[2026] }, datasetId: SAMPLE_DATASET, parameter: 'tiers.T2.perStudent', budget: '2080000000', comparison: false };
    const missing = await wang.post('/solutions', { ...request, baselineRunId: 'run-nothing' }, zh);
    expect(missing.status).toBe(422);
    expect(missing.body.error.details[0]).toMatchObject({ path: 'body.baselineRunId', code: 'baseline_run_not_found' });
    expect(missing.body.error.details[0].message).toContain('上年基数');

    const sameYear = await wang.post('/solutions', { ...request, rules: { ruleSetId: SERIES, version: world.versions[2025] }, baselineRunId: world.run2025 });
    expect(sameYear.status).toBe(422);
    expect(sameYear.body.error.details[0]).toMatchObject({ code: 'baseline_run_not_earlier', params: { baselineYear: 2025, fiscalYear: 2025 } });

    const otherSeries = await wang.post('/solutions', { ...request, rules: { ruleSet: { ...(await ruleSetOf(world.versions[2026])), id: 'another-series' } }, baselineRunId: world.run2025 });
    expect(otherSeries.status).toBe(422);
    expect(otherSeries.body.error.details[0]).toMatchObject({ code: 'baseline_run_other_series', params: { ruleSetId: SERIES, expected: 'another-series' } });
  });
});

async function ruleSetOf(version: number): Promise<Record<string, unknown>> {
  return (await wang.get(`/rulesets/${SERIES}/versions/${version}`)).body.ruleSet;
}

/** The sample plan (data/plan-hlj-2025-2027.json) with the API's references instead of files. */
function samplePlan() {
  return {
    name: '黑龙江省技工院校生均拨款 2025—2027 年测算（示意数据）',
    years: [
      { fiscalYear: 2025, rules: { ruleSetId: SERIES, version: world.versions[2025] }, enrollment: { datasetId: world.dataset2025 }, budget: '1950000000', envelopePolicy: 'cap' },
      { fiscalYear: 2026, rules: { ruleSetId: SERIES, version: world.versions[2026] }, enrollment: { datasetId: SAMPLE_DATASET }, budget: '2080000000', envelopePolicy: 'exact' },
      {
        fiscalYear: 2027,
        rules: { ruleSetId: SERIES, version: world.versions[2027] },
        enrollment: { projectFrom: 'previous', growth: { overall: '0.02', byCategory: { '03': '0.08', '07': '-0.05' }, byClassType: { preparatory_technician: '0.10' } } },
        budget: '2150000000',
        envelopePolicy: 'cap',
      },
    ],
  };
}

describe('POST /plans', () => {
  it('computes the sample plan as the CLI does from the files, protection biting in 2026', async () => {
    const answer = await wang.post('/plans', samplePlan());
    expect(answer.status).toBe(200);
    const plan = answer.body;
    expect(plan.years.map((y: { fiscalYear: number }) => y.fiscalYear)).toEqual([2025, 2026, 2027]);
    expect(plan.years[0].schools[0]).not.toHaveProperty('lines');
    expect(plan.years[1].schoolsAtFloor + plan.years[1].schoolsAtCap).toBeGreaterThan(0);
    expect(plan.years[1].totalAllocation).toBe('2080000000.00');
    expect(plan.years[1].attribution.totals).toBeTruthy();
    for (const [i, year] of plan.years.entries()) {
      expect(sumFen(year.schools.map((s: { allocation: string }) => s.allocation))).toBe(sumFen([year.totalAllocation]));
      expect(sumFen(plan.trajectory.map((t: { years: { allocation: string | null }[] }) => t.years[i]!.allocation ?? '0'))).toBe(sumFen([year.totalAllocation]));
    }

    const cli = await skillfund('plan', '--plan', 'data/plan-hlj-2025-2027.json', '--without-lines', '--without-attribution');
    expect(cli.code).toBe(0);
    const expected = JSON.parse(cli.stdout);
    expect(plan.years.map((y: { totalAllocation: string }) => y.totalAllocation)).toEqual(expected.years.map((y: { totalAllocation: string }) => y.totalAllocation));
    expect(plan.trajectory).toEqual(expected.trajectory);
  });

  it('leaves schools, lines and attribution out or in as asked', async () => {
    const lean = await wang.post('/plans?schools=false&attribution=false', samplePlan());
    expect(lean.status).toBe(200);
    expect(lean.body.years[1]).not.toHaveProperty('schools');
    expect(lean.body.years[1]).not.toHaveProperty('attribution');
    expect(lean.body.trajectory.length).toBeGreaterThan(0);
    const withLines = await wang.post('/plans?lines=true&attribution=false', { ...samplePlan(), years: samplePlan().years.slice(0, 1) });
    expect(withLines.body.years[0].schools[0].lines.length).toBeGreaterThan(0);
  });

  it('starts from an approved run as the first year’s baseline', async () => {
    const [, y2026] = samplePlan().years;
    const answer = await wang.post('/plans?attribution=false', { baseline: { runId: world.run2025 }, years: [y2026] });
    expect(answer.status).toBe(200);
    const protection = answer.body.years[0].summary.protection;
    expect(protection.baseline.totalAllocation).toBe(new Decimal(world.run2025Total).toFixed());
    expect(protection.schoolsProtected).toBeGreaterThan(0);
  });

  it('refuses bad input at its JSON path, in Chinese with Accept-Language zh, and stores nothing', async () => {
    const runsBefore = (await api.as('张会计').get('/runs')).body.items.length;

    const growth = samplePlan();
    (growth.years[2]!.enrollment as { growth: { overall: string } }).growth.overall = '2';
    const outOfRange = await wang.post('/plans', growth, zh);
    expect(outOfRange.status).toBe(400);
    expect(outOfRange.body.error.details[0]).toMatchObject({ path: 'body.years[2].enrollment.growth.overall', code: 'growth_out_of_range' });
    expect(outOfRange.body.error.details[0].message).toMatch(/[\u4e00-\u9fff]/);

    const category = samplePlan();
    (category.years[2]!.enrollment as { growth: { byCategory: Record<string, string> } }).growth.byCategory['99'] = '0.1';
    const unknownCategory = await wang.post('/plans', category, zh);
    expect(unknownCategory.status).toBe(422);
    expect(unknownCategory.body.error.code).toBe('plan_refused');
    expect(unknownCategory.body.error.details[0]).toMatchObject({ path: 'body.years[2].enrollment.growth.byCategory["99"]', code: 'growth_category_unknown' });
    expect(unknownCategory.body.error.details[0].message).toMatch(/[\u4e00-\u9fff]/);

    const order = samplePlan();
    order.years.reverse();
    const descending = await wang.post('/plans', order);
    expect(descending.status).toBe(400);
    expect(descending.body.error.details.map((d: { code: string }) => d.code)).toContain('plan_years_not_ascending');

    const references = samplePlan();
    references.years[0]!.enrollment = { datasetId: SAMPLE_DATASET };
    (references.years[1] as { rules: unknown }).rules = 'rules-hlj-2026.json';
    (references.years[2] as { rules: unknown }).rules = { draftId: 'seed-candidate' };
    const refused = await wang.post('/plans', references);
    expect(refused.status).toBe(422);
    expect(refused.body.error.details.map((d: { path: string; code: string }) => [d.path, d.code])).toEqual([
      ['body.years[1].rules', 'plan_file_not_in_api'],
      ['body.years[2].rules.ruleSetId', 'plan_draft_needs_rule_set'],
      ['body.years[0].enrollment.datasetId', 'plan_dataset_year_mismatch'],
    ]);

    const baselineLater = await wang.post('/plans', { ...samplePlan(), baseline: { runId: world.run2025 } });
    expect(baselineLater.status).toBe(422);
    expect(baselineLater.body.error.details[0]).toMatchObject({ path: 'body.baseline.runId', code: 'baseline_run_not_earlier' });

    const budget = samplePlan();
    budget.years[1]!.budget = '1000';
    const belowGuarantees = await wang.post('/plans', budget);
    expect(belowGuarantees.status).toBe(422);
    expect(belowGuarantees.body.error.details[0]).toMatchObject({ path: 'body.years[1].budget', code: 'budget_below_guarantees' });

    expect((await api.as('张会计').post('/plans', samplePlan())).status).toBe(403);
    expect((await api.as('张会计').get('/runs')).body.items.length).toBe(runsBefore);
  });
});

describe('POST /plans/export', () => {
  it('is a workbook with a summary, one sheet per year and the trajectory, adding up to the plan', async () => {
    const answer = await wang.request('POST', '/plans/export?format=xlsx', { body: samplePlan() });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-disposition')).toContain('skillfund-plan-2025-2027.xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(answer.bytes as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['汇总', '2025年', '2026年', '2027年', '轨迹']);
    const plan = (await wang.post('/plans?attribution=false', samplePlan())).body;
    expect(workbook.getWorksheet('轨迹')!.actualRowCount).toBe(plan.trajectory.length + 1);
    expect(workbook.getWorksheet('2026年')!.actualRowCount).toBe(plan.years[1].schools.length + 1);

    const csv = await wang.request('POST', '/plans/export?format=csv&lang=en', { body: samplePlan() });
    expect(csv.status).toBe(200);
    expect(String(csv.body).split('\n')[0]).toContain('fiscal_year');
  });
});

// Last: it replaces the approved 2025 run the tests above take as their baseline.
describe('a baseline run through its lifecycle', () => {
  it('is refused while in review, and once superseded names the run that replaced it', async () => {
    const zhang = api.as('张会计');
    const created = await zhang.post('/runs', { ruleSetId: SERIES, version: world.versions[2025], datasetId: world.dataset2025, fiscalYear: 2025, envelope: { policy: 'cap', budget: '1960000000' } });
    expect(created.status).toBe(201);
    const replacement = created.body.runId as string;
    const request = { rules: { ruleSetId: SERIES, version: world.versions[2026] }, datasetId: SAMPLE_DATASET, parameter: 'tiers.T2.perStudent', budget: '2080000000', comparison: false };

    const inReview = await wang.post('/solutions', { ...request, baselineRunId: replacement }, zh);
    expect(inReview.status).toBe(422);
    expect(inReview.body.error.details[0]).toMatchObject({ path: 'body.baselineRunId', code: 'baseline_run_not_approved', params: { state: 'review' } });
    expect(inReview.body.error.details[0].message).toContain('待审核');

    const approved = await api.as('李复核').post(`/runs/${replacement}/approve`, { comment: '预算调整后重算', supersedes: world.run2025 });
    expect(approved.status).toBe(200);
    const superseded = await wang.post('/solutions', { ...request, baselineRunId: world.run2025 });
    expect(superseded.status).toBe(422);
    expect(superseded.body.error.details[0]).toMatchObject({ code: 'baseline_run_superseded', params: { currentRunId: replacement } });
    expect((await wang.post('/solutions', { ...request, baselineRunId: replacement })).status).toBe(200);
  });
});
