import { coded } from '../../domain/problems';
import { allocate } from '../../domain/allocate';
import { CliInputError, formatRowProblems, guarded, loadEnrollment, loadRuleSet, parseOptions, required } from '../io';

const HELP = `usage: skillfund validate --rules R.json [--enrollment E.(csv|xlsx|json)] [--sheet NAME]

Checks the rule set (every problem with its JSON path) and, when an enrolment file is given,
every line of it against the rule set (every problem with its row number). Prints "ok" or the
problems and exits 1.`;

export function run(argv: string[]): Promise<number> {
  return guarded(async () => {
    const options = parseOptions(argv, { rules: { type: 'string' }, enrollment: { type: 'string' }, sheet: { type: 'string' } }, HELP);
    if (!options) return 0;
    const ruleSet = await loadRuleSet(required(options.rules, '--rules', HELP));
    if (options.enrollment) {
      const enrollment = await loadEnrollment(options.enrollment, options.sheet);
      const outcome = allocate({ ruleSet, lines: enrollment.lines, readerProblems: enrollment.problems });
      if (!outcome.ok) throw new CliInputError(coded('enrollment_file_problems', { path: options.enrollment, count: outcome.rowProblems.length }), formatRowProblems(outcome.rowProblems));
    }
    console.log('ok');
    return 0;
  });
}
