// The compiled CLI: cli/main.ts and every command module bundled by esbuild into dist/cli/<build>/: the entry, which
// imports a command's bundle when that command is run, and one whole bundle per command (what it uses, and only
// that: one file to load, comments and blanks left out). Built by `npm install` (the `prepare` script) and again by
// bin/skillfund.mjs whenever a source file changed since.
//
// Each build goes to its own directory and `dist/cli/current.json` (written last, by rename) names it, so processes
// started while another one builds always import a complete bundle.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const CLI_DIR = join(ROOT, 'dist', 'cli');
const CURRENT = join(CLI_DIR, 'current.json');
/** Builds kept besides the current one, for processes that started on them and still load command chunks. */
const KEPT_BUILDS = 2;

/** The current build's entry and the source files it was made from, with their modification times. */
function current() {
  try {
    return JSON.parse(readFileSync(CURRENT, 'utf8'));
  } catch {
    return undefined;
  }
}

/**
 * The entry of a bundle made from the sources as they are now, or undefined. A stat per source file (about a hundred,
 * well under a millisecond) keeps a checkout where someone edits the TypeScript from running yesterday's bundle.
 */
export function freshEntry() {
  const build = current();
  if (!build) return undefined;
  for (const [file, mtimeMs] of build.inputs) {
    try {
      if (statSync(join(ROOT, file)).mtimeMs !== mtimeMs) return undefined;
    } catch {
      return undefined;
    }
  }
  const entry = join(CLI_DIR, build.dir, 'main.mjs');
  return existsSync(entry) ? entry : undefined;
}

/** Every command module under cli/commands: new commands are bundled without touching this file. */
function commandEntries() {
  const dir = join(ROOT, 'cli', 'commands');
  return readdirSync(dir)
    .filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts') && !name.endsWith('.d.ts'))
    .map((name) => join(dir, name));
}

/**
 * Packages compiled into the bundle. zod is 95 modules as published; loading them one by one cost the start of every
 * command that reads a rule set about 110 ms of CPU, and the part of it the schemas use, bundled, about 40 ms.
 */
const BUNDLED_PACKAGES = new Set(['zod']);

/** Every other bare import (a package, or node:) is left to Node at run time, as esbuild's packages: 'external'. */
const dependenciesOutside = {
  name: 'dependencies-outside',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) => {
      const name = args.path.startsWith('@') ? args.path.split('/').slice(0, 2).join('/') : args.path.split('/')[0];
      return BUNDLED_PACKAGES.has(name) ? undefined : { path: args.path, external: true };
    });
  },
};

/** main.ts's `import('./commands/<name>')` stays an import of that command's own bundle, loaded when it is run. */
const commandsOutside = {
  name: 'commands-outside',
  setup(build) {
    build.onResolve({ filter: /^\.\/commands\/[a-z-]+$/ }, (args) =>
      args.importer === join(ROOT, 'cli', 'main.ts') ? { path: `${args.path}.mjs`, external: true } : undefined,
    );
  },
};

/** Builds the bundle and makes it current; returns its entry. */
export async function buildCli() {
  const { build } = await import('esbuild');
  const dir = `b${Date.now().toString(36)}-${process.pid}`;
  const outdir = join(CLI_DIR, dir);
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: [join(ROOT, 'cli', 'main.ts'), ...commandEntries()],
    outbase: join(ROOT, 'cli'),
    outdir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    // Each command is bundled whole, with no chunks shared between commands: a chunk shared by all of them held
    // what any one needed (all of zod, for one command's JSON schemas), and every command paid for loading it.
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // Dependencies stay in node_modules, loaded as they are, except those named in BUNDLED_PACKAGES.
    plugins: [commandsOutside, dependenciesOutside],
    sourcemap: 'linked',
    // Without comments (some in Chinese, which made V8 read a whole file as two-byte text) and blanks, a command's
    // file is a third smaller; names are kept, so a stack trace still reads.
    minifyWhitespace: true,
    minifySyntax: true,
    metafile: true,
    logLevel: 'warning',
  });
  const inputs = Object.keys(result.metafile.inputs)
    .filter((file) => !file.startsWith('node_modules/'))
    .map((file) => [file, statSync(join(ROOT, file)).mtimeMs]);
  // main.ts's table names the commands; a command file added or removed changes what the build must contain.
  inputs.push([relative(ROOT, join(ROOT, 'cli', 'commands')), statSync(join(ROOT, 'cli', 'commands')).mtimeMs]);
  const temporary = `${CURRENT}.${process.pid}`;
  writeFileSync(temporary, JSON.stringify({ dir, builtAt: new Date().toISOString(), inputs }));
  renameSync(temporary, CURRENT);
  removeOldBuilds(dir);
  return join(outdir, 'main.mjs');
}

function removeOldBuilds(keep) {
  const builds = readdirSync(CLI_DIR, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && entry.name !== keep)
    .map((entry) => ({ name: entry.name, at: statSync(join(CLI_DIR, entry.name)).mtimeMs }))
    .sort((a, b) => b.at - a.at);
  for (const old of builds.slice(KEPT_BUILDS)) rmSync(join(CLI_DIR, old.name), { recursive: true, force: true });
}

// `node bin/cli-build.mjs` (the `prepare` script): build now. Without esbuild (an install without dev
// dependencies) there is nothing to build with; bin/skillfund.mjs then runs the TypeScript through tsx.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  mkdirSync(CLI_DIR, { recursive: true });
  try {
    await import('esbuild');
  } catch {
    console.warn('skillfund: esbuild is not installed; the CLI will run its TypeScript through tsx (slower start)');
    process.exit(0);
  }
  await buildCli();
}
