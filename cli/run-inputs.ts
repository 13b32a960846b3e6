import { allocate, allocationStream, type AllocationStream } from '../domain/allocate';
import type { AllocationResult } from '../domain/result';
import type { RuleSet } from '../domain/ruleset';
import { envelopeFrom, ENVELOPE_OPTIONS } from './envelope';
import { CliInputError, formatProblems, formatRowProblems, loadEnrollment, loadRuleSet, oneOf, required } from './io';

/** Options every computing command takes: the enrolment file, the envelope, bad-line handling and output. */
export const RUN_OPTIONS = {
  enrollment: { type: 'string' },
  sheet: { type: 'string' },
  ...ENVELOPE_OPTIONS,
  'exclude-invalid': { type: 'boolean' },
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
  lang?: string;
  format?: string;
}

export function languageOf(options: RunOptionValues) {
  return oneOf(options.lang, ['zh', 'en'] as const, '--lang', 'zh');
}

export function outputFormatOf(options: RunOptionValues) {
  return oneOf(options.format, ['json', 'csv', 'xlsx'] as const, '--format', 'json');
}

/** Reads the enrolment and everything the engine needs besides the rule sets, as the engine's input fields. */
export async function engineInputs(options: RunOptionValues, help: string) {
  const enrollment = await loadEnrollment(required(options.enrollment, '--enrollment', help), options.sheet);
  return {
    lines: enrollment.lines,
    readerProblems: enrollment.problems,
    envelope: envelopeFrom(options),
    excludeInvalid: options['exclude-invalid'] ?? false,
    enrollmentHash: enrollment.hash,
  };
}

/** Loads --rules and the enrolment and allocates, or fails listing every problem. */
export async function allocateFromFiles(options: RunOptionValues & { rules?: string }, help: string): Promise<{ ruleSet: RuleSet; result: AllocationResult }> {
  const ruleSet = await loadRuleSet(required(options.rules, '--rules', help));
  const outcome = allocate({ ruleSet, ...(await engineInputs(options, help)) });
  if (!outcome.ok) throw new CliInputError('nothing was computed', [...formatProblems(outcome.problems), ...formatRowProblems(outcome.rowProblems)]);
  return { ruleSet, result: outcome.result };
}

/** As allocateFromFiles, with the result's schools made as they are written. */
export async function allocationFromFiles(options: RunOptionValues & { rules?: string }, help: string): Promise<{ ruleSet: RuleSet; stream: AllocationStream }> {
  const ruleSet = await loadRuleSet(required(options.rules, '--rules', help));
  const outcome = allocationStream({ ruleSet, ...(await engineInputs(options, help)) });
  if (!outcome.ok) throw new CliInputError('nothing was computed', [...formatProblems(outcome.problems), ...formatRowProblems(outcome.rowProblems)]);
  return { ruleSet, stream: outcome.stream };
}
