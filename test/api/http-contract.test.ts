import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE_DATASET, SAMPLE_RULESET, startApi, type ApiClient } from '../support/api';

/** What every answer of the API promises: error shape, statuses, CORS, size limit, the console's config. */
describe('HTTP contract of the local API', () => {
  let api: Awaited<ReturnType<typeof startApi>>;
  let zhang: ApiClient;
  beforeAll(async () => {
    api = await startApi();
    zhang = api.as('张会计');
  });
  afterAll(() => api.service.close());

  it('answers malformed JSON with 400 and the error shape, never a stack', async () => {
    const response = await zhang.request('POST', '/runs', { raw: '{"ruleSetId": ', contentType: 'application/json' });
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({ code: 'malformed_json', details: [] });
    expect(JSON.stringify(response.body)).not.toMatch(/\bat .*\.ts:\d+/);
  });

  it('names every invalid field by its path (400)', async () => {
    const response = await zhang.post('/runs', { ruleSetId: SAMPLE_RULESET, version: 'one', datasetId: SAMPLE_DATASET, fiscalYear: 2026, envelope: { policy: 'some' }, extra: 1 });
    expect(response.status).toBe(400);
    const paths = response.body.error.details.map((d: { path: string }) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['body.version', 'body.envelope.policy', 'body.extra']));
  });

  it('answers semantically impossible requests with 422', async () => {
    const response = await zhang.post('/runs', { ruleSetId: SAMPLE_RULESET, version: 1, datasetId: SAMPLE_DATASET, fiscalYear: 2026, envelope: { policy: 'cap' } });
    expect(response.status).toBe(422);
    expect(response.body.error.details).toEqual([expect.objectContaining({ path: 'body.envelope.budget' })]);
    const wrongYear = await zhang.post('/runs', { ruleSetId: SAMPLE_RULESET, version: 1, datasetId: SAMPLE_DATASET, fiscalYear: 2025, envelope: { policy: 'none' } });
    expect(wrongYear.status).toBe(422);
    expect(wrongYear.body.error.code).toBe('fiscal_year_mismatch');
  });

  it('says every error in the caller\'s language (Accept-Language, Chinese by default) beside its codes', async () => {
    const body = { ruleSetId: SAMPLE_RULESET, version: 1, datasetId: SAMPLE_DATASET, fiscalYear: 2026, envelope: { policy: 'cap', budget: '-5' }, extra: 1 };
    const zh = (await zhang.post('/runs', body)).body.error;
    expect(zh).toMatchObject({ code: 'invalid_request', messageCode: 'request_body_invalid', message: '请求内容有误，请按下列各项修改。' });
    expect(zh.details).toContainEqual({ path: 'body.extra', code: 'unknown_field', params: { field: 'extra' }, message: '无法识别的字段“extra”，请删除或检查拼写。' });
    const en = (await zhang.post('/runs', body, { 'accept-language': 'en-GB,en;q=0.9' })).body.error;
    expect(en.message).toBe('The request body is not valid; see each problem.');
    expect(en.details.find((d: { path: string }) => d.path === 'body.extra').message).toBe('Unknown field "extra"; remove it or check its spelling.');
    const missing = await zhang.request('GET', '/runs/run-none', { headers: { 'accept-language': 'zh-CN' } });
    expect(missing.body.error).toMatchObject({ code: 'not_found', messageCode: 'run_not_found', params: { runId: 'run-none' }, message: '找不到拨款测算 run-none。' });
    for (const reply of [zh, en, missing.body.error]) expect(JSON.stringify(reply)).not.toMatch(/undefined|\{\w+\}/);
  });

  it('answers 404 for unknown items and routes', async () => {
    expect((await zhang.get('/runs/nope')).status).toBe(404);
    expect((await zhang.get(`/rulesets/${SAMPLE_RULESET}/versions/9`)).status).toBe(404);
    expect((await zhang.get('/datasets/nope')).body.error.code).toBe('not_found');
    expect((await zhang.get('/no/such/route')).status).toBe(404);
  });

  it('refuses a body over 6 MB with 413 and writes nothing', async () => {
    const before = (await zhang.get('/datasets?limit=500')).body.items.length;
    const response = await zhang.request('POST', '/datasets', { raw: Buffer.alloc(6 * 1024 * 1024 + 10, 0x61), contentType: 'text/csv' });
    expect(response.status).toBe(413);
    expect(response.body.error.code).toBe('payload_too_large');
    expect((await zhang.get('/datasets?limit=500')).body.items).toHaveLength(before);
  });

  it('refuses a cursor it did not issue with 400', async () => {
    expect((await zhang.get('/runs?cursor=not-a-cursor')).status).toBe(400);
    expect((await zhang.get('/runs?limit=0')).status).toBe(400);
  });

  it('sends CORS headers on answers and errors, and answers preflights', async () => {
    expect((await zhang.get('/rulesets')).headers.get('access-control-allow-origin')).toBe('*');
    expect((await zhang.get('/runs/nope')).headers.get('access-control-allow-origin')).toBe('*');
    const preflight = await fetch(`${api.service.url}/runs`, { method: 'OPTIONS', headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'POST' } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-headers')).toContain('idempotency-key');
  });

  it('takes a JSON enrolment through contentBase64, and refuses a file with no usable line (422)', async () => {
    const lines = [{ school_id: 'X1', school_name: '样例', school_type: '技工学校', ownership: '公办', major_code: '0105', class_type: '中级工班', students: 10 }];
    const response = await zhang.post('/datasets', { name: 'json upload', format: 'json', contentBase64: Buffer.from(JSON.stringify(lines)).toString('base64') });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ status: 'sealed', lineCount: 1, format: 'json' });
    const unreadable = await zhang.post('/datasets', { name: 'garbage', format: 'csv', contentBase64: Buffer.from('a,b\n1,2\n').toString('base64') });
    expect(unreadable.status).toBe(422);
    expect(unreadable.body.error.details[0]).toMatchObject({ code: 'missing_column', message: expect.stringContaining('缺少必需的列') });
  });

  it('answers an upload with what the reader decided: the header row under a title', async () => {
    const csv = ['2026 年在校生统计表,,,,,,', '学校代码,学校名称,学校类型,办学性质,专业代码,班级类型,在校生数', 'X9,样例,技工学校,公办,0105,中级工班,10'].join('\n');
    const response = await zhang.post('/datasets', { name: 'title row', format: 'csv', contentBase64: Buffer.from(csv).toString('base64') });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ status: 'sealed', lineCount: 1, notices: [{ code: 'csv_header_row_used', params: { row: 2 } }] });
  });

  it('serves /config.json with a ready token for each demo user, schools from the sample data', async () => {
    const config = await api.anonymous.get('/config.json');
    expect(config.body).toMatchObject({ apiUrl: '', auth: 'local' });
    const roles = config.body.demoUsers.map((u: { role: string }) => u.role);
    expect(roles.sort()).toEqual(['admin', 'finance', 'finance', 'policy', 'policy', 'school', 'school']);
    const schoolIds = config.body.demoUsers.filter((u: { role: string }) => u.role === 'school').map((u: { schoolId: string }) => u.schoolId);
    const run = await zhang.post('/runs', { ruleSetId: SAMPLE_RULESET, version: 1, datasetId: SAMPLE_DATASET, fiscalYear: 2026, envelope: { policy: 'none' } });
    const inRun = (await zhang.get(`/runs/${run.body.runId}`)).body.schools.map((s: { schoolId: string }) => s.schoolId);
    for (const id of schoolIds) expect(inRun).toContain(id);
  });
});
