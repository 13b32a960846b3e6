import type { ApiReport } from './api';
import type { FigureReport, Sample, Spread } from './e2e';
import type { PhasePair } from './pairs';

/** Issue 16's targets (and issue 15's finding 8), checked against the figures measured. */
export const TARGETS_16 = {
  helpOverNode: 2,
  allocateOverPeer: 1.5,
  csvOutRssMb: 300,
  readOverPeer: 3,
  apiRunMs: 2000,
  apiServerRssMb: 300,
  sealNationalMs: 1500,
  sealMillionMs: 15_000,
  sealMillionRssMb: 512,
  scaleRssMb: 1024,
  compareCliMs: 3000,
  compareRssMb: 256,
} as const;

const mark = (ok: boolean) => (ok ? 'ok' : 'MISSED');
const spreadText = (s: Spread | undefined, digits = 2) => (s ? `${s.min.toFixed(digits)} / ${s.median.toFixed(digits)} / ${s.max.toFixed(digits)}` : '—');

function valuesText(samples: Sample[] | undefined, metric: FigureReport['metric']): string {
  if (!samples?.length) return '—';
  const failed = samples.find((s) => s.failed);
  if (failed) return `failed: ${failed.failed!.slice(0, 80)}`;
  const values = samples.map((s) => s[metric]);
  const sorted = [...values].sort((a, b) => a - b);
  return `${sorted[0]} / ${sorted[sorted.length >> 1]} / ${sorted[sorted.length - 1]}`;
}

export function formatE2e(figures: FigureReport[], table: (header: string[], rows: (string | number)[][]) => string): string[] {
  if (!figures.length) return [];
  const unit = { cpuMs: 'CPU ms', wallMs: 'wall ms', peakRssMb: 'peak RSS MB' } as const;
  const rows = figures.map((f) => {
    // The other figures of each process, for the record: CPU, wall and memory of the after side.
    const after = f.samples.after ?? [];
    const others = (['cpuMs', 'wallMs', 'peakRssMb'] as const).filter((m) => m !== f.metric).map((m) => `${unit[m]} ${valuesText(after, m)}`).join('; ');
    return [f.name, unit[f.metric], valuesText(f.samples.before, f.metric), valuesText(f.samples.after, f.metric), spreadText(f.ratios.overBefore), valuesText(f.samples.peer ?? f.samples.baseline, f.metric), spreadText(f.ratios.overPeer ?? f.ratios.overBaseline), others];
  });
  return [
    '',
    'Whole jobs, each a fresh process measured from inside (min / median / max over rounds; ratios taken within each round):',
    table(['figure', 'metric', 'before', 'after', 'after/before', 'peer or node -e 0', 'after/peer', 'after, other figures'], rows),
    ...figures.map((f) => `  ${f.name}: ${f.what}`),
  ];
}

export function formatPairs(pairs: PhasePair[], table: (header: string[], rows: (string | number)[][]) => string): string[] {
  if (!pairs.length) return [];
  const medians = (reports: { medianMs: number; peakRssMb: number }[] | undefined, key: 'medianMs' | 'peakRssMb') => {
    if (!reports?.length) return '—';
    const values = reports.map((r) => r[key]).sort((a, b) => a - b);
    return `${values[0]} / ${values[values.length >> 1]} / ${values[values.length - 1]}`;
  };
  return [
    '',
    'In-process phases, this checkout ("after") and the earlier commit ("before") in alternating fresh processes (per round: the median of its runs; min / median / max over rounds):',
    table(
      ['phase', 'before ms', 'after ms', 'after/before', 'before RSS MB', 'after RSS MB'],
      pairs.map((p) => [p.phase, medians(p.before, 'medianMs'), medians(p.after, 'medianMs'), spreadText(p.timeOverBefore), medians(p.before, 'peakRssMb'), medians(p.after, 'peakRssMb')]),
    ),
  ];
}

export function formatApiPair(after: ApiReport | undefined, before: ApiReport | undefined, table: (header: string[], rows: (string | number)[][]) => string): string[] {
  if (!after) return [];
  const row = (name: string, pick: (api: ApiReport) => number | string | undefined) => [name, before ? (pick(before) ?? '—') : '—', pick(after) ?? '—'];
  return [
    '',
    'Local API, before and after (one server each, `skillfund serve --in-memory`):',
    table(['step', 'before', 'after'], [
      row('seal national, ms', (a) => a.national.sealMs),
      row('seal national, server CPU ms', (a) => a.national.sealCpuMs),
      row('create run national, ms', (a) => a.national.createRunMs),
      row('create run national, server CPU ms', (a) => a.national.runCpuMs),
      row('server peak RSS after the national run, MB', (a) => a.serverPeakRssMb?.afterRun),
      row('statement p99 national, ms', (a) => a.statements.find((s) => s.run === 'national')?.p99Ms),
      row('seal ~1 M lines, ms', (a) => (a.million ? (a.million.refused ? `refused (${a.million.refused.slice(0, 60)})` : a.million.sealMs) : undefined)),
      row('seal ~1 M lines, server CPU ms', (a) => a.million?.sealCpuMs),
      row('server peak RSS after the ~1 M seal, MB', (a) => a.serverPeakRssMb?.afterMillionSeal),
    ]),
  ];
}

/** The issue-16 targets against the after figures. */
export function targetLines16(figures: FigureReport[], pairs: PhasePair[], api: ApiReport | undefined, reads: { lines?: number | undefined; columns?: number | undefined; columnsBefore?: number | undefined }): string[] {
  const t = TARGETS_16;
  const lines: string[] = [];
  const figure = (name: string) => figures.find((f) => f.name === name);
  const median = (samples: Sample[] | undefined, metric: FigureReport['metric']) => (samples?.length ? [...samples.map((s) => s[metric])].sort((a, b) => a - b)[samples.length >> 1]! : undefined);
  const help = figure('cli-help')?.ratios.overBaseline;
  if (help) lines.push(`  skillfund --help ≤ ${t.helpOverNode}× node -e 0 (CPU): ${help.median}× ${mark(help.median <= t.helpOverNode)}`);
  const whole = figure('allocate-json')?.ratios.overPeer;
  if (whole) lines.push(`  national allocate end to end ≤ ${t.allocateOverPeer}× the float64 peer job (CPU): ${whole.median}× (${spreadText(whole)}) ${mark(whole.median <= t.allocateOverPeer)}`);
  const csvRss = median(figure('allocate-csv')?.samples.after, 'peakRssMb');
  if (csvRss !== undefined) lines.push(`  national CSV output ≤ ${t.csvOutRssMb} MB peak RSS: ${csvRss} MB ${mark(csvRss <= t.csvOutRssMb)}`);
  // The target is the CLI's read (into columns); the line-object reader the API and compare use is shown beside it.
  if (reads.columns !== undefined) {
    const before = reads.columnsBefore !== undefined ? ` (the earlier commit: ${reads.columnsBefore}×)` : '';
    lines.push(`  CSV reading ≤ ${t.readOverPeer}× the peer's read (median ms, into columns as the CLI's allocate reads): ${reads.columns}×${before} ${mark(reads.columns <= t.readOverPeer)}`);
  }
  if (reads.lines !== undefined) lines.push(`  CSV reading into line objects (compare, the API), over the peer's read: ${reads.lines}× (no target of its own)`);
  const compareWall = median(figure('compare-cli')?.samples.after, 'wallMs');
  if (compareWall !== undefined) lines.push(`  compare national through the CLI ≤ ${t.compareCliMs} ms wall: ${compareWall} ms ${mark(compareWall <= t.compareCliMs)}`);
  const compare = pairs.find((p) => p.phase === 'compare');
  const compareRss = median(compare?.after.map((r) => ({ wallMs: 0, cpuMs: 0, peakRssMb: r.peakRssMb })), 'peakRssMb');
  if (compareRss !== undefined) lines.push(`  compare phase ≤ ${t.compareRssMb} MB peak RSS: ${compareRss} MB ${mark(compareRss <= t.compareRssMb)}`);
  const scale = figure('allocate-30000');
  const reference = figures.find((f) => /^allocate-\d+$/.test(f.name) && f.name !== 'allocate-30000');
  const scaleRss = median(scale?.samples.after, 'peakRssMb');
  if (scaleRss !== undefined) {
    const growth = reference ? (median(scale!.samples.after, 'cpuMs')! / median(reference.samples.after, 'cpuMs')!).toFixed(1) : '?';
    lines.push(`  30,000 schools through the CLI ≤ ${t.scaleRssMb} MB: ${scaleRss} MB ${mark(scaleRss <= t.scaleRssMb)}; CPU ×${growth} for ×10 the lines`);
  }
  if (api) {
    lines.push(`  national run through the local API ≤ ${t.apiRunMs} ms: ${api.national.createRunMs} ms ${mark(api.national.createRunMs <= t.apiRunMs)}`);
    const rss = api.serverPeakRssMb?.afterRun;
    if (rss !== undefined) lines.push(`  server peak RSS through the national run ≤ ${t.apiServerRssMb} MB: ${rss} MB ${mark(rss <= t.apiServerRssMb)}`);
    lines.push(`  seal national ≤ ${t.sealNationalMs} ms: ${api.national.sealMs} ms ${mark(api.national.sealMs <= t.sealNationalMs)}`);
    if (api.million) {
      const sealRss = api.serverPeakRssMb?.afterMillionSeal ?? NaN;
      lines.push(`  seal of ${api.million.lines.toLocaleString('en')} lines ≤ ${t.sealMillionMs} ms and ≤ ${t.sealMillionRssMb} MB: ${api.million.refused ? 'refused' : `${api.million.sealMs} ms`} ${mark(!api.million.refused && api.million.sealMs <= t.sealMillionMs)}, ${sealRss} MB ${mark(sealRss <= t.sealMillionRssMb)}`);
    }
  }
  return lines;
}
