import type { ScheduledSchool, ScheduleSummary } from '../domain/instalments';
import type { RunSummary, SchoolResult } from '../domain/result';
import { render } from '../messages';
import type { Lang } from './columns';
import { MONEY_FORMAT, type TableCell, type XlsxSheet } from './tables';

/**
 * What an export says about the run behind it (issue 13): who made it and when, who approved, returned, withdrew
 * or superseded it and why. Exports of the API carry it; the CLI, which approves nothing, does not.
 */
export interface RunRecord {
  runId: string;
  /** review | approved | superseded | returned | withdrawn */
  state: string;
  datasetId: string;
  createdBy: string;
  createdAt: string;
  completedAt?: string;
  approval?: { by: string; at: string; comment?: string; supersedes?: string };
  returned?: { by: string; at: string; comment?: string };
  withdrawn?: { by: string; at: string; comment?: string };
  supersededBy?: { runId: string; by: string; at: string; comment?: string };
  excludedEntitlement?: string;
}

/** A summary-sheet row: label, text value, amount (yuan, a number cell). */
export type SummaryRow = [string, TableCell, TableCell];

const label = (code: string, lang: Lang) => render({ code }, lang);

/** The run's record as summary rows, labels from the catalogue (export_* codes). */
export function runRecordRows(run: RunRecord, lang: Lang): SummaryRow[] {
  const rows: SummaryRow[] = [
    [label('export_run_id', lang), run.runId, null],
    [label('export_run_state', lang), render({ code: `run_state_${run.state}` }, lang), null],
    [label('export_dataset', lang), run.datasetId, null],
    [label('export_created_by', lang), run.createdBy, null],
    [label('export_created_at', lang), run.createdAt, null],
    [label('export_completed_at', lang), run.completedAt ?? null, null],
  ];
  const decision = (prefix: string, d: { by: string; at: string; comment?: string } | undefined) =>
    d ? rows.push([label(`export_${prefix}_by`, lang), d.by, null], [label(`export_${prefix}_at`, lang), d.at, null], [label(`export_${prefix}_comment`, lang), d.comment ?? null, null]) : undefined;
  decision('approved', run.approval);
  if (run.approval?.supersedes) rows.push([label('export_supersedes', lang), run.approval.supersedes, null]);
  decision('returned', run.returned);
  decision('withdrawn', run.withdrawn);
  if (run.supersededBy) {
    rows.push(
      [label('export_superseded_by', lang), run.supersededBy.runId, null],
      [label('export_superseded_by_by', lang), run.supersededBy.by, null],
      [label('export_superseded_at', lang), run.supersededBy.at, null],
      [label('export_superseded_comment', lang), run.supersededBy.comment ?? null, null],
    );
  }
  if (run.excludedEntitlement !== undefined) rows.push([label('export_excluded_entitlement', lang), null, run.excludedEntitlement]);
  return rows;
}

/** The run's id, state and approval as extra CSV columns (the same on every row: a CSV has no summary sheet). */
export function runCsvColumns(run: RunRecord, lang: Lang): [string, TableCell][] {
  return [
    [label('export_run_id', lang), run.runId],
    [label('export_run_state', lang), render({ code: `run_state_${run.state}` }, lang)],
    [label('export_approved_by', lang), run.approval?.by ?? null],
    [label('export_approved_at', lang), run.approval?.at ?? null],
    [label('export_approved_comment', lang), run.approval?.comment ?? null],
  ];
}

/**
 * The 拨付计划 sheet: one row per school, one amount column per instalment, its total, and a totals row. The schools
 * may be made as they are walked (formats/result-writer.ts ResultSource); only their names and allocations are kept.
 */
export function scheduleSheet(
  result: { summary: RunSummary; schools(): Iterable<Pick<SchoolResult, 'schoolId' | 'schoolName' | 'allocation'>> },
  schedule: { schools: ScheduledSchool[]; summary: ScheduleSummary[] },
  lang: Lang,
): XlsxSheet {
  const names = new Map<string, { schoolName: string; allocation: string }>();
  for (const { schoolId, schoolName, allocation } of result.schools()) names.set(schoolId, { schoolName, allocation });
  const money = (header: string) => ({ header, numeric: true, numFmt: MONEY_FORMAT, width: 16 });
  const columns = [
    { header: label('export_school_id', lang), width: 12 },
    { header: label('export_school_name', lang), width: 28 },
    ...schedule.summary.map((i) => money(i.due ? `${i.label} (${i.due})` : i.label)),
    money(label('export_allocation', lang)),
  ];
  const rows: TableCell[][] = schedule.schools.map((school) => [
    school.schoolId,
    names.get(school.schoolId)?.schoolName ?? null,
    ...school.instalments.map((i) => i.amount),
    names.get(school.schoolId)?.allocation ?? null,
  ]);
  rows.push([label('export_total', lang), null, ...schedule.summary.map((i) => i.total), result.summary.totalAllocation]);
  rows.push([label('export_share', lang), null, ...schedule.summary.map((i) => i.share), '1']);
  return { name: label('export_schedule_sheet', lang), columns, rows };
}
