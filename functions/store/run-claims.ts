import { coded } from '../../domain/problems';
import type { DynamoConnection } from './client';
import { StateConflictError } from './errors';
import { runKey } from './keys';
import { deleteIf, putNew, updateItem } from './ops';
import { findRunHeader } from './runs';
import type { RunClaim, RunHeader } from './types';

/**
 * Who computes a run, and which content it may hold. Two values on the run header fence the writers of one run id
 * (the same idempotency key, retried or sent twice):
 * - `writer` and `leaseUntil`: the one request computing the run. Others wait for it to complete; only once its
 *   lease ran out (it died: a Lambda lives at most 29 s) may another take over. This keeps the work to one compute.
 * - `contentHash`: the hash of the result the school items carry. The first writer to register it fixes it; every
 *   writer registers before writing items and completes only with that hash. So whatever interleaving, a complete
 *   run's items are the complete set of one result, written by the writer that completed it.
 */
export async function claimRun(db: DynamoConnection, input: Omit<RunHeader, 'status'> & { writer: string; leaseUntil: string }, now: string): Promise<RunClaim> {
  const header: RunHeader = { ...input, status: 'pending' };
  if (await putNew(db, { ...runKey(header.runId), ...header })) return { claimed: true, resumed: false, header };
  for (;;) {
    const existing = await findRunHeader(db, header.runId);
    if (!existing) {
      // Released (its writer's request was refused) between our two requests: claim it afresh.
      if (await putNew(db, { ...runKey(header.runId), ...header })) return { claimed: true, resumed: false, header };
      continue;
    }
    if (existing.status !== 'pending' || existing.requestHash !== input.requestHash) return { claimed: false, header: existing };
    // A run queued as a job (app/run-jobs.ts) is computed by its job, which claims it carrying the job; no request does.
    if (existing.job && !input.job) return { claimed: false, header: existing };
    if (existing.leaseUntil !== undefined && existing.leaseUntil > now) return { claimed: false, header: existing };
    const taken = await updateItem(db, {
      Key: runKey(header.runId),
      UpdateExpression: 'SET writer = :writer, leaseUntil = :until',
      ConditionExpression:
        existing.leaseUntil === undefined ? '#status = :pending AND attribute_not_exists(leaseUntil)' : '#status = :pending AND leaseUntil = :seen',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':writer': input.writer, ':until': input.leaseUntil, ':pending': 'pending', ...(existing.leaseUntil !== undefined ? { ':seen': existing.leaseUntil } : {}) },
    });
    if (taken !== false) return { claimed: true, resumed: true, header: { ...existing, writer: input.writer, leaseUntil: input.leaseUntil } };
  }
}

/**
 * A writer that will not finish: a run it wrote nothing for disappears (a refused request leaves nothing behind);
 * one with content registered is left for a retry, which may take it over at once. A run computed as a job keeps its
 * header either way: it carries the job's state (app/run-jobs.ts), which the caller asks for.
 */
export async function releaseRun(db: DynamoConnection, runId: string, writer: string): Promise<void> {
  const deleted = await deleteIf(db, runKey(runId), {
    ConditionExpression: '#status = :pending AND writer = :writer AND attribute_not_exists(contentHash) AND attribute_not_exists(job)',
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: { ':pending': 'pending', ':writer': writer },
  });
  if (deleted) return;
  await updateItem(db, {
    Key: runKey(runId),
    UpdateExpression: 'SET leaseUntil = :expired',
    ConditionExpression: '#status = :pending AND writer = :writer',
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: { ':pending': 'pending', ':writer': writer, ':expired': new Date(0).toISOString() },
  });
}

/** Registers the hash of the result about to be written; refused when the run already holds another result. */
export async function fenceRunContent(db: DynamoConnection, runId: string, contentHash: string): Promise<void> {
  const fenced = await updateItem(db, {
    Key: runKey(runId),
    UpdateExpression: 'SET contentHash = :hash',
    ConditionExpression: '#status = :pending AND (attribute_not_exists(contentHash) OR contentHash = :hash)',
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: { ':pending': 'pending', ':hash': contentHash },
  });
  if (fenced !== false) return;
  const header = await findRunHeader(db, runId);
  if (header?.status === 'complete' && header.contentHash === contentHash) return;
  throw new StateConflictError('run_content_changed', coded('run_content_changed', { runId }));
}
