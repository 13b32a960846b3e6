import { coded, problemAt } from '../../domain/problems';
import { createHash } from 'node:crypto';
import { allocate } from '../../domain/allocate';
import { excludedFigures } from '../../domain/excluded';
import { paymentSchedule } from '../../domain/instalments';
import { canonicalJson, sha256 } from '../../domain/hash';
import { conflict, unprocessable } from '../http/errors';
import type { Caller } from '../http/types';
import type { AllocationResult } from '../../domain/result';
import type { RunHeader, RunRequest } from '../store/types';
import type { ExcludedFigures } from '../../domain/excluded';
import { auditOnce } from './audit';
import { claimOrAwait } from './run-claim';
import type { AppContext } from './context';
import { loadDatasetFor, loadVersion } from './loaders';
import { rowDetails } from './problems';

export interface CreatedRun {
  header: RunHeader;
  /** false when an earlier request with the same client key already made (or started) this run. */
  created: boolean;
}

/**
 * Creates a run in a safe order: claim the run id (one request computes it; the others with the same key wait for
 * it, see run-claim.ts), compute (a refused request releases its claim and leaves nothing), register the result's
 * hash, write the school items, audit once, mark the header complete. With a client key the run id is derived from
 * (caller, key), so a retry lands on the same run: the same request completes or returns it, a different one is 409.
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
    }
  }
  const claim = await claimOrAwait(ctx, { runId, request, requestHash, createdBy: caller.userId, createdBySub: caller.subject, createdAt: ctx.now(), ...(clientKey ? { clientKey } : {}) }, sameRequest);
  if (!claim.claimed) return { header: claim.header, created: false };
  try {
    const { result, figures } = await compute(ctx, request);
    const contentHash = resultHash(result);
    await ctx.store.fenceRunContent(runId, contentHash);
    await ctx.store.writeRunContent(runId, claim.header.createdAt, result.schools, result.excluded);
    // Audited before the run is marked complete, so a complete run is always in the trail; keyed by the run, so a
    // retry that finishes a run another request started does not record it twice.
    await auditOnce(ctx, caller, 'run.create', runId, claim.header.createdAt, { ruleSetId: request.ruleSetId, version: request.version, datasetId: request.datasetId, totalAllocation: result.summary.totalAllocation });
    const complete = await ctx.store.completeRun(runId, result.summary, ctx.now(), contentHash, figures);
    return { header: complete, created: !claim.resumed };
  } catch (error) {
    await ctx.store.releaseRun(runId, claim.writer).catch(() => undefined);
    throw error;
  }
}

/**
 * The allocation the request asks for, with its payment schedule's totals and what its excluded lines would have been
 * entitled to (shown before approval), or 422 with every reason it cannot be computed.
 */
async function compute(ctx: AppContext, request: RunRequest): Promise<{ result: AllocationResult; figures: ExcludedFigures }> {
  const version = await loadVersion(ctx, request.ruleSetId, request.version);
  if (version.ruleSet.fiscalYear !== request.fiscalYear) {
    throw unprocessable('fiscal_year_mismatch', coded('fiscal_year_mismatch_rules', { ruleSetId: request.ruleSetId, version: request.version, year: version.ruleSet.fiscalYear, requested: request.fiscalYear }), [problemAt('body.fiscalYear', 'must_equal', { expected: String(version.ruleSet.fiscalYear) })]);
  }
  const dataset = await loadDatasetFor(ctx, request.datasetId, request.excludeInvalid);
  if (dataset.header.fiscalYear !== undefined && dataset.header.fiscalYear !== request.fiscalYear) {
    throw unprocessable('fiscal_year_mismatch', coded('fiscal_year_mismatch_dataset', { datasetId: request.datasetId, year: dataset.header.fiscalYear ?? '', requested: request.fiscalYear }), [problemAt('body.fiscalYear', 'must_equal', { expected: String(dataset.header.fiscalYear) })]);
  }
  const outcome = allocate({
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
    throw unprocessable('allocation_refused', coded('allocation_refused'), details, outcome.problems.length + outcome.rowProblems.length);
  }
  // The payment schedule (SPEC §10): the one asked for, else the rule set's default; its totals go with the summary.
  const schedule = request.instalments ?? version.ruleSet.instalments;
  if (schedule) outcome.result.summary.instalments = paymentSchedule(outcome.result.schools, outcome.result.summary.rounding.scale, schedule).summary;
  return { result: outcome.result, figures: excludedFigures(version.ruleSet, dataset.lines, outcome.result.excluded) };
}

/** The hash of everything a run stores, school by school (never one string of the whole national result). */
function resultHash(result: AllocationResult): string {
  const hash = createHash('sha256');
  hash.update(JSON.stringify(result.summary));
  for (const school of result.schools) hash.update(JSON.stringify(school));
  hash.update(JSON.stringify(result.excluded));
  return 'sha256:' + hash.digest('hex');
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
