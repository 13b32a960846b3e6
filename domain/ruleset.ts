import * as z from 'zod';
import { Decimal, parseDecimalInput } from './decimal';
import { decimalText } from './decimal-schema';
import { exampleProblems, exampleSchema } from './examples';
import { instalmentListSchema, instalmentProblems } from './instalments';
import type { MessageParams, Problem } from './problems';
import { issueParams, problemAt, toPath, zodProblems } from './problems';
import { CLASS_TYPES, COMBINE_MODES, OWNERSHIPS, POLICY_FLAGS, ROUNDING_MODES, SCHOOL_TYPES } from './labels';
import { protectionProblems, protectionSchema } from './protection-rules';

export { CLASS_TYPES, COMBINE_MODES, OWNERSHIPS, POLICY_FLAGS, ROUNDING_MODES, SCHOOL_TYPES } from './labels';
export type { ClassType, Ownership, SchoolType } from './labels';

const nonNegative = decimalText.refine((text) => !new Decimal(text).isNegative(), issueParams('must_be_non_negative'));

/**
 * Bounds on every free-form value: a rule set is stored, listed and shown in every statement, so a pasted page of
 * text or a runaway list must be refused with its path rather than bloat everything after it.
 */
export const RULESET_LIMITS = { code: 64, name: 200, source: 2000, currency: 8, list: 10_000, flags: 100 } as const;
const code = z.string().trim().min(1).max(RULESET_LIMITS.code);
const name = z.string().max(RULESET_LIMITS.name);
const source = z.string().max(RULESET_LIMITS.source).optional();
const list = <T extends z.ZodType>(item: T) => z.array(item).max(RULESET_LIMITS.list);

const tierSchema = z.strictObject({ code, name, perStudent: nonNegative, source });
const categorySchema = z.strictObject({ code, name, tier: code, perStudent: nonNegative.optional(), source });
const majorSchema = z.strictObject({
  code,
  name,
  category: code,
  flags: z.array(code).max(RULESET_LIMITS.flags).optional(),
  source,
});
const classBandSchema = z.strictObject({
  classType: z.enum(CLASS_TYPES),
  name,
  schoolTypes: z.array(z.enum(SCHOOL_TYPES)).min(1).optional(),
  factor: nonNegative.optional(),
  perStudentByTier: z.record(z.string(), nonNegative).optional(),
  source,
});
const upliftSchema = z.strictObject({
  id: code,
  name,
  match: z.strictObject({
    flags: z.array(code).max(RULESET_LIMITS.flags).optional(),
    majors: list(code).optional(),
    categories: list(code).optional(),
  }),
  rate: decimalText.optional(),
  amountPerStudent: decimalText.optional(),
  source,
});

export const ruleSetSchema = z.strictObject({
  schema: z.literal('skillfund/ruleset@1'),
  id: code,
  name,
  fiscalYear: z.number().int().min(1900).max(9999),
  currency: z.string().max(RULESET_LIMITS.currency).default('CNY'),
  source,
  tiers: list(tierSchema).min(1),
  categories: list(categorySchema),
  majors: list(majorSchema),
  classBands: list(classBandSchema).min(1),
  uplifts: list(upliftSchema).default([]),
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
  /** Per-student amounts the policy text states; validation recomputes each (SPEC §11). */
  examples: z.array(exampleSchema.extend({ perStudent: nonNegative })).optional(),
  /** The payment schedule a run uses when it names none (SPEC §10), e.g. quarterly 25 % each. */
  instalments: instalmentListSchema.optional(),
});

export type RuleSet = z.output<typeof ruleSetSchema>;
export type Tier = RuleSet['tiers'][number];
export type Category = RuleSet['categories'][number];
export type Major = RuleSet['majors'][number];
export type ClassBand = RuleSet['classBands'][number];
export type Uplift = RuleSet['uplifts'][number];

export type RuleSetValidation = { ok: true; ruleSet: RuleSet } | { ok: false; problems: Problem[] };

/**
 * Parses and cross-checks a rule set, reporting every problem with its JSON path (SPEC §1) in one pass: when the
 * shape is wrong somewhere (a negative amount, a missing name), the references are still checked on what can be
 * read, so four mistakes give four problems, not one and then another after each fix.
 */
export function validateRuleSet(input: unknown, options: { examples?: boolean } = {}): RuleSetValidation {
  const parsed = ruleSetSchema.safeParse(input);
  if (!parsed.success) return { ok: false, problems: [...zodProblems(parsed.error, input), ...crossCheck(readableParts(input))] };
  const problems = [...crossCheck(parsed.data), ...instalmentProblems(parsed.data.instalments ?? [], ['instalments'])];
  // Examples are derived with the engine, which needs a rule set that is otherwise sound. A what-if may skip them:
  // it asks what a change would cost before the policy text (and its examples) is brought in line.
  if (!problems.length && options.examples !== false) problems.push(...exampleProblems(parsed.data));
  return problems.length ? { ok: false, problems } : { ok: true, ruleSet: parsed.data };
}

/** What the cross-checks read; a valid rule set is one, and so is what can be read of an invalid one. */
interface CrossCheckable {
  tiers: ReadonlyArray<{ code?: string | undefined }>;
  categories: ReadonlyArray<{ code?: string | undefined; tier?: string | undefined }>;
  majors: ReadonlyArray<{ code?: string | undefined; category?: string | undefined; flags?: string[] | undefined }>;
  classBands: ReadonlyArray<{ classType?: string | undefined; perStudentByTier?: Record<string, unknown> | undefined }>;
  uplifts: ReadonlyArray<{
    id?: string | undefined;
    rate?: string | undefined;
    amountPerStudent?: string | undefined;
    match?: { flags?: string[] | undefined; majors?: string[] | undefined; categories?: string[] | undefined } | undefined;
  }>;
  /** Checked only once the shape is valid: its own schema reports a wrong shape. */
  protection?: RuleSet['protection'];
}

/** The fields of an invalid rule set the cross-checks use, each kept only when it has the right type. */
function readableParts(input: unknown): CrossCheckable {
  const root = isRecord(input) ? input : {};
  const list = (key: string) => (Array.isArray(root[key]) ? (root[key] as unknown[]).map((item) => (isRecord(item) ? item : {})) : []);
  const text = (value: unknown) => (typeof value === 'string' && value.trim() ? value.trim() : undefined);
  const texts = (value: unknown) => (Array.isArray(value) ? value.map(text).filter((v): v is string => v !== undefined) : undefined);
  const amount = (value: unknown) => (value === undefined ? undefined : (parseDecimalInput(value) as { value?: string }).value ?? 'unreadable');
  return {
    tiers: list('tiers').map((t) => ({ code: text(t.code) })),
    categories: list('categories').map((c) => ({ code: text(c.code), tier: text(c.tier) })),
    majors: list('majors').map((m) => ({ code: text(m.code), category: text(m.category), flags: texts(m.flags) })),
    classBands: list('classBands').map((b) => ({ classType: text(b.classType), perStudentByTier: isRecord(b.perStudentByTier) ? b.perStudentByTier : undefined })),
    uplifts: list('uplifts').map((u) => ({
      id: text(u.id),
      rate: amount(u.rate),
      amountPerStudent: amount(u.amountPerStudent),
      match: isRecord(u.match) ? { flags: texts(u.match.flags), majors: texts(u.match.majors), categories: texts(u.match.categories) } : undefined,
    })),
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function crossCheck(rules: CrossCheckable): Problem[] {
  const problems: Problem[] = [];
  const report = (path: (string | number)[], code: string, params?: MessageParams) => problems.push(problemAt(toPath(path), code, params));

  const tierCodes = uniqueCodes(rules.tiers, (t) => t.code, ['tiers'], 'duplicate_tier', report);
  const categoryCodes = uniqueCodes(rules.categories, (c) => c.code, ['categories'], 'duplicate_category', report);
  const majorCodes = uniqueCodes(rules.majors, (m) => m.code, ['majors'], 'duplicate_major', report);
  uniqueCodes(rules.classBands, (b) => b.classType, ['classBands'], 'duplicate_class_band', report);
  uniqueCodes(rules.uplifts, (u) => u.id, ['uplifts'], 'duplicate_uplift', report);

  rules.categories.forEach((category, i) => {
    if (category.tier !== undefined && !tierCodes.has(category.tier)) report(['categories', i, 'tier'], 'tier_not_defined', { tier: category.tier });
  });
  const knownFlags = new Set<string>(POLICY_FLAGS);
  rules.majors.forEach((major, i) => {
    if (major.category !== undefined && !categoryCodes.has(major.category)) report(['majors', i, 'category'], 'category_not_defined', { category: major.category });
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
    // An amount that is not a number at all was reported by the schema already.
    const readable = (value: string | undefined) => value !== undefined && value !== 'unreadable';
    if (readable(uplift.rate)) {
      const rate = new Decimal(uplift.rate!);
      if (rate.isNegative() || rate.greaterThan(10)) report(['uplifts', i, 'rate'], 'uplift_rate_out_of_range', { rate: uplift.rate! });
    }
    if (readable(uplift.amountPerStudent) && new Decimal(uplift.amountPerStudent!).isNegative()) report(['uplifts', i, 'amountPerStudent'], 'must_be_non_negative');
    if (!uplift.match) return;
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
  items: ReadonlyArray<T>,
  keyOf: (item: T) => string | undefined,
  path: (string | number)[],
  problem: string,
  report: (path: (string | number)[], code: string, params?: MessageParams) => void,
): Set<string> {
  const seen = new Set<string>();
  items.forEach((item, i) => {
    const key = keyOf(item);
    if (key === undefined) return;
    if (seen.has(key)) report([...path, i], problem, { code: key });
    seen.add(key);
  });
  return seen;
}
