import { coded } from '../domain/problems';
import { allocationStream, type AllocationStream } from '../domain/allocate';
import type { AllocationResult } from '../domain/result';
import type { RuleSet } from '../domain/ruleset';
import { envelopeFrom, ENVELOPE_OPTIONS } from './envelope';
import { localeLang } from './lang';
import { CliInputError, formatProblems, formatRowProblems, loadBaseline, loadEnrollment, loadEnrollmentColumns, loadRuleSet, noUsableLines, oneOf, required } from './io';

/** Options every computing command takes: the enrolment file, the envelope, bad-line handling and output. */
export const RUN_OPTIONS = {
  enrollment: { type: 'string' },
  sheet: { type: 'string' },
  ...ENVELOPE_OPTIONS,
  'exclude-invalid': { type: 'boolean' },
  baseline: { type: 'string' },
  lang: { type: 'string' },
  out: { type: 'string' },
} as const;

export const FORMAT_OPTION = { format: { type: 'string' } } as const;

export interface RunOptionValues {
  enrollment?: string;
  sheet?: string;
  budget?: string;
  'envelope-policy'?: string;
  'exclude-invalid'?: boolean;
  baseline?: string;
  lang?: string;
  format?: string;
}

/** The language of the output (statements, headings) and of every message: --lang, else the locale (cli/lang.ts). */
export function languageOf(options: RunOptionValues) {
  return oneOf(options.lang, ['zh', 'en'] as const, '--lang', localeLang());
}

export function outputFormatOf(options: RunOptionValues) {
  return oneOf(options.format, ['json', 'csv', 'xlsx'] as const, '--format', 'json');
}

/** Reads the enrolment and everything the engine needs besides the rule sets, as the engine's input fields. */
export async function engineInputs(options: RunOptionValues, help: string) {
  const path = required(options.enrollment, '--enrollment', help);
  const enrollment = await loadEnrollment(path, options.sheet);
  return { lines: enrollment.lines, ...(await otherInputs(path, enrollment, options)) };
}

/** As engineInputs, the lines as columns (no object per line: what allocate reads). */
export async function engineColumnInputs(options: RunOptionValues, help: string) {
  const path = required(options.enrollment, '--enrollment', help);
  const enrollment = await loadEnrollmentColumns(path, options.sheet);
  return { enrollment: enrollment.columns, ...(await otherInputs(path, enrollment, options)) };
}

async function otherInputs(path: string, enrollment: Parameters<typeof noUsableLines>[1] & { hash: string }, options: RunOptionValues) {
  const empty = noUsableLines(path, enrollment);
  if (empty) throw empty;
  return {
    readerProblems: enrollment.problems,
    envelope: envelopeFrom(options),
    excludeInvalid: options['exclude-invalid'] ?? false,
    enrollmentHash: enrollment.hash,
    ...(options.baseline ? { baseline: await loadBaseline(options.baseline, languageOf(options)) } : {}),
  };
}

export const BASELINE_HELP = `  --baseline RESULT.json   an earlier allocate result (JSON): the baseline of the rule set's year-on-year
                           protection (SPEC §7); without it a rule set's protection is not applied`;

/** Loads --rules and the enrolment and allocates, or fails listing every problem; schools are made as they are walked. */
export async function allocationFromFiles(options: RunOptionValues & { rules?: string }, help: string): Promise<{ ruleSet: RuleSet; stream: AllocationStream }> {
  const ruleSet = await loadRuleSet(required(options.rules, '--rules', help));
  const outcome = allocationStream({ ruleSet, ...(await engineColumnInputs(options, help)) });
  if (!outcome.ok) throw new CliInputError(coded('nothing_computed'), [...formatProblems(outcome.problems, languageOf(options)), ...formatRowProblems(outcome.rowProblems)]);
  return { ruleSet, stream: outcome.stream };
}

/** As allocationFromFiles, with every school made. */
export async function allocateFromFiles(options: RunOptionValues & { rules?: string }, help: string): Promise<{ ruleSet: RuleSet; result: AllocationResult }> {
  const { ruleSet, stream } = await allocationFromFiles(options, help);
  return { ruleSet, result: { summary: stream.summary, schools: [...stream.schools()], excluded: stream.excluded } };
}
