import type { Coded } from '../../domain/problems';
import { SamePersonError, StateConflictError } from './errors';

/** A refused run decision as a store error: the public code the API answers with (409) and the reason as a catalogue code. */
export function decisionError(refusal: { apiCode: string; message: Coded }): StateConflictError | SamePersonError {
  return refusal.apiCode === 'same_person' ? new SamePersonError(refusal.message) : new StateConflictError(refusal.apiCode, refusal.message);
}
