import type { Coded } from '../../domain/problems';
import { render } from '../../messages';
import { SamePersonError, StateConflictError } from './errors';

/**
 * A refused run decision as a store error: the public code the API answers with (409), and the coded message in
 * Chinese (the reference language; `coded` keeps the code and parameters for rendering in another).
 */
export function decisionError(refusal: { apiCode: string; message: Coded }): StateConflictError | SamePersonError {
  const text = render(refusal.message, 'zh');
  const error = refusal.apiCode === 'same_person' ? new SamePersonError(text) : new StateConflictError(refusal.apiCode, text);
  return Object.assign(error, { coded: refusal.message });
}
