import { paymentSchedule } from '../../domain/instalments';
import { expandSchool } from '../../domain/result-form';
import { resultCsvPieces, resultToXlsx, type ResultSource } from '../../formats/result-writer';
import type { RunRecord } from '../../formats/run-sheets';
import type { AuditEvent, RunHeader } from '../store/types';
import { visibleRun } from '../app/access';
import { auditFilterOf } from '../app/schemas';
import { auditExportQuery } from '../../contract/audit';
import { exportQuery } from '../../contract/runs';
import { auditToXlsx } from '../../formats/audit-writer';
import { attributionExportActions } from './attribution-export';
import { action, groupHandler, type Actions, type GroupOptions } from '../http/group';
import { file } from '../http/respond';
import { deliverable } from '../http/response-limit';
import { planExportActions } from './planning-actions';

/** An export of the trail stops here (and says so in its last row): a filter narrows a larger one. */
const AUDIT_EXPORT_MAX = 20_000;

export const exportActions: Actions = {
  ...planExportActions,
  ...attributionExportActions,
  /** The audit trail as XLSX, with the same filters as GET /audit; newest first. */
  'GET /audit/export': action({
    query: auditExportQuery,
    run: async ({ ctx, query }) => {
      const filter = auditFilterOf(query);
      const events: AuditEvent[] = [];
      let cursor: string | undefined;
      do {
        const page = await ctx.store.listAudit({ limit: 500, ...(cursor ? { cursor } : {}) }, filter);
        events.push(...page.items);
        cursor = page.cursor;
      } while (cursor && events.length < AUDIT_EXPORT_MAX);
      const bytes = await auditToXlsx(events.slice(0, AUDIT_EXPORT_MAX), query.lang, cursor !== undefined);
      return deliverable(file(bytes, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', `skillfund-audit-${ctx.now().slice(0, 10)}.xlsx`), 'response_too_large_audit_export');
    },
  }),

  /** CSV (text) or XLSX (base64, isBase64Encoded) of the whole run. */
  'GET /runs/{id}/export': action({
    query: exportQuery,
    run: async ({ ctx, caller, params, query }) => {
      const header = await visibleRun(ctx, caller, params.id!);
      const [stored, excluded] = await Promise.all([ctx.store.readRunSchools(header.runId), ctx.store.readRunExcluded(header.runId)]);
      // The store keeps the compact form; each school is written out in full only as the export reaches it.
      const result: ResultSource = {
        summary: header.summary!,
        excluded,
        *schools() {
          for (const school of stored.schools) yield expandSchool(school, stored.standards);
        },
      };
      const run = runRecordOf(header, header.standing.lifecycle);
      const schedule = header.summary!.instalments ? paymentSchedule(stored.schools, header.summary!.rounding.scale, header.summary!.instalments) : undefined;
      const base = `skillfund-${header.runId}`;
      const exported =
        query.format === 'xlsx'
          ? file(await resultToXlsx(result, query.lang, { run, ...(schedule ? { schedule } : {}) }), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', `${base}.xlsx`)
          : file([...resultCsvPieces(result, query.lang, run)].join(''), 'text/csv; charset=utf-8', `${base}.csv`);
      return deliverable(exported, 'response_too_large_export', process.env, undefined, { format: query.format.toUpperCase(), runId: header.runId });
    },
  }),
};

/** The run's record as exports print it: who made, approved, returned, withdrew or superseded it, and why. */
function runRecordOf(header: RunHeader, state: string): RunRecord {
  const decision = (d: { by: string; at: string; comment?: string } | undefined) => (d ? { by: d.by, at: d.at, ...(d.comment !== undefined ? { comment: d.comment } : {}) } : undefined);
  const approval = header.approval ?? (header.approvedBy ? { by: header.approvedBy, at: header.approvedAt ?? '' } : undefined);
  return {
    runId: header.runId,
    state,
    datasetId: header.request.datasetId,
    createdBy: header.createdBy,
    createdAt: header.createdAt,
    ...(header.completedAt ? { completedAt: header.completedAt } : {}),
    ...(approval ? { approval: { ...decision(approval)!, ...(header.approval?.supersedes ? { supersedes: header.approval.supersedes } : {}) } } : {}),
    ...(header.returned ? { returned: decision(header.returned)! } : {}),
    ...(header.withdrawn ? { withdrawn: decision(header.withdrawn)! } : {}),
    ...(header.supersededBy ? { supersededBy: header.supersededBy } : {}),
    ...(header.excludedFigures ? { excludedEntitlement: header.excludedFigures.entitlement } : {}),
  };
}

export const createExportsHandler = (options?: GroupOptions) => groupHandler('exports', exportActions, options);
export const handler = createExportsHandler();
