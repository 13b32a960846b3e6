#!/usr/bin/env node
// Builds the console when web/dist is missing or older than its sources, so `npm start` always serves
// the console that matches the checkout, and a second start does not rebuild for nothing.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const webRoot = dirname(dirname(fileURLToPath(import.meta.url)));
const repoRoot = dirname(webRoot);
const builtIndex = join(webRoot, 'dist', 'index.html');

function newestMtime(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((newest, name) => Math.max(newest, newestMtime(join(path, name))), stat.mtimeMs);
}

export function consoleIsStale() {
  if (!existsSync(builtIndex)) return true;
  // The console bundles the catalogue and the domain's pure modules too: a changed message must rebuild it.
  const sources = [join(webRoot, 'src'), join(webRoot, 'index.html'), join(webRoot, 'vite.config.ts'), join(repoRoot, 'messages'), join(repoRoot, 'domain')];
  const newestSource = Math.max(...sources.filter(existsSync).map(newestMtime));
  return newestSource > statSync(builtIndex).mtimeMs;
}

export function ensureConsoleBuilt() {
  if (!consoleIsStale()) return false;
  const vite = join(repoRoot, 'node_modules', 'vite', 'bin', 'vite.js');
  const result = spawnSync(process.execPath, [vite, 'build', '--config', join(webRoot, 'vite.config.ts'), '--logLevel', 'warn'], { cwd: repoRoot, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`building the console failed (exit ${result.status})`);
  return true;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  if (ensureConsoleBuilt()) console.log('console built into web/dist');
}
