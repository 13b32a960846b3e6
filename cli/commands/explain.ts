import { coded } from '../../domain/problems';
import { explainStatement } from '../../domain/explain';
import { statementText } from '../../messages/statement-text';
import { ENVELOPE_HELP } from '../envelope';
import { render } from '../../messages';
import { CliInputError, emit, guarded, parseOptions, required } from '../io';
import { allocateFromFiles, BASELINE_HELP, languageOf, RUN_OPTIONS } from '../run-inputs';

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
${BASELINE_HELP}
  --exclude-invalid        leave out bad lines instead of refusing the file
  --out FILE               write to FILE instead of stdout`;

export function run(argv: string[]): Promise<number> {
  return guarded(async () => {
    const options = parseOptions(argv, { rules: { type: 'string' }, school: { type: 'string' }, ...RUN_OPTIONS }, HELP);
    if (!options) return 0;
    const lang = languageOf(options);
    const schoolId = required(options.school, '--school', HELP);
    const { ruleSet, result } = await allocateFromFiles(options, HELP);
    const statement = explainStatement(result, schoolId, ruleSet);
    if (statement === undefined) throw new CliInputError(coded('school_not_in_enrollment', { schoolId }));
    await emit(statementText(statement, lang), options.out);
    return 0;
  });
}
