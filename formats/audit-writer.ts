import { render } from '../messages';
import type { Lang } from './columns';
import { toXlsx } from './tables';

/** The parts of an audit event a workbook shows (functions/store/types.ts AuditEvent). */
export interface AuditRow {
  at: string;
  action: string;
  actor: string;
  subject: string;
  details?: Record<string, unknown>;
}

/** The action's name in the catalogue (audit_action_run_approve…), or the code itself when it has none. */
export function auditActionLabel(action: string, lang: Lang): string {
  const code = `audit_action_${action.replace(/\./g, '_')}`;
  const text = render({ code }, lang);
  return text === code ? action : text;
}

/** One row per event: time, action (named), action code, person, subject, details as JSON text. */
export function auditToXlsx(events: readonly AuditRow[], lang: Lang = 'zh', truncated = false): Promise<Uint8Array> {
  const label = (code: string) => render({ code }, lang);
  const rows: unknown[][] = events.map((e) => [e.at, auditActionLabel(e.action, lang), e.action, e.actor, e.subject, e.details ? JSON.stringify(e.details) : null]);
  if (truncated) rows.push([label('audit_export_truncated'), null, null, null, null, null]);
  return toXlsx([
    {
      name: label('audit_title'),
      columns: [
        { header: label('audit_time'), width: 26 },
        { header: label('audit_action'), width: 16 },
        { header: label('audit_action_code'), width: 18 },
        { header: label('audit_actor'), width: 16 },
        { header: label('audit_subject'), width: 40 },
        { header: label('audit_details'), width: 80 },
      ],
      rows,
    },
  ]);
}
