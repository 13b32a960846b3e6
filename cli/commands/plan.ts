import { coded } from '../../domain/problems';
import { localeLang } from '../lang';
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { Writable } from 'node:stream';
import { readBaseline } from '../../domain/baseline';
import { readPlanFile, resolvePlan, runPlan, type PlanResolvers, type PlanResult } from '../../domain/plan';
import type { Problem } from '../../domain/problems';
import { readEnrollment } from '../../formats/enrollment-reader';
import { planToCsv, planToXlsx } from '../../formats/planning-writers';
import { CliInputError, emit, formatProblems, guarded, loadJson, oneOf, parseOptions, printNotices, required } from '../io';
import { compactJsonPieces, PRETTY_LIMIT } from '../json-output';

const HELP = `usage: skillfund plan --plan PLAN.json [--format json|csv|xlsx] [--out FILE]

Computes a multi-year plan (SPEC §12): each year allocated with its own rule set, enrolment and
budget, its baseline being the year before's result, so that protection carries from year to year.
A plan is a simulation; nothing is stored.

The plan file (skillfund/plan@1; paths are relative to the plan file):
  { "schema": "skillfund/plan@1", "name": "…", "baseline": "result-2024.json" (optional),
    "years": [
      { "fiscalYear": 2025, "rules": "rules-2025.json" | { inline rule set },
        "enrollment": "enrollment-2025.csv",
        "budget": "2000000000", "envelopePolicy": "none" | "cap" | "exact" },
      { "fiscalYear": 2026, …,
        "enrollment": { "projectFrom": "previous",
                        "growth": { "overall": "0.02", "byCategory": { "03": "-0.05" },
                                    "byClassType": { "senior": "0.10" } } } } ] }
  A projected line has students × (1 + g), rounded half up to whole students, g the line's category
  rate, else its class type's, else overall. A year's rule set must be for that fiscal year.

options:
  --plan FILE              the plan
  --format json|csv|xlsx   json (default): years[] with fiscalYear, totalAllocation, schools[] as an
                           allocate result and attribution (the §9 effects against the year before),
                           and trajectory[]; csv: a row per school and year; xlsx: a
                           summary sheet, a sheet per year and a trajectory sheet (needs --out)
  --without-lines          schools without their lines (a national plan's JSON is then small)
  --without-attribution    leave out each year's §9 effects against the year before
  --lang zh|en             language of headings and messages (default zh)
  --out FILE               write to FILE instead of stdout
Exit status 1 with every problem listed (with its path in the plan) when the plan cannot be computed.`;

export function run(argv: string[]): Promise<number> {
  return guarded(async () => {
    const options = parseOptions(argv, { plan: { type: 'string' }, format: { type: 'string' }, lang: { type: 'string' }, out: { type: 'string' }, 'without-lines': { type: 'boolean' }, 'without-attribution': { type: 'boolean' } }, HELP);
    if (!options) return 0;
    const format = oneOf(options.format, ['json', 'csv', 'xlsx'] as const, '--format', 'json');
    const lang = oneOf(options.lang, ['zh', 'en'] as const, '--lang', localeLang());
    const planPath = required(options.plan, '--plan', HELP);
    const reading = readPlanFile(await loadJson(planPath));
    if (!reading.ok) throw new CliInputError(coded('plan_file_invalid', { path: planPath }), formatProblems(reading.problems, lang));
    const resolved = await resolvePlan(reading.plan, fileResolvers(dirname(resolve(planPath))));
    if (!resolved.ok) throw new CliInputError(coded('plan_inputs_invalid', { path: planPath }), formatProblems(resolved.problems, lang));
    const outcome = runPlan(resolved.input, { schoolLines: !options['without-lines'], ...(options['without-attribution'] ? { attribute: false as const } : {}) });
    if (!outcome.ok) throw new CliInputError(coded('plan_not_computed'), formatProblems(outcome.problems, lang));
    const { result } = outcome;
    for (const year of result.years) printNotices(year.summary.warnings, lang);
    if (format === 'json') await emitPlanJson(result, options.out);
    else await emit(format === 'csv' ? planToCsv(result, lang) : await planToXlsx(result, lang), options.out);
    return 0;
  });
}

/** Files relative to the plan; published versions, drafts, datasets and runs are for the API to resolve. */
function fileResolvers(base: string): PlanResolvers {
  const unsupported = (reference: unknown): { ok: false; problems: Problem[] } => ({
    ok: false,
    problems: [{ path: '', code: 'plan_reference_unsupported', params: { reference: JSON.stringify(reference) } }],
  });
  const read = async (file: string): Promise<{ ok: true; bytes: Uint8Array } | { ok: false; problems: Problem[] }> => {
    try {
      return { ok: true, bytes: await readFile(resolve(base, file)) };
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      return { ok: false, problems: [{ path: '', code: 'plan_file_unreadable', params: { file, reason } }] };
    }
  };
  const json = async (file: string): Promise<{ ok: true; value: unknown } | { ok: false; problems: Problem[] }> => {
    const bytes = await read(file);
    if (!bytes.ok) return bytes;
    try {
      return { ok: true, value: JSON.parse(new TextDecoder().decode(bytes.bytes)) };
    } catch (error) {
      return { ok: false, problems: [{ path: '', code: 'file_not_json', params: { file, reason: (error as Error).message } }] };
    }
  };
  return {
    async rules(reference) {
      if (typeof reference !== 'string') return unsupported(reference);
      const found = await json(reference);
      return found.ok ? { ok: true, ruleSet: found.value, source: reference } : found;
    },
    async enrollment(reference) {
      if (typeof reference !== 'string') return unsupported(reference);
      const bytes = await read(reference);
      if (!bytes.ok) return bytes;
      const enrollment = await readEnrollment(bytes.bytes, { fileName: reference });
      return { ok: true, lines: enrollment.lines, readerProblems: enrollment.problems, hash: enrollment.hash, source: reference };
    },
    async baseline(reference) {
      if (typeof reference !== 'string') return unsupported(reference);
      const found = await json(reference);
      if (!found.ok) return found;
      const reading = readBaseline(found.value);
      return reading.ok ? reading : { ok: false, problems: reading.problems };
    },
  };
}

/**
 * Readable JSON for a province; for a national plan (three national results) each school is written on its own, so
 * that no string near V8's limit is ever built. Both are the same JSON value.
 */
export async function emitPlanJson(plan: PlanResult, out: string | undefined, streamed?: boolean): Promise<void> {
  const size = plan.years.reduce((n, year) => n + year.schools.reduce((m, school) => m + 1 + (school.lines?.length ?? 0), 0), 0);
  const target: Writable = out ? createWriteStream(out) : process.stdout;
  const write = async (piece: string) => {
    if (!target.write(piece)) await once(target, 'drain');
  };
  if (!(streamed ?? size > PRETTY_LIMIT)) await write(JSON.stringify(plan, null, 2));
  else {
    const { years, trajectory, ...head } = plan;
    await write(`${JSON.stringify(head).slice(0, -1)}${Object.keys(head).length ? ',' : ''}"years":[`);
    for (const [i, year] of years.entries()) {
      const { schools, attribution, ...rest } = year;
      await write(`${i ? ',' : ''}${JSON.stringify(rest).slice(0, -1)}`);
      if (attribution) {
        await write(',"attribution":');
        for (const piece of compactJsonPieces({ ...attribution })) await write(piece);
      }
      await write(',"schools":[');
      for (const [j, school] of schools.entries()) await write((j ? ',' : '') + JSON.stringify(school));
      await write(']}');
    }
    await write(`],"trajectory":${JSON.stringify(trajectory)}}`);
  }
  await write('\n');
  if (out) {
    target.end();
    await once(target, 'finish');
  }
}
