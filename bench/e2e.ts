/**
 * Whole jobs as a user runs them, each in a fresh process measured from inside (bench/exit-report.cjs: CPU time and
 * peak RSS of that process alone): the CLI of this checkout ("after"), of an earlier commit ("before", with
 * `--against=COMMIT`), and the float64 peer job (bench/float-job.ts), run in alternating rounds so that every round
 * sees the same machine. Ratios are taken within a round and summarised min / median / max.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CANDIDATE_FILE, datasetFile, REPO_ROOT, RULES_FILE } from './dataset';
import { median, round } from './measure';

export interface Sample {
  wallMs: number;
  cpuMs: number;
  peakRssMb: number;
  /** Set when the process failed (exit status ≠ 0): the end of its stderr. */
  failed?: string;
}

export type Side = 'before' | 'after' | 'peer' | 'baseline';

export interface Spread {
  min: number;
  median: number;
  max: number;
}

export interface FigureReport {
  name: string;
  what: string;
  /** The figure the target is about. */
  metric: 'cpuMs' | 'wallMs' | 'peakRssMb';
  samples: Partial<Record<Side, Sample[]>>;
  /** Per round: after / before, after / peer, after / baseline (of the metric). */
  ratios: Partial<Record<'overBefore' | 'overPeer' | 'overBaseline', Spread>>;
  target?: string;
}

const EXIT_REPORT = join(REPO_ROOT, 'bench', 'exit-report.cjs');

/** One process, measured from inside: node --require exit-report.cjs ARGS. */
export function measureNode(args: string[], options: { cwd: string; timeoutMs?: number; env?: Record<string, string> }): Promise<Sample> {
  const dir = mkdtempSync(join(tmpdir(), 'skillfund-e2e-'));
  const report = join(dir, 'exit.json');
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, ['--require', EXIT_REPORT, ...args], {
      cwd: options.cwd,
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, ...options.env, BENCH_EXIT_REPORT: report, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 300_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const wallMs = round(performance.now() - started, 0);
      let inside = { cpuMs: Number.NaN, peakRssMb: Number.NaN };
      try {
        inside = JSON.parse(readFileSync(report, 'utf8'));
      } catch {
        // killed before its exit handler ran
      }
      rmSync(dir, { recursive: true, force: true });
      resolve({ wallMs, cpuMs: round(inside.cpuMs, 0), peakRssMb: round(inside.peakRssMb, 0), ...(code !== 0 ? { failed: `${signal ?? `exit ${code}`}: ${stderr.trim().split('\n').slice(-3).join(' | ')}` } : {}) });
    });
  });
}

export function spread(values: number[]): Spread {
  return { min: round(Math.min(...values), 2), median: round(median(values), 2), max: round(Math.max(...values), 2) };
}

interface FigurePlan {
  name: string;
  what: string;
  metric: FigureReport['metric'];
  target?: string;
  /** The process of each side; a side without one is not run. */
  args: Partial<Record<Side, { args: string[]; cwd: string }>>;
  rounds: number;
}

/** Runs the sides of each figure in turn, round after round, so each round's ratios compare one moment. */
export async function runFigures(plans: FigurePlan[], log: (line: string) => void): Promise<FigureReport[]> {
  const reports: FigureReport[] = [];
  for (const plan of plans) {
    log(`  ${plan.name}: ${plan.what} (${plan.rounds} round${plan.rounds === 1 ? '' : 's'})…`);
    const samples: Partial<Record<Side, Sample[]>> = {};
    const sides = (['before', 'after', 'peer', 'baseline'] as const).filter((side) => plan.args[side]);
    for (let roundIndex = 0; roundIndex < plan.rounds; roundIndex++) {
      // Alternate which side goes first, so neither always runs on the warmer file cache.
      const order = roundIndex % 2 ? [...sides].reverse() : sides;
      for (const side of order) {
        const { args, cwd } = plan.args[side]!;
        (samples[side] ??= []).push(await measureNode(args, { cwd }));
      }
    }
    const ratio = (over: Side) => {
      const after = samples.after;
      const other = samples[over];
      if (!after || !other || after.some((s) => s.failed) || other.some((s) => s.failed)) return undefined;
      return spread(after.map((sample, i) => sample[plan.metric] / other[i]![plan.metric]));
    };
    const ratios: FigureReport['ratios'] = {};
    const overBefore = ratio('before');
    const overPeer = ratio('peer');
    const overBaseline = ratio('baseline');
    if (overBefore) ratios.overBefore = overBefore;
    if (overPeer) ratios.overPeer = overPeer;
    if (overBaseline) ratios.overBaseline = overBaseline;
    reports.push({ name: plan.name, what: plan.what, metric: plan.metric, samples, ratios, ...(plan.target ? { target: plan.target } : {}) });
  }
  return reports;
}

export interface E2eOptions {
  /** The earlier tree, for before/after. */
  before?: string;
  /** The float64 peer job, bundled. */
  peerScript: string;
  schools: number;
  /** A budget that binds (95 % of the entitlement), so the cap is exercised. */
  budget: string;
  rounds: number;
  /** Also the 30,000-school run (3.6 M lines) through the CLI, with the same at 3,000 for linearity. */
  scale: boolean;
}

/** The CLI figures of issue 16: start-up, the whole national job against its peer, CSV output, compare, scale. */
export async function benchE2e(options: E2eOptions, log: (line: string) => void): Promise<FigureReport[]> {
  const national = await datasetFile(options.schools, 'csv');
  const out = mkdtempSync(join(tmpdir(), 'skillfund-e2e-out-'));
  const cli = (root: string, ...args: string[]) => ({ args: [join(root, 'bin', 'skillfund.mjs'), ...args], cwd: root });
  const sides = (...args: string[]) => ({ after: cli(REPO_ROOT, ...args), ...(options.before ? { before: cli(options.before, ...args) } : {}) });
  const allocate = ['allocate', '--rules', RULES_FILE, '--enrollment', national, '--budget', options.budget];
  // Built (or checked fresh) before anything is timed: the first run of a new checkout compiles the CLI.
  for (const side of Object.values(sides('--help'))) await measureNode(side.args, { cwd: side.cwd });

  const plans: FigurePlan[] = [
    { name: 'cli-help', what: '`skillfund --help`, CPU, against `node -e 0`', metric: 'cpuMs', target: '≤ 2× node -e 0', rounds: options.rounds * 2, args: { ...sides('--help'), baseline: { args: ['-e', '0'], cwd: REPO_ROOT } } },
    {
      name: 'allocate-json',
      what: `national allocate (cap) end to end, default JSON to a file, CPU, against the float64 peer job`,
      metric: 'cpuMs',
      target: '≤ 1.5× the peer',
      rounds: options.rounds,
      args: { ...sides(...allocate, '--out', join(out, 'result.json')), peer: { args: [options.peerScript, RULES_FILE, national, options.budget, out], cwd: REPO_ROOT } },
    },
    { name: 'allocate-csv', what: 'national allocate (cap), --format csv to a file, peak RSS', metric: 'peakRssMb', target: '≤ 300 MB', rounds: options.rounds, args: sides(...allocate, '--format', 'csv', '--out', join(out, 'result.csv')) },
    {
      name: 'compare-cli',
      what: 'national compare (cap) through the CLI, JSON to a file, wall',
      metric: 'wallMs',
      target: '≤ 3 s',
      rounds: options.rounds,
      args: sides('compare', '--base', RULES_FILE, '--candidate', CANDIDATE_FILE, '--enrollment', national, '--budget', options.budget, '--out', join(out, 'compare.json')),
    },
  ];
  if (options.scale) {
    const big = await datasetFile(30_000, 'csv');
    for (const [schools, file] of [[options.schools, national], [30_000, big]] as const) {
      plans.push({
        name: `allocate-${schools}`,
        what: `allocate (no envelope) of ${schools.toLocaleString('en')} schools through the CLI, default JSON to /dev/null`,
        metric: 'peakRssMb',
        target: schools >= 30_000 ? '≤ 1 GB, time linear in lines' : 'the linearity reference',
        rounds: 1,
        args: { after: cli(REPO_ROOT, 'allocate', '--rules', RULES_FILE, '--enrollment', file, '--out', '/dev/null'), ...(options.before ? { before: cli(options.before, 'allocate', '--rules', RULES_FILE, '--enrollment', file, '--out', '/dev/null') } : {}) },
      });
    }
  }
  try {
    return await runFigures(plans, log);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
