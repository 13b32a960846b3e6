import { problemAt } from '../../domain/problems';
import { createHash } from 'node:crypto';
import { allocationStream, type AllocationStream } from '../../domain/allocate';
import { canonicalJson, sha256 } from '../../domain/hash';
import { conflict, unprocessable } from '../http/errors';
import type { Caller } from '../http/types';
import type { RunContent, RunHeader, RunRequest } from '../store/types';
import { audit } from './audit';
import type { AppContext } from './context';
import { loadDatasetFor, loadVersion } from './loaders';
import { countNote, rowDetails } from './problems';
import { doRunJob, queuedJob, queueJob, runJobStatus, runsAsJob } from './run-jobs';

export interface CreatedRun {
  header: RunHeader;
  /** false when an earlier request with the same client key already made (or started) this run. */
  created: boolean;
  /** true when the run is a job still being computed (run-jobs.ts): the request is answered 202. */
  queued?: boolean;
}

/**
 * Creates a run in a safe order: compute first (nothing is written for a refused request), then a pending header,
 * the school items, and finally the header marked complete. With a client key the run id is derived from
 * (caller, key), so a retry lands on the same run: the same request completes or returns it, a different one is 409.
 */
export async function createRun(ctx: AppContext, caller: Caller, request: RunRequest, clientKey?: string, job?: { runId: string }): Promise<CreatedRun> {
  const requestHash = sha256(canonicalJson(request));
  const runId = job?.runId ?? (clientKey ? runIdForKey(caller.userId, clientKey) : ctx.newId('run'));
  if (clientKey && !job) {
    const earlier = await ctx.store.findRunHeader(runId);
    if (earlier) {
      assertSameRequest(earlier, requestHash, clientKey);
      if (earlier.status === 'complete') return { header: earlier, created: false };
      if (earlier.job) return { header: await runJobStatus(ctx, earlier), created: false, queued: true };
    }
  }

  const version = await loadVersion(ctx, request.ruleSetId, request.version);
  if (version.ruleSet.fiscalYear !== request.fiscalYear) {
    throw unprocessable('fiscal_year_mismatch', `rule set ${request.ruleSetId} v${request.version} is for ${version.ruleSet.fiscalYear}, not ${request.fiscalYear}`, [problemAt('body.fiscalYear', 'must_equal', { expected: String(version.ruleSet.fiscalYear) })]);
  }
  if (!job && (await runsAsJob(ctx, request))) return queueRun(ctx, caller, { runId, request, requestHash, ...(clientKey ? { clientKey } : {}) });
  const dataset = await loadDatasetFor(ctx, request.datasetId, request.excludeInvalid);
  if (dataset.header.fiscalYear !== undefined && dataset.header.fiscalYear !== request.fiscalYear) {
    throw unprocessable('fiscal_year_mismatch', `dataset ${request.datasetId} is for ${dataset.header.fiscalYear}, not ${request.fiscalYear}`, [problemAt('body.fiscalYear', 'must_equal', { expected: String(dataset.header.fiscalYear) })]);
  }
  const outcome = allocationStream({
    ruleSet: version.ruleSet,
    ruleSetVersion: version.version,
    lines: dataset.lines,
    readerProblems: dataset.problems,
    envelope: request.envelope,
    excludeInvalid: request.excludeInvalid,
    ...(dataset.header.contentHash ? { enrollmentHash: dataset.header.contentHash } : {}),
  });
  if (!outcome.ok) {
    const details = [...outcome.problems.map((p) => ({ ...p, path: `body.envelope.${p.path}` })), ...rowDetails(outcome.rowProblems)];
    throw unprocessable('allocation_refused', `the allocation cannot be computed${countNote(outcome.rowProblems)}`, details);
  }

  const createdAt = ctx.now();
  const { created, header } = await ctx.store.createRunHeader({ runId, request, requestHash, createdBy: caller.userId, createdAt, ...(clientKey ? { clientKey } : {}) });
  if (!created) {
    assertSameRequest(header, requestHash, clientKey ?? '');
    if (header.status === 'complete') return { header, created: false };
  }
  const result = outcome.stream;
  await ctx.store.writeRunContent(runId, header.createdAt, compactContent(result));
  // Audited before the run is marked complete, so a complete run is always in the trail: a crash in between leaves a
  // pending run whose retry audits again (resumed: true), while a crash after completing would have left none.
  await audit(ctx, caller, 'run.create', runId, { ruleSetId: request.ruleSetId, version: request.version, datasetId: request.datasetId, totalAllocation: result.summary.totalAllocation, resumed: !created });
  const complete = await ctx.store.completeRun(runId, result.summary, ctx.now());
  return { header: complete, created };
}

/**
 * A run too large for one request (run-jobs.ts): the pending header with its job is written now and the work done by
 * the job, which calls createRun again with this run id. A second request that gets here first finds the header.
 */
async function queueRun(ctx: AppContext, caller: Caller, run: Pick<RunHeader, 'runId' | 'request' | 'requestHash' | 'clientKey'>): Promise<CreatedRun> {
  const at = ctx.now();
  const { created, header } = await ctx.store.createRunHeader({ ...run, createdBy: caller.userId, createdAt: at, job: queuedJob(caller, at) });
  if (!created) {
    assertSameRequest(header, run.requestHash, run.clientKey ?? '');
    if (header.status === 'complete') return { header, created: false };
    return { header: header.job ? await runJobStatus(ctx, header) : header, created: false, queued: true };
  }
  await queueJob(ctx, run.runId, at);
  return { header, created: true, queued: true };
}

/** Does the job of a queued run (called by the local runner and the jobs Lambda). */
export function runJob(ctx: AppContext, runId: string): Promise<void> {
  return doRunJob(ctx, runId, (caller, header) => createRun(ctx, caller, header.request, header.clientKey, { runId }));
}

/** What the store keeps of a computed run: SPEC §4's compact form, each school made as it is written. */
function compactContent(result: AllocationStream): RunContent {
  return { standards: result.standards, schools: result.compactSchools(), excluded: result.excluded };
}

function assertSameRequest(header: RunHeader, requestHash: string, clientKey: string): void {
  if (header.requestHash !== requestHash) {
    throw conflict('idempotency_conflict', `idempotency key "${clientKey}" was already used for a different run request (run ${header.runId})`);
  }
}

/** Runs made with a client key get an id derived from (caller, key): the whole idempotency mechanism. */
export function runIdForKey(userId: string, clientKey: string): string {
  return 'run-k' + createHash('sha256').update(`${userId}\u0000${clientKey}`).digest('hex').slice(0, 24);
}

/** The run as the API shows it; `summary` is absent only for runs still being written (never listed). */
export function runView(header: RunHeader) {
  return {
    runId: header.runId,
    status: header.status,
    approved: header.approvedBy !== undefined,
    request: header.request,
    createdBy: header.createdBy,
    createdAt: header.createdAt,
    ...(header.completedAt ? { completedAt: header.completedAt } : {}),
    ...(header.approvedBy ? { approvedBy: header.approvedBy, approvedAt: header.approvedAt } : {}),
    ...(header.summary ? { summary: header.summary } : {}),
    ...(header.job && header.status !== 'complete' ? { job: { state: header.job.state, queuedAt: header.job.queuedAt, ...(header.job.error ? { error: header.job.error } : {}) } } : {}),
  };
}
