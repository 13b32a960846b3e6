import { allocate } from '../../domain/allocate';
import { CliInputError, formatRowProblems, guarded, loadEnrollment, noUsableLines, parseOptions, readRuleSet, required } from '../io';

const HELP = `usage: skillfund validate --rules R.json [--enrollment E.(csv|xlsx|json)] [--sheet NAME]

Checks the rule set (every problem with its JSON path) and, when an enrolment file is given,
every line of it against the rule set (every problem with its row number), all in one pass.
Prints "ok", or every problem and exits 1.`;

export function run(argv: string[]): Promise<number> {
  return guarded(async () => {
    const options = parseOptions(argv, { rules: { type: 'string' }, enrollment: { type: 'string' }, sheet: { type: 'string' } }, HELP);
    if (!options) return 0;
    const rulesPath = required(options.rules, '--rules', HELP);
    const { ruleSet, problems: ruleProblems } = await readRuleSet(rulesPath);
    const problems = ruleProblems.map((problem) => `${rulesPath}: ${problem}`);
    if (options.enrollment) {
      const enrollment = await loadEnrollment(options.enrollment, options.sheet);
      // Without a valid rule set, what the file says by itself (its format, its rows) is still checked.
      const outcome = ruleSet ? allocate({ ruleSet, lines: enrollment.lines, readerProblems: enrollment.problems }) : undefined;
      const rowProblems = outcome ? (outcome.ok ? [] : outcome.rowProblems) : enrollment.problems;
      problems.push(...formatRowProblems(rowProblems).map((problem) => `${options.enrollment}: ${problem}`));
      const empty = noUsableLines(options.enrollment, enrollment);
      if (empty && !enrollment.problems.length) problems.push(empty.message);
    }
    if (problems.length) throw new CliInputError(`${problems.length} problem(s)`, problems);
    console.log('ok');
    return 0;
  });
}
