import { allocate } from '../../domain/allocate';
import { explainSchool } from '../../domain/explain';
import { envelopeFrom, ENVELOPE_HELP, ENVELOPE_OPTIONS } from '../envelope';
import { CliInputError, emit, formatProblems, formatRowProblems, guarded, loadEnrollment, loadRuleSet, oneOf, parseOptions, required } from '../io';

const HELP = `usage: skillfund explain --rules R.json --enrollment E --school ID [--lang zh|en] [options]

Prints one school's statement: every line's standard, band, uplifts and amount, the envelope
share when a budget scaled it, and the policy clause behind each rule.

options:
  --rules FILE             rule set
  --enrollment FILE        CSV (UTF-8 or GBK), XLSX or JSON
  --sheet NAME             XLSX sheet to read (default: the first)
  --school ID              the school's code (学校代码)
  --lang zh|en             language of the statement (default zh)
${ENVELOPE_HELP}
  --exclude-invalid        leave out bad lines instead of refusing the file
  --out FILE               write to FILE instead of stdout`;

export function run(argv: string[]): Promise<number> {
  return guarded(async () => {
    const options = parseOptions(
      argv,
      {
        rules: { type: 'string' },
        enrollment: { type: 'string' },
        sheet: { type: 'string' },
        school: { type: 'string' },
        lang: { type: 'string' },
        ...ENVELOPE_OPTIONS,
        'exclude-invalid': { type: 'boolean' },
        out: { type: 'string' },
      },
      HELP,
    );
    if (!options) return 0;
    const lang = oneOf(options.lang, ['zh', 'en'] as const, '--lang', 'zh');
    const schoolId = required(options.school, '--school', HELP);
    const ruleSet = await loadRuleSet(required(options.rules, '--rules', HELP));
    const enrollment = await loadEnrollment(required(options.enrollment, '--enrollment', HELP), options.sheet);
    const outcome = allocate({
      ruleSet,
      lines: enrollment.lines,
      readerProblems: enrollment.problems,
      envelope: envelopeFrom(options),
      excludeInvalid: options['exclude-invalid'] ?? false,
      enrollmentHash: enrollment.hash,
    });
    if (!outcome.ok) throw new CliInputError('nothing was computed', [...formatProblems(outcome.problems), ...formatRowProblems(outcome.rowProblems)]);
    const statement = explainSchool(outcome.result, schoolId, lang, ruleSet);
    if (statement === undefined) throw new CliInputError(`school "${schoolId}" is not in the enrolment`);
    await emit(statement, options.out);
    return 0;
  });
}
