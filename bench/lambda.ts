import { execFileSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { bundleHandlers } from '../infra/bundle-sizes';
import { median, round } from './measure';

export interface LambdaReport {
  group: string;
  /** index.mjs as deployed (minified, SDK bundled), KiB. */
  bundleKiB: number;
  gzipKiB: number;
  /** Median time to import the bundle in a fresh `node` process: the module-init part of a cold start. */
  initMs: number;
  /** Peak RSS of that process after the import. */
  initRssMb: number;
}

/**
 * Bundles every handler group exactly as `cdk synth` does (infra/bundle-sizes.ts) and loads each bundle in fresh Node
 * processes, timing only the dynamic import (what Lambda spends in INIT before the first event).
 */
export function benchLambdas(imports: number): LambdaReport[] {
  return bundleHandlers().map((bundle) => {
    const samples = Array.from({ length: imports }, () => importOnce(bundle.file));
    return {
      group: bundle.group,
      bundleKiB: round(bundle.jsBytes / 1024),
      gzipKiB: round(bundle.gzipBytes / 1024),
      initMs: round(median(samples.map((s) => s.ms))),
      initRssMb: Math.max(...samples.map((s) => s.rssMb)),
    };
  });
}

const IMPORT_SCRIPT = `
const start = performance.now();
await import(process.argv[1]);
const ms = performance.now() - start;
const { readFileSync } = await import('node:fs');
const peakKiB = Number(/^VmHWM:\\s+(\\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? process.resourceUsage().maxRSS);
console.log(JSON.stringify({ ms, rssMb: Math.round(peakKiB / 1024) }));`;

function importOnce(file: string): { ms: number; rssMb: number } {
  const output = execFileSync(process.execPath, ['--input-type=module', '-e', IMPORT_SCRIPT, pathToFileURL(file).href], {
    encoding: 'utf8',
    // The handlers read their table name and region at init, as in Lambda.
    env: { ...process.env, TABLE_NAME: 'skillfund-bench', AWS_REGION: 'us-east-1', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  });
  return JSON.parse(output.trim().split('\n').pop()!) as { ms: number; rssMb: number };
}
