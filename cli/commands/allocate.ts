import { allocate } from '../../domain/allocate';
import { resultToCsv, resultToXlsx } from '../../formats/result-writer';
import { CliInputError, emit, formatProblems, formatRowProblems, guarded, loadEnrollment, loadRuleSet, oneOf, parseOptions, required } from '../io';
import { envelopeFrom, ENVELOPE_OPTIONS, ENVELOPE_HELP } from '../envelope';

const HELP = `usage: skillfund allocate --rules R.json --enrollment E.(csv|xlsx|json) [options]

Computes every school's entitlement and allocation (SPEC §3) and prints the result (SPEC §4).

options:
  --rules FILE             rule set (skillfund/ruleset@1 JSON)
  --enrollment FILE        enrolment: CSV (UTF-8 or GBK), XLSX or JSON
  --sheet NAME             XLSX sheet to read (default: the first)
${ENVELOPE_HELP}
  --exclude-invalid        compute without bad lines and list them in "excluded" (default: refuse the file)
  --format json|csv|xlsx   output format (default json; xlsx needs --out)
  --lang zh|en             column headings of csv/xlsx (default zh)
  --out FILE               write to FILE instead of stdout
Exit status 1 with every problem listed when an input is bad.`;

export function run(argv: string[]): Promise<number> {
  return guarded(async () => {
    const options = parseOptions(
      argv,
      {
        rules: { type: 'string' },
        enrollment: { type: 'string' },
        sheet: { type: 'string' },
        ...ENVELOPE_OPTIONS,
        'exclude-invalid': { type: 'boolean' },
        format: { type: 'string' },
        lang: { type: 'string' },
        out: { type: 'string' },
      },
      HELP,
    );
    if (!options) return 0;
    const format = oneOf(options.format, ['json', 'csv', 'xlsx'] as const, '--format', 'json');
    const lang = oneOf(options.lang, ['zh', 'en'] as const, '--lang', 'zh');
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
    if (!outcome.ok) {
      throw new CliInputError('nothing was computed', [...formatProblems(outcome.problems), ...formatRowProblems(outcome.rowProblems)]);
    }
    const output =
      format === 'json' ? JSON.stringify(outcome.result, null, 2) : format === 'csv' ? resultToCsv(outcome.result, lang) : await resultToXlsx(outcome.result, lang);
    await emit(output, options.out);
    return 0;
  });
}
