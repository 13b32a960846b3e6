/**
 * Latency of the local API on the embedded dynalite (in memory): a province-sized run (the Heilongjiang sample)
 * and a national-sized one (3,000 schools, 120 lines each, uploaded in 5 MB parts).
 * `node bin/run-ts.mjs bench/local-api.ts [--national]` — prints one JSON object. A benchmark, never a test.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateRuleSet } from '../domain/ruleset';
import { startLocalService } from '../functions/local/server';
import { enrollmentToCsv, generateEnrollment } from '../formats/synthetic';
import { apiRequest } from './http';
import { median } from './measure';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const root = join(import.meta.dirname, '..');
// Made before the server starts: seconds of synchronous generation in the same process would let the server's
// keep-alive timer close the client's idle socket just as it is reused (ECONNRESET), which is no API latency.
const nationalCsv = process.argv.includes('--national') ? makeNationalCsv() : undefined;
function makeNationalCsv(): Uint8Array {
  const rules = validateRuleSet(JSON.parse(readFileSync(join(root, 'data/rules-hlj-2026.json'), 'utf8')));
  if (!rules.ok) throw new Error('sample rule set invalid');
  return enrollmentToCsv(generateEnrollment({ schools: 3000, linesPerSchool: 120, ruleSet: rules.ruleSet, seed: 7 }));
}
const quiet = process.env.BENCH_LOG ? (line: string) => console.error(line) : () => {};
const service = await startLocalService({ inMemory: true, port: 0, root, log: quiet, requestLog: quiet });
const tokenOf = (user: string) => service.demoUsers.find((u) => u.user === user)!.token;
const call = (user: string, method: string, path: string, body?: unknown, raw?: Uint8Array) => apiRequest(service.url, tokenOf(user), method, path, raw ?? body);
const round = (ms: number) => Math.round(ms);

async function measureRun(datasetId: string, repeat: number) {
  const runMs: number[] = [];
  let runId = '';
  for (let i = 0; i < repeat; i++) {
    const run = await call('张会计', 'POST', '/runs', { ruleSetId: 'hlj-technical-schools', version: 1, datasetId, fiscalYear: 2026, envelope: { policy: 'cap', budget: '900000000' }, excludeInvalid: true });
    runMs.push(run.ms);
    runId = run.json.runId;
  }
  const view = await call('张会计', 'GET', `/runs/${runId}`);
  const schoolId = view.json.schools[0].schoolId;
  await call('李复核', 'POST', `/runs/${runId}/approve`);
  return {
    schools: view.json.summary.counts.schools,
    lines: view.json.summary.counts.lines,
    createRunMs: { median: round(median(runMs)), all: runMs.map(round) },
    getRunMs: round(view.ms),
    statementMs: round((await call('张会计', 'GET', `/runs/${runId}/schools/${schoolId}?lang=zh`)).ms),
    exportCsvMs: round((await call('张会计', 'GET', `/runs/${runId}/export?format=csv`)).ms),
    exportXlsxMs: round((await call('张会计', 'GET', `/runs/${runId}/export?format=xlsx`)).ms),
  };
}

const report: Record<string, unknown> = { province: await measureRun('ds-sample-hlj-2026', 5) };

if (nationalCsv) {
  const csv = nationalCsv;
  const started = performance.now();
  const dataset = await call('张会计', 'POST', '/datasets', { name: 'national', fiscalYear: 2026, format: 'csv' });
  const partBytes = 5 * 1024 * 1024;
  for (let part = 0; part * partBytes < csv.length; part++) {
    await call('张会计', 'POST', `/datasets/${dataset.json.datasetId}/parts?part=${part + 1}`, undefined, csv.subarray(part * partBytes, (part + 1) * partBytes));
  }
  const uploadMs = performance.now() - started;
  const sealed = await call('张会计', 'POST', `/datasets/${dataset.json.datasetId}/seal`);
  report.national = { csvBytes: csv.length, uploadMs: round(uploadMs), sealMs: round(sealed.ms), ...(await measureRun(dataset.json.datasetId, 2)) };
}

console.log(JSON.stringify(report, null, 2));
await service.close();
