import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { RowProblem } from '../domain/enrollment';
import type { Problem } from '../domain/problems';
import { validateRuleSet, type RuleSet } from '../domain/ruleset';
import { readEnrollment } from '../formats/enrollment-reader';
import { inexactNumberProblems } from '../domain/exact-json';

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

/**
 * Reads a rule-set file and lists every problem at once: the numbers JSON would round (found in the file's text,
 * since JSON.parse has already rounded them: 6000.0000000000001 reads as 6000) and every validation problem.
 */
export async function readRuleSet(path: string): Promise<{ ruleSet?: RuleSet; problems: string[] }> {
  const text = new TextDecoder().decode(await readBytes(path));
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { problems: [`${path} is not valid JSON: ${(error as Error).message}`] };
  }
  const inexact = inexactNumberProblems(text);
  const validation = validateRuleSet(json);
  const problems = formatProblems([...inexact, ...(validation.ok ? [] : validation.problems)]);
  return validation.ok && !problems.length ? { ruleSet: validation.ruleSet, problems } : { problems };
}

export async function loadRuleSet(path: string): Promise<RuleSet> {
  const { ruleSet, problems } = await readRuleSet(path);
  if (!ruleSet) throw new CliInputError(`${path}: the rule set is invalid`, problems);
  return ruleSet;
}

export async function loadEnrollment(path: string, sheet?: string) {
  const bytes = await readBytes(path);
  return readEnrollment(bytes, { fileName: path, ...(sheet ? { sheet } : {}) });
}

/**
 * A file that gives no usable line is an error, as the API's 422 says (a header without rows would otherwise
 * allocate nothing and exit 0). Undefined when there are lines.
 */
export function noUsableLines(path: string, enrollment: { lines: unknown[]; problems: RowProblem[] }): CliInputError | undefined {
  if (enrollment.lines.length) return undefined;
  const why = enrollment.problems.length ? `${enrollment.problems.length} problem(s)` : 'it has a header but no data rows';
  return new CliInputError(`${path}: the file gives no usable enrolment line (${why})`, formatRowProblems(enrollment.problems));
}

export function formatProblems(problems: Problem[]): string[] {
  return problems.map((p) => `${p.path}: ${p.message}`);
}

export function formatRowProblems(problems: RowProblem[]): string[] {
  return problems.map((p) => `${p.row === 0 ? 'file' : `row ${p.row}`}${p.field ? ` (${p.field})` : ''}: ${p.message} [${p.reason}]`);
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
