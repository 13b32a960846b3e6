import type * as z from 'zod';
import type { auditFilterQuery } from '../../contract/audit';

/** The request schemas live in the API contract (contract/); these are the functions-side helpers around them. */
export { LIMITS, changeNote, envelopeSchema, idText, langQuery, pageQuery, revisionNumber, versionNumber, versionRef } from '../../contract/common';
export { auditFilterQuery } from '../../contract/audit';

export function pageOf(query: { limit?: number | undefined; cursor?: string | undefined }) {
  return { ...(query.limit !== undefined ? { limit: query.limit } : {}), ...(query.cursor !== undefined ? { cursor: query.cursor } : {}) };
}

export function auditFilterOf(query: z.output<typeof auditFilterQuery>) {
  return Object.fromEntries(Object.entries(query).filter(([key, value]) => ['action', 'actor', 'subject', 'from', 'to'].includes(key) && value)) as z.output<typeof auditFilterQuery>;
}
