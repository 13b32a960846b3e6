import { coded } from '../../domain/problems';
import { render } from '../../messages/index';
import { cliLang } from '../lang';
import { enrollmentToCsv, enrollmentToJson, enrollmentToXlsx, generateEnrollment } from '../../formats/synthetic';
import { CliInputError, emit, guarded, loadRuleSet, oneOf, parseOptions, required } from '../io';

const HELP = `usage: skillfund generate --schools N --rules R.json --out FILE
                         [--seed S] [--lines-per-school K] [--format csv|xlsx|json] [--encoding gbk|utf8]

Writes a synthetic enrolment for the rule set: schools in Heilongjiang's 13 cities, all three
school types, some private, class types only where the rule set's bands allow them. The same
seed and options always give the same file.

  --schools N            number of schools
  --seed S               integer seed (default 1)
  --lines-per-school K   lines per school (default: by school type, about 3–22)
  --format               csv (default; Chinese headers), xlsx or json
  --encoding             csv only: utf8 (default, with BOM) or gbk (as Chinese Excel saves it)
  --out FILE             where to write (csv and json may go to stdout when omitted)`;

function wholeNumber(text: string | undefined, flag: string, minimum: number): number | undefined {
  if (text === undefined) return undefined;
  if (!/^-?\d+$/.test(text.trim()) || Number(text) < minimum || !Number.isSafeInteger(Number(text))) {
    throw new CliInputError(coded('cli_option_whole_number', { flag, minimum, value: text }));
  }
  return Number(text);
}

export function run(argv: string[]): Promise<number> {
  return guarded(async () => {
    const options = parseOptions(
      argv,
      {
        schools: { type: 'string' },
        seed: { type: 'string' },
        'lines-per-school': { type: 'string' },
        rules: { type: 'string' },
        format: { type: 'string' },
        encoding: { type: 'string' },
        out: { type: 'string' },
      },
      HELP,
    );
    if (!options) return 0;
    const schools = wholeNumber(required(options.schools, '--schools', HELP), '--schools', 0)!;
    const seed = wholeNumber(options.seed, '--seed', 0);
    const linesPerSchool = wholeNumber(options['lines-per-school'], '--lines-per-school', 1);
    const format = oneOf(options.format, ['csv', 'xlsx', 'json'] as const, '--format', 'csv');
    const encoding = oneOf(options.encoding, ['utf8', 'gbk'] as const, '--encoding', 'utf8');
    if (options.encoding && format !== 'csv') throw new CliInputError(coded('generate_encoding_csv_only'));
    const ruleSet = await loadRuleSet(required(options.rules, '--rules', HELP));

    const lines = generateEnrollment({ schools, ruleSet, ...(seed !== undefined ? { seed } : {}), ...(linesPerSchool !== undefined ? { linesPerSchool } : {}) });
    const output =
      format === 'xlsx' ? await enrollmentToXlsx(lines) : format === 'json' ? enrollmentToJson(lines) : enrollmentToCsv(lines, { encoding });
    if (!options.out && format === 'csv') {
      // CSV is text in the chosen encoding, so it may be piped: `generate … --encoding gbk > e.csv`.
      process.stdout.write(output);
      return 0;
    }
    await emit(output, options.out);
    if (options.out) console.error(render(coded('generate_wrote', { lines: lines.length, schools, path: options.out }), cliLang()));
    return 0;
  });
}

