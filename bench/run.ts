/**
 * `npm run bench [-- --json] [--quick] [--only=in-process,scaling,api,e2e,lambda,console] [--profile=PHASE] [--against=COMMIT]
 * [--rounds=N]`: the issue-6 and issue-16 benchmarks. With --against, the same figures of that commit's tree are
 * measured in the same session, alternately with this checkout's (before/after); `--only=e2e --against=…` also reads the
 * national CSV with both trees' CLI reader (parse-csv-columns) beside the peer's (read-peer), in alternating pairs.
 * Every in-process phase runs in its own Node process (bundled, no TypeScript loader) so its peak RSS is its own.
 * Not part of `npm test`: timings depend on the machine and on whatever else it is doing.
 */
import { mkdtempSync, readdirSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchApi, type ApiReport } from './api';
import { cachedLines, datasetFile, LINES_PER_SCHOOL, loadRules, NATIONAL_SCHOOLS, REPO_ROOT, RULES_FILE, SEED } from './dataset';
import { benchE2e, type FigureReport } from './e2e';
import { benchPhasePairs, type PhasePair } from './pairs';
import { treeOf } from './trees';
import type { ConsoleReport } from './console-report';
import { benchLambdas, type LambdaReport } from './lambda';
import { bundleEntry, median, round, runChild } from './measure';
import type { Phase, PhaseReport } from './phase';
import { summariseProfile } from './profile-summary';
import { formatReport, TARGETS } from './report';

const SECTIONS = ['in-process', 'scaling', 'api', 'e2e', 'lambda', 'console'] as const;
type Section = (typeof SECTIONS)[number];

export interface BenchReport {
  startedAt: string;
  quick: boolean;
  machine: { node: string; cpus: number; cpuModel: string; loadBefore: number[]; loadAfter: number[] };
  dataset: { schools: number; seed: number; linesPerSchool: number; lines?: number; students?: number };
  phases: PhaseReport[];
  exactOverFloat?: number;
  scaling: PhaseReport[];
  api?: ApiReport;
  /** With --against: the same API figures of the earlier commit. */
  apiBefore?: ApiReport;
  against?: string;
  /** parse-csv (line objects) median / the peer reader's median. */
  readOverPeer?: number;
  /** parse-csv-columns (the reader the CLI's allocate uses) median / the peer reader's median. */
  columnsReadOverPeer?: number;
  /** The same of the earlier commit (with --against, measured in the e2e section). */
  columnsReadBeforeOverPeer?: number;
  pairs?: PhasePair[];
  e2e?: FigureReport[];
  lambdas?: LambdaReport[];
  /** Issue 14: the console in Chromium (editor keystrokes, the national run and simulation pages), from bench/console.ts. */
  console?: ConsoleReport;
  /** Why the console section has no figures. */
  consoleFailed?: string;
  targets: typeof TARGETS;
  totalSeconds: number;
}

const args = process.argv.slice(2);
const json = args.includes('--json');
const quick = args.includes('--quick');
const profilePhase = args.find((arg) => arg.startsWith('--profile='))?.slice('--profile='.length) as Phase | undefined;
const against = args.find((arg) => arg.startsWith('--against='))?.slice('--against='.length);
const roundsArg = Number(args.find((arg) => arg.startsWith('--rounds='))?.slice('--rounds='.length));
const only = args.find((arg) => arg.startsWith('--only='))?.slice('--only='.length).split(',') as Section[] | undefined;
const wanted = (section: Section) => !only || only.includes(section);
if (only?.some((section) => !SECTIONS.includes(section))) {
  console.error(`--only takes ${SECTIONS.join(', ')}`);
  process.exit(2);
}

/** --quick: a tenth of the national set, fewer repetitions; a smoke run, not numbers to publish. */
const schools = quick ? NATIONAL_SCHOOLS / 10 : NATIONAL_SCHOOLS;
const runs = quick ? 3 : 7;
const rounds = Number.isInteger(roundsArg) && roundsArg > 0 ? roundsArg : quick ? 1 : 3;
const before = against ? treeOf(against) : undefined;
const log = (line: string) => {
  if (!json) process.stderr.write(`${line}\n`);
};

const started = performance.now();
const report: BenchReport = {
  startedAt: new Date().toISOString(),
  quick,
  machine: { node: process.version, cpus: cpus().length, cpuModel: cpus()[0]?.model ?? '?', loadBefore: loadavg().map((l) => round(l, 2)), loadAfter: [] },
  dataset: { schools, seed: SEED, linesPerSchool: LINES_PER_SCHOOL },
  phases: [],
  scaling: [],
  targets: TARGETS,
  totalSeconds: 0,
};

const scalingSizes = quick ? [30, 300] : [300, 3000, 30000];
log(`preparing data sets (${[...new Set([schools, ...(wanted('scaling') ? scalingSizes : [])])].join(', ')} schools; cached under the OS temp dir after the first run)…`);
for (const size of new Set([schools, ...(wanted('scaling') ? scalingSizes : [])])) await datasetFile(size, 'lines');
if (wanted('in-process') || wanted('api')) await datasetFile(schools, 'csv');
if (wanted('in-process')) await datasetFile(schools, 'xlsx');
const phaseScript = await bundleEntry('bench/phase.ts');

const phase = (name: Phase, size: number, repetitions: number) => {
  log(`  ${name} at ${size} schools × ${repetitions}…`);
  // 30,000 schools (3.6 M lines) needs more than V8's default old space.
  return runChild<PhaseReport>(phaseScript, [name, String(size), String(repetitions)], { timeoutMs: 240_000, nodeArgs: ['--expose-gc', '--max-old-space-size=8192'] });
};

if (profilePhase) {
  // `--profile=allocate`: one phase under `node --cpu-prof`, summarised by self time (how RESULTS.md's fixes were found).
  const dir = mkdtempSync(join(tmpdir(), 'skillfund-profile-'));
  const result = await runChild<PhaseReport>(phaseScript, [profilePhase, String(schools), String(runs)], { nodeArgs: ['--expose-gc', '--max-old-space-size=8192', '--cpu-prof', `--cpu-prof-dir=${dir}`] });
  const profile = readdirSync(dir).find((name) => name.endsWith('.cpuprofile'))!;
  console.log(JSON.stringify(result));
  console.log(summariseProfile(join(dir, profile), 30));
  console.log(`profile: ${join(dir, profile)} (open in Chrome DevTools → Performance)`);
  process.exit(0);
}

if (wanted('in-process')) {
  log('in-process phases (each in a fresh process):');
  const plan: [Phase, number][] = [
    ['parse-csv', runs],
    ['parse-csv-columns', runs],
    ['read-peer', runs],
    // XLSX parsing takes ~20 s per run at national scale; two runs keep the whole bench under five minutes.
    ['parse-xlsx', Math.min(runs, 2)],
    ['validate', runs],
    ['allocate', runs],
    ['allocate-columns', runs],
    ['float', runs],
    ['compare', Math.min(runs, 5)],
    ['attribute', Math.min(runs, 5)],
    ['explain', runs * 3],
    ['solve', Math.min(runs, 5)],
    ['solve-rate', Math.min(runs, 5)],
    // Three national years in one run; two runs keep the bench's length reasonable.
    ['plan', Math.min(runs, 2)],
    ['plan-lean', Math.min(runs, 2)],
  ];
  for (const [name, repetitions] of plan) report.phases.push(await phase(name, schools, repetitions));
  const allocate = report.phases.find((p) => p.phase === 'allocate')!;
  const float = report.phases.find((p) => p.phase === 'float')!;
  report.dataset.lines = allocate.lines;
  report.dataset.students = allocate.students;
  report.exactOverFloat = round(allocate.medianMs / float.medianMs, 2);
  const peerRead = report.phases.find((p) => p.phase === 'read-peer')!.medianMs;
  report.readOverPeer = round(report.phases.find((p) => p.phase === 'parse-csv')!.medianMs / peerRead, 2);
  report.columnsReadOverPeer = round(report.phases.find((p) => p.phase === 'parse-csv-columns')!.medianMs / peerRead, 2);
  if (before) {
    log(`before/after against ${before.commit} (${before.root}):`);
    report.against = before.commit;
    report.pairs = await benchPhasePairs([['parse-csv', 3], ['allocate', 3], ['allocate-columns', 3], ['compare', 3]], { schools, rounds, before: before.root }, log);
  }
}

if (wanted('scaling')) {
  log('scaling (allocate):');
  for (const size of scalingSizes) report.scaling.push(await phase('allocate', size, size >= 30000 ? 1 : runs));
}

if (wanted('api')) {
  log('local API (skillfund serve --in-memory, dynalite):');
  report.api = await benchApi(schools, quick ? 50 : 200, { million: !quick });
  if (before) {
    log(`local API of ${before.commit}:`);
    report.apiBefore = await benchApi(schools, quick ? 50 : 200, { root: before.root, million: !quick });
  }
}

if (wanted('e2e')) {
  log(`whole jobs (fresh processes, ${rounds} round(s)${before ? `, against ${before.commit}` : ''}):`);
  const { bindingCap } = await import('./phase');
  const budget = bindingCap(loadRules(RULES_FILE), await cachedLines(schools)).budget!;
  report.e2e = await benchE2e({ ...(before ? { before: before.root } : {}), peerScript: await bundleEntry('bench/float-job.ts'), schools, budget, rounds, scale: !quick }, log);
  if (before && !wanted('in-process')) {
    // The CSV-reading target beside the whole job: the CLI's reader of both trees and the peer's, round by round.
    log('CSV reading (the CLI\'s reader into columns, and the peer\'s), this checkout and the earlier commit alternately:');
    report.against = before.commit;
    await datasetFile(schools, 'csv');
    const reads = await benchPhasePairs([['parse-csv-columns', runs], ['read-peer', runs]], { schools, rounds, before: before.root }, log);
    report.pairs = [...(report.pairs ?? []), ...reads];
    const [columns, peer] = reads;
    // Over the peer's reads of both sides (the same code in both trees): all of them were measured in these rounds.
    const peerMedian = median([...peer!.after, ...(peer!.before ?? [])].map((r) => r.medianMs));
    report.columnsReadOverPeer = round(median(columns!.after.map((r) => r.medianMs)) / peerMedian, 2);
    report.columnsReadBeforeOverPeer = round(median((columns!.before ?? []).map((r) => r.medianMs)) / peerMedian, 2);
  }
}

if (wanted('lambda')) {
  log('Lambda bundles (esbuild as cdk synth) and module init:');
  report.lambdas = benchLambdas(quick ? 3 : 5);
}

if (wanted('console')) {
  log('console in Chromium (bench/console.ts: editor, national run page, national simulation page):');
  // Last, and never fatal: a browser that cannot finish must not throw away the figures measured before it.
  try {
    report.console = await runChild<ConsoleReport>(join(REPO_ROOT, 'bin/run-ts.mjs'), ['bench/console.ts', '--json', ...(quick ? ['--quick'] : [])], { nodeArgs: [], timeoutMs: 900_000 });
  } catch (error) {
    report.consoleFailed = (error as Error).message.slice(0, 2000);
    log(`console bench failed: ${report.consoleFailed}`);
  }
}

report.machine.loadAfter = loadavg().map((l) => round(l, 2));
report.totalSeconds = round((performance.now() - started) / 1000, 0);
console.log(json ? JSON.stringify(report) : formatReport(report));
