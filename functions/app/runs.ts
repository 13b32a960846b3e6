import { coded, problemAt } from '../../domain/problems';
import { createHash, randomUUID } from 'node:crypto';
import { allocationStream, type AllocationStream } from '../../domain/allocate';
import { linesAtRows } from '../../domain/enrollment-columns';
import { excludedFigures, type ExcludedFigures } from '../../domain/excluded';
import { paymentSchedule } from '../../domain/instalments';
import { canonicalJson, sha256 } from '../../domain/hash';
import { conflict, HttpError, unprocessable } from '../http/errors';
import type { Caller } from '../http/types';
import { schoolLinesText } from '../store/school-lines';
import type { PackedSchool, RunClaim, RunContent, RunHeader, RunRequest } from '../store/types';
import type { Baseline } from '../../domain/baseline';
import { auditOnce } from './audit';
import { baselineOfRun } from './baseline-run';
import { claimOrAwait } from './run-claim';
import type { AppContext } from './context';
import { loadDatasetFor, loadVersion } from './loaders';
import { rowDetails } from './problems';
import { JOB_LEASE_MS, queuedJob, queueJob, runJobStatus, runsAsJob } from './run-jobs';

export interface CreatedRun {
  header: RunHeader;
  /** false when an earlier request with the same client key already made (or started) this run. */
  created: boolean;
  /** true when the run is a job still being computed (run-jobs.ts): the request is answered 202. */
  queued?: boolean;
}

/**
 * Creates a run in a safe order: claim the run id (one request computes it; the others with the same key wait for
 * it, see run-claim.ts), compute (a refused request releases its claim and leaves nothing), register the result's
 * hash, write the school items, audit once, mark the header complete. With a client key the run id is derived from
 * (caller, key), so a retry lands on the same run: the same request completes or returns it, a different one is 409.
 * A dataset too large for one request makes the run a job (run-jobs.ts): the pending header is written with its job
 * and answered 202, and the job goes through the same claim and the same steps (runJob).
 */
export async function createRun(ctx: AppContext, caller: Caller, request: RunRequest, clientKey?: string): Promise<CreatedRun> {
  const requestHash = sha256(canonicalJson(request));
  const runId = clientKey ? runIdForKey(caller.userId, clientKey) : ctx.newId('run');
  const sameRequest = (existing: RunHeader) => assertSameRequest(existing, requestHash, clientKey ?? '');
  if (clientKey) {
    const earlier = await ctx.store.findRunHeader(runId);
    if (earlier) {
      sameRequest(earlier);
      if (earlier.status === 'complete') return { header: earlier, created: false };
      if (earlier.job) return { header: await runJobStatus(ctx, earlier), created: false, queued: true };
    }
  }
  if (await runsAsJob(ctx, request)) {
    // A baseline that cannot be used is refused now, not found out by the job later.
    await baselineOf(ctx, request);
    return queueRun(ctx, caller, { runId, request, requestHash, ...(clientKey ? { clientKey } : {}) });
  }
  const claim = await claimOrAwait(ctx, { runId, request, requestHash, createdBy: caller.userId, createdBySub: caller.subject, createdAt: ctx.now(), ...(clientKey ? { clientKey } : {}) }, sameRequest);
  if (!claim.claimed) return { header: claim.header, created: false };
  try {
    return { header: await computeAndStore(ctx, caller, request, claim.header), created: !claim.resumed };
  } catch (error) {
    await ctx.store.releaseRun(runId, claim.writer).catch(() => undefined);
    throw error;
  }
}

/**
 * A run too large for one request (run-jobs.ts): the pending header with its job is written now, without a claim,
 * and the work is done by the job (runJob), which claims the run as any request would. A second request that gets
 * here first finds the header.
 */
async function queueRun(ctx: AppContext, caller: Caller, run: Pick<RunHeader, 'runId' | 'request' | 'requestHash' | 'clientKey'>): Promise<CreatedRun> {
  const at = ctx.now();
  const { created, header } = await ctx.store.createRunHeader({ ...run, createdBy: caller.userId, createdBySub: caller.subject, createdAt: at, job: queuedJob(caller, at) });
  if (!created) {
    assertSameRequest(header, run.requestHash, run.clientKey ?? '');
    if (header.status === 'complete') return { header, created: false };
    return { header: header.job ? await runJobStatus(ctx, header) : header, created: false, queued: true };
  }
  await queueJob(ctx, run.runId, at);
  return { header, created: true, queued: true };
}

/**
 * Does the job of a queued run (called by the local runner and the jobs Lambda): claims the run as a request would,
 * for as long as a jobs Lambda may live, so a second delivery of the same job finds it held and does nothing. A
 * refusal (the dataset has row problems, the budget cannot be met…) is kept with the run as the error the request
 * would have answered; anything else is left to the caller (the stream retries the Lambda; the local runner logs it),
 * with the claim released so the retry can take it over at once.
 */
export async function runJob(ctx: AppContext, runId: string): Promise<void> {
  const header = await ctx.store.findRunHeader(runId);
  if (!header || header.status === 'complete' || header.job?.state !== 'queued') return;
  const { status: _status, writer: _writer, leaseUntil: _lease, ...unclaimed } = header;
  const now = ctx.now();
  const writer = randomUUID();
  const claim: RunClaim = await ctx.store.claimRun({ ...unclaimed, writer, leaseUntil: new Date(Date.parse(now) + JOB_LEASE_MS).toISOString() }, now);
  if (!claim.claimed) return;
  try {
    await computeAndStore(ctx, { ...header.job.caller }, header.request, claim.header);
  } catch (error) {
    await ctx.store.releaseRun(runId, writer).catch(() => undefined);
    if (!(error instanceof HttpError)) throw error;
    await ctx.store.failRunJob(runId, { statusCode: error.statusCode, code: error.code, text: error.text, details: error.details, detailCount: error.detailCount }, ctx.now());
  }
}

/**
 * The claimed run's steps: compute, register the result's hash (the content fence), write the compact content, audit
 * once (keyed by the run, so a writer that finishes a run another started does not record it twice), complete with
 * that hash.
 */
async function computeAndStore(ctx: AppContext, caller: Caller, request: RunRequest, header: RunHeader): Promise<RunHeader> {
  const { summary, figures, contentHash, content } = await computeStored(ctx, request, header.contentHash);
  await ctx.store.fenceRunContent(header.runId, contentHash);
  await ctx.store.writeRunContent(header.runId, header.createdAt, content);
  await auditOnce(ctx, caller, 'run.create', header.runId, header.createdAt, { ruleSetId: request.ruleSetId, version: request.version, datasetId: request.datasetId, totalAllocation: summary.totalAllocation });
  return ctx.store.completeRun(header.runId, summary, ctx.now(), contentHash, figures);
}

/**
 * The run computed and packed as the store keeps it, with the hash to fence it by. Only that is returned: the
 * dataset's lines and the engine's numbers (a national run's largest objects) are let go before the writes.
 */
async function computeStored(ctx: AppContext, request: RunRequest, fencedHash: string | undefined) {
  const { result, figures } = await compute(ctx, request);
  const stored = storedContent(result);
  // A run an earlier version's writer fenced (and died writing) carries that version's hash of the same content.
  const contentHash = fencedHash?.startsWith(LEGACY_HASH) ? legacyResultHash(result) : stored.contentHash;
  return { summary: result.summary, figures, contentHash, content: stored.content };
}

/**
 * The allocation the request asks for, with its payment schedule's totals and what its excluded lines would have been
 * entitled to (shown before approval), or 422 with every reason it cannot be computed. The result's schools are made
 * as they are written (a national run never holds every line object at once).
 */
async function compute(ctx: AppContext, request: RunRequest): Promise<{ result: AllocationStream; figures: ExcludedFigures }> {
  const version = await loadVersion(ctx, request.ruleSetId, request.version);
  if (version.ruleSet.fiscalYear !== request.fiscalYear) {
    throw unprocessable('fiscal_year_mismatch', coded('fiscal_year_mismatch_rules', { ruleSetId: request.ruleSetId, version: request.version, year: version.ruleSet.fiscalYear, requested: request.fiscalYear }), [problemAt('body.fiscalYear', 'must_equal', { expected: String(version.ruleSet.fiscalYear) })]);
  }
  const dataset = await loadDatasetFor(ctx, request.datasetId, request.excludeInvalid);
  if (dataset.header.fiscalYear !== undefined && dataset.header.fiscalYear !== request.fiscalYear) {
    throw unprocessable('fiscal_year_mismatch', coded('fiscal_year_mismatch_dataset', { datasetId: request.datasetId, year: dataset.header.fiscalYear ?? '', requested: request.fiscalYear }), [problemAt('body.fiscalYear', 'must_equal', { expected: String(dataset.header.fiscalYear) })]);
  }
  const baseline = await baselineOf(ctx, request);
  const outcome = allocationStream({
    ruleSet: version.ruleSet,
    ruleSetVersion: version.version,
    enrollment: dataset.enrollment,
    readerProblems: dataset.problems,
    envelope: request.envelope,
    excludeInvalid: request.excludeInvalid,
    ...(dataset.header.contentHash ? { enrollmentHash: dataset.header.contentHash } : {}),
    ...(baseline ? { baseline } : {}),
  });
  if (!outcome.ok) {
    const details = [...outcome.problems.map((p) => ({ ...p, path: `body.envelope.${p.path}` })), ...rowDetails(outcome.rowProblems)];
    throw unprocessable('allocation_refused', coded('allocation_refused'), details, outcome.problems.length + outcome.rowProblems.length);
  }
  const result = outcome.stream;
  // The payment schedule (SPEC §10): the one asked for, else the rule set's default; its totals go with the summary.
  const schedule = request.instalments ?? version.ruleSet.instalments;
  if (schedule) result.summary.instalments = paymentSchedule([...result.schoolHeads()], result.summary.rounding.scale, schedule).summary;
  // Only the excluded lines are made into objects (a national run excludes a handful of its 361k lines, usually none).
  const excludedRows = linesAtRows(dataset.enrollment, new Set(result.excluded.map((entry) => entry.row)));
  return { result, figures: excludedFigures(version.ruleSet, [...excludedRows.values()], result.excluded) };
}

/**
 * The protection baseline a run names (SPEC §7): only last year's approved, current run of the same rule set, so a
 * floor is never measured from a figure nobody signed off; any other run is 422 at body.baselineRunId with why.
 */
async function baselineOf(ctx: AppContext, request: RunRequest): Promise<Baseline | undefined> {
  if (request.baselineRunId === undefined) return undefined;
  const found = await baselineOfRun(ctx, request.baselineRunId, { ruleSetId: request.ruleSetId, fiscalYear: request.fiscalYear }, 'body.baselineRunId');
  if (!found.ok) throw unprocessable('allocation_refused', coded('allocation_refused'), found.problems);
  return found.baseline;
}

/** How a content hash says what it was taken of: the stored form (storedContent), or each school's JSON (legacy). */
const STORED_FORM_HASH = 'stored-sha256:';
const LEGACY_HASH = 'sha256:';

/**
 * What the store keeps of a computed run (SPEC §4's compact form, each school packed as the store writes it) and the
 * hash of exactly that: summary, standards table, each school's own fields and its lines' text, excluded lines. Each
 * school is made once, as columns, and kept packed (a few bytes a line), so the items written after the fence are
 * the content hashed, and a national run never holds every line object at once.
 */
function storedContent(result: AllocationStream): { contentHash: string; content: RunContent } {
  const schools: PackedSchool[] = [];
  const contentHash = runContentHash(STORED_FORM_HASH, result, function* () {
    for (const school of result.compactSchoolColumns()) {
      const lines = schoolLinesText(school);
      schools.push({ head: school.head, lineCount: school.row.length, lineColumns: lines });
      yield JSON.stringify(school.head);
      yield lines;
    }
  });
  return { contentHash, content: { standards: result.standards, schools, excluded: result.excluded } };
}

/**
 * The hash earlier versions registered: each compact school as its JSON text. Only for taking over a run one of them
 * fenced; school by school, never one string of the whole national result.
 */
function legacyResultHash(result: AllocationStream): string {
  return runContentHash(LEGACY_HASH, result, () => result.compactSchoolTexts());
}

/** Summary, standards, the schools' texts as `schoolTexts` gives them, excluded lines: a run's content, hashed. */
function runContentHash(prefix: string, result: AllocationStream, schoolTexts: () => Iterable<string>): string {
  const hash = createHash('sha256');
  hash.update(JSON.stringify(result.summary));
  hash.update(JSON.stringify(result.standards));
  for (const text of schoolTexts()) hash.update(text);
  hash.update(JSON.stringify(result.excluded));
  return prefix + hash.digest('hex');
}

function assertSameRequest(header: RunHeader, requestHash: string, clientKey: string): void {
  if (header.requestHash !== requestHash) {
    throw conflict('idempotency_conflict', coded('idempotency_conflict', { clientKey, runId: header.runId }));
  }
}

/** Runs made with a client key get an id derived from (caller, key): the whole idempotency mechanism. */
export function runIdForKey(userId: string, clientKey: string): string {
  return 'run-k' + createHash('sha256').update(`${userId}\u0000${clientKey}`).digest('hex').slice(0, 24);
}

export { runView } from './run-views';
