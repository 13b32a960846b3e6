/**
 * The console bench's figures and how they are printed: shared by `npm run bench:console` (bench/console.ts) and the
 * console section of `npm run bench` (bench/run.ts), which runs the former in a process of its own.
 */
/** Issue 14's targets. */
export const CONSOLE_TARGETS = { keystrokeMs: 50, editorOpenMs: 1000, runPageOpenMs: 1000, runPageActionMs: 300 } as const;

export interface Figures {
  minMs: number;
  medianMs: number;
  maxMs: number;
  runs: number;
}
export interface LongTasks {
  count: number;
  maxMs: number;
  totalMs: number;
}
export interface ConsoleReport {
  startedAt: string;
  quick: boolean;
  editor?: {
    openDraft: Figures;
    newDraftFromVersion: Figures;
    keystrokeTiers: Figures & { longTasks: LongTasks; slowestEventMs: number };
    keystrokeMajors: Figures & { longTasks: LongTasks; slowestEventMs: number };
  };
  runPage?: {
    schools: number;
    lines: number;
    firstRowsBytes?: number;
    open: Figures;
    sort: Figures;
    pageChange: Figures;
    search?: Figures;
    /** Request to last byte of each GET /runs/{id}/schools the page made (opening, sorts, pages, searches). */
    schoolsApi?: Figures;
  };
  simPage?: TableActions & {
    schools: number;
    /** Simulate clicked → first rows painted: two national runs computed and the rows stored (no target: a job's pace). */
    simulate: Figures;
    /** Request to last byte of each GET /simulations/{id}/schools the page made. */
    schoolsApi: Figures;
  };
  targets: typeof CONSOLE_TARGETS;
  totalSeconds: number;
}
/** A sort, a page change and a search in a server-paged school table. */
export interface TableActions {
  sort: Figures;
  pageChange: Figures;
  search: Figures;
}

export function formatConsoleReport(report: ConsoleReport): string {
  const rows: [string, Figures, number][] = [];
  if (report.editor) {
    rows.push(['editor: open a draft', report.editor.openDraft, CONSOLE_TARGETS.editorOpenMs]);
    rows.push(['editor: new draft from a version', report.editor.newDraftFromVersion, CONSOLE_TARGETS.editorOpenMs]);
    rows.push(['editor: keystroke → paint (tiers)', report.editor.keystrokeTiers, CONSOLE_TARGETS.keystrokeMs]);
    rows.push(['editor: keystroke → paint (majors)', report.editor.keystrokeMajors, CONSOLE_TARGETS.keystrokeMs]);
  }
  if (report.runPage) {
    const p = report.runPage;
    rows.push([`run page (${p.schools} schools): open`, p.open, CONSOLE_TARGETS.runPageOpenMs]);
    rows.push(['run page: sort', p.sort, CONSOLE_TARGETS.runPageActionMs]);
    rows.push(['run page: page change', p.pageChange, CONSOLE_TARGETS.runPageActionMs]);
    if (p.search) rows.push(['run page: search', p.search, CONSOLE_TARGETS.runPageActionMs]);
  }
  if (report.simPage) {
    const p = report.simPage;
    rows.push([`simulation page (${p.schools} schools): sort`, p.sort, CONSOLE_TARGETS.runPageActionMs]);
    rows.push(['simulation page: page change', p.pageChange, CONSOLE_TARGETS.runPageActionMs]);
    rows.push(['simulation page: search', p.search, CONSOLE_TARGETS.runPageActionMs]);
  }
  const width = Math.max(...rows.map(([name]) => name.length));
  const out = [`skillfund console bench ${report.quick ? '(--quick) ' : ''}${report.startedAt}, Chromium headless`, `${'action'.padEnd(width)}  ${'min ms'.padStart(8)} ${'median'.padStart(8)} ${'max'.padStart(8)} ${'runs'.padStart(5)}  target`];
  for (const [name, f, target] of rows) out.push(`${name.padEnd(width)}  ${String(f.minMs).padStart(8)} ${String(f.medianMs).padStart(8)} ${String(f.maxMs).padStart(8)} ${String(f.runs).padStart(5)}  ≤ ${target} ms ${f.medianMs <= target ? 'ok' : 'MISSED'}`);
  for (const key of ['keystrokeTiers', 'keystrokeMajors'] as const) {
    const k = report.editor?.[key];
    if (k) out.push(`${key}: long tasks while typing ${k.longTasks.count} (max ${k.longTasks.maxMs} ms, total ${k.longTasks.totalMs} ms); slowest event (Event Timing) ${k.slowestEventMs} ms`);
  }
  if (report.simPage) out.push(`simulation page: simulate → first rows ${JSON.stringify(report.simPage.simulate)}; GET /simulations/{id}/schools ${JSON.stringify(report.simPage.schoolsApi)}`);
  if (report.runPage?.firstRowsBytes !== undefined) out.push(`run page: ${report.runPage.firstRowsBytes} bytes of run data fetched to open it`);
  out.push(`total ${report.totalSeconds} s`);
  return out.join('\n');
}
