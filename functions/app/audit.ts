import type { Caller } from '../http/types';
import type { AppContext } from './context';

export type AuditAction =
  | 'draft.create'
  | 'draft.edit'
  | 'draft.submit'
  | 'ruleset.publish'
  | 'dataset.create'
  | 'dataset.part'
  | 'dataset.seal'
  | 'run.create'
  | 'run.approve'
  | 'run.return'
  | 'run.withdraw'
  | 'run.supersede';

/** Appends to the trail after the change itself succeeded (the change is the source of truth; the trail records it). */
export function audit(ctx: AppContext, caller: Caller, action: AuditAction, subject: string, details?: Record<string, unknown>) {
  return ctx.store.appendAudit({ at: ctx.now(), action, actor: caller.userId, subject, details: { role: caller.role, ...details } });
}

/**
 * Records a change that happens once (an approval, a publication) under a key derived from it, at the time the
 * change itself carries. The person's retry after a failure between the change and its record writes the record
 * then, and never twice.
 */
export function auditOnce(ctx: AppContext, caller: Caller, action: AuditAction, subject: string, at: string, details?: Record<string, unknown>) {
  return ctx.store.appendAudit({ at, eventId: `${action}:${subject}`, action, actor: caller.userId, subject, details: { role: caller.role, ...details } });
}
