import * as z from 'zod';
import { Decimal, parseDecimalInput } from './decimal';
import type { Problem } from './problems';
import { toPath, zodProblems } from './problems';
import { CLASS_TYPES, COMBINE_MODES, OWNERSHIPS, POLICY_FLAGS, ROUNDING_MODES, SCHOOL_TYPES } from './labels';

export { CLASS_TYPES, COMBINE_MODES, OWNERSHIPS, POLICY_FLAGS, ROUNDING_MODES, SCHOOL_TYPES } from './labels';
export type { ClassType, Ownership, SchoolType } from './labels';

/** Money, rates and factors: decimal strings in canonical form after parsing. */
const decimalText = z.unknown().transform((value, ctx) => {
  const parsed = parseDecimalInput(value);
  if (!parsed.ok) {
    ctx.addIssue({ code: 'custom', message: parsed.message });
    return z.NEVER;
  }
  return parsed.value;
});
const nonNegative = decimalText.refine((text) => !new Decimal(text).isNegative(), { message: 'must be ≥ 0' });

/**
 * Bounds on every free-form value: a rule set is stored, listed and shown in every statement, so a pasted page of
 * text or a runaway list must be refused with its path rather than bloat everything after it.
 */
export const RULESET_LIMITS = { code: 64, name: 200, source: 2000, currency: 8, list: 10_000, flags: 100 } as const;
const code = z.string().trim().min(1, 'must not be empty').max(RULESET_LIMITS.code, `a code has at most ${RULESET_LIMITS.code} characters`);
const name = z.string().max(RULESET_LIMITS.name, `a name has at most ${RULESET_LIMITS.name} characters`);
const source = z.string().max(RULESET_LIMITS.source, `a citation has at most ${RULESET_LIMITS.source} characters`).optional();
const list = <T extends z.ZodType>(item: T) => z.array(item).max(RULESET_LIMITS.list, `at most ${RULESET_LIMITS.list} entries`);

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
  tiers: list(tierSchema).min(1, 'at least one tier is needed'),
  categories: list(categorySchema),
  majors: list(majorSchema),
  classBands: list(classBandSchema).min(1, 'at least one class band is needed'),
  uplifts: list(upliftSchema).default([]),
  upliftPolicy: z
    .strictObject({ combine: z.enum(COMBINE_MODES).default('sum'), cap: nonNegative.optional() })
    .default({ combine: 'sum' }),
  eligibility: z.strictObject({ ownership: z.array(z.enum(OWNERSHIPS)) }).optional(),
  rounding: z
    .strictObject({
      scale: z.union([z.literal(0), z.literal(2)], { message: 'must be 0 (yuan) or 2 (fen)' }),
      mode: z.enum(ROUNDING_MODES),
    })
    .default({ scale: 2, mode: 'half_up' }),
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
export function validateRuleSet(input: unknown): RuleSetValidation {
  const parsed = ruleSetSchema.safeParse(input);
  if (!parsed.success) return { ok: false, problems: [...zodProblems(parsed.error), ...crossCheck(readableParts(input))] };
  const problems = crossCheck(parsed.data);
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
  const report = (path: (string | number)[], message: string) => problems.push({ path: toPath(path), message });

  const tierCodes = uniqueCodes(rules.tiers, (t) => t.code, ['tiers'], 'tier code', report);
  const categoryCodes = uniqueCodes(rules.categories, (c) => c.code, ['categories'], 'category code', report);
  const majorCodes = uniqueCodes(rules.majors, (m) => m.code, ['majors'], 'major code', report);
  uniqueCodes(rules.classBands, (b) => b.classType, ['classBands'], 'class band for this classType', report);
  uniqueCodes(rules.uplifts, (u) => u.id, ['uplifts'], 'uplift id', report);

  rules.categories.forEach((category, i) => {
    if (category.tier !== undefined && !tierCodes.has(category.tier)) report(['categories', i, 'tier'], `tier "${category.tier}" is not defined in tiers`);
  });
  const knownFlags = new Set<string>(POLICY_FLAGS);
  rules.majors.forEach((major, i) => {
    if (major.category !== undefined && !categoryCodes.has(major.category)) report(['majors', i, 'category'], `category "${major.category}" is not defined in categories`);
    major.flags?.forEach((flag) => knownFlags.add(flag));
  });
  rules.classBands.forEach((band, i) => {
    for (const tier of Object.keys(band.perStudentByTier ?? {})) {
      if (!tierCodes.has(tier)) report(['classBands', i, 'perStudentByTier', tier], `tier "${tier}" is not defined in tiers`);
    }
  });
  rules.uplifts.forEach((uplift, i) => {
    const hasRate = uplift.rate !== undefined;
    const hasAmount = uplift.amountPerStudent !== undefined;
    if (hasRate === hasAmount) report(['uplifts', i], 'give exactly one of "rate" and "amountPerStudent"');
    // An amount that is not a number at all was reported by the schema already.
    const readable = (value: string | undefined) => value !== undefined && value !== 'unreadable';
    if (readable(uplift.rate)) {
      const rate = new Decimal(uplift.rate!);
      if (rate.isNegative() || rate.greaterThan(10)) report(['uplifts', i, 'rate'], 'must be between 0 and 10 (0.10 means 10%)');
    }
    if (readable(uplift.amountPerStudent) && new Decimal(uplift.amountPerStudent!).isNegative()) report(['uplifts', i, 'amountPerStudent'], 'must be ≥ 0');
    if (!uplift.match) return;
    const { flags = [], majors = [], categories = [] } = uplift.match;
    if (flags.length + majors.length + categories.length === 0) {
      report(['uplifts', i, 'match'], 'must name at least one flag, major or category');
    }
    flags.forEach((flag, j) => {
      if (!knownFlags.has(flag)) report(['uplifts', i, 'match', 'flags', j], `flag "${flag}" is carried by no major and is not one the policy names`);
    });
    majors.forEach((major, j) => {
      if (!majorCodes.has(major)) report(['uplifts', i, 'match', 'majors', j], `major "${major}" is not defined in majors`);
    });
    categories.forEach((category, j) => {
      if (!categoryCodes.has(category)) report(['uplifts', i, 'match', 'categories', j], `category "${category}" is not defined in categories`);
    });
  });
  return problems;
}

function uniqueCodes<T>(
  items: ReadonlyArray<T>,
  keyOf: (item: T) => string | undefined,
  path: (string | number)[],
  what: string,
  report: (path: (string | number)[], message: string) => void,
): Set<string> {
  const seen = new Set<string>();
  items.forEach((item, i) => {
    const key = keyOf(item);
    if (key === undefined) return;
    if (seen.has(key)) report([...path, i], `duplicate ${what} "${key}"`);
    seen.add(key);
  });
  return seen;
}
