import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { App, type CfnResource } from 'aws-cdk-lib';
import type { HandlerGroup } from '../functions/routes';
import { DEFAULT_HANDLERS_DIR } from './repo-paths';
import { SkillfundStack } from './skillfund-stack';

export interface BundleSize {
  group: HandlerGroup;
  /** The bundled handler (index.mjs) as Lambda loads it. */
  file: string;
  jsBytes: number;
  gzipBytes: number;
  mapBytes: number;
}

/**
 * Bundles every handler exactly as `cdk synth` does (same NodejsFunction, same esbuild options, local esbuild)
 * and measures the output, so the sizes reported are the sizes deployed.
 */
export function bundleHandlers(handlersDir: string = DEFAULT_HANDLERS_DIR): BundleSize[] {
  const outdir = mkdtempSync(join(tmpdir(), 'skillfund-bundles-'));
  const app = new App({ outdir, context: { 'aws:cdk:enable-asset-metadata': true } });
  const stack = new SkillfundStack(app, 'Bundles', {
    stage: 'dev',
    handlersDir,
    consoleDistDir: join(outdir, 'no-console'),
  });
  app.synth();
  return [...stack.handlers.byGroup].map(([group, fn]) => {
    const assetDir = (fn.node.defaultChild as CfnResource).getMetadata('aws:asset:path') as string | undefined;
    if (!assetDir) throw new Error(`no bundled asset recorded for ${group}`);
    const file = join(outdir, assetDir, 'index.mjs');
    const js = readFileSync(file);
    return {
      group,
      file,
      jsBytes: js.length,
      gzipBytes: gzipSync(js).length,
      mapBytes: statSync(`${file}.map`).size,
    };
  });
}

function formatTable(sizes: BundleSize[]): string {
  const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`.padStart(12);
  const rows = sizes.map((s) => `${s.group.padEnd(12)}${kib(s.jsBytes)}${kib(s.gzipBytes)}${kib(s.mapBytes)}`);
  return [`${'group'.padEnd(12)}${'index.mjs'.padStart(12)}${'gzip'.padStart(12)}${'.map'.padStart(12)}`, ...rows].join('\n');
}

// `npx tsx infra/bundle-sizes.ts [--json] [handlersDir]`
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2);
  const sizes = bundleHandlers(args.find((arg) => !arg.startsWith('--')) ?? DEFAULT_HANDLERS_DIR);
  console.log(args.includes('--json') ? JSON.stringify(sizes, null, 2) : formatTable(sizes));
}
