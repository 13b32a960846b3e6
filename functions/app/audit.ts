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
  | 'run.approve';

/** Appends to the trail after the change itself succeeded (the change is the source of truth; the trail records it). */
export function audit(ctx: AppContext, caller: Caller, action: AuditAction, subject: string, details?: Record<string, unknown>) {
  return ctx.store.appendAudit({ at: ctx.now(), action, actor: caller.userId, subject, ...(details ? { details: { role: caller.role, ...details } } : { details: { role: caller.role } }) });
}
