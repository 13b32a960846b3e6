/**
 * Soak test (issue 15, finding 7; not part of npm test): `npm start`'s server (in memory, demo data) under 50
 * clients reading statements and listings for 10 minutes. Every 10 s the server is made to collect its garbage
 * (over IPC, only possible in soak mode: see functions/local/soak-probe.ts) and its RSS is sampled. It fails when
 * that RSS keeps growing: after the first minute's warm-up, a least-squares slope above 1.5 MB/min together with
 * more than 25 MB between the first and the last minute.
 *
 *   npm run soak [-- --clients=50 --minutes=10 --interval=10 --runs=100 --out=soak.json]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { REPO_ROOT } from './dataset';
import { median, percentile } from './measure';

const { values } = parseArgs({
  options: {
    clients: { type: 'string', default: '50' },
    minutes: { type: 'string', default: '10' },
    interval: { type: 'string', default: '10' },
    /** Runs made before the soak, so listings have pages to fill (a year of monthly and trial runs). */
    runs: { type: 'string', default: '100' },
    out: { type: 'string' },
  },
});
const CLIENTS = Number(values.clients);
const DURATION_MS = Number(values.minutes) * 60_000;
const INTERVAL_MS = Number(values.interval) * 1000;
const WARM_UP_MS = Math.min(60_000, DURATION_MS / 4);
const MAX_SLOPE_MB_PER_MIN = 1.5;
const MAX_GROWTH_MB = 25;

interface Memory {
  rss: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
}
interface Sample extends Memory {
  atMs: number;
  requests: number;
  errors: number;
}

const MB = 2 ** 20;
const mb = (bytes: number) => Math.round((bytes / MB) * 10) / 10;

/** The server as `npm start` runs it (demo mode, in memory), with --expose-gc and an IPC channel for the probe. */
async function startServer(): Promise<{ child: ChildProcess; url: string; tokens: Map<string, { role: string; token: string }> }> {
  const child = spawn(process.execPath, ['--expose-gc', 'bin/skillfund.mjs', 'serve', '--in-memory', '--port', '0', '--quiet'], {
    cwd: REPO_ROOT,
    env: { ...process.env, LC_ALL: 'en_US.UTF-8', SKILLFUND_SOAK: '1', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let output = '';
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const tokens = new Map<string, { role: string; token: string }>();
  const url = await new Promise<string>((resolve, reject) => {
    let found: string | undefined;
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      found ??= /local service on (http:\/\/[^\s]+)/.exec(output)?.[1];
      // Demo tokens: "  <label>  <role>  <jwt>", the last one printed is the admin's.
      for (const match of output.matchAll(/^\s+(.+?)\s+(finance|policy|school|admin)\s+(ey[\w-]+\.[\w-]+\.[\w-]+)\s*$/gm)) tokens.set(match[1]!.trim(), { role: match[2]!, token: match[3]! });
      if (found && [...tokens.values()].some((t) => t.role === 'admin')) resolve(found);
    });
    child.once('exit', (code) => reject(new Error(`the server exited (${code}):\n${output}`)));
    setTimeout(() => reject(new Error(`the server did not start within 120 s:\n${output}`)), 120_000).unref();
  });
  return { child, url, tokens };
}

/** GC in the server, then its memory. */
function probe(child: ChildProcess): Promise<Memory> {
  const id = Math.random();
  return new Promise((resolve, reject) => {
    const onMessage = (message: Memory & { type?: string; id?: number }) => {
      if (message.type !== 'memory' || message.id !== id) return;
      child.off('message', onMessage);
      resolve(message);
    };
    child.on('message', onMessage);
    child.send({ type: 'gc', id }, (error) => error && reject(error));
  });
}

function slopePerMinute(points: Array<{ x: number; y: number }>): number {
  const n = points.length;
  if (n < 2) return 0;
  const mx = points.reduce((s, p) => s + p.x, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  const sxy = points.reduce((s, p) => s + (p.x - mx) * (p.y - my), 0);
  const sxx = points.reduce((s, p) => s + (p.x - mx) ** 2, 0);
  return sxx === 0 ? 0 : (sxy / sxx) * 60_000;
}

const { child, url, tokens } = await startServer();
const stop = () => child.kill('SIGTERM');
process.once('SIGINT', () => {
  stop();
  process.exit(130);
});
try {
  const users = [...tokens.values()];
  const finance = users.find((u) => u.role === 'finance')!.token;
  const get = async (path: string, token: string) => {
    const response = await fetch(url + path, { headers: { authorization: `Bearer ${token}` } });
    const body = await response.arrayBuffer();
    return { status: response.status, body };
  };
  // The listings read pages of runs: make them first, as a year of runs would have.
  const demoRequest = (JSON.parse(Buffer.from((await get('/runs?limit=1', finance)).body).toString()).items as Array<{ request: Record<string, unknown> }>)[0]!.request;
  for (let i = 0; i < Number(values.runs); i++) {
    const response = await fetch(url + '/runs', { method: 'POST', headers: { authorization: `Bearer ${finance}`, 'content-type': 'application/json' }, body: JSON.stringify({ ...demoRequest, envelope: { policy: 'cap', budget: String(80_000_000 + i * 1000) } }) });
    if (response.status !== 201) throw new Error(`making run ${i}: ${response.status} ${await response.text()}`);
  }
  const runs = JSON.parse(Buffer.from((await get('/runs?limit=500', finance)).body).toString()).items as Array<{ runId: string; approved: boolean }>;
  // The seeded demo run is the approved one: the only run school users may read.
  const runId = runs.find((run) => run.approved)?.runId;
  if (!runId) throw new Error('the demo data has no run');
  const schoolIds = (JSON.parse(Buffer.from((await get(`/runs/${runId}`, finance)).body).toString()).schools as Array<{ schoolId: string }>).map((s) => s.schoolId);
  const schoolUsers = [...tokens.entries()].filter(([, u]) => u.role === 'school').map(([label, u]) => ({ schoolId: label.replace(/^学校\s+/, ''), token: u.token }));

  /** Statements and listings, as finance officers and schools read them. */
  const requests: Array<() => [string, string]> = [
    () => [`/runs/${runId}/schools/${schoolIds[Math.floor(Math.random() * schoolIds.length)]}`, finance],
    () => [`/runs/${runId}/schools/${schoolIds[Math.floor(Math.random() * schoolIds.length)]}?lang=en`, finance],
    () => ['/runs?limit=50', finance],
    () => ['/runs?limit=500', finance],
    () => [`/runs/${runId}`, finance],
    () => ['/datasets?limit=50', finance],
    () => ['/audit?limit=50', finance],
    () => {
      const school = schoolUsers[Math.floor(Math.random() * schoolUsers.length)]!;
      return Math.random() < 0.5 ? ['/runs', school.token] : [`/runs/${runId}/schools/${school.schoolId}`, school.token];
    },
  ];

  const started = Date.now();
  let requestsDone = 0;
  let errors = 0;
  const failures = new Map<string, number>();
  const latencies: number[] = [];
  const samples: Sample[] = [];
  const sample = async () => {
    const memory = await probe(child);
    samples.push({ atMs: Date.now() - started, requests: requestsDone, errors, rss: memory.rss, heapUsed: memory.heapUsed, external: memory.external, arrayBuffers: memory.arrayBuffers });
    const last = samples.at(-1)!;
    console.log(`${(last.atMs / 1000).toFixed(0).padStart(4)} s  rss ${mb(last.rss).toFixed(1).padStart(6)} MB  heap ${mb(last.heapUsed).toFixed(1).padStart(6)} MB  external ${mb(last.external).toFixed(1).padStart(5)} MB  requests ${String(last.requests).padStart(7)}  errors ${last.errors}`);
  };
  await sample();
  const sampler = setInterval(() => void sample(), INTERVAL_MS);
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (Date.now() - started < DURATION_MS) {
        const [path, token] = requests[Math.floor(Math.random() * requests.length)]!();
        const begin = performance.now();
        try {
          const { status } = await get(path, token);
          if (status !== 200) {
            errors++;
            const key = `${status} ${path.replace(/run-[\w-]+/, 'RUN').replace(/schools\/[^?]+/, 'schools/ID')}`;
            failures.set(key, (failures.get(key) ?? 0) + 1);
          }
        } catch (error) {
          errors++;
          const key = `failed: ${(error as Error).message}`;
          failures.set(key, (failures.get(key) ?? 0) + 1);
        }
        latencies.push(performance.now() - begin);
        if (latencies.length > 200_000) latencies.splice(0, 100_000);
        requestsDone++;
      }
    }),
  );
  clearInterval(sampler);
  await sample();

  const afterWarmUp = samples.filter((s) => s.atMs >= WARM_UP_MS);
  const points = afterWarmUp.map((s) => ({ x: s.atMs, y: s.rss / MB }));
  const slope = slopePerMinute(points);
  const firstMinute = afterWarmUp.filter((s) => s.atMs < WARM_UP_MS + 60_000).map((s) => s.rss / MB);
  const lastMinute = afterWarmUp.filter((s) => s.atMs > samples.at(-1)!.atMs - 60_000).map((s) => s.rss / MB);
  const growth = median(lastMinute) - median(firstMinute);
  const growing = slope > MAX_SLOPE_MB_PER_MIN && growth > MAX_GROWTH_MB;
  const summary = {
    clients: CLIENTS,
    minutes: DURATION_MS / 60_000,
    requests: requestsDone,
    errors,
    requestsPerSecond: Math.round(requestsDone / (DURATION_MS / 1000)),
    latencyMs: { p50: Math.round(percentile(latencies, 50)), p99: Math.round(percentile(latencies, 99)) },
    rssMb: { start: mb(samples[0]!.rss), afterWarmUp: Math.round(median(firstMinute) * 10) / 10, end: Math.round(median(lastMinute) * 10) / 10, max: mb(Math.max(...samples.map((s) => s.rss))) },
    slopeMbPerMinute: Math.round(slope * 100) / 100,
    growthMb: Math.round(growth * 10) / 10,
    failures: Object.fromEntries(failures),
    verdict: growing ? 'FAIL: RSS after GC keeps growing' : 'ok: RSS after GC is flat',
    samples: samples.map((s) => ({ s: Math.round(s.atMs / 1000), rssMb: mb(s.rss), heapMb: mb(s.heapUsed), externalMb: mb(s.external), requests: s.requests })),
  };
  if (values.out) writeFileSync(values.out, JSON.stringify(summary, null, 1));
  const { samples: _samples, ...headline } = summary;
  console.log(JSON.stringify(headline, null, 1));
  process.exitCode = growing || errors > 0 ? 1 : 0;
} finally {
  stop();
}
