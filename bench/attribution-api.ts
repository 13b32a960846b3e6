/**
 * Attribution through the local API at national scale (issue 12): last year's and this year's runs of 3,000 schools
 * (120 lines each; last year's enrolment projected back from this year's) approved, then what finance, a school and
 * policy ask for — timings, response sizes against Lambda's 6 MB, and the process's peak RSS (server in process).
 * `node bin/run-ts.mjs bench/attribution-api.ts` — prints one JSON object. A benchmark, never a test.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectEnrollment } from '../domain/projection';
import { validateRuleSet, type RuleSet } from '../domain/ruleset';
import { startLocalService } from '../functions/local/server';
import { LAMBDA_RESPONSE_BYTES } from '../functions/http/response-limit';
import { enrollmentToCsv, generateEnrollment } from '../formats/synthetic';
import { apiRequest } from './http';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const root = join(import.meta.dirname, '..');
const rulesOf = (file: string): RuleSet => {
  const outcome = validateRuleSet(JSON.parse(readFileSync(join(root, 'data', file), 'utf8')));
  if (!outcome.ok) throw new Error(`${file} invalid`);
  return outcome.ruleSet;
};
const rules2026 = rulesOf('rules-hlj-2026.json');
const rules2025 = rulesOf('rules-hlj-2025.json');
const lines2026 = generateEnrollment({ schools: 3000, linesPerSchool: 120, ruleSet: rules2026, seed: 7 });
const categoryOf = new Map(rules2026.majors.map((major) => [major.code, major.category]));
const lines2025 = projectEnrollment(lines2026, { overall: '-0.02', byCategory: { '03': '-0.07', '05': '0.04' } }, (code) => categoryOf.get(code)).lines;
const csv = { 2025: enrollmentToCsv(lines2025), 2026: enrollmentToCsv(lines2026) };

let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);
const quiet = () => {};
const service = await startLocalService({ inMemory: true, port: 0, root, log: quiet, requestLog: quiet });
const tokenOf = (user: string) => service.demoUsers.find((u) => u.user === user)!.token;
// 413 is an answer here: a response over Lambda's limit is what the bench looks for.
const call = async (user: string, method: string, path: string, body?: unknown, raw?: Uint8Array) => {
  const reply = await apiRequest(service.url, tokenOf(user), method, path, raw ?? body, [413]);
  return { ...reply, ms: Math.round(reply.ms), fits: reply.bytes <= LAMBDA_RESPONSE_BYTES };
};
const upload = async (year: 2025 | 2026) => {
  const dataset = await call('张会计', 'POST', '/datasets', { name: `national ${year}`, fiscalYear: year, format: 'csv' });
  const partBytes = 5 * 1024 * 1024;
  for (let part = 0; part * partBytes < csv[year].length; part++) {
    await call('张会计', 'POST', `/datasets/${dataset.json.datasetId}/parts?part=${part + 1}`, undefined, csv[year].subarray(part * partBytes, (part + 1) * partBytes));
  }
  await call('张会计', 'POST', `/datasets/${dataset.json.datasetId}/seal`);
  return dataset.json.datasetId as string;
};
const approvedRun = async (version: number, datasetId: string, fiscalYear: number, budget: string) => {
  const run = await call('张会计', 'POST', '/runs', { ruleSetId: 'hlj-technical-schools', version, datasetId, fiscalYear, envelope: { policy: 'cap', budget }, excludeInvalid: true });
  await call('李复核', 'POST', `/runs/${run.json.runId}/approve`, { comment: 'bench' });
  return run.json.runId as string;
};

const draft = await call('王政策', 'POST', '/rulesets/hlj-technical-schools/drafts', { ruleSet: JSON.parse(readFileSync(join(root, 'data/rules-hlj-2025.json'), 'utf8')) });
const accept = [...new Set((draft.json.validation?.warnings ?? []).map((w: { code: string }) => w.code))];
const v2025 = (await call('赵审定', 'POST', `/rulesets/hlj-technical-schools/drafts/${draft.json.draftId}/publish`, { revision: draft.json.revision, acceptWarnings: accept })).json.version;
const [ds2025, ds2026] = [await upload(2025), await upload(2026)];
const last = await approvedRun(v2025, ds2025, 2025, '20000000000');
const current = await approvedRun(1, ds2026, 2026, '21000000000');
const rssBefore = peakRss;

const first = await call('李复核', 'GET', `/runs/${current}/attribution`);
const sorted = await call('李复核', 'GET', `/runs/${current}/attribution?sort=change&order=desc&offset=100&limit=50`);
const all = await call('李复核', 'GET', `/runs/${current}/attribution?limit=1000&offset=2000`);
const schoolId = first.json.schools.items[0].schoolId;
const detail = await call('李复核', 'GET', `/runs/${current}/attribution?school=${schoolId}`);
const exported = await call('李复核', 'GET', `/runs/${current}/attribution/export`);
const exportedLean = await call('李复核', 'GET', `/runs/${current}/attribution/export?lines=false`);
const simulation = await call('王政策', 'POST', '/simulations', { base: { ruleSetId: 'hlj-technical-schools', version: 1 }, candidate: { draftId: 'seed-candidate' }, datasetId: ds2026, envelope: { policy: 'none' }, excludeInvalid: true });
const consoleSimulation = await call('王政策', 'POST', '/simulations', { base: { ruleSetId: 'hlj-technical-schools', version: 1 }, candidate: { draftId: 'seed-candidate' }, datasetId: ds2026, envelope: { policy: 'none' }, excludeInvalid: true, comparisonLines: false });
const simulatedSchool = await call('王政策', 'POST', '/simulations', { base: { ruleSetId: 'hlj-technical-schools', version: 1 }, candidate: { draftId: 'seed-candidate' }, datasetId: ds2026, envelope: { policy: 'none' }, excludeInvalid: true, school: schoolId });
const candidates = await call('王政策', 'POST', '/simulations/candidates', { base: { ruleSetId: 'hlj-technical-schools', version: 1 }, candidates: [{ draftId: 'seed-candidate' }, { ruleSet: rules2026 }], datasetId: ds2026, envelope: { policy: 'none' }, excludeInvalid: true });
clearInterval(sampler);

const shape = (r: Awaited<ReturnType<typeof call>>) => ({ status: r.status, ms: r.ms, bytes: r.bytes, fitsLambda: r.fits });
console.log(
  JSON.stringify(
    {
      schools: first.json?.summary.schools,
      linesEachSide: [lines2025.length, lines2026.length],
      linesAttributed: first.json?.summary.linesAttributed,
      against: first.json?.against.runId === last,
      finance: { firstPage: shape(first), sortedPageWarm: shape(sorted), page1000: shape(all), schoolLines: { ...shape(detail), lines: detail.json?.school.lineCount }, exportXlsx: shape(exported), exportXlsxWithoutLines: shape(exportedLean) },
      policy: { simulation: shape(simulation), simulationWithoutComparisonLines: shape(consoleSimulation), schoolLines: shape(simulatedSchool), twoCandidates: shape(candidates) },
      peakRssMb: { beforeAttribution: Math.round(rssBefore / 2 ** 20), overall: Math.round(peakRss / 2 ** 20) },
    },
    null,
    2,
  ),
);
await service.close();
