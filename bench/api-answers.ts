/**
 * The API's answers for a province and a national run (run, approval, run detail, school pages, statements zh/en,
 * CSV and XLSX exports, a school user's run list and statement, attribution), written to DIR with timestamps and
 * random dataset ids normalised, so two checkouts' answers can be compared byte for byte:
 *   node bin/run-ts.mjs bench/api-answers.ts DIR        (in each checkout, then `diff -r DIR1 DIR2`)
 * XLSX files are kept as they are: unzip both and compare their XML with ISO timestamps masked. A tool, never a test.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startLocalService } from '../functions/local/server';
import { datasetFile, NATIONAL_SCHOOLS, REPO_ROOT } from './dataset';
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const out = process.argv[2]!;
mkdirSync(out, { recursive: true });
const quiet = () => {};
const service = await startLocalService({ inMemory: true, port: 0, root: REPO_ROOT, log: quiet, requestLog: quiet });
const token = (pred: (u: any) => boolean) => service.demoUsers.find(pred)!.token;
const finance = token((u) => u.user === '张会计');
const reviewer = token((u) => u.user === '李复核');
const schoolUser = service.demoUsers.find((u) => u.role === 'school')!;
const ids = new Map<string, string>();
const norm = (text: string) => text.replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z/g, 'TIME').replace(/ds-[0-9a-z-]{8,}/g, (id) => { if (!ids.has(id)) ids.set(id, `DS${ids.size}`); return ids.get(id)!; });
async function req(tok: string, method: string, path: string, body?: unknown, save?: string) {
  const raw = body instanceof Uint8Array;
  const r = await fetch(service.url + path, { method, headers: { authorization: `Bearer ${tok}`, ...(body === undefined ? {} : { 'content-type': raw ? 'text/csv' : 'application/json' }) }, ...(body === undefined ? {} : { body: raw ? body : JSON.stringify(body) }) });
  const bytes = Buffer.from(await r.arrayBuffer());
  if (save) writeFileSync(join(out, save), save.endsWith('.xlsx') ? bytes : norm(bytes.toString('utf8')));
  if (!r.ok) throw new Error(`${method} ${path} ${r.status} ${bytes.toString().slice(0, 300)}`);
  return r.headers.get('content-type')?.includes('json') ? JSON.parse(bytes.toString()) : bytes;
}
let current: string | undefined;
async function scenario(name: string, datasetId: string) {
  const run = await req(finance, 'POST', '/runs', { ruleSetId: 'hlj-technical-schools', version: 1, datasetId, fiscalYear: 2026, envelope: { policy: 'cap', budget: '30000000000' }, clientKey: `answers-${name}` }, `${name}-post.json`);
  const id = run.runId;
  await req(reviewer, 'POST', `/runs/${id}/approve`, current ? { supersedes: current, comment: '全省数据替代样例' } : {}, `${name}-approve.json`);
  current = id;
  const detail = await req(finance, 'GET', `/runs/${id}?schools=all`, undefined, `${name}-detail.json`);
  await req(finance, 'GET', `/runs/${id}`, undefined, `${name}-detail-noschools.json`);
  const p1 = await req(finance, 'GET', `/runs/${id}/schools?limit=20&sort=allocation&order=desc`, undefined, `${name}-page1.json`);
  if (p1.cursor) await req(finance, 'GET', `/runs/${id}/schools?limit=20&sort=allocation&order=desc&cursor=${encodeURIComponent(p1.cursor)}`, undefined, `${name}-page2.json`);
  await req(finance, 'GET', `/runs/${id}/schools?limit=50`, undefined, `${name}-page-default.json`);
  const schools = detail.schools.map((s: any) => s.schoolId);
  for (const i of [0, 1, Math.floor(schools.length / 2), schools.length - 1]) {
    await req(finance, 'GET', `/runs/${id}/schools/${schools[i]}?lang=zh`, undefined, `${name}-statement-${i}-zh.json`);
    await req(finance, 'GET', `/runs/${id}/schools/${schools[i]}?lang=en`, undefined, `${name}-statement-${i}-en.json`);
  }
  await req(finance, 'GET', `/runs/${id}/export?format=csv&lang=zh`, undefined, `${name}-export-zh.csv`);
  await req(finance, 'GET', `/runs/${id}/export?format=csv&lang=en`, undefined, `${name}-export-en.csv`);
  await req(finance, 'GET', `/runs/${id}/export?format=xlsx&lang=zh`, undefined, `${name}-export-zh.xlsx`);
  await req(schoolUser.token, 'GET', `/runs`, undefined, `${name}-school-runs.json`);
  await req(schoolUser.token, 'GET', `/runs/${id}/schools/${schoolUser.schoolId}?lang=zh`, undefined, `${name}-school-statement.json`).catch(() => undefined);
  await req(finance, 'GET', `/runs/${id}/attribution`, undefined, `${name}-attribution.json`).catch((e) => writeFileSync(join(out, `${name}-attribution.err`), String(e)));
}
try {
  await scenario('province', 'ds-sample-hlj-2026');
  const bytes = readFileSync(await datasetFile(NATIONAL_SCHOOLS, 'csv'));
  const dataset = await req(finance, 'POST', '/datasets', { name: 'answers national', fiscalYear: 2026, format: 'csv', fileName: 'national.csv' });
  for (let offset = 0, part = 1; offset < bytes.length; offset += 5 * 2 ** 20, part++) await req(finance, 'POST', `/datasets/${dataset.datasetId}/parts?part=${part}`, bytes.subarray(offset, offset + 5 * 2 ** 20));
  await req(finance, 'POST', `/datasets/${dataset.datasetId}/seal`, undefined, 'national-seal.json');
  await req(finance, 'GET', `/datasets/${dataset.datasetId}`, undefined, 'national-dataset.json');
  await scenario('national', dataset.datasetId);
} finally {
  await service.close();
}
