import { resultToCsv, resultToXlsx } from '../../formats/result-writer';
import { ENVELOPE_HELP } from '../envelope';
import { emit, guarded, parseOptions, printNotices } from '../io';
import { emitJson } from '../json-output';
import { allocateFromFiles, BASELINE_HELP, FORMAT_OPTION, languageOf, outputFormatOf, RUN_OPTIONS } from '../run-inputs';

const HELP = `usage: skillfund allocate --rules R.json --enrollment E.(csv|xlsx|json) [options]

Computes every school's entitlement and allocation (SPEC §3) and prints the result (SPEC §4).

options:
  --rules FILE             rule set (skillfund/ruleset@1 JSON)
  --enrollment FILE        enrolment: CSV (UTF-8 or GBK), XLSX or JSON
  --sheet NAME             XLSX sheet to read (default: the first)
${ENVELOPE_HELP}
${BASELINE_HELP}
  --exclude-invalid        compute without bad lines and list them in "excluded" (default: refuse the file)
  --format json|csv|xlsx   output format (default json, indented up to 20,000 lines and compact beyond;
                           xlsx needs --out)
  --lang zh|en             column headings of csv/xlsx (default zh)
  --out FILE               write to FILE instead of stdout
Exit status 1 with every problem listed when an input is bad.`;

export function run(argv: string[]): Promise<number> {
  return guarded(async () => {
    const options = parseOptions(argv, { rules: { type: 'string' }, ...RUN_OPTIONS, ...FORMAT_OPTION }, HELP);
    if (!options) return 0;
    const format = outputFormatOf(options);
    const lang = languageOf(options);
    const { result } = await allocateFromFiles(options, HELP);
    printNotices(result.summary.warnings, lang);
    if (format === 'json') await emitJson({ ...result }, options.out);
    else await emit(format === 'csv' ? resultToCsv(result, lang) : await resultToXlsx(result, lang), options.out);
    return 0;
  });
}
