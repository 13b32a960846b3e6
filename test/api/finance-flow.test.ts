import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256 } from '../../domain/hash';
import { REPO_ROOT, SAMPLE_RULESET, startApi, sumFen, type ApiClient } from '../support/api';
import type { PerStudentDerivation } from '../../domain/result';
import type { CompactSchool } from '../../domain/result-form';

const csv = readFileSync(join(REPO_ROOT, 'data/enrollment-hlj-2026.csv'));

describe('finance flow through the local API: upload → run → approve → export', () => {
  let api: Awaited<ReturnType<typeof startApi>>;
  let zhang: ApiClient;
  let li: ApiClient;
  beforeAll(async () => {
    api = await startApi();
    zhang = api.as('张会计');
    li = api.as('李复核');
  });
  afterAll(() => api.service.close());

  let datasetId: string;
  let runId: string;
  let summary: { totalAllocation: string; totalEntitlement: string; counts: { schools: number; lines: number } };

  it('uploads the enrolment in two parts and seals it with its hash', async () => {
    const created = await zhang.post('/datasets', { name: '2026 春季在校生', fiscalYear: 2026, format: 'csv', fileName: 'enrollment.csv' });
    expect(created.status).toBe(201);
    expect(created.body.status).toBe('open');
    datasetId = created.body.datasetId;
    const middle = Math.floor(csv.length / 2);
    // Part 2 first: the order of arrival must not matter, only the part numbers.
    for (const [partNumber, bytes] of [[2, csv.subarray(middle)], [1, csv.subarray(0, middle)]] as const) {
      const part = await zhang.request('POST', `/datasets/${datasetId}/parts?part=${partNumber}`, { raw: bytes, contentType: 'text/csv' });
      expect(part.status).toBe(200);
      expect(part.body).toMatchObject({ partNumber, bytes: bytes.length });
    }
    const sealed = await zhang.post(`/datasets/${datasetId}/seal`);
    expect(sealed.status).toBe(200);
    expect(sealed.body).toMatchObject({ status: 'sealed', contentHash: sha256(csv), problemCount: 0, bytes: csv.length });
    expect(sealed.body.lineCount).toBe(csv.toString('latin1').trim().split('\n').length - 1);
    expect((await zhang.post(`/datasets/${datasetId}/seal`)).status).toBe(409);
    const listed = await zhang.get('/datasets?limit=1');
    expect(listed.body.items.map((d: { datasetId: string }) => d.datasetId)).toEqual([datasetId]);
    expect(listed.body.cursor).toBeTruthy();
  });

  it('runs the allocation under a cap and shows the run without lines', async () => {
    const created = await zhang.post('/runs', { ruleSetId: SAMPLE_RULESET, version: 1, datasetId, fiscalYear: 2026, envelope: { policy: 'cap', budget: '80000000' } });
    expect(created.status).toBe(201);
    runId = created.body.runId;
    summary = created.body.summary;
    expect(summary.totalAllocation).toBe('80000000.00');
    const run = await zhang.get(`/runs/${runId}`);
    expect(run.status).toBe(200);
    expect(run.body.schools).toHaveLength(summary.counts.schools);
    expect(run.body.schools[0]).not.toHaveProperty('lines');
    expect(sumFen(run.body.schools.map((s: { allocation: string }) => s.allocation))).toBe(sumFen([summary.totalAllocation]));
  });

  it('approves only by a second person, once', async () => {
    const own = await zhang.post(`/runs/${runId}/approve`);
    expect(own.status).toBe(409);
    expect(own.body.error.code).toBe('same_person');
    const approved = await li.post(`/runs/${runId}/approve`);
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ approved: true, approvedBy: '李复核' });
    expect((await api.as('管理员').post(`/runs/${runId}/approve`)).body.error.code).toBe('already_approved');
  });

  it('exports CSV and XLSX whose allocations add up to the run total', async () => {
    const csvExport = await zhang.get(`/runs/${runId}/export?format=csv&lang=en`);
    expect(csvExport.status).toBe(200);
    expect(csvExport.headers.get('content-type')).toContain('text/csv');
    const rows: Record<string, string>[] = parse(csvExport.bytes, { columns: true, bom: true });
    expect(rows).toHaveLength(summary.counts.lines);
    expect(sumFen(rows.map((row) => row.allocation!))).toBe(sumFen([summary.totalAllocation]));

    const xlsxExport = await zhang.get(`/runs/${runId}/export?format=xlsx&lang=en`);
    expect(xlsxExport.headers.get('content-disposition')).toContain('.xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsxExport.bytes as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('Schools')!;
    const header = (sheet.getRow(1).values as unknown[]).indexOf('allocation');
    const amounts: string[] = [];
    sheet.eachRow((row, index) => {
      const id = row.getCell(1).value;
      if (index > 1 && id !== 'total') amounts.push(Number(row.getCell(header).value).toFixed(2));
    });
    expect(amounts).toHaveLength(summary.counts.schools);
    expect(sumFen(amounts)).toBe(sumFen([summary.totalAllocation]));
  });

  it('gives a school its own approved statement and nothing else', async () => {
    const [schoolA, schoolB] = [api.user('school', 0), api.user('school', 1)];
    const asA = api.as(schoolA.user);
    const statement = await asA.get(`/runs/${runId}/schools/${schoolA.schoolId}?lang=zh`);
    expect(statement.status).toBe(200);
    expect(statement.body.school.lines.length).toBeGreaterThan(0);
    expect(statement.body.text).toContain(statement.body.school.schoolName);
    expect(sumFen(statement.body.school.lines.map((l: { allocation: string }) => l.allocation))).toBe(sumFen([statement.body.school.allocation]));
    // SPEC §4's compact form: each line names its derivation in the statement's own table, which has no other entry.
    const { school, standards } = statement.body as { school: CompactSchool; standards: PerStudentDerivation[] };
    expect(new Set(school.lines.map((l) => l.standard))).toEqual(new Set(standards.map((_, i) => i)));
    for (const line of school.lines) expect([standards[line.standard]!.majorCode, standards[line.standard]!.perStudent]).toEqual([line.majorCode, line.perStudent]);
    expect(school.lines[0]).not.toHaveProperty('uplifts');
    expect((await asA.get(`/runs/${runId}/schools/${schoolB.schoolId}`)).status).toBe(404);
    const run = await asA.get(`/runs/${runId}`);
    expect(run.body.schools.map((s: { schoolId: string }) => s.schoolId)).toEqual([schoolA.schoolId]);
    expect((await asA.get('/runs')).body.items.map((r: { runId: string }) => r.runId)).toContain(runId);
    expect((await asA.get(`/runs/${runId}/export`)).status).toBe(403);
  });

  it('keeps a dataset with row errors, refuses to run on it unless they are excluded', async () => {
    const text = csv.toString('latin1').trim().split('\n');
    const broken = Buffer.from([text[0], text[1], text[2]!.replace(/,[^,\r]*(\r?)$/, ',-5$1'), ...text.slice(3, 40)].join('\n'), 'latin1');
    const uploaded = await zhang.post('/datasets', { name: 'with an error', fiscalYear: 2026, format: 'csv', contentBase64: broken.toString('base64') });
    expect(uploaded.status).toBe(201);
    expect(uploaded.body).toMatchObject({ status: 'sealed', problemCount: 1, problemSample: [{ row: 3, reason: 'invalid_students' }] });
    const request = { ruleSetId: SAMPLE_RULESET, version: 1, datasetId: uploaded.body.datasetId, fiscalYear: 2026, envelope: { policy: 'none' } };
    const refused = await zhang.post('/runs', request);
    expect(refused.status).toBe(422);
    expect(refused.body.error.details[0].path).toBe('row 3.students');
    const excluded = await zhang.post('/runs', { ...request, excludeInvalid: true });
    expect(excluded.status).toBe(201);
    expect(excluded.body.summary.counts.excludedLines).toBe(1);
  });

  it('records the flow in the audit trail', async () => {
    const trail = await api.as('管理员').get('/audit?limit=50');
    const actions = trail.body.items.map((e: { action: string; actor: string }) => `${e.action}:${e.actor}`);
    expect(actions).toEqual(expect.arrayContaining(['dataset.seal:张会计', 'run.create:张会计', 'run.approve:李复核']));
  });
});
