import { coded } from '../../domain/problems';
import { allocate } from '../../domain/allocate';
import { enrollmentWarnings } from '../../domain/enrollment-checks';
import { plausibilityWarnings } from '../../domain/plausibility';
import { render } from '../../messages';
import { CliInputError, formatRowProblems, guarded, loadEnrollment, loadRuleSet, noUsableLines, parseOptions, readRuleSet, required } from '../io';
import { cliLang } from '../lang';

const HELP = `usage: skillfund validate --rules R.json [--base R0.json] [--enrollment E.(csv|xlsx|json)] [--sheet NAME]
                         [--previous-enrollment E0]

Checks the rule set (every problem with its JSON path, worked examples recomputed) and, when an enrolment file is
given, every line of it against the rule set (every problem with its row number), all in one pass. Prints "ok",
or every problem and exits 1. Plausibility warnings (a rate above 100 %, a standard below 1,000 yuan, a
per-student amount above 100,000, and with --base a standard, factor or rate more than 50 % away from it; with
--previous-enrollment a school whose students changed by more than 50 %) are printed to stderr and do not fail
the check.`;

export function run(argv: string[]): Promise<number> {
  return guarded(async () => {
    const options = parseOptions(
      argv,
      { rules: { type: 'string' }, base: { type: 'string' }, enrollment: { type: 'string' }, sheet: { type: 'string' }, 'previous-enrollment': { type: 'string' } },
      HELP,
    );
    if (!options) return 0;
    const rulesPath = required(options.rules, '--rules', HELP);
    const { ruleSet, problems: ruleProblems } = await readRuleSet(rulesPath);
    const problems = [...ruleProblems];
    const base = options.base ? await loadRuleSet(options.base) : undefined;
    const lang = cliLang();
    if (ruleSet) for (const warning of plausibilityWarnings(ruleSet, base)) console.error(`warning: ${warning.path}: ${render(warning, lang)} [${warning.code}]`);
    if (options.enrollment) {
      const enrollment = await loadEnrollment(options.enrollment, options.sheet);
      // Without a valid rule set, what the file says by itself (its format, its rows) is still checked.
      const outcome = ruleSet ? allocate({ ruleSet, lines: enrollment.lines, readerProblems: enrollment.problems }) : undefined;
      const rowProblems = outcome ? (outcome.ok ? [] : outcome.rowProblems) : enrollment.problems;
      problems.push(...formatRowProblems(rowProblems).map((problem) => `${options.enrollment}: ${problem}`));
      const empty = noUsableLines(options.enrollment, enrollment);
      if (empty && !enrollment.problems.length) problems.push(render(empty.text, lang));
      if (options['previous-enrollment']) {
        const previous = await loadEnrollment(options['previous-enrollment']);
        for (const warning of enrollmentWarnings(enrollment.lines, previous.lines)) console.error(`warning: ${render(warning, lang)} [${warning.code}]`);
      }
    }
    if (problems.length) throw new CliInputError(coded('validate_problems', { path: ruleProblems.length ? rulesPath : (options.enrollment ?? rulesPath), count: problems.length }), problems);
    console.log('ok');
    return 0;
  });
}
