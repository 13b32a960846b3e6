/**
 * Where the local API's memory goes in a national seal and run: the service in this process (its embedded dynalite
 * too), the national CSV uploaded in parts, then the seal and the run, with `process.memoryUsage()` and the peak RSS
 * (VmHWM) of each step (reset between steps through /proc/self/clear_refs), and what stays after a full GC (run with `node --expose-gc`).
 * `node --expose-gc bin/run-ts.mjs bench/api-memory.ts [--snapshot]` — a tool, never a test. With --snapshot a heap
 * snapshot is written after the run (under the OS temp dir; open it in Chrome DevTools → Memory).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Session } from 'node:inspector/promises';
import type { HeapProfiler } from 'node:inspector';
import { writeHeapSnapshot } from 'node:v8';
import { startLocalService } from '../functions/local/server';
import { datasetFile, NATIONAL_SCHOOLS, REPO_ROOT } from './dataset';
import { apiRequest } from './http';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const snapshot = process.argv.includes('--snapshot');
/** --allocations: what the run allocated (collected or not), by function, from V8's sampling heap profiler. */
const allocations = process.argv.includes('--allocations');
const collect = (globalThis as { gc?: () => void }).gc;

const mb = (bytes: number) => Math.round(bytes / 2 ** 20);
/** Each step's own peak: Linux resets VmHWM to the current RSS when 5 is written to clear_refs. */
function resetPeak(): void {
  collect?.();
  try {
    writeFileSync('/proc/self/clear_refs', '5');
  } catch {
    // Not Linux, or not allowed: the peaks are then the process's so far.
  }
}
function report(step: string): void {
  const peak = mb(Number(/^VmHWM:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1]) * 1024);
  const now = process.memoryUsage();
  collect?.();
  const kept = process.memoryUsage();
  console.log(
    `${step.padEnd(12)} step's peak RSS ${peak} MB | now RSS ${mb(now.rss)}, heap ${mb(now.heapUsed)}, external ${mb(now.external)} (buffers ${mb(now.arrayBuffers)})` +
      (collect ? ` | after GC: RSS ${mb(kept.rss)}, heap ${mb(kept.heapUsed)}, external ${mb(kept.external)} (buffers ${mb(kept.arrayBuffers)})` : ''),
  );
}

const bytes = readFileSync(await datasetFile(NATIONAL_SCHOOLS, 'csv'));
const quiet = () => {};
report('before');
const service = await startLocalService({ inMemory: true, port: 0, root: REPO_ROOT, log: quiet, requestLog: quiet });
const token = service.demoUsers.find((user) => user.role === 'finance')!.token;
const call = async (method: string, path: string, body?: unknown) => (await apiRequest(service.url, token, method, path, body)).json;
try {
  report('started');
  resetPeak();
  const dataset = await call('POST', '/datasets', { name: 'memory national', fiscalYear: 2026, format: 'csv', fileName: 'national.csv' });
  const PART_BYTES = 5 * 1024 * 1024;
  for (let offset = 0, part = 1; offset < bytes.length; offset += PART_BYTES, part++) {
    await call('POST', `/datasets/${dataset.datasetId}/parts?part=${part}`, bytes.subarray(offset, offset + PART_BYTES));
  }
  report('uploaded');
  resetPeak();
  await call('POST', `/datasets/${dataset.datasetId}/seal`);
  report('sealed');
  resetPeak();
  const session = allocations ? new Session() : undefined;
  if (session) {
    session.connect();
    await session.post('HeapProfiler.startSampling', { samplingInterval: 64 * 1024, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
  }
  const run = await call('POST', '/runs', { ruleSetId: 'hlj-technical-schools', version: 1, datasetId: dataset.datasetId, fiscalYear: 2026, envelope: { policy: 'cap', budget: '30000000000' }, clientKey: 'memory-national' });
  report('run');
  if (session) {
    const { profile } = await session.post('HeapProfiler.stopSampling');
    console.log(topAllocations(profile.head, 25));
    session.disconnect();
  }
  resetPeak();
  await call('GET', `/runs/${run.runId}`);
  report('run read');
  if (snapshot) console.log(`heap snapshot: ${writeHeapSnapshot(join(tmpdir(), `skillfund-api-${process.pid}.heapsnapshot`))}`);
} finally {
  await service.close();
}

/** Bytes allocated by each function itself (not its callees), largest first. */
function topAllocations(head: HeapProfiler.SamplingHeapProfileNode, top: number): string {
  const bySite = new Map<string, number>();
  const walk = (node: HeapProfiler.SamplingHeapProfileNode) => {
    const { functionName, url, lineNumber } = node.callFrame;
    const site = `${functionName || '(anonymous)'} ${url.split('/').slice(-2).join('/')}:${lineNumber + 1}`;
    bySite.set(site, (bySite.get(site) ?? 0) + node.selfSize);
    for (const child of node.children) walk(child);
  };
  walk(head);
  const total = [...bySite.values()].reduce((sum, bytes) => sum + bytes, 0);
  const rows = [...bySite].sort((a, b) => b[1] - a[1]).slice(0, top);
  return [`allocated in the run (sampled): ${mb(total)} MB`, ...rows.map(([site, bytes]) => `  ${String(mb(bytes)).padStart(5)} MB  ${site}`)].join('\n');
}
