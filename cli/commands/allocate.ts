import { coded } from '../../domain/problems';
import { paymentSchedule, validateInstalments, type Instalment } from '../../domain/instalments';
import { plausibilityWarnings } from '../../domain/plausibility';
import { resultCsvPieces, resultToXlsx } from '../../formats/result-writer';
import { render } from '../../messages';
import { ENVELOPE_HELP } from '../envelope';
import { CliInputError, emit, formatProblems, guarded, parseOptions, printNotices, loadJson } from '../io';
import { emitJson, emitPieces } from '../json-output';
import { compactJson, expandedJson } from '../result-json';
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
  --instalments FILE       payment schedule (SPEC §10): JSON [{ "label", "share", "due" }], shares adding up to 1;
                           without it the rule set's own "instalments", if any. Adds per school "instalments"
                           ({ label, amount }) and summary "instalments" ({ label, total }); xlsx gets 拨付计划
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
    const options = parseOptions(argv, { rules: { type: 'string' }, instalments: { type: 'string' }, ...RUN_OPTIONS, ...FORMAT_OPTION, expanded: { type: 'boolean' } }, HELP);
    if (!options) return 0;
    const format = outputFormatOf(options);
    const lang = languageOf(options);
    const asked = options.instalments ? await loadInstalments(options.instalments) : undefined;
    const { ruleSet, stream } = await allocationFromFiles(options, HELP);
    printNotices(stream.summary.warnings, lang);
    // Plausibility warnings never block a calculation, but a rate typed as 10 for 10 % must not pass unnoticed.
    for (const warning of plausibilityWarnings(ruleSet)) console.error(`warning: ${warning.path}: ${render(warning, lang)} [${warning.code}]`);
    const instalments = asked ?? ruleSet.instalments;
    const schedule = instalments ? paymentSchedule([...stream.schoolHeads()], stream.summary.rounding.scale, instalments) : undefined;
    if (schedule) stream.summary.instalments = schedule.summary;
    const bySchool = schedule ? new Map(schedule.schools.map((s) => [s.schoolId, s.instalments])) : undefined;
    if (format === 'json') await emitJson(options.expanded ? expandedJson(stream, bySchool) : compactJson(stream, bySchool), options.out);
    else if (format === 'csv') await emitPieces(resultCsvPieces(stream, lang), options.out);
    else await emit(await resultToXlsx(stream, lang, schedule ? { schedule } : {}), options.out);
    return 0;
  });
}

/** A schedule file: the list itself, or `{ "instalments": [...] }`. */
async function loadInstalments(path: string): Promise<Instalment[]> {
  const json = await loadJson(path);
  const list = json && typeof json === 'object' && !Array.isArray(json) && 'instalments' in json ? (json as { instalments: unknown }).instalments : json;
  const outcome = validateInstalments(list);
  if (!outcome.ok) throw new CliInputError(coded('instalments_file_invalid', { path }), formatProblems(outcome.problems.map((p) => ({ ...p, path: `instalments${p.path === '(root)' ? '' : p.path}` }))));
  return outcome.instalments;
}
