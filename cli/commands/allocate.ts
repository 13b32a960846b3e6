import type { AllocationStream } from '../../domain/allocate';
import { resultCsvPieces, resultToXlsx } from '../../formats/result-writer';
import { ENVELOPE_HELP } from '../envelope';
import { emit, guarded, parseOptions, printNotices } from '../io';
import { emitJson, emitPieces, PRETTY_LIMIT, StreamedArray } from '../json-output';
import type { CompactSchool } from '../../domain/result-form';
import { allocationFromFiles, BASELINE_HELP, FORMAT_OPTION, languageOf, outputFormatOf, RUN_OPTIONS } from '../run-inputs';

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
  --expanded               json: write each line's derivation (base standard, band, uplifts with their
                           sources, ρ, F) on the line itself, as before the "standards" table; by default
                           it is written once per (major, class type) in "standards" and lines refer to it
                           by position ("standard": 17)
  --lang zh|en             column headings of csv/xlsx (default zh)
  --out FILE               write to FILE instead of stdout
Exit status 1 with every problem listed when an input is bad.`;

export function run(argv: string[]): Promise<number> {
  return guarded(async () => {
    const options = parseOptions(argv, { rules: { type: 'string' }, ...RUN_OPTIONS, ...FORMAT_OPTION, expanded: { type: 'boolean' } }, HELP);
    if (!options) return 0;
    const format = outputFormatOf(options);
    const lang = languageOf(options);
    const { stream } = await allocationFromFiles(options, HELP);
    printNotices(stream.summary.warnings, lang);
    if (format === 'json') await emitJson(options.expanded ? expandedJson(stream) : compactJson(stream), options.out);
    else if (format === 'csv') await emitPieces(resultCsvPieces(stream, lang), options.out);
    else await emit(await resultToXlsx(stream, lang), options.out);
    return 0;
  });
}

/** SPEC §4's result with every line written out in full: the bytes earlier versions wrote. */
function expandedJson(stream: AllocationStream) {
  return { summary: stream.summary, schools: new StreamedArray(stream.schoolCount, stream.lineCount, stream.schools), excluded: stream.excluded };
}

/** SPEC §4's result with the derivations in `standards`, each school made compact as it is written. */
function compactJson(stream: AllocationStream) {
  // Each school is written as the text the stream makes for it (the same as JSON.stringify of the compact school).
  const schools = new StreamedArray<CompactSchool | string>(stream.schoolCount, stream.lineCount, stream.compactSchoolTexts, (text) => text as string);
  // Indented output (a province) is made from the schools themselves.
  return { summary: stream.summary, standards: stream.standards, schools: stream.schoolCount + stream.lineCount <= PRETTY_LIMIT ? [...stream.compactSchools()] : schools, excluded: stream.excluded };
}
