import type { Coded } from '../../domain/problems';
import type { RunHeader } from './types';

/**
 * The life of an allocation run after it is computed, and who may move it. One approved run per (rule set, fiscal
 * year) is *current*: the one a pointer item names (see run-decisions.ts). Every move is a claim on the run header
 * (`pending`), then its record (audit, outbox), then the settled state, so a move interrupted half way is finished
 * by whoever touches the run next.
 *
 * | action    | from        | to         | who                                                                      | needs                          |
 * |-----------|-------------|------------|--------------------------------------------------------------------------|--------------------------------|
 * | approve   | review      | approved   | finance or admin, not the run's creator (token `sub`)                    | comment; when a run is current for the rule set and year: `supersedes` = that run and a reason |
 * | return    | review      | returned   | finance or admin, not the run's creator                                  | reason                         |
 * | withdraw  | review      | withdrawn  | the run's creator only                                                   | (reason optional)              |
 * | supersede | approved    | superseded | nobody directly: approving another run of the same rule set and year     | the approver's reason          |
 *
 * returned, withdrawn and superseded are final: a returned run is corrected by computing a new run.
 */
export type RunState = 'review' | 'approved' | 'superseded' | 'returned' | 'withdrawn';
export type RunAction = 'approve' | 'return' | 'withdraw';

export interface RunTransition {
  action: RunAction | 'supersede';
  from: RunState;
  to: RunState;
  /** Who may make the move, as the roles of the route plus the identity rule checked by the store. */
  roles: ('finance' | 'admin')[];
  identity: 'not_creator' | 'creator' | 'implicit';
}

export const RUN_TRANSITIONS: readonly RunTransition[] = [
  { action: 'approve', from: 'review', to: 'approved', roles: ['finance', 'admin'], identity: 'not_creator' },
  { action: 'return', from: 'review', to: 'returned', roles: ['finance', 'admin'], identity: 'not_creator' },
  { action: 'withdraw', from: 'review', to: 'withdrawn', roles: ['finance', 'admin'], identity: 'creator' },
  { action: 'supersede', from: 'approved', to: 'superseded', roles: ['finance', 'admin'], identity: 'implicit' },
];

export const TARGET_STATE: Record<RunAction, RunState> = { approve: 'approved', return: 'returned', withdraw: 'withdrawn' };

/** A decision on a run, as recorded on its header. */
export interface RunDecision {
  by: string;
  bySub: string;
  at: string;
  comment?: string;
}

/** A move claimed but not yet settled; `claimId` fences the claimant's own later writes. */
export interface PendingDecision extends RunDecision {
  action: RunAction;
  claimId: string;
  /** approve only: the current run this approval replaces. */
  supersedes?: string;
}

export interface Supersession {
  runId: string;
  at: string;
  by: string;
  comment?: string;
}

/** The state the header records (runs approved before the lifecycle existed have only `approvedBy`). */
export function recordedState(header: Pick<RunHeader, 'lifecycle' | 'approvedBy'>): RunState {
  return header.lifecycle ?? (header.approvedBy !== undefined ? 'approved' : 'review');
}

/**
 * The state everybody sees. The pointer decides which approved run counts: an approval whose pointer move happened
 * is approved even before its header says so, and an approved run the pointer has moved past is superseded.
 * `currentRunId` is the pointer of the run's (rule set, fiscal year), or undefined when there is none.
 */
export function effectiveState(header: Pick<RunHeader, 'runId' | 'lifecycle' | 'approvedBy' | 'pending'>, currentRunId: string | undefined): RunState {
  if (currentRunId === header.runId) return 'approved';
  const recorded = recordedState(header);
  if (recorded === 'approved') return currentRunId === undefined ? 'approved' : 'superseded';
  return recorded;
}

/** Only the current run and the runs it replaced reach schools. */
export function visibleToSchools(state: RunState): boolean {
  return state === 'approved' || state === 'superseded';
}

/**
 * Why `action` may not happen to a run in its settled state, by this person; undefined when it may. The store
 * asks this after its conditional claim was refused, so the answer names the condition that failed.
 */
export function refusalOf(action: RunAction, header: RunHeader, actor: { bySub: string; by: string }, state: RunState = recordedState(header)): { apiCode: string; message: Coded } | undefined {
  const runId = header.runId;
  if (state !== 'review') {
    const decision = state === 'approved' ? (header.approval ?? legacyApproval(header)) : state === 'returned' ? header.returned : state === 'withdrawn' ? header.withdrawn : undefined;
    if (state === 'superseded') {
      return { apiCode: 'run_superseded', message: { code: 'run_superseded', params: { runId, by: header.supersededBy?.runId ?? '' } } };
    }
    const code = state === 'approved' ? 'already_approved' : state === 'returned' ? 'run_returned' : 'run_withdrawn';
    return { apiCode: code, message: { code: `run_refused_${state}`, params: { runId, by: decision?.by ?? '', at: decision?.at ?? '' } } };
  }
  const isCreator = createdBy(header, actor);
  if (action === 'withdraw' && !isCreator) return { apiCode: 'not_run_creator', message: { code: 'not_run_creator', params: { runId, creator: header.createdBy } } };
  if (action !== 'withdraw' && isCreator) {
    return { apiCode: 'same_person', message: { code: action === 'approve' ? 'run_same_person_approve' : 'run_same_person_return', params: { runId } } };
  }
  return undefined;
}

/** The creator test compares subjects; a run written before subjects were kept compares the user name. */
export function createdBy(header: Pick<RunHeader, 'createdBy' | 'createdBySub'>, actor: { bySub: string; by: string }): boolean {
  return header.createdBySub !== undefined ? header.createdBySub === actor.bySub : header.createdBy === actor.by;
}

function legacyApproval(header: RunHeader): RunDecision | undefined {
  return header.approvedBy ? { by: header.approvedBy, bySub: '', at: header.approvedAt ?? '' } : undefined;
}
