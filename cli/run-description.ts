import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import type { AllocateInput } from '../domain/allocate';
import { readBaseline, type Baseline } from '../domain/baseline';
import { parseDecimalInput } from '../domain/decimal';
import { coded, zodProblems, type Coded } from '../domain/problems';
import { validateRuleSet, type RuleSet } from '../domain/ruleset';
import { envelopeFrom } from './envelope';
import { render, type Lang } from '../messages/index';
import { CliInputError, fileProblem, formatProblems, formatRowProblems, loadEnrollment } from './io';

/**
 * A run description (SPEC §13): `{ "rules", "enrollment", "budget", "envelopePolicy", "baseline" }`, paths relative to
 * the description file and values as `allocate` takes them; `excludeInvalid` and `sheet` as its options.
 */
const DESCRIPTION = z.strictObject({
  rules: z.string().min(1),
  enrollment: z.string().min(1),
  budget: z.union([z.string(), z.number()]).optional(),
  envelopePolicy: z.enum(['none', 'cap', 'exact']).optional(),
  baseline: z.string().min(1).optional(),
  excludeInvalid: z.boolean().optional(),
  sheet: z.string().min(1).optional(),
});

export interface LoadedRun {
  file: string;
  ruleSet: RuleSet;
  input: AllocateInput;
}

export type LoadedRunOutcome = { ok: true; run: LoadedRun } | { ok: false; problems: string[] };

/**
 * Reads one description and everything it names, collecting every problem as "FILE PATH: message" (the JSON path in the
 * description, or in the rule set it names) instead of stopping at the first, so both sides' problems can be listed.
 */
export async function loadRunDescription(file: string, lang: Lang = 'zh'): Promise<LoadedRunOutcome> {
  const problems: string[] = [];
  const at = (path: string, message: string) => problems.push(`${file} ${path}: ${message}`);
  /** A problem inside a file the description names, at its own path there ("rules → tiers[0].perStudent: …"). */
  const inside = (field: string, formatted: string) => problems.push(`${file} ${field} → ${formatted}`);
  const json = await readJson(file);
  if (!json.ok) return { ok: false, problems: [render(json.problem, lang)] };
  // Every field is still checked when another one is wrong, so one pass lists all the problems.
  const parsed = DESCRIPTION.safeParse(json.value);
  if (!parsed.success) for (const problem of zodProblems(parsed.error)) at(problem.path, render(problem, lang));
  const raw = (typeof json.value === 'object' && json.value !== null ? json.value : {}) as Record<string, unknown>;
  const text = (key: string) => (typeof raw[key] === 'string' && raw[key] !== '' ? (raw[key] as string) : undefined);
  const description = {
    rules: text('rules'),
    enrollment: text('enrollment'),
    budget: typeof raw.budget === 'string' || typeof raw.budget === 'number' ? raw.budget : undefined,
    envelopePolicy: parsed.success ? parsed.data.envelopePolicy : undefined,
    baseline: text('baseline'),
    excludeInvalid: raw.excludeInvalid === true,
    sheet: text('sheet'),
  };
  const relative = (path: string) => resolve(dirname(file), path);

  let budget: string | undefined;
  if (description.budget !== undefined) {
    const value = parseDecimalInput(typeof description.budget === 'string' ? description.budget.replace(/,/g, '') : description.budget);
    if (value.ok) budget = value.value;
    else at('budget', render(value, lang));
  }

  let ruleSet: RuleSet | undefined;
  const rulesJson = description.rules !== undefined ? await readJson(relative(description.rules)) : undefined;
  if (rulesJson && !rulesJson.ok) at('rules', render(rulesJson.problem, lang));
  else if (rulesJson) {
    const validation = validateRuleSet(rulesJson.value);
    if (validation.ok) ruleSet = validation.ruleSet;
    else for (const problem of formatProblems(validation.problems, lang)) inside('rules', problem);
  }

  let enrollment: Awaited<ReturnType<typeof loadEnrollment>> | undefined;
  try {
    if (description.enrollment !== undefined) enrollment = await loadEnrollment(relative(description.enrollment), description.sheet);
  } catch (error) {
    if (!(error instanceof CliInputError)) throw error;
    at('enrollment', render(error.text, lang));
  }
  if (enrollment && enrollment.problems.length && !description.excludeInvalid) {
    for (const problem of formatRowProblems(enrollment.problems, lang)) at('enrollment', problem);
  }

  let baseline: Baseline | undefined;
  if (description.baseline !== undefined) {
    const result = await readJson(relative(description.baseline));
    const reading = result.ok ? readBaseline(result.value) : undefined;
    if (!result.ok) at('baseline', render(result.problem, lang));
    else if (!reading!.ok) for (const problem of formatProblems(reading!.problems, lang)) inside('baseline', problem);
    else baseline = reading!.baseline;
  }

  if (problems.length || !ruleSet || !enrollment || !parsed.success) return { ok: false, problems };
  const envelope = envelopeFrom({ ...(budget !== undefined ? { budget } : {}), ...(description.envelopePolicy ? { 'envelope-policy': description.envelopePolicy } : {}) });
  return {
    ok: true,
    run: {
      file,
      ruleSet,
      input: {
        ruleSet,
        lines: enrollment.lines,
        readerProblems: enrollment.problems,
        envelope,
        excludeInvalid: description.excludeInvalid,
        enrollmentHash: enrollment.hash,
        ...(baseline ? { baseline } : {}),
      },
    },
  };
}

async function readJson(path: string): Promise<{ ok: true; value: unknown } | { ok: false; problem: Coded }> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    return { ok: false, problem: fileProblem(path, error) };
  }
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false, problem: coded('json_file_invalid', { path }) };
  }
}
