import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: plain JavaScript module of the bin, without types
import { CLI_DIR, freshEntry } from '../../bin/cli-build.mjs';

const run = promisify(execFile);
const skillfund = (...args: string[]) => run(process.execPath, ['bin/skillfund.mjs', ...args]);
const currentBuild = () => JSON.parse(readFileSync(join(CLI_DIR, 'current.json'), 'utf8')) as { dir: string; inputs: [string, number][] };

describe('the compiled CLI (bin/cli-build.mjs)', () => {
  it('bundles every command module under cli/commands whole, and the entry without any command', async () => {
    await skillfund('--help');
    const { dir } = currentBuild();
    const commands = readdirSync('cli/commands').filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts'));
    const relativeImport = /(?:from|import)\s*\(?\s*"\.{1,2}\//;
    for (const name of commands) {
      const bundle = join(CLI_DIR, dir, 'commands', name.replace(/\.ts$/, '.mjs'));
      expect(existsSync(bundle), name).toBe(true);
      // Whole: a command loads its one file and node_modules, no chunk shared with the others.
      expect(relativeImport.test(readFileSync(bundle, 'utf8')), name).toBe(false);
    }
    // The entry imports each command's bundle when it is run; the engine, readers and writers are not in it.
    const entry = readFileSync(join(CLI_DIR, dir, 'main.mjs'), 'utf8');
    expect(entry).toContain('import("./commands/allocate.mjs")');
    expect(entry).not.toContain('computeAllocation');
  });

  it('is rebuilt when a source file changed, so a checkout never runs stale code', async () => {
    await skillfund('--help');
    expect(freshEntry()).toBeDefined();
    const before = currentBuild().dir;
    const source = 'domain/fixed.ts';
    expect(currentBuild().inputs.map(([file]) => file)).toContain(source);
    const now = new Date();
    utimesSync(source, now, now);
    expect(freshEntry()).toBeUndefined();
    const { stdout } = await skillfund('--help', '--lang', 'en');
    expect(stdout).toContain('usage: skillfund');
    expect(freshEntry()).toBeDefined();
    expect(currentBuild().dir).not.toBe(before);
  });
});
