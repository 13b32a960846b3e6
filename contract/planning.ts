import * as z from 'zod';
import type { Comparison } from '../domain/compare';
import type { PlanYearResult, SchoolTrajectory } from '../domain/plan';
import { planFileSchema } from '../domain/plan-file';
import type { Coded } from '../domain/problems';
import type { RuleSet } from '../domain/ruleset';
import { envelopeSchema, idText, langQuery, versionRef } from './common';

/** Solving a standard for a budget (SPEC §8), multi-year plans (§12) and candidates side by side (§5, §9). */

/** A decimal as text: money never travels as a JSON number. */
const decimalText = z.string().trim().min(1).max(40);

/**
 * The rules a computation uses: a published version, a draft, or a whole rule set inline. A reference that does not
 * resolve is a problem at its path in the body (422), not a 404: the route exists, the body is what cannot be used.
 */
export const rulesReference = z.union([
  z.strictObject({ ruleSetId: idText, version: versionRef.default('latest') }),
  z.strictObject({ ruleSetId: idText, draftId: idText }),
  z.strictObject({ ruleSet: z.unknown() }),
]);
export type RulesReference = z.output<typeof rulesReference>;

export const solutionBody = z.strictObject({
  rules: rulesReference,
  datasetId: idText,
  parameter: z.string().trim().min(1).max(200).meta({ description: 'A parameter path (SPEC §8), e.g. "tiers.T2.perStudent" or "scale".' }),
  budget: decimalText.meta({ description: 'The budget B in yuan, as a decimal string.' }),
  step: decimalText.optional().meta({ description: 'The grid the value is chosen on (default by parameter kind: 1 yuan, 0.0001 for a rate).' }),
  baselineRunId: idText.optional().meta({ description: 'Last year’s approved run, for protection (SPEC §7).' }),
  excludeInvalid: z.boolean().default(false),
  comparison: z.boolean().default(true).meta({ description: 'The §5 comparison of the solved rule set with the given one (the per-school table).' }),
});
export type SolutionBody = z.input<typeof solutionBody>;

const rulesSource = z.union([
  z.looseObject({ ruleSetId: z.string(), version: z.number().int() }),
  z.looseObject({ ruleSetId: z.string(), draftId: z.string(), baseVersion: z.number().int().optional() }),
  z.looseObject({ inline: z.literal(true) }),
]);

export const solutionSchema = z.looseObject({
  rules: rulesSource,
  datasetId: z.string(),
  baselineRunId: z.string().optional(),
  parameter: z.string(),
  value: z.string().meta({ description: 'x: the largest grid value whose total T(x) is within the budget.' }),
  total: z.string().meta({ description: 'T(x) in yuan.' }),
  gap: z.string().meta({ description: 'B − T(x) ≥ 0.' }),
  nextTotal: z.string().nullable().meta({ description: 'T(x + step) > B; null when x is the largest value the parameter may take.' }),
  budget: z.string(),
  step: z.string(),
  startingValue: z.string().nullable(),
  evaluations: z.number().int(),
  dependentLines: z.number().int(),
  ruleSet: z.custom<RuleSet>().meta({ type: 'object', description: 'The rule set with the parameter set to x, ready to become a draft.' }),
  notices: z.custom<Coded[]>().meta({ type: 'array', description: 'Coded notices ({ code, params }).' }),
  comparison: z.custom<Comparison>().optional().meta({ type: 'object', description: 'SPEC §5 against the given rules (left out when comparison is false).' }),
});

const flag = (fallback: boolean) =>
  z
    .enum(['true', 'false'])
    .optional()
    .transform((value) => (value === undefined ? fallback : value === 'true'));
export const planQuery = z.object({
  lines: flag(false).meta({ description: 'Each school’s lines in each year (off by default: a national plan would not fit an answer).' }),
  schools: flag(true).meta({ description: 'false leaves each year’s schools out (the trajectory stays).' }),
  attribution: flag(true).meta({ description: 'Each year’s §9 effects against the year before.' }),
});

/** A plan file (SPEC §12) whose `schema` key may be left out; the handler reads it and reports every problem under `body`. */
export const planBody = planFileSchema.partial({ schema: true });

export const planSchema = z.looseObject({
  name: z.string().optional(),
  years: z.custom<PlanYearResult[]>().meta({ type: 'array', description: 'Per year: rules, enrolment, envelope, totals, protection counts, schools (unless schools=false), §9 effects.' }),
  trajectory: z.custom<SchoolTrajectory[]>().meta({ type: 'array', description: 'Per school, its allocation year by year.' }),
});

export const planExportQuery = langQuery.extend({ format: z.enum(['xlsx', 'csv']).default('xlsx') });

export const candidatesSchema = z.looseObject({
  base: z.looseObject({ ruleSetId: z.string(), version: z.number().int(), name: z.string(), totalAllocation: z.string() }),
  datasetId: z.string(),
  envelope: envelopeSchema,
  candidates: z.array(
    z.looseObject({
      label: z.string(),
      draftId: z.string().optional(),
      totals: z.custom<Record<string, string>>().meta({ type: 'object', description: 'Base and new allocation, the change and the seven effects (SPEC §9).' }),
      schoolsGaining: z.number().int(),
      schoolsLosing: z.number().int(),
      schoolsUnchanged: z.number().int(),
    }),
  ),
  schools: z.array(
    z.looseObject({
      schoolId: z.string(),
      schoolName: z.string(),
      baseAllocation: z.string(),
      candidates: z.array(z.looseObject({ newAllocation: z.string(), change: z.string(), changePercent: z.string().nullable() })),
    }),
  ),
});
