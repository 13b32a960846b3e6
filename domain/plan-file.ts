import * as z from 'zod';
import type { Baseline } from './baseline';
import { Decimal } from './decimal';
import { decimalText } from './decimal-schema';
import type { Envelope } from './allocation-core';
import type { EnrollmentLine, RowProblem } from './enrollment';
import { CLASS_TYPES } from './labels';
import { issueParams, toPath, zodProblems, type Problem } from './problems';
import { validateRuleSet, type RuleSet } from './ruleset';

/**
 * The plan file (SPEC §12), `skillfund/plan@1`:
 *
 *   {
 *     "schema": "skillfund/plan@1",
 *     "name": "2025—2027 年技工院校生均拨款测算",
 *     "baseline": "result-2024.json",                       // optional: the first year's baseline (a §4 result)
 *     "years": [
 *       { "fiscalYear": 2025,
 *         "rules": "rules-2025.json",                         // a file, an inline rule set, or
 *                                                             // { "ruleSetId": "…", "version": 3 } (a published version)
 *         "enrollment": "enrollment-2025.csv",               // a file, { "datasetId": "…" }, or the previous year's
 *                                                             // projected: { "projectFrom": "previous", "growth": {…} }
 *         "budget": "2000000000", "envelopePolicy": "cap" },
 *       …
 *     ]
 *   }
 *
 * growth: { "overall": "0.02", "byCategory": { "03": "-0.05" }, "byClassType": { "senior": "0.10" } }; each line's
 * students × (1 + g), rounded half up to whole students, g the most specific rate that names the line: its category,
 * else its class type, else overall, else 0. A rate is a fraction (0.02 = 2 %) between −1 and 1.
 *
 * Files are resolved by the caller (the CLI relative to the plan file; the API resolves dataset ids and versions);
 * this module validates the shape and turns the references into a `PlanInput` through the caller's resolvers.
 */

const rate = decimalText.superRefine((text, ctx) => {
  const value = new Decimal(text);
  if (value.lessThan(-1) || value.greaterThan(1)) ctx.addIssue({ code: 'custom', ...issueParams('growth_out_of_range', { rate: text }) });
});

export const growthSchema = z.strictObject({
  overall: rate.optional(),
  byCategory: z.record(z.string(), rate).optional(),
  byClassType: z.partialRecord(z.enum(CLASS_TYPES), rate).optional(),
});
export type Growth = z.output<typeof growthSchema>;

const rulesReference = z.union([
  z.string().min(1),
  z.strictObject({ ruleSetId: z.string().min(1), version: z.number().int().min(1).optional() }),
  z.strictObject({ draftId: z.string().min(1) }),
  // An inline rule set: validated in full (with its own paths) when the plan is resolved.
  z.looseObject({ schema: z.literal('skillfund/ruleset@1') }),
]);
export type RulesReference = z.output<typeof rulesReference>;

const enrollmentReference = z.union([
  z.string().min(1),
  z.strictObject({ datasetId: z.string().min(1) }),
  z.strictObject({ projectFrom: z.literal('previous'), growth: growthSchema.optional() }),
]);
export type EnrollmentReference = z.output<typeof enrollmentReference>;

const yearSchema = z.strictObject({
  fiscalYear: z.number().int().min(1900).max(9999),
  rules: rulesReference,
  enrollment: enrollmentReference,
  budget: decimalText.optional(),
  envelopePolicy: z.enum(['none', 'cap', 'exact']).optional(),
  excludeInvalid: z.boolean().optional(),
});

export const planFileSchema = z.strictObject({
  schema: z.literal('skillfund/plan@1'),
  name: z.string().optional(),
  baseline: z.union([z.string().min(1), z.strictObject({ runId: z.string().min(1) })]).optional(),
  years: z.array(yearSchema).min(1, 'a plan needs at least one year').max(10, 'a plan covers at most 10 years'),
});
export type PlanFile = z.output<typeof planFileSchema>;

export type PlanFileReading = { ok: true; plan: PlanFile } | { ok: false; problems: Problem[] };

/** Checks a plan file's shape and the order of its years, every problem with its path (years[1].enrollment.growth…). */
export function readPlanFile(json: unknown): PlanFileReading {
  const parsed = planFileSchema.safeParse(json);
  if (!parsed.success) return { ok: false, problems: zodProblems(parsed.error, json) };
  const plan = parsed.data;
  const problems: Problem[] = [];
  plan.years.forEach((year, i) => {
    if (i > 0 && year.fiscalYear <= plan.years[i - 1]!.fiscalYear) {
      problems.push({ path: toPath(['years', i, 'fiscalYear']), code: 'plan_years_not_ascending', params: { fiscalYear: year.fiscalYear, previous: plan.years[i - 1]!.fiscalYear } });
    }
    if (i === 0 && typeof year.enrollment === 'object' && 'projectFrom' in year.enrollment) {
      problems.push({ path: toPath(['years', 0, 'enrollment']), code: 'plan_first_year_projected', params: {} });
    }
    if (year.budget !== undefined && new Decimal(year.budget).isNegative()) {
      problems.push({ path: toPath(['years', i, 'budget']), code: 'budget_not_amount', params: { budget: year.budget } });
    }
    if ((year.envelopePolicy === 'cap' || year.envelopePolicy === 'exact') && year.budget === undefined) {
      problems.push({ path: toPath(['years', i, 'budget']), code: 'plan_budget_missing', params: { policy: year.envelopePolicy } });
    }
  });
  return problems.length ? { ok: false, problems } : { ok: true, plan };
}

/** A year's enrolment once resolved: lines read from a file or dataset, or a projection of the previous year's. */
export type PlanEnrollment =
  | { kind: 'lines'; source: string; lines: EnrollmentLine[]; readerProblems?: RowProblem[]; hash?: string }
  | { kind: 'projected'; growth: Growth };

export interface PlanYearInput {
  fiscalYear: number;
  ruleSet: RuleSet;
  ruleSetVersion?: number;
  /** How the year's rule set was given (a path, "inline", "hlj-technical-schools v3"), for the result. */
  ruleSetSource: string;
  enrollment: PlanEnrollment;
  envelope: Envelope;
  excludeInvalid?: boolean;
}

export interface PlanInput {
  name?: string;
  baseline?: Baseline;
  years: PlanYearInput[];
}

/** What the caller knows how to fetch; each answers a value or the problems (paths are added here). */
export interface PlanResolvers {
  /** A rule-set file path or a published-version / draft reference; inline rule sets never reach it. */
  rules(reference: Exclude<RulesReference, { schema: 'skillfund/ruleset@1' }>): Promise<{ ok: true; ruleSet: unknown; version?: number; source: string } | { ok: false; problems: Problem[] }>;
  enrollment(reference: string | { datasetId: string }): Promise<{ ok: true; lines: EnrollmentLine[]; readerProblems: RowProblem[]; hash?: string; source: string } | { ok: false; problems: Problem[] }>;
  baseline(reference: string | { runId: string }): Promise<{ ok: true; baseline: Baseline } | { ok: false; problems: Problem[] }>;
}

/** Resolves every reference of a plan, checking every rule set and every growth rate against its year's rules. */
export async function resolvePlan(plan: PlanFile, resolvers: PlanResolvers): Promise<{ ok: true; input: PlanInput } | { ok: false; problems: Problem[] }> {
  const problems: Problem[] = [];
  const at = (prefix: (string | number)[], found: Problem[]) => found.map((p) => ({ ...p, path: joinPath(toPath(prefix), p.path) }));
  const years: PlanYearInput[] = [];
  let baseline: Baseline | undefined;
  if (plan.baseline !== undefined) {
    const found = await resolvers.baseline(plan.baseline);
    if (found.ok) baseline = found.baseline;
    else problems.push(...at(['baseline'], found.problems));
  }
  for (const [i, year] of plan.years.entries()) {
    let raw: unknown;
    let version: number | undefined;
    let ruleSetSource = 'inline';
    if (typeof year.rules === 'object' && 'schema' in year.rules) raw = year.rules;
    else {
      const found = await resolvers.rules(year.rules);
      if (!found.ok) {
        problems.push(...at(['years', i, 'rules'], found.problems));
        continue;
      }
      raw = found.ruleSet;
      version = found.version;
      ruleSetSource = found.source;
    }
    const validated = validateRuleSet(raw);
    if (!validated.ok) {
      problems.push(...at(['years', i, 'rules'], validated.problems));
      continue;
    }
    const ruleSet = validated.ruleSet;
    let enrollment: PlanEnrollment;
    if (typeof year.enrollment === 'object' && 'projectFrom' in year.enrollment) {
      const growth = year.enrollment.growth ?? {};
      const known = new Set(ruleSet.categories.map((c) => c.code));
      for (const code of Object.keys(growth.byCategory ?? {})) {
        if (!known.has(code)) problems.push({ path: toPath(['years', i, 'enrollment', 'growth', 'byCategory', code]), code: 'growth_category_unknown', params: { category: code, fiscalYear: year.fiscalYear } });
      }
      enrollment = { kind: 'projected', growth };
    } else {
      const found = await resolvers.enrollment(year.enrollment);
      if (!found.ok) {
        problems.push(...at(['years', i, 'enrollment'], found.problems));
        continue;
      }
      enrollment = { kind: 'lines', source: found.source, lines: found.lines, readerProblems: found.readerProblems, ...(found.hash ? { hash: found.hash } : {}) };
    }
    if (ruleSet.fiscalYear !== year.fiscalYear) {
      problems.push({ path: toPath(['years', i, 'fiscalYear']), code: 'plan_rules_year_mismatch', params: { fiscalYear: year.fiscalYear, rulesYear: ruleSet.fiscalYear } });
    }
    const policy = year.envelopePolicy ?? (year.budget !== undefined ? 'cap' : 'none');
    years.push({
      fiscalYear: year.fiscalYear,
      ruleSet,
      ...(version !== undefined ? { ruleSetVersion: version } : {}),
      ruleSetSource,
      enrollment,
      envelope: { policy, ...(year.budget !== undefined ? { budget: year.budget } : {}) },
      ...(year.excludeInvalid !== undefined ? { excludeInvalid: year.excludeInvalid } : {}),
    });
  }
  if (problems.length) return { ok: false, problems };
  return { ok: true, input: { ...(plan.name !== undefined ? { name: plan.name } : {}), ...(baseline ? { baseline } : {}), years } };
}

function joinPath(prefix: string, path: string): string {
  if (!path || path === '(root)') return prefix;
  return path.startsWith('[') ? `${prefix}${path}` : `${prefix}.${path}`;
}
