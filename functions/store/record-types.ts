/** What the store records beside rule sets, datasets and runs: the audit trail, domain events and kept simulations. */

export interface AuditEvent {
  at: string;
  eventId: string;
  action: string;
  actor: string;
  subject: string;
  details?: Record<string, unknown>;
}

/** Server-side filters of the audit trail (all optional, combined with AND). */
export interface AuditFilter {
  /** A prefix: "run." is every run action, "run.approve" that one. */
  action?: string;
  /** Part of the person's name. */
  actor?: string;
  /** Part of the subject (a run id, `<rule set>/<draft>`, a dataset id…). */
  subject?: string;
  /** Days (YYYY-MM-DD), inclusive, in the time zone of the stored times (UTC). */
  from?: string;
  to?: string;
}

export type DomainEventType = 'run.approved' | 'run.superseded' | 'run.returned' | 'run.withdrawn' | 'ruleset.published';

/**
 * A state change others may want to hear about (notifications, integrations). `eventId` is derived from the change
 * (`<type>:<subject>`), so recording it again is a no-op.
 */
export interface DomainEvent {
  eventId: string;
  type: DomainEventType;
  at: string;
  actor: string;
  subject: string;
  data: Record<string, unknown>;
}

/**
 * A simulation's results kept for paging (issue 14): what the answer showed (`overview`) and one row per school, read
 * only by whoever made it (`ownerSub`) or an administrator, until `expiresAt`.
 */
export interface StoredSimulation {
  simulationId: string;
  ownerSub: string;
  createdBy: string;
  createdAt: string;
  expiresAt: string;
  overview: unknown;
  rows: unknown[];
}
