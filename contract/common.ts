import * as z from 'zod';
import type { Coded, MessageParams } from '../domain/problems';

/**
 * What every part of the API contract shares: the bounds on free-form values, ids, versions, pages, envelopes and
 * the error body. The handlers validate with these schemas and the OpenAPI document (functions/openapi.ts) is made
 * from them; the console takes only their types (`import type`), so zod never reaches its bundle.
 */

/**
 * Every free-form value a request carries has a bound, so nothing a caller sends can make an item too large to
 * store (a 500) or bloat every listing it appears in.
 */
export const LIMITS = {
  /** Whole digits of a budget in yuan: 10^20 yuan is far above any budget. */
  budgetDigits: 20,
  /** A cursor this API hands out is a base64url key of at most a few hundred characters. */
  cursor: 2048,
  /** Published versions and draft revisions are counted from 1; the keys pad versions to six digits. */
  version: 999_999,
  revision: 1_000_000_000,
  /** Idempotency keys (header or body). */
  clientKey: 200,
  name: 200,
  fileName: 255,
  changeNote: 2000,
} as const;

/** `?limit&cursor` on every list endpoint. */
export const pageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).optional().meta({ description: 'Items per page (default depends on the list).' }),
  cursor: z.string().min(1).max(LIMITS.cursor).optional().meta({ description: 'The `cursor` of the previous page, as returned.' }),
});

/** A page of a list: `cursor` is there when more items follow. */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.looseObject({ items: z.array(item), cursor: z.string().optional().meta({ description: 'Pass as `?cursor=` for the next page; absent on the last page.' }) });
}

const BUDGET_TEXT = new RegExp(`^\\d{1,${LIMITS.budgetDigits}}(\\.\\d{1,${LIMITS.budgetDigits}})?$`);
const budgetMessage = `a budget is a decimal number of yuan ≥ 0 with at most ${LIMITS.budgetDigits} digits before the decimal point, e.g. "90000000" or "90000000.00"`;
/** A budget in yuan: a decimal string (or a JSON number the body scan let through) of at most 20 whole digits. */
const budget = z.union(
  [
    z.string().trim().max(2 * LIMITS.budgetDigits + 1, budgetMessage).regex(BUDGET_TEXT, budgetMessage),
    z.number().nonnegative(budgetMessage).lt(10 ** LIMITS.budgetDigits, budgetMessage).transform((value) => String(value)),
  ],
  { message: budgetMessage },
);
/** SPEC §3's envelope: `none` pays entitlements, `cap` scales down to the budget, `exact` scales to it. */
export const envelopeSchema = z
  .strictObject({
    policy: z.enum(['none', 'cap', 'exact']),
    budget: budget.optional().meta({ description: 'Yuan, as a decimal string; required for cap and exact.' }),
  })
  .meta({ description: 'SPEC §3: the budget constraint (预算约束).' });

export const versionNumber = z.number().int().min(1).max(LIMITS.version);
export const versionRef = z.union([z.literal('latest'), z.coerce.number().int().min(1).max(LIMITS.version)]);
export const revisionNumber = z.number().int().min(1).max(LIMITS.revision);
export const changeNote = z.string().max(LIMITS.changeNote);

export const langQuery = z.object({ lang: z.enum(['zh', 'en']).default('zh').meta({ description: 'Language of texts in the answer (default zh).' }) });

/** A user-chosen id: safe in keys, URLs and file names. */
export const idText = z.string().trim().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/, 'use letters, digits, ".", "_" or "-" (at most 100)');

/** A catalogue code with its parameters (messages/): what the domain says, in no language. */
export const codedSchema = z.custom<Coded>().meta({ type: 'object', description: 'A message as a catalogue code (`code`) with its parameters (`params`).', properties: { code: { type: 'string' }, params: { type: 'object' } }, required: ['code'] });
export type MessageParamsOut = MessageParams;

/** A problem at a JSON path, with its code and parameters and the text rendered in the request's language. */
export const problemSchema = z.looseObject({
  path: z.string(),
  code: z.string().optional(),
  params: z.custom<MessageParams>().optional().meta({ type: 'object' }),
  message: z.string(),
});
export type ProblemView = z.output<typeof problemSchema>;

/** Every refusal: `{ error: { code, message, messageCode?, params?, details } }`, never a stack. */
export const errorSchema = z.object({
  error: z.looseObject({
    code: z.string().meta({ description: 'Stable API code: invalid_request, stale_revision, same_person, run_not_found …' }),
    message: z.string().meta({ description: 'In the language of Accept-Language (zh by default).' }),
    messageCode: z.string().optional().meta({ description: 'The catalogue code `message` was rendered from.' }),
    params: z.custom<MessageParams>().optional().meta({ type: 'object' }),
    details: z.array(problemSchema).optional(),
  }),
});
