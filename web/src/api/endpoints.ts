/**
 * Typed calls of the route table (functions/routes.ts). Request and answer types come from the API contract
 * (contract/, as types only: zod never reaches the bundle), never from the store: the console knows the API. Any
 * adaptation to the wire format lives here and nowhere else.
 */
import type { Envelope } from '../../../domain/allocate';
import type * as z from 'zod';
import type { DraftChecks, DraftView, DraftWarning, RebaseView, rebaseBody } from '../../../contract/rulesets';
import type { MergeConflict } from '../../../domain/rebase';
import type { runSchoolsQuery, Decision, RunBody, RunDetail, RunSchoolSortKey, RunSchoolsPage, RunState, RunView, SchoolSummary, Statement as ContractStatement } from '../../../contract/runs';
import type { Comparison, GroupComparison, SchoolComparison } from '../../../domain/compare';
import type { RuleSetDiff } from '../../../domain/diff';
import type { EnrollmentLine, RowProblem } from '../../../domain/enrollment';
import type { MessageParams, Problem } from '../../../domain/problems';
import type { ExcludedLine, PerStudentDerivation, RunSummary, SchoolResult } from '../../../domain/result';
import { plainLine } from '../../../domain/line-result';
import { expandSchool, type CompactSchool } from '../../../domain/result-form';
import type { DatasetChecksView, DatasetHeader, UploadedDataset } from '../../../contract/datasets';
import type { AuditEntry, AuditQuery } from '../../../contract/audit';
import type { DraftSummary, RuleSetSummary, RuleSetVersion, VersionInfo } from '../../../contract/rulesets';
import { ApiError, download, getJson, queryString, sendJson, sendRaw, type ProblemDetail } from './client';

export type { DatasetHeader, DatasetChecksView, UploadedDataset, DraftSummary, RuleSetSummary, RuleSetVersion, VersionInfo, AuditEntry, AuditQuery, SchoolSummary, RunSummary, SchoolResult, ExcludedLine, RowProblem, EnrollmentLine, Envelope, Comparison, GroupComparison, SchoolComparison, RuleSetDiff };
/** Every list answers a page; `cursor` is there when more items follow. */
interface Page<T> {
  items: T[];
  cursor?: string;
}

const enc = encodeURIComponent;
type RebaseBody = z.input<typeof rebaseBody>;
/** A contract answer's named fields without the catch-all of a loose object (which `Omit` would otherwise collapse). */
type Known<T> = { [K in keyof T as string extends K ? never : K]: T[K] };

/** Lists come as a page ({ items, cursor }); the console shows the first pages it needs. */
async function allItems<T>(path: string, maxPages = 20): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < maxPages; page++) {
    const separator = path.includes('?') ? '&' : '?';
    const body = await getJson<Page<T> | T[]>(cursor ? `${path}${separator}cursor=${enc(cursor)}` : path);
    if (Array.isArray(body)) return body;
    items.push(...body.items);
    cursor = body.cursor;
    if (!cursor) break;
  }
  return items;
}

// rule sets
export const listRuleSets = () => allItems<RuleSetSummary>('/rulesets');
export const listVersions = (ruleSetId: string) => allItems<VersionInfo>(`/rulesets/${enc(ruleSetId)}/versions`);
export const getVersion = (ruleSetId: string, version: number | 'latest') => getJson<RuleSetVersion>(`/rulesets/${enc(ruleSetId)}/versions/${version}`);
export const diffVersions = async (ruleSetId: string, from: number, to: number) =>
  (await getJson<{ diff: RuleSetDiff }>(`/rulesets/${enc(ruleSetId)}/diff?from=${from}&to=${to}`)).diff;
export const listDrafts = (ruleSetId: string) => allItems<DraftSummary>(`/rulesets/${enc(ruleSetId)}/drafts`);
export const createDraft = (ruleSetId: string, fromVersion: number) => sendJson<DraftView>('POST', `/rulesets/${enc(ruleSetId)}/drafts`, { fromVersion });
/** A draft as the API shows it: with whether it would publish, every problem at its JSON path, and `latestVersion` when stale. */
export type { DraftView, DraftWarning, RebaseView, MergeConflict };
export const getDraft = (ruleSetId: string, draftId: string) => getJson<DraftView>(`/rulesets/${enc(ruleSetId)}/drafts/${enc(draftId)}`);
export const updateDraft = (ruleSetId: string, draftId: string, revision: number, ruleSet: unknown) =>
  sendJson<DraftView>('PUT', `/rulesets/${enc(ruleSetId)}/drafts/${enc(draftId)}`, { revision, ruleSet });
export const validateDraft = (ruleSetId: string, draftId: string) => sendJson<DraftChecks>('POST', `/rulesets/${enc(ruleSetId)}/drafts/${enc(draftId)}/validate`);
export const submitDraft = (ruleSetId: string, draftId: string, revision: number) =>
  sendJson<DraftView>('POST', `/rulesets/${enc(ruleSetId)}/drafts/${enc(draftId)}/submit`, { revision });
/** Publishes exactly `revision`, accepting the listed warning codes (each warning the draft has must be listed). */
export const publishDraft = (ruleSetId: string, draftId: string, revision: number, acceptWarnings: string[] = []) =>
  sendJson<VersionInfo>('POST', `/rulesets/${enc(ruleSetId)}/drafts/${enc(draftId)}/publish`, { revision, acceptWarnings });

/**
 * A stale draft's changes replayed onto the latest version: a preview (conflicts field by field, the merged content),
 * or with `save: true` and `onto` (the version previewed) a save at `revision` once every conflict has a side.
 */
export const rebaseDraft = (ruleSetId: string, draftId: string, body: RebaseBody) => sendJson<RebaseView>('POST', `/rulesets/${enc(ruleSetId)}/drafts/${enc(draftId)}/rebase`, body);

// datasets
export const listDatasets = () => allItems<DatasetHeader>('/datasets');
export const getDataset = (datasetId: string) => getJson<DatasetHeader>(`/datasets/${enc(datasetId)}`);

export function formatOfFile(fileName: string): 'csv' | 'xlsx' | 'json' {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.xlsx')) return 'xlsx';
  if (lower.endsWith('.json')) return 'json';
  return 'csv';
}

/** Upload in parts (the API takes large files in pieces) and seal; progress goes 0 → 1. */
export async function uploadDataset(file: File, name: string, onProgress: (fraction: number) => void, fiscalYear?: number): Promise<UploadedDataset> {
  const format = formatOfFile(file.name);
  const header = await sendJson<DatasetHeader>('POST', '/datasets', { name, format, fileName: file.name, ...(fiscalYear ? { fiscalYear } : {}) });
  const partBytes = 4 * 1024 * 1024;
  const parts = Math.max(1, Math.ceil(file.size / partBytes));
  for (let part = 0; part < parts; part++) {
    const slice = file.slice(part * partBytes, (part + 1) * partBytes);
    await sendRaw('POST', `/datasets/${enc(header.datasetId)}/parts?part=${part + 1}`, slice, 'application/octet-stream');
    onProgress((part + 1) / (parts + 1));
  }
  const sealed = await sendJson<UploadedDataset>('POST', `/datasets/${enc(header.datasetId)}/seal`);
  onProgress(1);
  return sealed;
}

// runs
export type RunRequestInput = RunBody & { clientKey: string };
export type { RunState, Decision, RunView, RunDetail, RunSchoolsPage, RunSchoolSortKey };
/** `GET /runs/{id}/schools`'s query as the console sends it: what the server understands, each part optional (it fills defaults). */
export type RunSchoolsQuery = Partial<Omit<z.output<typeof runSchoolsQuery>, 'cursor'>>;
/**
 * A school's figures with the engine's own statement: every line in words and the policy basis. The school comes in
 * SPEC §4's compact form: each line names its derivation's position in `standards` (the ones its lines use).
 */
export type Statement = Omit<Known<ContractStatement>, 'school'> & { school: CompactSchool; standards: PerStudentDerivation[] };

/** The statement's school with every line's derivation written out, as the statement page shows it. */
export function statementSchool(statement: Pick<Statement, 'school' | 'standards'>): SchoolResult {
  const school = expandSchool(statement.school, statement.standards);
  return { ...school, lines: school.lines.map(plainLine) };
}

/** A run as POST /runs and GET /runs/{id}/status answer it: with its job while it is computed as one. */
type RunProgress = RunView & {
  job?: { state: 'queued' | 'failed'; error?: { statusCode: number; code: string; messageCode: string; params?: MessageParams; details: Problem[] } };
};

/**
 * Creates a run. One too large for a single request is computed as a job (the API answers 202): its status is asked
 * for every second until it is complete, and a failed job is the error the request would have had (rendered from its
 * codes, as any error is).
 */
export async function createRun(input: RunRequestInput): Promise<RunView> {
  let run = await sendJson<RunProgress>('POST', '/runs', input);
  while (run.status === 'pending' && run.job?.state === 'queued') {
    await new Promise((done) => setTimeout(done, 1000));
    run = await getJson<RunProgress>(`/runs/${enc(run.runId)}/status`);
  }
  const error = run.job?.error;
  if (run.job?.state === 'failed' && error) {
    const details: ProblemDetail[] = error.details.map((detail) => ({ path: detail.path, ...(detail.code ? { code: detail.code } : {}), ...(detail.params ? { params: detail.params } : {}), message: '' }));
    throw new ApiError(error.statusCode, error.code, '', details, { code: error.messageCode, ...(error.params ? { params: error.params } : {}) });
  }
  return run;
}
export const listRuns = () => allItems<RunView>('/runs');
/** The run without its school list (a national run has 3,000): the run page pages through listRunSchools instead. */
export const getRun = (runId: string) => getJson<RunDetail>(`/runs/${enc(runId)}?schools=none`);
/** One page of the run's schools, sorted, filtered and searched by the server, with the sums of every match. */
export const listRunSchools = (runId: string, query: RunSchoolsQuery) => getJson<RunSchoolsPage>(`/runs/${enc(runId)}/schools${queryString(query)}`);
export const approveRun = (runId: string, input: { comment?: string; supersedes?: string }) => sendJson<RunView>('POST', `/runs/${enc(runId)}/approve`, input);
export const returnRun = (runId: string, comment: string) => sendJson<RunView>('POST', `/runs/${enc(runId)}/return`, { comment });
export const withdrawRun = (runId: string, comment?: string) => sendJson<RunView>('POST', `/runs/${enc(runId)}/withdraw`, comment ? { comment } : {});
export const getStatement = (runId: string, schoolId: string, lang: 'zh' | 'en') => getJson<Statement>(`/runs/${enc(runId)}/schools/${enc(schoolId)}?lang=${lang}`);
export const exportRun = (runId: string, format: 'xlsx' | 'csv', lang: 'zh' | 'en') => download(`/runs/${enc(runId)}/export?format=${format}&lang=${lang}`, `run-${runId}.${format}`);


// audit trail
const auditParams = (query: AuditQuery) =>
  Object.entries(query)
    .filter(([, value]) => value)
    .map(([key, value]) => `${key}=${enc(value as string)}`)
    .join('&');
/** One page of the trail (newest first), filtered by the server. */
export const listAudit = (query: AuditQuery, cursor?: string) =>
  getJson<Page<AuditEntry>>(`/audit?limit=100${auditParams(query) ? `&${auditParams(query)}` : ''}${cursor ? `&cursor=${enc(cursor)}` : ''}`);
export const exportAudit = (query: AuditQuery, lang: 'zh' | 'en') => download(`/audit/export?lang=${lang}${auditParams(query) ? `&${auditParams(query)}` : ''}`, 'audit.xlsx');
