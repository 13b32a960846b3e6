import { coded } from '../../domain/problems';
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
      throw new CliInputError(coded('nothing_compared', { side: outcome.side }), [
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

/** The keys of a moved line in the order the engine makes them (domain/compare.ts compareLine). */
const LINE_KEYS = ['row', 'schoolId', 'majorCode', 'majorName', 'classType', 'students', 'basePerStudent', 'candidatePerStudent', 'baseEntitlement', 'candidateEntitlement', 'baseAllocation', 'candidateAllocation', 'delta', 'reasons'];

/**
 * The moved lines as JSON.stringify writes them, faster: a national comparison moves ~320,000 lines. Texts that
 * repeat (school ids, major names, each shared reasons list) are escaped once; the figures are canonical decimal
 * texts, which JSON quotes as they are. A line with other keys than these is left to JSON.stringify.
 */
function movedLines(count: number, lines: () => Iterable<LineComparison>): StreamedArray<LineComparison> {
  const known = new Map<unknown, string>();
  const json = (value: unknown) => {
    let text = known.get(value);
    if (text === undefined) known.set(value, (text = JSON.stringify(value)));
    return text;
  };
  const decimal = (text: string | null) => (text === null ? 'null' : `"${text}"`);
  return new StreamedArray(count, 0, lines, (line) => {
    const keys = Object.keys(line);
    if (keys.length !== LINE_KEYS.length || keys.some((key, i) => key !== LINE_KEYS[i])) return JSON.stringify(line);
    return (
      `{"row":${line.row},"schoolId":${json(line.schoolId)},"majorCode":${json(line.majorCode)},"majorName":${json(line.majorName)},"classType":${json(line.classType)},` +
      `"students":${decimal(line.students)},"basePerStudent":${decimal(line.basePerStudent)},"candidatePerStudent":${decimal(line.candidatePerStudent)},` +
      `"baseEntitlement":${decimal(line.baseEntitlement)},"candidateEntitlement":${decimal(line.candidateEntitlement)},"baseAllocation":${decimal(line.baseAllocation)},` +
      `"candidateAllocation":${decimal(line.candidateAllocation)},"delta":${decimal(line.delta)},"reasons":${json(line.reasons)}}`
    );
  });
}
