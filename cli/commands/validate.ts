import { coded } from '../../domain/problems';
import { allocate } from '../../domain/allocate';
import { enrollmentWarnings } from '../../domain/enrollment-checks';
import { plausibilityWarnings } from '../../domain/plausibility';
import { langOf, render } from '../../messages';
import { CliInputError, formatRowProblems, guarded, loadEnrollment, loadRuleSet, parseOptions, required } from '../io';

const HELP = `usage: skillfund validate --rules R.json [--base R0.json] [--enrollment E.(csv|xlsx|json)] [--sheet NAME]
                         [--previous-enrollment E0]

Checks the rule set (every problem with its JSON path, worked examples recomputed) and, when an enrolment file is
given, every line of it against the rule set (every problem with its row number). Prints "ok" or the problems and
exits 1. Plausibility warnings (a rate above 100 %, a standard below 1,000 yuan, a per-student amount above
100,000, and with --base a standard, factor or rate more than 50 % away from it; with --previous-enrollment a
school whose students changed by more than 50 %) are printed to stderr and do not fail the check.`;

export function run(argv: string[]): Promise<number> {
  return guarded(async () => {
    const options = parseOptions(
      argv,
      { rules: { type: 'string' }, base: { type: 'string' }, enrollment: { type: 'string' }, sheet: { type: 'string' }, 'previous-enrollment': { type: 'string' } },
      HELP,
    );
    if (!options) return 0;
    const ruleSet = await loadRuleSet(required(options.rules, '--rules', HELP));
    const base = options.base ? await loadRuleSet(options.base) : undefined;
    const lang = langOf(process.env.LANG);
    for (const warning of plausibilityWarnings(ruleSet, base)) console.error(`warning: ${warning.path}: ${render(warning, lang)} [${warning.code}]`);
    if (options.enrollment) {
      const enrollment = await loadEnrollment(options.enrollment, options.sheet);
      const outcome = allocate({ ruleSet, lines: enrollment.lines, readerProblems: enrollment.problems });
      if (!outcome.ok) throw new CliInputError(coded('enrollment_file_problems', { path: options.enrollment, count: outcome.rowProblems.length }), formatRowProblems(outcome.rowProblems));
      if (options['previous-enrollment']) {
        const previous = await loadEnrollment(options['previous-enrollment']);
        for (const warning of enrollmentWarnings(enrollment.lines, previous.lines)) console.error(`warning: ${render(warning, lang)} [${warning.code}]`);
      }
    }
    console.log('ok');
    return 0;
  });
}
