import { open, readFile, stat, writeFile } from 'node:fs/promises';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { RowProblem } from '../domain/enrollment';
import { readBaseline, type Baseline } from '../domain/baseline';
import { coded, type Coded, type Problem } from '../domain/problems';
import { validateRuleSet, type RuleSet } from '../domain/ruleset';
import { columnsOf } from '../domain/enrollment-columns';
import { detectFormat, readEnrollment, readEnrollmentColumnPieces, readEnrollmentPieces, type ReadEnrollmentColumnsOutcome, type ReadEnrollmentOutcome } from '../formats/enrollment-reader';
import { MAX_FILE_BYTES } from '../formats/raw-table';
import { FIELD_NAMES, nameOf } from '../messages/enums';
import { render, type Lang } from '../messages/index';
import { cliLang, langInArgv, localeLang, useLang } from './lang';
import { inexactNumberProblems } from '../domain/exact-json';

/** Raised for anything the user must fix; the command prints it, every problem under it, and exits 1. */
export class CliInputError extends Error {
  constructor(
    /** What went wrong, as a catalogue code (messages/cli.ts) rendered in the CLI's language. */
    readonly text: Coded,
    readonly problems: string[] = [],
  ) {
    super(text.code);
  }
}

type Options = NonNullable<ParseArgsConfig['options']>;

/** The command a help text is for ("usage: skillfund allocate …"), to point at its --help. */
function commandOf(help: string): string {
  return /usage: skillfund (\S+)/.exec(help)?.[1] ?? '';
}

/** parseArgs' refusal as a catalogue code; its own text is English and names the option in a fixed form. */
function optionProblem(error: Error & { code?: string }): Coded {
  const quoted = /'([^']+)'/.exec(error.message)?.[1] ?? '';
  if (error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return coded('cli_unknown_option', { option: quoted });
  if (error.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') return coded('cli_option_value_missing', { option: quoted.split(' ')[0]! });
  if (error.code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') return coded('cli_unexpected_argument', { argument: quoted });
  return coded('cli_option_invalid', { detail: error.message });
}

/**
 * Parses options; `--help` prints the help text and returns undefined. Every command takes `--lang zh|en`, which
 * chooses the language of what it says (cli/lang.ts) from here on.
 */
export function parseOptions<T extends Options>(argv: string[], options: T, help: string) {
  useLang(langInArgv(argv));
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: { lang: { type: 'string' }, ...options, help: { type: 'boolean', short: 'h' } }, strict: true, allowPositionals: false });
  } catch (error) {
    throw new CliInputError(optionProblem(error as Error), [render(coded('cli_see_help', { command: commandOf(help) }), cliLang())]);
  }
  const values = parsed.values as { help?: boolean; lang?: string };
  useLang(oneOf(values.lang, ['zh', 'en'] as const, '--lang', localeLang()));
  if (values.help) {
    console.log(help);
    return undefined;
  }
  return parsed.values as { [K in keyof T]?: T[K]['type'] extends 'boolean' ? boolean : string };
}

export function required(value: string | undefined, flag: string, help: string): string {
  if (!value) throw new CliInputError(coded('cli_option_required', { flag }), [render(coded('cli_see_help', { command: commandOf(help) }), cliLang())]);
  return value;
}

export function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], flag: string, fallback: T): T {
  if (value === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(value)) throw new CliInputError(coded('cli_option_not_one_of', { flag, allowed, value }));
  return value as T;
}

/** Why a file could not be read, as a person would say it: 找不到文件 …, not ENOENT. */
export function fileProblem(path: string, error: unknown): Coded {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return coded('file_not_found', { path });
  if (code === 'EISDIR') return coded('file_is_directory', { path });
  if (code === 'EACCES' || code === 'EPERM') return coded('file_not_permitted', { path });
  return coded('file_not_readable', { path, reason: code ?? String((error as Error).message ?? error) });
}

async function readBytes(path: string): Promise<Uint8Array> {
  try {
    return await readFile(path);
  } catch (error) {
    throw new CliInputError(fileProblem(path, error));
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
    return { problems: [`${render(coded('json_file_invalid', { path }))} ${(error as Error).message}`] };
  }
  const inexact = inexactNumberProblems(text);
  const validation = validateRuleSet(json);
  const problems = formatProblems([...inexact, ...(validation.ok ? [] : validation.problems)]);
  return validation.ok && !problems.length ? { ruleSet: validation.ruleSet, problems } : { problems };
}

export async function loadRuleSet(path: string): Promise<RuleSet> {
  const { ruleSet, problems } = await readRuleSet(path);
  if (!ruleSet) throw new CliInputError(coded('rule_set_file_invalid', { path }), problems);
  return ruleSet;
}

/**
 * Reads an enrolment file. A CSV is read in pieces as it comes off the disk (readEnrollmentPieces), so its size is
 * bounded by the engine's memory, not by holding the file: 30,000 schools (3.6 M lines, 378 MB) stay within 1 GB.
 * Other formats, and a CSV that is not plain (quoted cells, CR line breaks, UTF-16), are read whole, up to
 * MAX_FILE_BYTES.
 */
export async function loadEnrollment(path: string, sheet?: string): Promise<ReadEnrollmentOutcome> {
  const streamed = await streamedCsv(path, (pieces, fileBytes) => readEnrollmentPieces(pieces, { fileBytes }));
  if (streamed) return streamed;
  const read = await readWhole(path, sheet);
  printNotices(read.notices);
  return read;
}

/** As loadEnrollment, the lines as columns (domain/enrollment-columns.ts): what allocate hands the engine. */
export async function loadEnrollmentColumns(path: string, sheet?: string): Promise<ReadEnrollmentColumnsOutcome> {
  const streamed = await streamedCsv(path, (pieces, fileBytes) => readEnrollmentColumnPieces(pieces, { fileBytes }));
  if (streamed) return streamed;
  const { lines, ...read } = await readWhole(path, sheet);
  printNotices(read.notices);
  return { ...read, columns: columnsOf(lines) };
}

/** A plain CSV read in pieces by `read`; undefined when the file must be read whole (another format, quoted cells…). */
async function streamedCsv<T extends { notices: Coded[] }>(path: string, read: (pieces: () => AsyncIterable<Uint8Array>, fileBytes: number) => Promise<T | { notPlain: string }>): Promise<T | undefined> {
  const size = await fileSize(path);
  const head = await readHead(path, 64);
  if (detectFormat(head, { fileName: path }) !== 'csv' || size === 0) return undefined;
  const streamed = await read(() => filePieces(path), size);
  if (!('notPlain' in streamed)) {
    printNotices(streamed.notices);
    return streamed;
  }
  if (size > MAX_FILE_BYTES) {
    throw new CliInputError(coded('csv_too_large_not_plain', { path, megabytes: Math.round(size / 2 ** 20), maximum: MAX_FILE_BYTES / 2 ** 20 }), [render({ code: streamed.notPlain }, cliLang())]);
  }
  return undefined;
}

/** Bytes read into each piece; the same buffer holds every piece, so its memory is touched once, not once per piece. */
const PIECE_BYTES = 1 << 20;

/**
 * The file's bytes in pieces, each valid until the next is asked for (the readers copy what they keep). A new buffer
 * per piece, as a read stream makes, cost a page fault per 4 KB of the file, more than hashing the bytes.
 */
async function* filePieces(path: string): AsyncGenerator<Uint8Array> {
  let file;
  try {
    file = await open(path, 'r');
  } catch (error) {
    throw new CliInputError(fileProblem(path, error));
  }
  try {
    const buffer = Buffer.allocUnsafe(PIECE_BYTES);
    for (;;) {
      const { bytesRead } = await file.read(buffer, 0, PIECE_BYTES, null);
      if (bytesRead === 0) return;
      yield buffer.subarray(0, bytesRead);
    }
  } finally {
    await file.close();
  }
}

async function readWhole(path: string, sheet: string | undefined): Promise<ReadEnrollmentOutcome> {
  const bytes = await readBytes(path);
  return readEnrollment(bytes, { fileName: path, ...(sheet ? { sheet } : {}) });
}

async function fileSize(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch (error) {
    throw new CliInputError(fileProblem(path, error));
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

/**
 * A file that gives no usable line is an error, as the API's 422 says (a header without rows would otherwise
 * allocate nothing and exit 0). Undefined when there are lines.
 */
export function noUsableLines(path: string, enrollment: { problems: RowProblem[] } & ({ lines: unknown[] } | { columns: { length: number } })): CliInputError | undefined {
  if (('lines' in enrollment ? enrollment.lines : enrollment.columns).length) return undefined;
  const reason = enrollment.problems.length ? coded('enrollment_no_usable_line_problems', { path, count: enrollment.problems.length }) : coded('enrollment_no_data_rows', { path });
  return new CliInputError(reason, formatRowProblems(enrollment.problems));
}

export function formatProblems(problems: Problem[], lang: Lang = cliLang()): string[] {
  return problems.map((p) => `${p.path}: ${render(p, lang)}`);
}

/** Reads a JSON file, or explains why it cannot. */
export async function loadJson(path: string): Promise<unknown> {
  const text = new TextDecoder().decode(await readBytes(path));
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CliInputError(coded('json_file_invalid', { path }), [(error as Error).message]);
  }
}

/** A §4 result used as the baseline of protection (SPEC §7). */
export async function loadBaseline(path: string, lang: Lang = 'zh'): Promise<Baseline> {
  const reading = readBaseline(await loadJson(path));
  if (!reading.ok) throw new CliInputError(coded('baseline_file_invalid', { path }), formatProblems(reading.problems, lang));
  return reading.baseline;
}

/** Coded warnings of a result, one per line on stderr, so that a JSON reader on stdout is not disturbed. */
export function printNotices(notices: readonly Coded[] | undefined, lang: Lang = cliLang()): void {
  for (const notice of notices ?? []) console.error(render(coded('cli_warning', { message: render(notice, lang) }), lang));
}

/** Each row problem as "第 7 行（在校生数）：… [code]" / "row 7 (students): … [code]"; row 0 is the file itself. */
export function formatRowProblems(problems: RowProblem[], lang: Lang = cliLang()): string[] {
  const where = (p: RowProblem) => render(coded(p.row === 0 ? 'cli_where_file' : 'cli_where_row', { row: p.row }), lang);
  const field = (p: RowProblem) => (p.field ? (lang === 'zh' ? `（${nameOf(FIELD_NAMES, p.field, lang)}）` : ` (${nameOf(FIELD_NAMES, p.field, lang)})`) : '');
  return problems.map((p) => `${where(p)}${field(p)}${lang === 'zh' ? '：' : ': '}${render(p, lang)} [${p.code}]`);
}

/** Writes text or bytes to --out, or text to stdout. Binary formats need --out. */
export async function emit(output: string | Uint8Array, out: string | undefined): Promise<void> {
  if (out) {
    try {
      await writeFile(out, output);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new CliInputError(code === 'ENOENT' ? coded('file_not_writable', { path: out, reason: 'ENOENT' }) : coded('file_not_writable', { path: out, reason: code ?? String(error) }));
    }
    return;
  }
  if (typeof output !== 'string') throw new CliInputError(coded('output_needs_file'));
  process.stdout.write(output.endsWith('\n') ? output : `${output}\n`);
}

/** Runs a command body, turning CliInputError into the error listing and exit code 1. */
export async function guarded(body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (error) {
    if (!(error instanceof CliInputError)) throw error;
    const lang = cliLang();
    console.error(render(coded('cli_error', { message: render(error.text, lang) }), lang));
    for (const problem of error.problems) console.error(`  - ${problem}`);
    return 1;
  }
}
