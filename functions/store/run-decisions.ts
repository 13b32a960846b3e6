import { coded } from '../../domain/problems';
import { randomUUID } from 'node:crypto';
import type { Coded } from '../../domain/problems';
import type { DynamoConnection } from './client';
import { NotFoundError, StateConflictError } from './errors';
import { currentRunKey, runKey } from './keys';
import { batchGet, getItem, updateItem, type Item } from './ops';
import { refusalOf, recordedState, TARGET_STATE, type PendingDecision } from './run-lifecycle';
import { decisionError } from './run-refusals';
import { findRunHeader } from './runs';
import type { CurrentRun, RunDecisionInput, RunDecisionRecord, RunHeader } from './types';

/**
 * Deciding on a run without transactions. Items: the run header, and one pointer per (rule set, fiscal year) naming
 * the current run. The order of single-item conditional writes:
 *
 *   1. claim   run header: `pending` set, only in review, only by a permitted person (creator rule by `sub`);
 *   2. move    (approve) pointer: from the run it supersedes (or from nothing) to this run — the one write that
 *              decides; a pointer only ever moves forward, so a run that lost this race can never win it later;
 *   3. record  the caller's audit trail and outbox, idempotently (deterministic keys);
 *   4. retire  (approve) the superseded run's header: approved → superseded;
 *   5. settle  run header: the new state, `pending` removed (conditioned on this claim's id), last, so that until
 *              it is written the claim is still there to be finished.
 *
 * A claim whose step 2 fails is released (the pointer has moved past what it meant to replace). A claim left by a
 * crash is finished (steps 2–5) or released by whoever touches the run next, so nothing stays half-decided, and
 * readers never wait for it: the pointer alone says which run counts (run-lifecycle.ts effectiveState).
 */
export async function decideRun(db: DynamoConnection, input: RunDecisionInput): Promise<{ header: RunHeader; superseded?: RunHeader }> {
  const actor = { by: input.by, bySub: input.bySub };
  for (let attempt = 0; attempt < 5; attempt++) {
    let header = await completeHeader(db, input.runId);
    if (header.pending) {
      await settlePending(db, header, input.record);
      header = await completeHeader(db, input.runId);
    }
    const state = recordedState(header);
    // The same person asking again for what they already decided (a retry after a lost answer) gets it again.
    if (state === TARGET_STATE[input.action] && decisionOf(header, input.action)?.bySub === input.bySub) return { header };
    const refusal = refusalOf(input.action, header, actor, state);
    if (refusal) throw decisionError(refusal);
    // The pointer already names this run: its approval is settling right now; read the run again.
    if (input.action === 'approve' && (await assertSupersedes(db, header, input.supersedes)) === 'mine') continue;

    const pending: PendingDecision = {
      action: input.action,
      by: input.by,
      bySub: input.bySub,
      at: input.at,
      claimId: randomUUID(),
      ...(input.comment !== undefined ? { comment: input.comment } : {}),
      ...(input.supersedes !== undefined ? { supersedes: input.supersedes } : {}),
    };
    const claimed = await updateItem(db, {
      Key: runKey(input.runId),
      UpdateExpression: 'SET pending = :pending',
      ConditionExpression:
        '#status = :complete AND attribute_not_exists(pending) AND attribute_not_exists(approvedBy) AND (attribute_not_exists(lifecycle) OR lifecycle = :review) AND ' +
        (input.action === 'withdraw' ? CREATOR : NOT_CREATOR),
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':pending': pending, ':complete': 'complete', ':review': 'review', ':sub': input.bySub, ':by': input.by },
    });
    // Refused: the run changed since it was read; read it again and say why (or finish what someone left).
    if (claimed === false) continue;
    const outcome = await settlePending(db, asHeader(claimed), input.record);
    if (outcome.released) {
      throw decisionError(supersedeRefusal(input.runId, input.supersedes, outcome.currentRunId));
    }
    const decided = await completeHeader(db, input.runId);
    const superseded = input.supersedes ? await findRunHeader(db, input.supersedes) : undefined;
    return { header: decided, ...(superseded ? { superseded } : {}) };
  }
  throw new StateConflictError('run_busy', coded('run_busy', { runId: input.runId }));
}

/** The run's creator, by subject; runs kept before subjects were recorded compare the user name. */
const CREATOR = '((attribute_exists(createdBySub) AND createdBySub = :sub) OR (attribute_not_exists(createdBySub) AND createdBy = :by))';
const NOT_CREATOR = '((attribute_exists(createdBySub) AND createdBySub <> :sub) OR (attribute_not_exists(createdBySub) AND createdBy <> :by))';

/** The pointer of a (rule set, fiscal year), or undefined when no run of it was ever approved. */
export async function getCurrentRun(db: DynamoConnection, ruleSetId: string, fiscalYear: number): Promise<CurrentRun | undefined> {
  const item = await getItem(db, currentRunKey(ruleSetId, fiscalYear));
  return item ? toPointer(item) : undefined;
}

/** The pointers of many runs' series at once, keyed `<ruleSetId>#<fiscalYear>`. */
export async function getCurrentRuns(db: DynamoConnection, series: { ruleSetId: string; fiscalYear: number }[]): Promise<Map<string, CurrentRun>> {
  const unique = new Map(series.map((s) => [seriesKey(s.ruleSetId, s.fiscalYear), s]));
  const items = unique.size ? await batchGet(db, [...unique.values()].map((s) => currentRunKey(s.ruleSetId, s.fiscalYear))) : [];
  return new Map(items.map((item) => { const p = toPointer(item); return [seriesKey(p.ruleSetId, p.fiscalYear), p]; }));
}

export const seriesKey = (ruleSetId: string, fiscalYear: number) => `${ruleSetId}#${fiscalYear}`;

/**
 * Finishes or releases a claimed decision (anyone may call it; every step is idempotent). An approval whose pointer
 * move is impossible (the pointer has moved past the run it meant to replace) is released.
 */
async function settlePending(db: DynamoConnection, header: RunHeader, record: RunDecisionInput['record']): Promise<{ released: false } | { released: true; currentRunId?: string }> {
  const pending = header.pending!;
  let replaced: RunHeader | undefined;
  if (pending.action === 'approve') {
    const moved = await moveCurrent(db, header, pending, record);
    if (!moved.ok) {
      await updateItem(db, {
        Key: runKey(header.runId),
        UpdateExpression: 'REMOVE pending',
        ConditionExpression: 'pending.claimId = :claim',
        ExpressionAttributeValues: { ':claim': pending.claimId },
      });
      return { released: true, ...(moved.currentRunId ? { currentRunId: moved.currentRunId } : {}) };
    }
    replaced = moved.replaced;
  }
  const records: RunDecisionRecord[] = [
    { action: pending.action, runId: header.runId, header, by: pending.by, at: pending.at, ...(pending.comment !== undefined ? { comment: pending.comment } : {}), ...(pending.supersedes ? { otherRunId: pending.supersedes } : {}) },
  ];
  if (replaced) records.push({ action: 'supersede', runId: replaced.runId, header: replaced, by: pending.by, at: pending.at, otherRunId: header.runId, ...(pending.comment !== undefined ? { comment: pending.comment } : {}) });
  await record?.(records);

  // The replaced run is retired before this claim is settled: a crash in between leaves the claim to be finished.
  if (replaced) {
    await updateItem(db, {
      Key: runKey(replaced.runId),
      UpdateExpression: 'SET lifecycle = :superseded, supersededBy = :by',
      ConditionExpression: 'attribute_not_exists(lifecycle) OR lifecycle = :approved',
      ExpressionAttributeValues: {
        ':superseded': 'superseded',
        ':approved': 'approved',
        ':by': { runId: header.runId, at: pending.at, by: pending.by, ...(pending.comment !== undefined ? { comment: pending.comment } : {}) },
      },
    });
  }
  const decision = { by: pending.by, bySub: pending.bySub, at: pending.at, ...(pending.comment !== undefined ? { comment: pending.comment } : {}) };
  const field = pending.action === 'approve' ? 'approval' : pending.action === 'return' ? 'returned' : 'withdrawn';
  const approvedFields = pending.action === 'approve' ? ', approvedBy = :by, approvedBySub = :sub, approvedAt = :at' : '';
  await updateItem(db, {
    Key: runKey(header.runId),
    UpdateExpression: `SET lifecycle = :state, ${field} = :decision${approvedFields} REMOVE pending`,
    ConditionExpression: 'pending.claimId = :claim',
    ExpressionAttributeValues: {
      ':state': TARGET_STATE[pending.action],
      ':decision': pending.supersedes ? { ...decision, supersedes: pending.supersedes } : decision,
      ':claim': pending.claimId,
      ...(approvedFields ? { ':by': pending.by, ':sub': pending.bySub, ':at': pending.at } : {}),
    },
  });
  return { released: false };
}

/**
 * Step 2: the pointer from the run this approval replaces to this run. Before moving past a run, that run's own
 * approval is finished if a crash left it claimed (the pointer already names it), so no current run is ever
 * skipped without being recorded as approved.
 */
async function moveCurrent(
  db: DynamoConnection,
  header: RunHeader,
  pending: PendingDecision,
  record: RunDecisionInput['record'],
): Promise<{ ok: true; replaced?: RunHeader } | { ok: false; currentRunId?: string }> {
  const { ruleSetId, fiscalYear } = header.request;
  const current = await getCurrentRun(db, ruleSetId, fiscalYear);
  if (current?.runId === header.runId) return { ok: true, ...(pending.supersedes ? { replaced: await replacedRun(db, pending.supersedes) } : {}) };
  if ((current?.runId ?? undefined) !== pending.supersedes) return { ok: false, ...(current ? { currentRunId: current.runId } : {}) };
  let replaced: RunHeader | undefined;
  if (pending.supersedes) {
    replaced = await replacedRun(db, pending.supersedes);
    if (replaced.pending) {
      await settlePending(db, replaced, record);
      replaced = await replacedRun(db, pending.supersedes);
    }
  }
  const moved = await updateItem(db, {
    Key: currentRunKey(ruleSetId, fiscalYear),
    UpdateExpression: `SET runId = :run, since = :at, ruleSetId = :rs, fiscalYear = :fy${pending.supersedes ? ', previousRunId = :previous' : ''}`,
    ConditionExpression: pending.supersedes ? 'runId = :previous OR runId = :run' : 'attribute_not_exists(PK) OR runId = :run',
    ExpressionAttributeValues: {
      ':run': header.runId,
      ':at': pending.at,
      ':rs': ruleSetId,
      ':fy': fiscalYear,
      ...(pending.supersedes ? { ':previous': pending.supersedes } : {}),
    },
  });
  if (moved !== false) return { ok: true, ...(replaced ? { replaced } : {}) };
  const now = await getCurrentRun(db, ruleSetId, fiscalYear);
  if (now?.runId === header.runId) return { ok: true, ...(replaced ? { replaced } : {}) };
  return { ok: false, ...(now ? { currentRunId: now.runId } : {}) };
}

async function replacedRun(db: DynamoConnection, runId: string): Promise<RunHeader> {
  const found = await findRunHeader(db, runId);
  if (!found) throw new NotFoundError(coded('run_not_found', { runId }));
  return found;
}

/** Refuses early (no claim written) when the approval does not name the current run; the claim re-checks it. */
async function assertSupersedes(db: DynamoConnection, header: RunHeader, supersedes: string | undefined): Promise<'ok' | 'mine'> {
  const current = await getCurrentRun(db, header.request.ruleSetId, header.request.fiscalYear);
  if (current?.runId === header.runId) return 'mine';
  if ((current?.runId ?? undefined) !== supersedes) throw decisionError(supersedeRefusal(header.runId, supersedes, current?.runId));
  return 'ok';
}

function supersedeRefusal(runId: string, named: string | undefined, currentRunId: string | undefined): { apiCode: string; message: Coded } {
  if (currentRunId === undefined) return { apiCode: 'supersede_mismatch', message: { code: 'run_supersedes_nothing', params: { runId, named: named ?? '' } } };
  if (named === undefined) return { apiCode: 'supersede_required', message: { code: 'supersede_required', params: { runId, current: currentRunId } } };
  return { apiCode: 'supersede_mismatch', message: { code: 'supersede_mismatch', params: { runId, named, current: currentRunId } } };
}

function decisionOf(header: RunHeader, action: RunDecisionInput['action']) {
  if (action === 'approve') return header.approval ?? (header.approvedBy ? { by: header.approvedBy, bySub: header.approvedBySub ?? '' } : undefined);
  return action === 'return' ? header.returned : header.withdrawn;
}

async function completeHeader(db: DynamoConnection, runId: string): Promise<RunHeader> {
  const header = await findRunHeader(db, runId);
  if (!header || header.status !== 'complete') throw new NotFoundError(coded('run_not_found', { runId }));
  return header;
}

function asHeader(item: Item): RunHeader {
  const { PK: _pk, SK: _sk, GSI1PK: _g1, GSI1SK: _g2, ...header } = item;
  return header as unknown as RunHeader;
}

function toPointer(item: Item): CurrentRun {
  return {
    ruleSetId: item.ruleSetId as string,
    fiscalYear: item.fiscalYear as number,
    runId: item.runId as string,
    since: item.since as string,
    ...(item.previousRunId !== undefined ? { previousRunId: item.previousRunId as string } : {}),
  };
}
