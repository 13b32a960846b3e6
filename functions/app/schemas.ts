import * as z from 'zod';

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
  limit: z.coerce.number().int().min(1).max(500).optional(),
  cursor: z.string().min(1).max(LIMITS.cursor).optional(),
});

const BUDGET_TEXT = new RegExp(`^\\d{1,${LIMITS.budgetDigits}}(\\.\\d{1,${LIMITS.budgetDigits}})?$`);
const budgetMessage = `a budget is a decimal number of yuan ≥ 0 with at most ${LIMITS.budgetDigits} digits before the decimal point, e.g. "90000000" or "90000000.00"`;
/** A budget in yuan: a decimal string (or a JSON number the body scan let through) of at most 20 whole digits. */
const budget = z.union([
  z.string().trim().max(2 * LIMITS.budgetDigits + 1, budgetMessage).regex(BUDGET_TEXT, budgetMessage),
  z.number().nonnegative(budgetMessage).lt(10 ** LIMITS.budgetDigits, budgetMessage).transform((value) => String(value)),
], { message: budgetMessage });
export const envelopeSchema = z.strictObject({
  policy: z.enum(['none', 'cap', 'exact']),
  budget: budget.optional(),
});

export const versionNumber = z.number().int().min(1).max(LIMITS.version);
export const versionRef = z.union([z.literal('latest'), z.coerce.number().int().min(1).max(LIMITS.version)]);
export const revisionNumber = z.number().int().min(1).max(LIMITS.revision);
export const changeNote = z.string().max(LIMITS.changeNote);

export const langQuery = z.object({ lang: z.enum(['zh', 'en']).default('zh') });

/** A user-chosen id: safe in keys, URLs and file names. */
export const idText = z.string().trim().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/, 'use letters, digits, ".", "_" or "-" (at most 100)');

export function pageOf(query: { limit?: number | undefined; cursor?: string | undefined }) {
  return { ...(query.limit !== undefined ? { limit: query.limit } : {}), ...(query.cursor !== undefined ? { cursor: query.cursor } : {}) };
}

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a day as YYYY-MM-DD');
/** `?action&actor&subject&from&to` of the audit trail (GET /audit and its export). */
export const auditFilterQuery = z.object({
  action: z.string().trim().max(64).optional(),
  actor: z.string().trim().max(200).optional(),
  subject: z.string().trim().max(300).optional(),
  from: day.optional(),
  to: day.optional(),
});

export function auditFilterOf(query: z.output<typeof auditFilterQuery>) {
  return Object.fromEntries(Object.entries(query).filter(([key, value]) => ['action', 'actor', 'subject', 'from', 'to'].includes(key) && value)) as z.output<typeof auditFilterQuery>;
}
