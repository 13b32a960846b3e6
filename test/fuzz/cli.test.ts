import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { run as allocate } from '../../cli/commands/allocate';
import { run as validate } from '../../cli/commands/validate';
import { toPath } from '../../domain/problems';
import { leakIn, FuzzTally } from '../reliability/support/errors';
import { REPO_ROOT } from '../support/api';
import { allPaths, brokenWorkbook, csvFile, jsonFile, randomBytesFile, sampleRuleSetJson, sampleWorkbook, withValueAt, wrongValuesFor, type BadFile } from './inputs';

/**
 * Hostile files through `skillfund allocate|validate`, in process (the commands' run(argv)): every input ends in
 * exit 0 with a result or exit 1 with "error:" and problems that name a row, the file or a JSON path — never a
 * thrown error, a stack trace or a hang.
 */
const tally = new FuzzTally();
const dir = mkdtempSync(join(tmpdir(), 'skillfund-fuzz-'));
const rules = join(REPO_ROOT, 'data/rules-hlj-2026.json');
let counter = 0;

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command in process with stdout/stderr captured. */
async function capture(command: (argv: string[]) => Promise<number>, argv: string[]): Promise<Outcome> {
  let stdout = '';
  let stderr = '';
  const log = vi.spyOn(console, 'log').mockImplementation((...parts) => void (stdout += parts.join(' ') + '\n'));
  const error = vi.spyOn(console, 'error').mockImplementation((...parts) => void (stderr += parts.join(' ') + '\n'));
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((stdout += String(chunk)), true));
  try {
    return { code: await command(argv), stdout, stderr };
  } finally {
    log.mockRestore();
    error.mockRestore();
    write.mockRestore();
  }
}

function fileFor(file: BadFile): string {
  const path = join(dir, `${counter++}-${file.fileName}`);
  writeFileSync(path, file.bytes);
  return path;
}

/** Exit 1 must come with a problem list naming where; exit 0 with a result. */
function expectHandled(outcome: Outcome, context: string): void {
  const where = `${context}\nexit ${outcome.code}\n${outcome.stderr.slice(0, 600)}`;
  expect([0, 1], where).toContain(outcome.code);
  expect(leakIn(outcome.stderr), where).toBeUndefined();
  if (outcome.code === 1) {
    expect(outcome.stderr, where).toMatch(/^(错误：|error: )/);
    expect(outcome.stderr, where).toMatch(/第 \d+ 行|文件|row \d+|file|\.(csv|xlsx|json|txt|xls)|sheet|format|JSON|\w+(\[\d+\])?\.\w+/);
  } else {
    expect(outcome.stdout.trim() === 'ok' || typeof JSON.parse(outcome.stdout) === 'object', where).toBe(true);
  }
}

let workbook: Uint8Array;
beforeAll(async () => {
  workbook = await sampleWorkbook();
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  tally.print('CLI');
});

describe('skillfund allocate on hostile enrolment files', () => {
  const cases: [string, () => fc.Arbitrary<BadFile>, number][] = [
    ['random bytes', () => randomBytesFile, 150],
    ['CSV: encodings, ragged rows, formulas, huge/negative/fractional counts, unknown codes, duplicates', () => csvFile, 250],
    ['XLSX: truncated, corrupted, spliced', () => brokenWorkbook(workbook), 120],
    ['JSON: wrong shapes and types', () => jsonFile, 150],
  ];
  for (const [name, arbitrary, numRuns] of cases) {
    it(name, async () => {
      await fc.assert(
        fc.asyncProperty(arbitrary(), fc.boolean(), async (file, excludeInvalid) => {
          tally.add(`allocate --enrollment (${name.split(':')[0]})`);
          const path = fileFor(file);
          const outcome = await capture(allocate, ['--rules', rules, '--enrollment', path, ...(excludeInvalid ? ['--exclude-invalid'] : [])]);
          expectHandled(outcome, `${file.kind} ${path}`);
        }),
        { numRuns, seed: 7 },
      );
    });
  }

  it('validate names the row of every bad CSV line', async () => {
    await fc.assert(
      fc.asyncProperty(csvFile, async (file) => {
        tally.add('validate --enrollment (CSV)');
        expectHandled(await capture(validate, ['--rules', rules, '--enrollment', fileFor(file)]), file.kind);
      }),
      { numRuns: 100, seed: 11 },
    );
  });

  it('a bad budget or envelope policy is exit 1 naming the option', async () => {
    const good = fileFor({ kind: 'csv', fileName: 'ok.csv', bytes: new TextEncoder().encode('学校代码,学校名称,学校类型,办学性质,专业代码,班级类型,在校生数\n2301001,哈尔滨技师学院,技师学院,公办,0101,中级工班,120\n') });
    for (const argv of [['--budget', '-5'], ['--budget', '1e400'], ['--budget', 'abc'], ['--budget', '100.001'], ['--envelope-policy', 'exact'], ['--envelope-policy', 'all'], ['--format', 'pdf']]) {
      tally.add('allocate options');
      const outcome = await capture(allocate, ['--rules', rules, '--enrollment', good, ...argv]);
      expect(outcome.code, argv.join(' ') + outcome.stderr).toBe(1);
      expect(outcome.stderr).toMatch(/budget|envelope|format/);
      expect(leakIn(outcome.stderr)).toBeUndefined();
    }
  });
});

describe('skillfund validate on rule sets with a wrong type in every field', () => {
  it('names the path of each wrong value', async () => {
    const document = sampleRuleSetJson();
    const paths = allPaths(document);
    let checked = 0;
    for (const path of paths) {
      const original = path.reduce<any>((node, segment) => node[segment], document);
      for (const wrong of wrongValuesFor(original)) {
        const file = join(dir, `rules-${counter++}.json`);
        writeFileSync(file, JSON.stringify(withValueAt(document, path, wrong)));
        const outcome = await capture(validate, ['--rules', file]);
        tally.add('validate --rules (wrong type per field)');
        // A wrong "source" string (e.g. null for an optional text) may be accepted only if the schema allows it.
        if (outcome.code === 0) continue;
        checked++;
        const shown = toPath(path);
        const parent = toPath(path.slice(0, -1));
        expect(outcome.code).toBe(1);
        expect(leakIn(outcome.stderr)).toBeUndefined();
        expect(outcome.stderr, `${shown} = ${JSON.stringify(wrong)}\n${outcome.stderr}`).toSatisfy((text: string) => text.includes(`  - ${shown}`) || text.includes(`  - ${parent}`) || (parent === '' && text.includes('  - (root)')));
      }
    }
    expect(checked).toBeGreaterThan(paths.length);
  }, 120_000);

  it('refuses files that are not rule-set JSON at all', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.uint8Array({ maxLength: 512 }), fc.jsonValue({ maxDepth: 5 }).map((v) => new TextEncoder().encode(JSON.stringify(v) ?? ''))), async (bytes) => {
        tally.add('validate --rules (random bytes / random JSON)');
        const file = join(dir, `rules-${counter++}.json`);
        writeFileSync(file, bytes);
        const outcome = await capture(validate, ['--rules', file]);
        expect(outcome.code).toBe(1);
        expect(outcome.stderr).toMatch(/^(错误：|error: ).*rules-\d+\.json/);
        expect(leakIn(outcome.stderr)).toBeUndefined();
      }),
      { numRuns: 150, seed: 3 },
    );
  });
});

describe('the real command line', () => {
  const cli = (...argv: string[]) => spawnSync(process.execPath, ['bin/skillfund.mjs', ...argv], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 60_000, env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' } });

  it('exits 1 with the problem, no stack, for a corrupt workbook and for a missing file', () => {
    const corrupt = join(dir, 'corrupt.xlsx');
    writeFileSync(corrupt, workbook.subarray(0, Math.floor(workbook.length / 2)));
    for (const argv of [['allocate', '--rules', rules, '--enrollment', corrupt], ['validate', '--rules', join(dir, 'missing.json')]]) {
      tally.add('child process');
      const result = cli(...argv);
      expect(result.status, result.stderr).toBe(1);
      expect(result.stderr).toMatch(/^(错误：|error: )/);
      expect(leakIn(result.stderr)).toBeUndefined();
      expect(result.stdout).toBe('');
    }
    expect(cli('validate', '--rules', join(dir, 'missing.json')).stderr).toBe(`错误：找不到文件 ${join(dir, 'missing.json')}。\n`);
    expect(cli('validate', '--lang', 'en', '--rules', join(dir, 'missing.json')).stderr).toBe(`error: File not found: ${join(dir, 'missing.json')}.\n`);
  });

  it('exits 0 for the sample files', () => {
    tally.add('child process');
    const result = cli('validate', '--rules', rules, '--enrollment', join(REPO_ROOT, 'data/enrollment-hlj-2026.xlsx'));
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout.trim()).toBe('ok');
  });
});
