import type { Caller } from '../http/types';
import type { RunAction } from '../store/run-lifecycle';
import type { DomainEvent, DomainEventType, RunDecisionRecord, RunHeader } from '../store/types';
import type { AuditAction } from './audit';
import type { AppContext } from './context';

const AUDIT_ACTION: Record<RunDecisionRecord['action'], AuditAction> = {
  approve: 'run.approve',
  return: 'run.return',
  withdraw: 'run.withdraw',
  supersede: 'run.supersede',
};
const EVENT_TYPE: Record<RunDecisionRecord['action'], DomainEventType> = {
  approve: 'run.approved',
  return: 'run.returned',
  withdraw: 'run.withdrawn',
  supersede: 'run.superseded',
};

/**
 * Approves, returns or withdraws a run for the caller. The store calls `record` once the decision is certain and
 * before the run shows it, also when it finishes a decision someone else's crash left half done; the records carry
 * that person, not the caller, and their keys make a second recording a no-op.
 */
export function decideRun(ctx: AppContext, caller: Caller, runId: string, action: RunAction, options: { comment?: string; supersedes?: string } = {}) {
  return ctx.store.decideRun({
    runId,
    action,
    by: caller.userId,
    bySub: caller.subject,
    at: ctx.now(),
    ...(options.comment !== undefined ? { comment: options.comment } : {}),
    ...(options.supersedes !== undefined ? { supersedes: options.supersedes } : {}),
    record: (records) => Promise.all(records.map((record) => recordDecision(ctx, record))),
  });
}

async function recordDecision(ctx: AppContext, record: RunDecisionRecord): Promise<void> {
  const action = AUDIT_ACTION[record.action];
  const details = decisionDetails(record);
  await ctx.store.appendAudit({ at: record.at, eventId: `${action}:${record.runId}`, action, actor: record.by, subject: record.runId, details });
  await ctx.store.appendOutbox(runEvent(record, details));
}

function decisionDetails(record: RunDecisionRecord): Record<string, unknown> {
  const { header } = record;
  return {
    ruleSetId: header.request.ruleSetId,
    version: header.request.version,
    fiscalYear: header.request.fiscalYear,
    ...(header.summary ? { totalAllocation: header.summary.totalAllocation } : {}),
    ...(record.comment !== undefined ? { comment: record.comment } : {}),
    ...(record.otherRunId !== undefined ? { [record.action === 'supersede' ? 'supersededBy' : 'supersedes']: record.otherRunId } : {}),
  };
}

function runEvent(record: RunDecisionRecord, data: Record<string, unknown>): DomainEvent {
  const type = EVENT_TYPE[record.action];
  return { eventId: `${type}:${record.runId}`, type, at: record.at, actor: record.by, subject: record.runId, data: { runId: record.runId, createdBy: record.header.createdBy, ...data } };
}

/** A run header as it may leave the API: subjects and claim ids stay inside. */
export function publicDecisions(header: RunHeader) {
  const strip = <T extends { bySub?: string }>(decision: T | undefined) => {
    if (!decision) return undefined;
    const { bySub: _sub, ...rest } = decision;
    return rest;
  };
  const pending = header.pending ? { action: header.pending.action, by: header.pending.by, at: header.pending.at } : undefined;
  return {
    ...(header.approval ? { approval: strip(header.approval) } : {}),
    ...(header.returned ? { returned: strip(header.returned) } : {}),
    ...(header.withdrawn ? { withdrawn: strip(header.withdrawn) } : {}),
    ...(header.supersededBy ? { supersededBy: header.supersededBy } : {}),
    ...(pending ? { pending } : {}),
  };
}
