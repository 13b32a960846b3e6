import * as z from 'zod';

/** `?limit&cursor` on every list endpoint. */
export const pageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).optional(),
  cursor: z.string().min(1).optional(),
});

const budget = z.union([z.string(), z.number()]).transform((value) => String(value));
export const envelopeSchema = z.strictObject({
  policy: z.enum(['none', 'cap', 'exact']),
  budget: budget.optional(),
});

export const versionRef = z.union([z.literal('latest'), z.coerce.number().int().min(1)]);

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
