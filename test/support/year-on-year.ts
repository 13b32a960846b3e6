import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** One call to the API as a named person: what the API tests and the browser tests each wire to their own service. */
export type CallAs = (user: string, method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown) => Promise<{ status: number; body: any }>;

export const SAMPLE_RULESET = 'hlj-technical-schools';
const data = (name: string) => fileURLToPath(new URL(`../../data/${name}`, import.meta.url));

/** The people of the local service's demo users who make and check things. */
export interface People {
  author: string;
  publisher: string;
  creator: string;
  approver: string;
}
export const DEMO_PEOPLE: People = { author: '王政策', publisher: '赵审定', creator: '张会计', approver: '李复核' };

function ok<T extends { status: number; body: any }>(response: T, what: string, expected = [200, 201]): T {
  if (!expected.includes(response.status)) throw new Error(`${what}: HTTP ${response.status} ${JSON.stringify(response.body).slice(0, 500)}`);
  return response;
}

/**
 * Last year on the API, as the sample data has it (data/README.md): the 2025 rule set published as a new version
 * of the sample rule set (its plausibility warnings accepted), the 2025 enrolment sealed with its fiscal year, and
 * a run of them under the 2025 budget (cap 1,950,000,000) approved by a second person. The 2026 run that follows
 * has it as its previous approved run.
 */
export async function approveLastYear(call: CallAs, people: People = DEMO_PEOPLE): Promise<{ version: number; datasetId: string; runId: string }> {
  const rules = JSON.parse(readFileSync(data('rules-hlj-2025.json'), 'utf8'));
  const draft = ok(await call(people.author, 'POST', `/rulesets/${SAMPLE_RULESET}/drafts`, { ruleSet: rules, changeNote: '2025 年度标准' }), 'draft 2025');
  const warnings = [...new Set(((draft.body.validation?.warnings ?? []) as { code: string }[]).map((w) => w.code))];
  const version = ok(await call(people.publisher, 'POST', `/rulesets/${SAMPLE_RULESET}/drafts/${draft.body.draftId}/publish`, { revision: draft.body.revision, acceptWarnings: warnings }), 'publish 2025').body.version as number;
  const contentBase64 = readFileSync(data('enrollment-hlj-2025.csv')).toString('base64');
  const dataset = ok(await call(people.creator, 'POST', '/datasets', { name: '黑龙江省技工院校在校生 2025（样例）', fiscalYear: 2025, format: 'csv', fileName: 'enrollment-hlj-2025.csv', contentBase64 }), 'dataset 2025');
  const runId = await approvedRun(call, people, { ruleSetId: SAMPLE_RULESET, version, datasetId: dataset.body.datasetId, fiscalYear: 2025, envelope: { policy: 'cap', budget: '1950000000' } }, '2025 年度拨款复核无误。');
  return { version, datasetId: dataset.body.datasetId as string, runId };
}

/** A run made by one person and approved by another (naming the current run it replaces, if any). */
export async function approvedRun(call: CallAs, people: People, request: object, comment: string): Promise<string> {
  const created = ok(await call(people.creator, 'POST', '/runs', request), 'run');
  const runId = created.body.runId as string;
  const supersedes = created.body.currentRunId ?? (await call(people.approver, 'GET', `/runs/${runId}`)).body.currentRunId;
  ok(await call(people.approver, 'POST', `/runs/${runId}/approve`, { comment, ...(supersedes ? { supersedes } : {}) }), 'approve');
  return runId;
}
