import { createReadStream } from 'node:fs';
import { open, readFile, stat, writeFile } from 'node:fs/promises';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { RowProblem } from '../domain/enrollment';
import { readBaseline, type Baseline } from '../domain/baseline';
import type { Coded, Problem } from '../domain/problems';
import { validateRuleSet, type RuleSet } from '../domain/ruleset';
import { detectFormat, readEnrollment, readEnrollmentPieces, type ReadEnrollmentOutcome } from '../formats/enrollment-reader';
import { MAX_FILE_BYTES } from '../formats/raw-table';
import { FIELD_NAMES, nameOf } from '../messages/enums';
import { render, type Lang } from '../messages/index';

/** Raised for anything the user must fix; the command prints every problem and exits 1. */
export class CliInputError extends Error {
  constructor(
    message: string,
    readonly problems: string[] = [],
  ) {
    super(message);
  }
}

type Options = NonNullable<ParseArgsConfig['options']>;

/** Parses options; `--help` prints the help text and returns undefined. */
export function parseOptions<T extends Options>(argv: string[], options: T, help: string) {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: { ...options, help: { type: 'boolean', short: 'h' } }, strict: true, allowPositionals: false });
  } catch (error) {
    throw new CliInputError(`${(error as Error).message}\n\n${help}`);
  }
  if ((parsed.values as { help?: boolean }).help) {
    console.log(help);
    return undefined;
  }
  return parsed.values as { [K in keyof T]?: T[K]['type'] extends 'boolean' ? boolean : string };
}

export function required(value: string | undefined, flag: string, help: string): string {
  if (!value) throw new CliInputError(`${flag} is required\n\n${help}`);
  return value;
}

export function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], flag: string, fallback: T): T {
  if (value === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(value)) throw new CliInputError(`${flag} must be one of ${allowed.join(', ')}, got "${value}"`);
  return value as T;
}

async function readBytes(path: string): Promise<Uint8Array> {
  try {
    return await readFile(path);
  } catch (error) {
    throw new CliInputError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

export async function loadRuleSet(path: string): Promise<RuleSet> {
  const text = new TextDecoder().decode(await readBytes(path));
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new CliInputError(`${path} is not valid JSON: ${(error as Error).message}`);
  }
  const validation = validateRuleSet(json);
  if (!validation.ok) throw new CliInputError(`${path}: the rule set is invalid`, formatProblems(validation.problems));
  return validation.ruleSet;
}

/**
 * Reads an enrolment file. A CSV is read in pieces as it comes off the disk (readEnrollmentPieces), so its size is
 * bounded by the engine's memory, not by holding the file: 30,000 schools (3.6 M lines, 378 MB) stay within 1 GB.
 * Other formats, and a CSV that is not plain (quoted cells, CR line breaks, UTF-16), are read whole, up to
 * MAX_FILE_BYTES.
 */
export async function loadEnrollment(path: string, sheet?: string): Promise<ReadEnrollmentOutcome> {
  const size = await fileSize(path);
  const head = await readHead(path, 64);
  if (detectFormat(head, { fileName: path }) === 'csv' && size > 0) {
    const streamed = await readEnrollmentPieces(() => createReadStream(path, { highWaterMark: 4 << 20 }));
    if (!('notPlain' in streamed)) return streamed;
    if (size > MAX_FILE_BYTES) {
      throw new CliInputError(
        `${path} is ${(size / 2 ** 20).toFixed(0)} MB and not plain CSV (${streamed.notPlain}): a file over ${MAX_FILE_BYTES / 2 ** 20} MB is read as it comes and must be plain (no quoted cells, LF or CRLF line breaks, UTF-8 or GB18030). Save it again as such, or split it.`,
      );
    }
  }
  const bytes = await readBytes(path);
  return readEnrollment(bytes, { fileName: path, ...(sheet ? { sheet } : {}) });
}

async function fileSize(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch (error) {
    throw new CliInputError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

async function readHead(path: string, length: number): Promise<Uint8Array> {
  const file = await open(path, 'r');
  try {
    const { buffer, bytesRead } = await file.read(Buffer.alloc(length), 0, length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await file.close();
  }
}

export function formatProblems(problems: Problem[], lang: Lang = 'zh'): string[] {
  return problems.map((p) => `${p.path}: ${render(p, lang)}`);
}

/** Reads a JSON file, or explains why it cannot. */
export async function loadJson(path: string): Promise<unknown> {
  const text = new TextDecoder().decode(await readBytes(path));
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CliInputError(`${path} is not valid JSON: ${(error as Error).message}`);
  }
}

/** A §4 result used as the baseline of protection (SPEC §7). */
export async function loadBaseline(path: string, lang: Lang = 'zh'): Promise<Baseline> {
  const reading = readBaseline(await loadJson(path));
  if (!reading.ok) throw new CliInputError(`${path}: not usable as a baseline`, formatProblems(reading.problems, lang));
  return reading.baseline;
}

/** Coded warnings of a result, one per line on stderr, so that a JSON reader on stdout is not disturbed. */
export function printNotices(notices: readonly Coded[] | undefined, lang: Lang = 'zh'): void {
  for (const notice of notices ?? []) console.error(`warning: ${render(notice, lang)}`);
}

export function formatRowProblems(problems: RowProblem[], lang: Lang = 'zh'): string[] {
  const where = (p: RowProblem) => (p.row === 0 ? (lang === 'zh' ? '文件' : 'file') : lang === 'zh' ? `第 ${p.row} 行` : `row ${p.row}`);
  return problems.map((p) => `${where(p)}${p.field ? ` (${nameOf(FIELD_NAMES, p.field, lang)})` : ''}: ${render(p, lang)} [${p.code}]`);
}

/** Writes text or bytes to --out, or text to stdout. Binary formats need --out. */
export async function emit(output: string | Uint8Array, out: string | undefined): Promise<void> {
  if (out) {
    await writeFile(out, output);
    return;
  }
  if (typeof output !== 'string') throw new CliInputError('this format is binary: give --out FILE');
  process.stdout.write(output.endsWith('\n') ? output : `${output}\n`);
}

/** Runs a command body, turning CliInputError into the error listing and exit code 1. */
export async function guarded(body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (error) {
    if (!(error instanceof CliInputError)) throw error;
    console.error(`error: ${error.message}`);
    for (const problem of error.problems) console.error(`  - ${problem}`);
    return 1;
  }
}
