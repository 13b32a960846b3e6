import { coded } from '../../domain/problems';
import { writeFile } from 'node:fs/promises';
import { solve } from '../../domain/solve';
import { PARAMETER_FORMS } from '../../domain/parameters';
import { solveToCsv, solveToXlsx } from '../../formats/planning-writers';
import { CliInputError, emit, formatProblems, formatRowProblems, guarded, loadRuleSet, parseOptions, printNotices, required } from '../io';
import { emitJson } from '../json-output';
import { BASELINE_HELP, engineInputs, FORMAT_OPTION, languageOf, outputFormatOf, RUN_OPTIONS } from '../run-inputs';

const HELP = `usage: skillfund solve --rules R.json --enrollment E --parameter PATH --budget B [options]

Solves one parameter of a rule set for a budget (SPEC §8): the largest value x on the parameter's
grid whose total allocation T(x) (no envelope, each school rounded, protection with --baseline) is
at most the budget, so that T(x) ≤ B < T(x + step). Prints x, T(x), the gap B − T(x), T(x + step),
the solved rule set (ready to become a draft) and the comparison with the rule set given.

options:
  --rules FILE             the rule set to start from
  --enrollment FILE        CSV (UTF-8 or GBK), XLSX or JSON
  --sheet NAME             XLSX sheet to read (default: the first)
  --parameter PATH         one of:
                             ${PARAMETER_FORMS.join('\n                             ')}
                           (scale: one multiplier on every money standard)
  --budget AMOUNT          the budget in yuan (a whole number of fen, or of yuan when the rules round to yuan)
  --step S                 grid step (default: money 1 yuan, rates 0.0001, factors and scale 0.0001)
${BASELINE_HELP}
  --exclude-invalid        leave out bad lines instead of refusing the file
  --rules-out FILE         also write the solved rule set to FILE
  --format json|csv|xlsx   output format (default json; xlsx needs --out)
  --lang zh|en             language of headings and messages (default zh)
  --out FILE               write to FILE instead of stdout
Exit status 1 with every problem listed when an input is bad or no value fits the budget.`;

export function run(argv: string[]): Promise<number> {
  return guarded(async () => {
    const { budget: _budget, 'envelope-policy': _policy, ...runOptions } = RUN_OPTIONS;
    const options = parseOptions(
      argv,
      { rules: { type: 'string' }, parameter: { type: 'string' }, budget: { type: 'string' }, step: { type: 'string' }, 'rules-out': { type: 'string' }, ...runOptions, ...FORMAT_OPTION },
      HELP,
    );
    if (!options) return 0;
    const format = outputFormatOf(options);
    const lang = languageOf(options);
    const ruleSet = await loadRuleSet(required(options.rules, '--rules', HELP));
    const parameter = required(options.parameter, '--parameter', HELP);
    const budget = required(options.budget, '--budget', HELP).replace(/,/g, '');
    const { envelope: _envelope, ...inputs } = await engineInputs(options, HELP);
    const outcome = solve({ ruleSet, ...inputs, parameter, budget, ...(options.step !== undefined ? { step: options.step } : {}) });
    if (!outcome.ok) throw new CliInputError(coded('nothing_solved'), [...formatProblems(outcome.problems, lang), ...formatRowProblems(outcome.rowProblems, lang)]);
    const { result } = outcome;
    printNotices(result.notices, lang);
    if (options['rules-out']) await writeFile(options['rules-out'], `${JSON.stringify(result.ruleSet, null, 2)}\n`);
    if (format === 'json') await emitJson({ ...result }, options.out);
    else await emit(format === 'csv' ? solveToCsv(result, lang) : await solveToXlsx(result, lang), options.out);
    return 0;
  });
}
