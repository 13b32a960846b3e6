import * as z from 'zod';
import { parseDecimalInput } from './decimal';
import { issueParams } from './problems';

/** Money, rates and factors in a JSON document: decimal strings (or short numbers), canonical text after parsing (SPEC §1). */
export const decimalText = z.unknown().transform((value, ctx) => {
  const parsed = parseDecimalInput(value);
  if (!parsed.ok) {
    ctx.addIssue({ code: 'custom', ...issueParams(parsed.code, parsed.params) });
    return z.NEVER;
  }
  return parsed.value;
});
