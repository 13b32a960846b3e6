import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { REPO_ROOT } from './dataset';

export interface Timing {
  /** Wall-clock time, median of the runs. */
  medianMs: number;
  minMs: number;
  maxMs: number;
  /**
   * CPU time (user + system) of this process, median of the runs. On a machine shared with other work it is far
   * steadier than wall time, which includes waiting for a core; GC threads working in parallel can make it exceed wall time.
   */
  cpuMs: number;
  runs: number;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** The p-th percentile (0–100) by the nearest-rank method. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** `gc()` when node runs with --expose-gc (the bench's children do); a no-op otherwise. */
export const collectGarbage = (globalThis as { gc?: () => void }).gc ?? (() => {});

/** Runs `work` `runs` times (after one untimed warm-up unless told otherwise), collecting garbage between runs. */
export async function timeRuns<T>(runs: number, work: () => T | Promise<T>, options: { warmUp?: boolean } = {}): Promise<Timing & { last: T }> {
  let last: T | undefined;
  // The input loader's garbage goes first, so the warm-up's peak is the phase's own plus its input.
  collectGarbage();
  if (options.warmUp !== false) last = await work();
  const times: number[] = [];
  const cpuTimes: number[] = [];
  for (let i = 0; i < runs; i++) {
    // The previous result is dropped first, so two never sit in memory together and inflate the peak RSS.
    last = undefined;
    collectGarbage();
    const cpuStart = process.cpuUsage();
    const start = performance.now();
    last = await work();
    times.push(performance.now() - start);
    const cpu = process.cpuUsage(cpuStart);
    cpuTimes.push((cpu.user + cpu.system) / 1000);
  }
  return { medianMs: round(median(times)), minMs: round(Math.min(...times)), maxMs: round(Math.max(...times)), cpuMs: round(median(cpuTimes)), runs, last: last as T };
}

/** The figures of a timing, without the work's last result. */
export function timingOf({ medianMs, minMs, maxMs, cpuMs, runs }: Timing): Timing {
  return { medianMs, minMs, maxMs, cpuMs, runs };
}

export function round(value: number, digits = 1): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/**
 * Peak resident set size of this process so far, in MB. Linux's VmHWM is the peak of this program's own memory;
 * getrusage's maxRSS (the fallback elsewhere) survives exec, so a child would report its parent's peak at fork.
 */
export function peakRssMb(): number {
  const status = existsSync('/proc/self/status') ? readFileSync('/proc/self/status', 'utf8') : '';
  const kib = /^VmHWM:\s+(\d+) kB/m.exec(status)?.[1];
  return round((kib ? Number(kib) : process.resourceUsage().maxRSS) / 1024, 0);
}

const BUILD_DIR = join(REPO_ROOT, 'node_modules/.cache/skillfund-bench');

/**
 * Bundles a bench entry to plain JavaScript (dependencies stay in node_modules), so a child runs on bare Node the
 * way a Lambda does: without the TypeScript loader, whose ~60 MB would otherwise be counted in every phase's RSS.
 */
export async function bundleEntry(entry: string, root = REPO_ROOT): Promise<string> {
  // Another checkout's entry (a before/after session) is bundled from that checkout, into its own directory.
  const outdir = join(BUILD_DIR, root === REPO_ROOT ? '' : `tree-${createHash('sha256').update(root).digest('hex').slice(0, 8)}`, entry.replace(/\.ts$/, '').replace(/\//g, '_'));
  // Written as new files: helpers' node_modules are hard-linked copies of one another, so writing over a bundle left
  // by the copy wrote into every copy's file (one checkout's main.mjs then imported another's chunks).
  rmSync(outdir, { recursive: true, force: true });
  // Split at dynamic imports, so what a phase loads lazily (the readers and writers) stays out of the others.
  await build({
    entryPoints: { main: join(root, entry) },
    outdir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
  });
  return join(outdir, 'main.mjs');
}

/**
 * Runs a bundled entry in a fresh Node process (so its peak RSS is its own) and returns the JSON object it prints
 * as its last stdout line.
 */
export function runChild<T>(script: string, args: string[], options: { timeoutMs?: number; nodeArgs?: string[]; root?: string } = {}): Promise<T> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [...(options.nodeArgs ?? ['--expose-gc']), script, ...args], {
      cwd: options.root ?? REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, SKILLFUND_ROOT: options.root ?? REPO_ROOT, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 180_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const last = stdout.trim().split('\n').pop() ?? '';
      if (code !== 0 || !last.startsWith('{')) {
        reject(new Error(`${script} ${args.join(' ')} failed (${signal ?? `exit ${code}`}):\n${stderr.trim().slice(-2000)}`));
        return;
      }
      resolvePromise(JSON.parse(last) as T);
    });
  });
}
