import { coded } from '../../domain/problems';
import { compareStream } from '../../domain/compare';
import { comparisonToCsv, comparisonToXlsx } from '../../formats/comparison-writer';
import { ENVELOPE_HELP } from '../envelope';
import { CliInputError, emit, formatProblems, formatRowProblems, guarded, loadRuleSet, parseOptions, required } from '../io';
import { emitJson, StreamedArray } from '../json-output';
import { movedLinesJson } from '../../formats/comparison-json';
import { BASELINE_HELP, engineColumnInputs, FORMAT_OPTION, languageOf, outputFormatOf, RUN_OPTIONS } from '../run-inputs';

const HELP = `usage: skillfund compare --base R1.json --candidate R2.json --enrollment E [options]

What-if comparison (SPEC §5): both rule sets on the same enrolment and envelope, per school and
overall, with the lines that moved and why, and a structural diff of the two rule sets.

options:
  --base FILE              the rule set in force
  --candidate FILE         the proposed rule set
  --enrollment FILE        CSV (UTF-8 or GBK), XLSX or JSON
  --sheet NAME             XLSX sheet to read (default: the first)
${ENVELOPE_HELP}
${BASELINE_HELP}
  --exclude-invalid        leave out bad lines instead of refusing the file
  --format json|csv|xlsx   output format (default json; xlsx needs --out)
  --lang zh|en             headings of csv/xlsx (default zh)
  --out FILE               write to FILE instead of stdout`;

export function run(argv: string[]): Promise<number> {
  return guarded(async () => {
    const options = parseOptions(argv, { base: { type: 'string' }, candidate: { type: 'string' }, ...RUN_OPTIONS, ...FORMAT_OPTION }, HELP);
    if (!options) return 0;
    const format = outputFormatOf(options);
    const lang = languageOf(options);
    const baseRules = await loadRuleSet(required(options.base, '--base', HELP));
    const candidateRules = await loadRuleSet(required(options.candidate, '--candidate', HELP));
    // JSON is written as the moved lines are made; the spreadsheets read them twice, so they get them all.
    const outcome = compareStream({ baseRules, candidateRules, ...(await engineColumnInputs(options, HELP)) }, format !== 'json');
    if (!outcome.ok) {
      throw new CliInputError(coded('nothing_compared', { side: outcome.side }), [
        ...formatProblems(outcome.problems),
        ...formatRowProblems(outcome.rowProblems),
      ]);
    }
    const { stream } = outcome;
    const { comparison } = stream;
    // A province's few lines are written indented, from the line objects; a nation's as bytes (formats/comparison-json.ts).
    if (format === 'json') await emitJson({ ...comparison, lines: new StreamedArray(comparison.summary.linesMoved, 0, stream.lines, undefined, () => movedLinesJson(stream)) }, options.out);
    else await emit(format === 'csv' ? comparisonToCsv(comparison, lang) : await comparisonToXlsx(comparison, lang), options.out);
    return 0;
  });
}
