import * as z from 'zod';
import { langQuery, pageOf, pageQuery } from './common';

/** The audit trail (append-only): server-side filters, pages and the XLSX export. */

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a day as YYYY-MM-DD');
/** `?action&actor&subject&from&to` of the audit trail (GET /audit and its export). */
export const auditFilterQuery = z.object({
  action: z.string().trim().max(64).optional().meta({ description: 'A prefix: "run." is every run action.' }),
  actor: z.string().trim().max(200).optional().meta({ description: 'Part of the person’s name.' }),
  subject: z.string().trim().max(300).optional().meta({ description: 'Part of the subject (a run id, <rule set>/<draft>, a dataset id…).' }),
  from: day.optional(),
  to: day.optional(),
});
export type AuditQuery = z.input<typeof auditFilterQuery>;
export const auditQuery = pageQuery.extend(auditFilterQuery.shape);
export const auditExportQuery = langQuery.extend(auditFilterQuery.shape);

export const auditEntrySchema = z.looseObject({
  eventId: z.string(),
  at: z.string(),
  action: z.string(),
  actor: z.string(),
  subject: z.string(),
  details: z.record(z.string(), z.unknown()).optional(),
});
export type AuditEntry = z.output<typeof auditEntrySchema>;
export const auditPage = pageOf(auditEntrySchema);
