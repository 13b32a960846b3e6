import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { datasetFile, REPO_ROOT, SEED } from './dataset';
import { apiClient, type Api } from './http';
import { median, percentile, round } from './measure';

export interface ApiReport {
  /** Start-up of `skillfund serve --in-memory` until it prints its URL (includes seeding the sample data). */
  serverStartMs: number;
  province: RunTiming;
  national: RunTiming & { uploadMs: number; sealMs: number; fileMb: number; parts: number; sealCpuMs?: number; runCpuMs?: number };
  statements: StatementTiming[];
  /** The server's peak RSS (VmHWM) after each step, MB. */
  serverPeakRssMb?: { afterSeal: number; afterRun: number; afterMillionSeal?: number };
  /** Issue 15 finding 8: a file of about a million lines uploaded and sealed. */
  million?: { lines: number; fileMb: number; uploadMs: number; sealMs: number; sealCpuMs: number; refused?: string };
}

interface RunTiming {
  lines: number;
  createRunMs: number;
}

interface StatementTiming {
  run: 'province' | 'national';
  requests: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

/** Raw part size: under the handlers' 6 MB body limit. */
const PART_BYTES = 5 * 1024 * 1024;
const RULE_SET_ID = 'hlj-technical-schools';
const SAMPLE_DATASET = 'ds-sample-hlj-2026';

/**
 * The local API on its embedded dynalite, as a user drives it: the server is `npx skillfund serve --in-memory` in a
 * child process; the national file is uploaded in parts and sealed, a run is created for the province sample and
 * for the national set, then one school's statement is fetched `requests` times from each.
 */
export async function benchApi(schools: number, requests: number, options: { root?: string; million?: boolean } = {}): Promise<ApiReport> {
  // Read before the server starts: seconds of reading and counting between two requests (on a loaded machine) let
  // the server close the client's idle keep-alive socket just as it is reused ("other side closed").
  const millionInput = options.million ? await readMillion() : undefined;
  const started = performance.now();
  const server = await startServer(options.root ?? REPO_ROOT);
  const status = (field: 'VmHWM' | 'VmRSS') => round(Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${server.child.pid}/status`, 'utf8'))?.[1] ?? NaN) / 1024, 0);
  const cpu = () => {
    const fields = readFileSync(`/proc/${server.child.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  };
  const serverStartMs = round(performance.now() - started, 0);
  try {
    const api = apiClient(server.url, server.financeToken);
    const province = await createRun(api, SAMPLE_DATASET, 'bench-province');

    const bytes = readFileSync(await datasetFile(schools, 'csv'));
    const uploadStart = performance.now();
    const dataset = await api<{ datasetId: string }>('POST', '/datasets', { name: `bench national ${schools}`, fiscalYear: 2026, format: 'csv', fileName: `national-${schools}-seed${SEED}.csv` });
    let parts = 0;
    for (let offset = 0; offset < bytes.length; offset += PART_BYTES) {
      parts++;
      await api('POST', `/datasets/${dataset.datasetId}/parts?part=${parts}`, bytes.subarray(offset, offset + PART_BYTES));
    }
    const uploadMs = round(performance.now() - uploadStart, 0);
    let cpuStart = cpu();
    const sealStart = performance.now();
    await api('POST', `/datasets/${dataset.datasetId}/seal`);
    const sealMs = round(performance.now() - sealStart, 0);
    const sealCpuMs = cpu() - cpuStart;
    const afterSeal = status('VmHWM');
    cpuStart = cpu();
    const national = await createRun(api, dataset.datasetId, `bench-national-${schools}`);
    const runCpuMs = cpu() - cpuStart;
    const afterRun = status('VmHWM');

    const statements = [
      await fetchStatements(api, 'province', province.runId, province.schoolId, requests),
      await fetchStatements(api, 'national', national.runId, national.schoolId, requests),
    ];
    const million = millionInput ? await sealMillion(api, millionInput, () => cpu()) : undefined;
    return {
      serverStartMs,
      province: { lines: province.lines, createRunMs: province.createRunMs },
      national: { lines: national.lines, createRunMs: national.createRunMs, uploadMs, sealMs, fileMb: round(bytes.length / 2 ** 20), parts, sealCpuMs, runCpuMs },
      statements,
      serverPeakRssMb: { afterSeal, afterRun, ...(million ? { afterMillionSeal: status('VmHWM') } : {}) },
      ...(million ? { million } : {}),
    };
  } finally {
    await stopServer(server.child);
  }
}

/** Schools whose synthetic lines number about a million (8,365 × ~119.6). */
export const MILLION_SCHOOLS = 8365;

/** Upload and seal of a million-line file (issue 15, finding 8); a server that refuses it says why. */
async function readMillion(): Promise<{ bytes: Buffer; lines: number }> {
  const bytes = readFileSync(await datasetFile(MILLION_SCHOOLS, 'csv'));
  let lines = -1;
  for (let at = bytes.indexOf(10); at >= 0; at = bytes.indexOf(10, at + 1)) lines++;
  return { bytes, lines };
}

async function sealMillion(api: Api, { bytes, lines }: { bytes: Buffer; lines: number }, cpu: () => number): Promise<NonNullable<ApiReport['million']>> {
  const uploadStart = performance.now();
  const dataset = await api<{ datasetId: string }>('POST', '/datasets', { name: 'bench million', fiscalYear: 2026, format: 'csv', fileName: 'million.csv' });
  let part = 0;
  for (let offset = 0; offset < bytes.length; offset += PART_BYTES) await api('POST', `/datasets/${dataset.datasetId}/parts?part=${++part}`, bytes.subarray(offset, offset + PART_BYTES));
  const uploadMs = round(performance.now() - uploadStart, 0);
  const cpuStart = cpu();
  const sealStart = performance.now();
  let refused: string | undefined;
  await api('POST', `/datasets/${dataset.datasetId}/seal`).catch((error: Error) => (refused = error.message.slice(0, 200)));
  return { lines, fileMb: round(bytes.length / 2 ** 20), uploadMs, sealMs: round(performance.now() - sealStart, 0), sealCpuMs: cpu() - cpuStart, ...(refused ? { refused } : {}) };
}


async function createRun(api: Api, datasetId: string, clientKey: string) {
  const start = performance.now();
  const run = await api<{ runId: string; summary?: { counts: { lines: number } } }>('POST', '/runs', {
    ruleSetId: RULE_SET_ID,
    version: 1,
    datasetId,
    fiscalYear: 2026,
    envelope: { policy: 'cap', budget: '30000000000' },
    clientKey,
  });
  const createRunMs = round(performance.now() - start, 0);
  const { schools } = await api<{ schools: { schoolId: string }[] }>('GET', `/runs/${run.runId}`);
  // The middle school of the sorted list: an ordinary statement, not the first key of the table.
  const schoolId = schools[schools.length >> 1]?.schoolId;
  if (!schoolId) throw new Error(`run ${run.runId} has no schools`);
  return { runId: run.runId, schoolId, createRunMs, lines: run.summary?.counts.lines ?? 0 };
}

async function fetchStatements(api: Api, run: 'province' | 'national', runId: string, schoolId: string, requests: number): Promise<StatementTiming> {
  await api('GET', `/runs/${runId}/schools/${schoolId}`);
  const times: number[] = [];
  for (let i = 0; i < requests; i++) {
    const start = performance.now();
    await api('GET', `/runs/${runId}/schools/${schoolId}`);
    times.push(performance.now() - start);
  }
  return { run, requests, p50Ms: round(median(times)), p99Ms: round(percentile(times, 99)), maxMs: round(Math.max(...times)) };
}

async function startServer(root: string): Promise<{ child: ChildProcess; url: string; financeToken: string }> {
  const child = spawn(process.execPath, [join(root, 'bin/skillfund.mjs'), 'serve', '--in-memory', '--port', '0', '--quiet'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    // The banner is read in English (the CLI speaks the locale's language; this tree's and an --against tree's alike).
    env: { ...process.env, LC_ALL: 'en_US.UTF-8', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  });
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the local server did not start in 120 s:\n${stderr}`));
    }, 120_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the local server exited (${code}):\n${stderr}`));
    });
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const url = /service on (http:\/\/\S+)/.exec(stdout)?.[1];
      const financeToken = /\sfinance\s+(\S+)/.exec(stdout)?.[1];
      if (url && financeToken) {
        clearTimeout(timer);
        child.removeAllListeners('exit');
        resolvePromise({ child, url, financeToken });
      }
    });
  });
}

async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((done) => child.once('exit', done));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}
