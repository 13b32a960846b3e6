/**
 * Where the national seal and run spend their time: the local service in this process (its embedded dynalite too),
 * the national CSV uploaded in parts, then the seal and the run each under the inspector's CPU profiler, summarised by
 * self time. `node bin/run-ts.mjs bench/api-profile.ts [seal|run ...] [--top=N] [--keep]` — a tool, never a test.
 * With --keep the .cpuprofile files stay under the OS temp dir (open them in Chrome DevTools → Performance).
 */
import { Session } from 'node:inspector/promises';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalService } from '../functions/local/server';
import { datasetFile, NATIONAL_SCHOOLS, REPO_ROOT } from './dataset';
import { apiRequest } from './http';
import { summariseProfile } from './profile-summary';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const args = process.argv.slice(2);
const steps = args.filter((arg) => !arg.startsWith('--'));
const wanted = (step: string) => steps.length === 0 || steps.includes(step);
const top = Number(args.find((arg) => arg.startsWith('--top='))?.slice('--top='.length)) || 30;
const keep = args.includes('--keep');
/** --time: the steps timed without the profiler (its sampling costs the step some time). */
const timeOnly = args.includes('--time');

const bytes = readFileSync(await datasetFile(NATIONAL_SCHOOLS, 'csv'));
const quiet = () => {};
const service = await startLocalService({ inMemory: true, port: 0, root: REPO_ROOT, log: quiet, requestLog: quiet });
const token = service.demoUsers.find((user) => user.role === 'finance')!.token;
const call = async (method: string, path: string, body?: unknown) => (await apiRequest(service.url, token, method, path, body)).json;
const session = new Session();
session.connect();
await session.post('Profiler.enable');
const dir = mkdtempSync(join(tmpdir(), 'skillfund-api-profile-'));

async function profiled<T>(step: string, work: () => Promise<T>): Promise<T> {
  if (!wanted(step)) return work();
  if (!timeOnly) await session.post('Profiler.start');
  const started = performance.now();
  const cpuStart = process.cpuUsage();
  const out = await work();
  const ms = performance.now() - started;
  const cpu = process.cpuUsage(cpuStart);
  if (timeOnly) {
    console.log(`${step}: ${Math.round(ms)} ms wall, ${Math.round((cpu.user + cpu.system) / 1000)} ms CPU (all threads), peak RSS so far ${peakRssMb()} MB`);
    return out;
  }
  const { profile } = await session.post('Profiler.stop');
  const file = join(dir, `${step}.cpuprofile`);
  writeFileSync(file, JSON.stringify(profile));
  console.log(`\n${step}: ${Math.round(ms)} ms wall, ${Math.round((cpu.user + cpu.system) / 1000)} ms CPU (all threads), peak RSS so far ${peakRssMb()} MB`);
  console.log(summariseProfile(file, top));
  return out;
}

function peakRssMb(): number {
  return Math.round(Number(/^VmHWM:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1]) / 1024);
}

try {
  const dataset = await call('POST', '/datasets', { name: 'profile national', fiscalYear: 2026, format: 'csv', fileName: 'national.csv' });
  const PART_BYTES = 5 * 1024 * 1024;
  for (let offset = 0, part = 1; offset < bytes.length; offset += PART_BYTES, part++) {
    await call('POST', `/datasets/${dataset.datasetId}/parts?part=${part}`, bytes.subarray(offset, offset + PART_BYTES));
  }
  await profiled('seal', () => call('POST', `/datasets/${dataset.datasetId}/seal`));
  await profiled('run', () =>
    call('POST', '/runs', { ruleSetId: 'hlj-technical-schools', version: 1, datasetId: dataset.datasetId, fiscalYear: 2026, envelope: { policy: 'cap', budget: '30000000000' }, clientKey: 'profile-national' }),
  );
} finally {
  session.disconnect();
  await service.close();
  if (keep) console.log(`\nprofiles: ${dir}`);
  else rmSync(dir, { recursive: true, force: true });
}
