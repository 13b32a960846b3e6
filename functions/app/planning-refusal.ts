import { coded, type Problem } from '../../domain/problems';
import { unprocessable, type HttpError } from '../http/errors';
import { MAX_DETAILS } from './problems';

/** The error code of each refusal and the catalogue text said above its problems. */
const TEXTS = {
  solve_refused: 'solve_refused',
  plan_refused: 'plan_refused',
  invalid_rule_set: 'solve_rules_invalid',
} as const;

/**
 * 422 for a planning request whose body names or computes something unusable, with every problem at its path (the
 * first MAX_DETAILS of them, the count saying how many: a plan over a dataset full of bad rows must stay well under
 * 6 MB).
 */
export function planningRefusal(code: keyof typeof TEXTS, problems: Problem[]): HttpError {
  return unprocessable(code, coded(TEXTS[code]), problems.slice(0, MAX_DETAILS), problems.length);
}
