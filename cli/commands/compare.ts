import { compareStream } from '../../domain/compare';
import { comparisonToCsv, comparisonToXlsx } from '../../formats/comparison-writer';
import { ENVELOPE_HELP } from '../envelope';
import { CliInputError, emit, formatProblems, formatRowProblems, guarded, loadRuleSet, parseOptions, required } from '../io';
import { emitJson, StreamedArray } from '../json-output';
import type { LineComparison } from '../../domain/comparison';
import { BASELINE_HELP, engineInputs, FORMAT_OPTION, languageOf, outputFormatOf, RUN_OPTIONS } from '../run-inputs';

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
    const outcome = compareStream({ baseRules, candidateRules, ...(await engineInputs(options, HELP)) }, format !== 'json');
    if (!outcome.ok) {
      throw new CliInputError(`nothing was compared (the ${outcome.side} rule set refused the input)`, [
        ...formatProblems(outcome.problems),
        ...formatRowProblems(outcome.rowProblems),
      ]);
    }
    const { comparison, lines } = outcome.stream;
    if (format === 'json') await emitJson({ ...comparison, lines: movedLines(comparison.summary.linesMoved, lines) }, options.out);
    else await emit(format === 'csv' ? comparisonToCsv(comparison, lang) : await comparisonToXlsx(comparison, lang), options.out);
    return 0;
  });
}

/**
 * The moved lines as JSON.stringify writes them, faster: lines with the same change share one reasons list (by
 * identity), whose text is made once instead of for each of a national comparison's ~320,000 lines.
 */
function movedLines(count: number, lines: () => Iterable<LineComparison>): StreamedArray<LineComparison> {
  const reasonsText = new Map<LineComparison['reasons'], string>();
  return new StreamedArray(count, 0, lines, (line) => {
    const { reasons, ...figures } = line;
    let text = reasonsText.get(reasons);
    if (text === undefined) reasonsText.set(reasons, (text = JSON.stringify(reasons)));
    // reasons is the last key of a line, so the text is JSON.stringify(line)'s.
    return `${JSON.stringify(figures).slice(0, -1)},"reasons":${text}}`;
  });
}
