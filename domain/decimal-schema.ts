import * as z from 'zod';
import { parseDecimalInput } from './decimal';

/**
 * Money, rates, factors and shares in rule sets and schedules: a decimal string in canonical form after parsing
 * (a JSON number only with at most 15 significant digits, SPEC §1). The one zod field every schema uses.
 */
export const decimalText = z.unknown().transform((value, ctx) => {
  const parsed = parseDecimalInput(value);
  if (!parsed.ok) {
    ctx.addIssue({ code: 'custom', message: parsed.message });
    return z.NEVER;
  }
  return parsed.value;
});
