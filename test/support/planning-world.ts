import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The planning loop's data on a fresh local service (API tests and the console's Chromium flows): the sample series
 * `hlj-technical-schools` gets 2025, 2026-with-protection and 2027 published as versions 2–4 (v1 is the seeded 2026),
 * the 2025 enrolment is a sealed dataset of 2025, and finance has an approved 2025 run to be next year's baseline.
 * Everything goes through the HTTP API, as a person would do it (two people for each four-eyes step).
 */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const SERIES = 'hlj-technical-schools';

export interface PlanningWorld {
  versions: { 2025: number; 2026: number; 2027: number };
  dataset2025: string;
  run2025: string;
  run2025Total: string;
}

/** `send(who, method, path, body)` → `{ status, body }`; `who` is a demo user (its name or its token, as the sender knows them). */
export type Send = (who: string, method: string, path: string, body?: unknown) => Promise<{ status: number; body: any }>;

export function fetchSender(baseUrl: string): Send {
  return async (token, method, path, body) => {
    const response = await fetch(baseUrl + path, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    return { status: response.status, body: text && (response.headers.get('content-type') ?? '').includes('json') ? JSON.parse(text) : text };
  };
}

const expectStatus = (what: string, answer: { status: number; body: unknown }, ...statuses: number[]) => {
  if (!statuses.includes(answer.status)) throw new Error(`${what}: HTTP ${answer.status} ${JSON.stringify(answer.body).slice(0, 600)}`);
  return answer.body as any;
};

/** Publishes a rule-set file as the next version: a draft by `author`, published by `publisher`, accepting its plausibility warnings. */
export async function publishRules(send: Send, author: string, publisher: string, file: string): Promise<number> {
  const content = JSON.parse(readFileSync(join(ROOT, file), 'utf8'));
  const draft = expectStatus(`draft of ${file}`, await send(author, 'POST', `/rulesets/${SERIES}/drafts`, { ruleSet: content, changeNote: file }), 201);
  const publish = (acceptWarnings: string[]) => send(publisher, 'POST', `/rulesets/${SERIES}/drafts/${draft.draftId}/publish`, { revision: draft.revision, acceptWarnings });
  let answer = await publish([]);
  if (answer.status === 422 && answer.body.error?.code === 'warnings_not_accepted') {
    answer = await publish([...new Set<string>(answer.body.error.details.map((d: { code: string }) => d.code))]);
  }
  return expectStatus(`publish ${file}`, answer, 200, 201).version;
}

export async function uploadDataset(send: Send, finance: string, file: string, name: string, fiscalYear: number): Promise<string> {
  const bytes = readFileSync(join(ROOT, file));
  const created = await send(finance, 'POST', '/datasets', { name, fiscalYear, format: 'csv', fileName: file.split('/').pop(), contentBase64: bytes.toString('base64') });
  return expectStatus(`upload ${file}`, created, 201).datasetId;
}

export async function buildPlanningWorld(send: Send, people: { policy: [string, string]; finance: [string, string] }): Promise<PlanningWorld> {
  const [author, publisher] = people.policy;
  const [creator, approver] = people.finance;
  const v2025 = await publishRules(send, author, publisher, 'data/rules-hlj-2025.json');
  const v2026 = await publishRules(send, author, publisher, 'data/rules-hlj-2026-protected.json');
  const v2027 = await publishRules(send, author, publisher, 'data/rules-hlj-2027.json');
  const dataset2025 = await uploadDataset(send, creator, 'data/enrollment-hlj-2025.csv', '黑龙江省技工院校在校生 2025（样例）', 2025);
  const run = expectStatus('2025 run', await send(creator, 'POST', '/runs', { ruleSetId: SERIES, version: v2025, datasetId: dataset2025, fiscalYear: 2025, envelope: { policy: 'cap', budget: '1950000000' } }), 201);
  expectStatus('approve the 2025 run', await send(approver, 'POST', `/runs/${run.runId}/approve`, { comment: '2025 年度拨款，复核无误' }), 200);
  return { versions: { 2025: v2025, 2026: v2026, 2027: v2027 }, dataset2025, run2025: run.runId, run2025Total: run.summary.totalAllocation };
}
