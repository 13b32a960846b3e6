import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Decimal } from '../../domain/decimal';
import { readEvents } from '../../functions/local/events';
import { startLocalService, type LocalService } from '../../functions/local/server';
import { signToken } from '../../functions/local/jwt';
import type { Role } from '../../functions/routes';
import { REPO_ROOT, SAMPLE_DATASET, SAMPLE_RULESET } from '../support/api';

const CJK = /[\u4e00-\u9fff]/;
const exec = promisify(execFile);

/**
 * Issue 13 over HTTP on the local service in data-dir mode: the run lifecycle with its 409s in Chinese, one current
 * run per rule set and year as schools see it, payment schedules, the run's record in exports, warnings accepted at
 * publish, and domain events relayed to the events file that `skillfund events` reads.
 */
let dir: string;
let service: LocalService;
const as = (user: string, role: Role, schoolId?: string) => {
  const token = signToken(service.key, { user, role, ...(schoolId ? { schoolId } : {}) });
  return async (method: string, path: string, body?: unknown) => {
    const response = await fetch(service.url + path, {
      method,
      headers: { authorization: `Bearer ${await token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const bytes = Buffer.from(await response.arrayBuffer());
    const type = response.headers.get('content-type') ?? '';
    return { status: response.status, body: type.includes('json') ? JSON.parse(bytes.toString('utf8')) : bytes };
  };
};
let zhang: ReturnType<typeof as>, li: ReturnType<typeof as>, wu: ReturnType<typeof as>, wang: ReturnType<typeof as>, zhao: ReturnType<typeof as>;
let school: ReturnType<typeof as>;
let schoolId: string;
const runRequest = (extra: object = {}) => ({ ruleSetId: SAMPLE_RULESET, version: 1, datasetId: SAMPLE_DATASET, fiscalYear: 2026, envelope: { policy: 'cap', budget: '90000000' }, ...extra });

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'skillfund-governance-'));
  service = await startLocalService({ dataDir: dir, port: 0, root: REPO_ROOT, log: () => {}, requestLog: () => {} });
  zhang = as('张会计', 'finance');
  li = as('李复核', 'finance');
  wu = as('吴处长', 'finance');
  wang = as('王政策', 'policy');
  zhao = as('赵审定', 'policy');
  schoolId = service.demoUsers.find((u) => u.role === 'school')!.schoolId!;
  school = as(`school-${schoolId}`, 'school', schoolId);
}, 120_000);
afterAll(async () => {
  await service?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('run lifecycle over HTTP', () => {
  const ids: { first?: string; second?: string; returned?: string; withdrawn?: string } = {};

  it('approves the first run of the year with a comment; the creator is refused in Chinese', async () => {
    const created = await zhang('POST', '/runs', runRequest());
    expect(created.status).toBe(201);
    ids.first = created.body.runId;
    expect(created.body).toMatchObject({ lifecycle: 'review', current: false, excludedFigures: { lines: 0 } });
    const own = await zhang('POST', `/runs/${ids.first}/approve`, { comment: '自己批准' });
    expect(own.status).toBe(409);
    expect(own.body.error).toMatchObject({ code: 'same_person' });
    expect(own.body.error.message).toMatch(CJK);
    expect((await school('GET', `/runs/${ids.first}`)).status).toBe(404);
    const approved = await li('POST', `/runs/${ids.first}/approve`, { comment: '复核无误，同意拨付。' });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ lifecycle: 'approved', current: true, approval: { by: '李复核', comment: '复核无误，同意拨付。' } });
    expect(approved.body.approval).not.toHaveProperty('bySub');
  });

  it('requires naming the current run and a reason to approve another; then schools see it current and the first superseded', async () => {
    const created = await zhang('POST', '/runs', runRequest({ envelope: { policy: 'cap', budget: '95000000' } }));
    ids.second = created.body.runId;
    const unnamed = await li('POST', `/runs/${ids.second}/approve`, { comment: '同意' });
    expect(unnamed.status).toBe(409);
    expect(unnamed.body.error.code).toBe('supersede_required');
    expect(unnamed.body.error.message).toContain(ids.first);
    const reasonless = await li('POST', `/runs/${ids.second}/approve`, { supersedes: ids.first });
    expect(reasonless.status).toBe(400);
    expect(reasonless.body.error.details[0].path).toBe('body.comment');
    const detail = await wu('GET', `/runs/${ids.second}`);
    expect(detail.body).toMatchObject({ lifecycle: 'review', currentRunId: ids.first });
    const approved = await wu('POST', `/runs/${ids.second}/approve`, { supersedes: ids.first, comment: '预算追加至 9,500 万元，按新预算重算。' });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ current: true, approval: { supersedes: ids.first } });

    const listed = (await school('GET', '/runs')).body.items as { runId: string; lifecycle: string; current: boolean }[];
    expect(listed.filter((r) => r.current).map((r) => r.runId)).toEqual([ids.second]);
    expect(listed.find((r) => r.runId === ids.first)).toMatchObject({ lifecycle: 'superseded', current: false });
    const old = await school('GET', `/runs/${ids.first}/schools/${schoolId}`);
    expect(old.status).toBe(200);
    expect(old.body).toMatchObject({ lifecycle: 'superseded', supersededBy: { runId: ids.second, by: '吴处长' } });
    const statement = await school('GET', `/runs/${ids.second}/schools/${schoolId}`);
    expect(statement.body).toMatchObject({ lifecycle: 'approved', current: true, approval: { by: '吴处长', comment: '预算追加至 9,500 万元，按新预算重算。' } });
  });

  it('returns with a reason and withdraws by the creator only; both are final and hidden from schools', async () => {
    ids.returned = (await zhang('POST', '/runs', runRequest({ envelope: { policy: 'none' } }))).body.runId;
    expect((await li('POST', `/runs/${ids.returned}/return`, {})).status).toBe(400);
    const returned = await li('POST', `/runs/${ids.returned}/return`, { comment: '预算口径错误，请按“不超过预算”重算。' });
    expect(returned.body).toMatchObject({ lifecycle: 'returned', returned: { by: '李复核' } });
    const late = await wu('POST', `/runs/${ids.returned}/approve`, { supersedes: ids.second, comment: 'x' });
    expect(late.body.error.code).toBe('run_returned');
    expect(late.body.error.message).toMatch(CJK);

    ids.withdrawn = (await zhang('POST', '/runs', runRequest({ envelope: { policy: 'exact', budget: '90000000' } }))).body.runId;
    const other = await li('POST', `/runs/${ids.withdrawn}/withdraw`, {});
    expect(other.body.error.code).toBe('not_run_creator');
    expect((await zhang('POST', `/runs/${ids.withdrawn}/withdraw`, { comment: '参数填错' })).body).toMatchObject({ lifecycle: 'withdrawn' });
    for (const runId of [ids.returned, ids.withdrawn]) expect((await school('GET', `/runs/${runId}`)).status).toBe(404);
  });

  it('carries the quarterly schedule of the rule set, or the one asked for, into the summary, the statement and the export', async () => {
    const schedule = [
      { label: '上半年', share: '0.6', due: '2026-06-30' },
      { label: '下半年', share: '0.4', due: '2026-12-31' },
    ];
    const bad = await zhang('POST', '/runs', runRequest({ instalments: [{ label: '上半年', share: '0.6' }, { label: '下半年', share: '0.5' }] }));
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { path: string }) => d.path)).toEqual(['body.instalments']);
    const asked = await zhang('POST', '/runs', runRequest({ instalments: schedule, envelope: { policy: 'none' } }));
    expect(asked.body.summary.instalments.map((i: { label: string }) => i.label)).toEqual(['上半年', '下半年']);
    const total = asked.body.summary.instalments.reduce((sum: Decimal, i: { total: string }) => sum.plus(i.total), new Decimal(0));
    expect(total.toFixed(2)).toBe(asked.body.summary.totalAllocation);
    // The approved run uses the sample rule set's default: quarterly, 25 % each.
    const statement = await school('GET', `/runs/${ids.second}/schools/${schoolId}`);
    expect(statement.body.instalments.map((i: { label: string }) => i.label)).toEqual(['第一季度', '第二季度', '第三季度', '第四季度']);
    expect(statement.body.instalments.reduce((sum: Decimal, i: { amount: string }) => sum.plus(i.amount), new Decimal(0)).toFixed(2)).toBe(statement.body.school.allocation);

    const exported = await li('GET', `/runs/${ids.second}/export?format=xlsx`);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(exported.body as never);
    expect(workbook.worksheets.map((s) => s.name)).toContain('拨付计划');
    const summary = workbook.getWorksheet('汇总')!;
    const rows = new Map<string, unknown>();
    summary.eachRow((row) => rows.set(String(row.getCell(1).value), row.getCell(2).value ?? row.getCell(3).value));
    expect(Object.fromEntries(['测算编号', '审核状态', '创建人', '批准人', '批准意见', '替代的测算'].map((k) => [k, rows.get(k)]))).toEqual({
      测算编号: ids.second,
      审核状态: '已批准（现行）',
      创建人: '张会计',
      批准人: '吴处长',
      批准意见: '预算追加至 9,500 万元，按新预算重算。',
      替代的测算: ids.first,
    });
    expect(typeof rows.get('拨款总额(元)')).toBe('number');
    const csv = (await li('GET', `/runs/${ids.first}/export?format=csv`)).body.toString('utf8');
    expect(csv.split('\r\n')[0]).toContain('审核状态');
    expect(csv.split('\r\n')[1]).toContain('已被替代');
  });

  it('relays every decision to the events file in order, once, and `skillfund events` lists them', async () => {
    await service.flushEvents!();
    const events = await readEvents(service.eventsFile!);
    const runEvents = events.filter((e) => String(e.type).startsWith('run.')).map((e) => `${e.type} ${e.subject}`);
    expect(runEvents).toEqual([
      `run.approved ${ids.first}`,
      `run.approved ${ids.second}`,
      `run.superseded ${ids.first}`,
      `run.returned ${ids.returned}`,
      `run.withdrawn ${ids.withdrawn}`,
    ]);
    await service.flushEvents!();
    expect((await readEvents(service.eventsFile!)).length).toBe(events.length);
    const { stdout } = await exec(process.execPath, ['bin/skillfund.mjs', 'events', '--data-dir', dir, '--type', 'run.super', '--json'], { cwd: REPO_ROOT });
    const listed = stdout.trim().split('\n').map((line) => JSON.parse(line));
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ type: 'run.superseded', subject: ids.first, actor: '吴处长', data: { supersededBy: ids.second, comment: '预算追加至 9,500 万元，按新预算重算。' } });
  });
});

describe('what an approver sees before signing', () => {
  it('lists the excluded lines with their reasons and says what they would have been entitled to', async () => {
    const csv = [
      '学校代码,学校名称,学校类型,办学性质,专业代码,班级类型,在校生数',
      'S1,甲校,技工学校,公办,0101,中级工班,100',
      'S1,甲校,技工学校,公办,9999,中级工班,5',
      'S2,乙校,技工学校,公办,0101,中级工班,10',
      'S2,乙校,技师学院,公办,0102,中级工班,4',
      'S3,丙校,技工学校,公办,0101,高级工班,7',
    ].join('\n');
    const dataset = await zhang('POST', '/datasets', { name: '剔除测试', fiscalYear: 2026, format: 'csv', contentBase64: Buffer.from(csv).toString('base64') });
    expect(dataset.status).toBe(201);
    const created = await zhang('POST', '/runs', { ...runRequest({ envelope: { policy: 'none' } }), datasetId: dataset.body.datasetId, excludeInvalid: true });
    expect(created.status).toBe(201);
    const detail = await li('GET', `/runs/${created.body.runId}`);
    expect(detail.body.excludedCount).toBe(3);
    expect(detail.body.excluded.map((e: { row: number; reason: string }) => `${e.row} ${e.reason}`)).toEqual(['3 unknown_major', '5 inconsistent_school', '6 class_type_not_allowed']);
    // None of them can be priced: their entitlement is unknown (not zero), and the students of the rows read are counted.
    expect(detail.body.excludedFigures).toEqual({ lines: 3, students: '12', entitlement: '0', priced: 0, unpriced: 3 });
    expect((await school('GET', `/runs/${created.body.runId}`)).status).toBe(404);
  });
});

describe('publishing with warnings and examples over HTTP', () => {
  it('refuses a draft whose worked example no longer holds, and makes the publisher accept a rate typed as 10', async () => {
    const created = await wang('POST', `/rulesets/${SAMPLE_RULESET}/drafts`, {});
    const path = `/rulesets/${SAMPLE_RULESET}/drafts/${created.body.draftId}`;
    const content = structuredClone(created.body.content);
    content.tiers.find((t: { code: string }) => t.code === 'T3').perStudent = '7600';
    const broken = await wang('PUT', path, { revision: created.body.revision, ruleSet: content });
    expect(broken.body.validation.ok).toBe(false);
    const mismatch = broken.body.validation.problems.find((p: { code?: string }) => p.code === 'example_mismatch');
    expect(mismatch).toMatchObject({ path: 'examples[0].perStudent', params: { expected: '9000', computed: '9120' } });
    expect(mismatch.message).toMatch(/9,000\.?0* 元|9,000 元/);
    expect((await zhao('POST', `${path}/publish`, { revision: broken.body.revision })).status).toBe(422);
    // What the change costs can still be simulated before the examples (the policy text) are brought in line.
    const simulated = await wang('POST', '/simulations', { base: { ruleSetId: SAMPLE_RULESET, version: 'latest' }, candidate: { draftId: created.body.draftId }, datasetId: SAMPLE_DATASET });
    expect(simulated.status).toBe(200);

    content.tiers.find((t: { code: string }) => t.code === 'T3').perStudent = '7500';
    content.uplifts.find((u: { id: string }) => u.id === 'employment').rate = '10';
    const loud = await wang('PUT', path, { revision: broken.body.revision, ruleSet: content });
    expect(loud.body.validation.ok).toBe(true);
    const warning = loud.body.validation.warnings.find((w: { code: string }) => w.code === 'rate_above_100_percent');
    expect(warning.path).toMatch(/^uplifts\[\d+\]\.rate$/);
    expect(warning.message).toContain('1000%');
    expect(warning.message).toContain('0.1');
    const unaccepted = await zhao('POST', `${path}/publish`, { revision: loud.body.revision });
    expect(unaccepted.status).toBe(422);
    expect(unaccepted.body.error.code).toBe('warnings_not_accepted');
    const codes = [...new Set(loud.body.validation.warnings.map((w: { code: string }) => w.code))];
    const published = await zhao('POST', `${path}/publish`, { revision: loud.body.revision, acceptWarnings: codes });
    expect(published.status).toBe(201);
    expect(published.body.acceptedWarnings.map((w: { code: string }) => w.code)).toEqual(expect.arrayContaining(['rate_above_100_percent']));
    await service.flushEvents!();
    const events = await readEvents(service.eventsFile!);
    expect(events.filter((e) => e.type === 'ruleset.published').map((e) => e.subject)).toEqual([`${SAMPLE_RULESET}/v${published.body.version}`]);
  });
});

describe('enrolment against the previous dataset of its series', () => {
  it('warns about schools whose students moved by more than half since the previous upload of the year', async () => {
    const upload = (name: string, rows: string[]) =>
      zhang('POST', '/datasets', { name, fiscalYear: 2031, format: 'csv', contentBase64: Buffer.from(['学校代码,学校名称,学校类型,办学性质,专业代码,班级类型,在校生数', ...rows].join('\n')).toString('base64') });
    const first = await upload('2031 初报', ['S1,甲校,技工学校,公办,0101,中级工班,100', 'S2,乙校,技工学校,公办,0101,中级工班,10']);
    expect(first.body.checks).toMatchObject({ warningCount: 0 });
    expect(first.body.checks.comparedWith).toBeUndefined();
    const second = await upload('2031 更正', ['S1,甲校,技工学校,公办,0101,中级工班,40', 'S2,乙校,技工学校,公办,0101,中级工班,12']);
    expect(second.status).toBe(201);
    expect(second.body.checks).toMatchObject({ comparedWith: first.body.datasetId, warningCount: 1, warnings: [{ code: 'students_changed_over_50_percent', params: { schoolId: 'S1', before: '100', after: '40' } }] });
    expect(second.body.checks.warnings[0].message).toMatch(/甲校.*100.*40/);
    const read = await li('GET', `/datasets/${second.body.datasetId}`);
    expect(read.body.checks.warningCount).toBe(1);
  });
});
