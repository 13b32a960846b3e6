#!/usr/bin/env node
// `skillfund`: runs the CLI from its esbuild bundle (bin/cli-build.mjs), built at install and rebuilt here when a
// source file has changed since, so a checkout never runs stale code. Without esbuild (an install without dev
// dependencies) the TypeScript runs through tsx, as `npx skillfund` did before the CLI was compiled.
import { mkdirSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { buildCli, CLI_DIR, freshEntry } from './cli-build.mjs';

let entry = freshEntry();
if (!entry) {
  try {
    mkdirSync(CLI_DIR, { recursive: true });
    entry = await buildCli();
  } catch (error) {
    if (error?.code !== 'ERR_MODULE_NOT_FOUND') throw error;
  }
}
if (entry) {
  await import(pathToFileURL(entry).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../cli/main.ts');
}
