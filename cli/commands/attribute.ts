import { coded } from '../../domain/problems';
import { attribute } from '../../domain/attribution';
import { attributionExplainer } from '../../domain/attribution-explain';
import { attributionToCsv, attributionToXlsx } from '../../formats/attribution-writer';
import { renderLineEffect } from '../../messages/attribution-text';
import { CliInputError, emit, formatProblems, formatRowProblems, guarded, parseOptions, printNotices, required } from '../io';
import { emitJson } from '../json-output';
import { loadRunDescription } from '../run-description';
import { FORMAT_OPTION, languageOf, outputFormatOf } from '../run-inputs';

const HELP = `usage: skillfund attribute --base RUN0.json --new RUN1.json [options]

Why the allocation changed (SPEC §9): every school's change from the base run to the new run, split
exactly into seven effects (enrolment, standards, uplift rates, fixed uplifts, coverage, floor and cap,
budget scaling and rounding), line by line. Both runs are computed from their descriptions.

A run description (SPEC §13) is a JSON file, paths relative to it:
  { "rules": "rules.json", "enrollment": "enrolment.csv", "budget": "1000000000.00",
    "envelopePolicy": "none" | "cap" | "exact",
    "baseline": "last-year-result.json" (an allocate result: the baseline of the rules' protection, SPEC §7),
    "excludeInvalid": false, "sheet": "Sheet1" }
Only "rules" and "enrollment" are required; a budget alone means "cap", as for allocate.

options:
  --base FILE              the earlier run (last year's, or the rules in force)
  --new FILE               the later run (this year's, or a candidate)
  --format json|csv|xlsx   json (default): SPEC §13's totals and schools with their lines;
                           csv: one row per school; xlsx (needs --out): total, schools, lines and groups
  --lang zh|en             headings and explanations of csv/xlsx (default zh)
  --out FILE               write to FILE instead of stdout
Exit status 1 with every problem of both descriptions listed when an input is bad.`;

export function run(argv: string[]): Promise<number> {
  return guarded(async () => {
    const options = parseOptions(argv, { base: { type: 'string' }, new: { type: 'string' }, lang: { type: 'string' }, out: { type: 'string' }, ...FORMAT_OPTION }, HELP);
    if (!options) return 0;
    const format = outputFormatOf(options);
    const lang = languageOf(options);
    const [base, next] = await Promise.all([loadRunDescription(required(options.base, '--base', HELP), lang), loadRunDescription(required(options.new, '--new', HELP), lang)]);
    if (!base.ok || !next.ok) throw new CliInputError(coded('nothing_attributed'), [...(base.ok ? [] : base.problems), ...(next.ok ? [] : next.problems)]);
    const outcome = attribute({ base: base.run.input, new: next.run.input });
    if (!outcome.ok) {
      const file = outcome.side === 'base' ? base.run.file : outcome.side === 'new' ? next.run.file : undefined;
      throw new CliInputError(file ? coded('nothing_attributed_file', { file }) : coded('nothing_attributed_runs'), [
        ...formatProblems(outcome.problems, lang).map((p) => (file ? `${file} ${p}` : p)),
        ...formatRowProblems(outcome.rowProblems, lang).map((p) => `${file} ${p}`),
      ]);
    }
    const { attribution } = outcome;
    printNotices(attribution.summary.base.warnings, lang);
    printNotices(attribution.summary.new.warnings, lang);
    printNotices(attribution.warnings, lang);
    if (format === 'json') {
      await emitJson({ ...attribution }, options.out);
      return 0;
    }
    const explain = attributionExplainer(base.run.ruleSet, next.run.ruleSet);
    const describeLine = (line: Parameters<typeof explain>[0], language: typeof lang) => explain(line).map((e) => renderLineEffect(e, language)).join(language === 'zh' ? '；' : '; ');
    await emit(format === 'csv' ? attributionToCsv(attribution, lang) : await attributionToXlsx(attribution, lang, { describeLine }), options.out);
    return 0;
  });
}
