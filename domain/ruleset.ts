import * as z from 'zod';
import { Decimal } from './decimal';
import { decimalText } from './decimal-schema';
import type { MessageParams, Problem } from './problems';
import { issueParams, problemAt, toPath, zodProblems } from './problems';
import { CLASS_TYPES, COMBINE_MODES, OWNERSHIPS, POLICY_FLAGS, ROUNDING_MODES, SCHOOL_TYPES } from './labels';
import { protectionProblems, protectionSchema } from './protection-rules';

export { CLASS_TYPES, COMBINE_MODES, OWNERSHIPS, POLICY_FLAGS, ROUNDING_MODES, SCHOOL_TYPES } from './labels';
export type { ClassType, Ownership, SchoolType } from './labels';

const nonNegative = decimalText.refine((text) => !new Decimal(text).isNegative(), issueParams('must_be_non_negative'));
const code = z.string().trim().min(1);
const source = z.string().optional();

const tierSchema = z.strictObject({ code, name: z.string(), perStudent: nonNegative, source });
const categorySchema = z.strictObject({ code, name: z.string(), tier: code, perStudent: nonNegative.optional(), source });
const majorSchema = z.strictObject({
  code,
  name: z.string(),
  category: code,
  flags: z.array(code).optional(),
  source,
});
const classBandSchema = z.strictObject({
  classType: z.enum(CLASS_TYPES),
  name: z.string(),
  schoolTypes: z.array(z.enum(SCHOOL_TYPES)).min(1).optional(),
  factor: nonNegative.optional(),
  perStudentByTier: z.record(z.string(), nonNegative).optional(),
  source,
});
const upliftSchema = z.strictObject({
  id: code,
  name: z.string(),
  match: z.strictObject({
    flags: z.array(code).optional(),
    majors: z.array(code).optional(),
    categories: z.array(code).optional(),
  }),
  rate: decimalText.optional(),
  amountPerStudent: decimalText.optional(),
  source,
});

export const ruleSetSchema = z.strictObject({
  schema: z.literal('skillfund/ruleset@1'),
  id: code,
  name: z.string(),
  fiscalYear: z.number().int().min(1900).max(9999),
  currency: z.string().default('CNY'),
  source: z.string().optional(),
  tiers: z.array(tierSchema).min(1),
  categories: z.array(categorySchema),
  majors: z.array(majorSchema),
  classBands: z.array(classBandSchema).min(1),
  uplifts: z.array(upliftSchema).default([]),
  upliftPolicy: z
    .strictObject({ combine: z.enum(COMBINE_MODES).default('sum'), cap: nonNegative.optional() })
    .default({ combine: 'sum' }),
  eligibility: z.strictObject({ ownership: z.array(z.enum(OWNERSHIPS)) }).optional(),
  rounding: z
    .strictObject({
      scale: z.literal([0, 2]),
      mode: z.enum(ROUNDING_MODES),
    })
    .default({ scale: 2, mode: 'half_up' }),
  /** Year-on-year protection against a baseline run (SPEC §7); see protection-rules.ts. */
  protection: protectionSchema.optional(),
});

export type RuleSet = z.output<typeof ruleSetSchema>;
export type Tier = RuleSet['tiers'][number];
export type Category = RuleSet['categories'][number];
export type Major = RuleSet['majors'][number];
export type ClassBand = RuleSet['classBands'][number];
export type Uplift = RuleSet['uplifts'][number];

export type RuleSetValidation = { ok: true; ruleSet: RuleSet } | { ok: false; problems: Problem[] };

/** Parses and cross-checks a rule set, reporting every problem with its JSON path (SPEC §1). */
export function validateRuleSet(input: unknown): RuleSetValidation {
  const parsed = ruleSetSchema.safeParse(input);
  if (!parsed.success) return { ok: false, problems: zodProblems(parsed.error, input) };
  const problems = crossCheck(parsed.data);
  return problems.length ? { ok: false, problems } : { ok: true, ruleSet: parsed.data };
}

function crossCheck(rules: RuleSet): Problem[] {
  const problems: Problem[] = [];
  const report = (path: (string | number)[], code: string, params?: MessageParams) => problems.push(problemAt(toPath(path), code, params));

  const tierCodes = uniqueCodes(rules.tiers, (t) => t.code, ['tiers'], 'duplicate_tier', report);
  const categoryCodes = uniqueCodes(rules.categories, (c) => c.code, ['categories'], 'duplicate_category', report);
  const majorCodes = uniqueCodes(rules.majors, (m) => m.code, ['majors'], 'duplicate_major', report);
  uniqueCodes(rules.classBands, (b) => b.classType, ['classBands'], 'duplicate_class_band', report);
  uniqueCodes(rules.uplifts, (u) => u.id, ['uplifts'], 'duplicate_uplift', report);

  rules.categories.forEach((category, i) => {
    if (!tierCodes.has(category.tier)) report(['categories', i, 'tier'], 'tier_not_defined', { tier: category.tier });
  });
  const knownFlags = new Set<string>(POLICY_FLAGS);
  rules.majors.forEach((major, i) => {
    if (!categoryCodes.has(major.category)) report(['majors', i, 'category'], 'category_not_defined', { category: major.category });
    major.flags?.forEach((flag) => knownFlags.add(flag));
  });
  rules.classBands.forEach((band, i) => {
    for (const tier of Object.keys(band.perStudentByTier ?? {})) {
      if (!tierCodes.has(tier)) report(['classBands', i, 'perStudentByTier', tier], 'tier_not_defined', { tier });
    }
  });
  rules.uplifts.forEach((uplift, i) => {
    const hasRate = uplift.rate !== undefined;
    const hasAmount = uplift.amountPerStudent !== undefined;
    if (hasRate === hasAmount) report(['uplifts', i], 'uplift_rate_or_amount');
    if (hasRate) {
      const rate = new Decimal(uplift.rate!);
      if (rate.isNegative() || rate.greaterThan(10)) report(['uplifts', i, 'rate'], 'uplift_rate_out_of_range', { rate: uplift.rate! });
    }
    if (hasAmount && new Decimal(uplift.amountPerStudent!).isNegative()) report(['uplifts', i, 'amountPerStudent'], 'must_be_non_negative');
    const { flags = [], majors = [], categories = [] } = uplift.match;
    if (flags.length + majors.length + categories.length === 0) report(['uplifts', i, 'match'], 'uplift_match_empty');
    flags.forEach((flag, j) => {
      if (!knownFlags.has(flag)) report(['uplifts', i, 'match', 'flags', j], 'flag_not_known', { flag });
    });
    majors.forEach((major, j) => {
      if (!majorCodes.has(major)) report(['uplifts', i, 'match', 'majors', j], 'major_not_defined', { major });
    });
    categories.forEach((category, j) => {
      if (!categoryCodes.has(category)) report(['uplifts', i, 'match', 'categories', j], 'category_not_defined', { category });
    });
  });
  problems.push(...protectionProblems(rules.protection));
  return problems;
}

/** Reports the second and later items with the same key, with the key as the `code` parameter. */
function uniqueCodes<T>(
  items: T[],
  keyOf: (item: T) => string,
  path: (string | number)[],
  problem: string,
  report: (path: (string | number)[], code: string, params?: MessageParams) => void,
): Set<string> {
  const seen = new Set<string>();
  items.forEach((item, i) => {
    const key = keyOf(item);
    if (seen.has(key)) report([...path, i], problem, { code: key });
    seen.add(key);
  });
  return seen;
}
