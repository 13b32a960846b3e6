import { formatConsoleReport } from './console-report';
import type { PhaseReport } from './phase';
import type { BenchReport } from './run';
import { formatApiPair, formatE2e, formatPairs, targetLines16 } from './report-e2e';

/** Issue 6's targets, checked against the national figures. */
export const TARGETS = {
  allocateMs: 500,
  exactOverFloat: 20,
  compareMs: 1000,
  rssMb: 256,
  /** Issue 12: the attribution of two national runs, both computed from their inputs. */
  attributeMs: 1500,
  attributeRssMb: 512,
  statementP99Ms: 50,
  bundleKiB: 1024,
  initMs: 300,
  /** Issue 11: solve a standard for a budget at national scale (the §5 comparison included). */
  solveMs: 2000,
} as const;

const mark = (ok: boolean) => (ok ? 'ok' : 'MISSED');

function table(header: string[], rows: (string | number)[][]): string {
  const cells = [header, ...rows.map((row) => row.map(String))];
  const widths = header.map((_, column) => Math.max(...cells.map((row) => row[column]?.length ?? 0)));
  const line = (row: string[]) => row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  ');
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...cells.slice(1).map(line)].join('\n');
}

function phaseRows(phases: PhaseReport[]): (string | number)[][] {
  return phases.map((p) => [p.phase, p.schools, p.lines, p.medianMs, p.minMs, p.maxMs ?? '', p.cpuMs, p.runs, p.inputRssMb, p.peakRssMb, p.note ?? '']);
}
const PHASE_HEADER = ['phase', 'schools', 'lines', 'median ms', 'min ms', 'max ms', 'cpu ms', 'runs', 'input RSS MB', 'peak RSS MB', 'note'];

export function formatReport(report: BenchReport): string {
  const out: string[] = [];
  const { machine, dataset } = report;
  out.push(`skillfund bench ${report.quick ? '(--quick: smoke run, not for publishing) ' : ''}${report.startedAt}`);
  out.push(`node ${machine.node}, ${machine.cpus} × ${machine.cpuModel}; load average before ${machine.loadBefore.join(' ')}, after ${machine.loadAfter.join(' ')}`);
  out.push(
    `data set: ${dataset.schools} schools, seed ${dataset.seed}, linesPerSchool ${dataset.linesPerSchool}` +
      (dataset.lines !== undefined ? ` → ${dataset.lines.toLocaleString('en')} lines, ${dataset.students!.toLocaleString('en')} students` : ''),
  );

  if (report.phases.length) {
    out.push('', 'In-process (each phase in a fresh process; input RSS = after loading its input, before the phase):');
    out.push(table(PHASE_HEADER, phaseRows(report.phases)));
    if (report.exactOverFloat !== undefined) out.push(`exact / float64 floor (allocate median / float median): ${report.exactOverFloat}×`);
  }
  if (report.scaling.length) {
    out.push('', 'Scaling (allocate with a binding cap):');
    const base = report.scaling[0]!;
    out.push(
      table(
        ['schools', 'lines', 'median ms', 'cpu ms', 'µs per line', 'peak RSS MB'],
        report.scaling.map((p) => [p.schools, p.lines, p.medianMs, p.cpuMs, ((1000 * p.medianMs) / p.lines).toFixed(2), p.peakRssMb]),
      ),
    );
    const last = report.scaling[report.scaling.length - 1]!;
    out.push(`growth ${base.schools}→${last.schools} schools: time ×${(last.medianMs / base.medianMs).toFixed(1)} for lines ×${(last.lines / base.lines).toFixed(1)}`);
  }
  if (report.api) {
    const { api } = report;
    out.push('', `Local API (skillfund serve --in-memory on dynalite; server start ${api.serverStartMs} ms):`);
    out.push(
      table(
        ['step', 'lines', 'ms'],
        [
          ['create run, province sample', api.province.lines, api.province.createRunMs],
          [`upload national CSV (${api.national.fileMb} MB, ${api.national.parts} parts)`, '', api.national.uploadMs],
          ['seal national dataset (parse + store)', '', api.national.sealMs],
          ['create run, national', api.national.lines, api.national.createRunMs],
        ],
      ),
    );
    out.push(table(['statement fetch', 'requests', 'p50 ms', 'p99 ms', 'max ms'], api.statements.map((s) => [s.run, s.requests, s.p50Ms, s.p99Ms, s.maxMs])));
  }
  out.push(...formatPairs(report.pairs ?? [], table));
  out.push(...formatApiPair(report.api, report.apiBefore, table));
  out.push(...formatE2e(report.e2e ?? [], table));
  if (report.lambdas) {
    out.push('', 'Lambda bundles (as cdk synth builds them) and module init in a fresh node:');
    out.push(table(['group', 'index.mjs KiB', 'gzip KiB', 'init ms', 'init RSS MB'], report.lambdas.map((l) => [l.group, l.bundleKiB, l.gzipKiB, l.initMs, l.initRssMb])));
  }
  if (report.console) out.push('', formatConsoleReport(report.console));
  if (report.consoleFailed) out.push('', `console bench FAILED: ${report.consoleFailed}`);
  out.push('', report.quick ? 'Targets (issue 6; they are for the national set, so a --quick run only shows the shape):' : 'Targets (issue 6):', ...targetLines(report));
  const targets16 = targetLines16(report.e2e ?? [], report.pairs ?? [], report.api, { lines: report.readOverPeer, columns: report.columnsReadOverPeer, columnsBefore: report.columnsReadBeforeOverPeer });
  if (targets16.length) out.push('', `Targets (issue 16${report.against ? `; before = ${report.against}` : ''}):`, ...targets16);
  out.push('', `total ${report.totalSeconds} s`);
  return out.join('\n');
}

function targetLines(report: BenchReport): string[] {
  const lines: string[] = [];
  const phase = (name: string) => report.phases.find((p) => p.phase === name);
  const allocate = phase('allocate');
  const compare = phase('compare');
  if (allocate) lines.push(`  allocate ≤ ${TARGETS.allocateMs} ms, given line objects: ${allocate.medianMs} ms ${mark(allocate.medianMs <= TARGETS.allocateMs)}`);
  const columns = phase('allocate-columns');
  if (columns) lines.push(`  allocate ≤ ${TARGETS.allocateMs} ms, given columns (API runs, the CLI's CSV path): ${columns.medianMs} ms ${mark(columns.medianMs <= TARGETS.allocateMs)}`);
  if (report.exactOverFloat !== undefined) lines.push(`  exact ≤ ${TARGETS.exactOverFloat}× float: ${report.exactOverFloat}× ${mark(report.exactOverFloat <= TARGETS.exactOverFloat)}`);
  if (compare) lines.push(`  compare ≤ ${TARGETS.compareMs} ms: ${compare.medianMs} ms ${mark(compare.medianMs <= TARGETS.compareMs)}`);
  for (const solve of [phase('solve'), phase('solve-rate')]) if (solve) lines.push(`  ${solve.phase} ≤ ${TARGETS.solveMs} ms (issue 11): ${solve.medianMs} ms ${mark(solve.medianMs <= TARGETS.solveMs)}`);
  const attribute = phase('attribute');
  if (attribute) {
    lines.push(`  attribute ≤ ${TARGETS.attributeMs} ms (issue 12): median ${attribute.medianMs} ms (min ${attribute.minMs}, max ${attribute.maxMs}) ${mark(attribute.medianMs <= TARGETS.attributeMs)}`);
    lines.push(`  RSS ≤ ${TARGETS.attributeRssMb} MB, attribute: ${attribute.peakRssMb} MB ${mark(attribute.peakRssMb <= TARGETS.attributeRssMb)}`);
  }
  // A plan holds three national years; its RSS is shown, not held to one run's target.
  const planPhases = new Set(['plan', 'plan-lean']);
  for (const p of report.phases.filter((p) => p.phase !== 'attribute' && !planPhases.has(p.phase))) lines.push(`  RSS ≤ ${TARGETS.rssMb} MB, ${p.phase}: ${p.peakRssMb} MB ${mark(p.peakRssMb <= TARGETS.rssMb)}`);
  for (const p of report.phases.filter((p) => planPhases.has(p.phase))) lines.push(`  ${p.phase} (3 national years, no target): ${p.medianMs} ms, RSS ${p.peakRssMb} MB`);
  for (const s of report.api?.statements ?? []) lines.push(`  statement p99 ≤ ${TARGETS.statementP99Ms} ms, ${s.run}: ${s.p99Ms} ms ${mark(s.p99Ms <= TARGETS.statementP99Ms)}`);
  for (const l of report.lambdas ?? []) {
    lines.push(`  bundle ≤ ${TARGETS.bundleKiB} KiB, init ≤ ${TARGETS.initMs} ms, ${l.group}: ${l.bundleKiB} KiB ${mark(l.bundleKiB <= TARGETS.bundleKiB)}, ${l.initMs} ms ${mark(l.initMs <= TARGETS.initMs)}`);
  }
  return lines;
}
